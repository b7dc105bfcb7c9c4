/**
 * Read a server file's bytes through Jupyter's `/files/` handler.
 *
 * @packageDocumentation
 * @module workspace/read
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { WorkspaceError } from './errors';

/**
 * Read the raw bytes of a file on the Jupyter server.
 *
 * #### Notes
 * `/files/` returns the file as stored (the Contents API would return
 * notebooks as parsed JSON and binaries as base64). Like the Contents API it
 * refuses hidden files unless the server allows them.
 *
 * @param settings - the server settings (`contents.serverSettings`).
 * @param path - the file's path from the server root.
 */
export async function readServerFile(
  settings: ServerConnection.ISettings,
  path: string,
  options: {
    signal?: AbortSignal;
    /**
     * Stop reading after this many bytes (what was read is returned): a
     * listing's size may be a link's, whose target can be endless
     * (`/dev/zero`) or huge.
     */
    maxBytes?: number;
  } = {}
): Promise<Uint8Array> {
  const url = URLExt.join(settings.baseUrl, 'files', URLExt.encodeParts(path));
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      url,
      { method: 'GET', cache: 'no-store', signal: options.signal },
      settings
    );
  } catch (error) {
    if (options.signal?.aborted) {
      throw options.signal.reason ?? error;
    }
    throw new WorkspaceError(
      { code: 'file-unreadable', path, detail: String(error) },
      `Could not read “${path}” from the server: ${error}`
    );
  }
  if (!response.ok) {
    throw new WorkspaceError(
      {
        code: 'file-unreadable',
        path,
        status: response.status,
        statusText: response.statusText
      },
      `Could not read “${path}” from the server (HTTP ${response.status}${
        response.statusText ? ' ' + response.statusText : ''
      }).`
    );
  }
  if (options.maxBytes === undefined || !response.body) {
    return new Uint8Array(await response.arrayBuffer());
  }
  return readAtMost(response.body, options.maxBytes);
}

/**
 * Read a stream until it ends or `maxBytes` are in, then cancel it.
 */
export async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number
): Promise<Uint8Array> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < maxBytes) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      parts.push(value);
      total += value.byteLength;
    }
  } finally {
    if (total >= maxBytes) {
      void reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
  const out = new Uint8Array(Math.min(total, maxBytes));
  let offset = 0;
  for (const part of parts) {
    const take = part.subarray(0, out.length - offset);
    out.set(take, offset);
    offset += take.byteLength;
    if (offset >= out.length) {
      break;
    }
  }
  return out;
}
