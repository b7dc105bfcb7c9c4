/**
 * Read a server file's bytes through Jupyter's `/files/` handler.
 *
 * @packageDocumentation
 * @module workspace/read
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

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
  options: { signal?: AbortSignal } = {}
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
    throw new Error(`Could not read “${path}” from the server: ${error}`);
  }
  if (!response.ok) {
    throw new Error(
      `Could not read “${path}” from the server (HTTP ${response.status}${
        response.statusText ? ' ' + response.statusText : ''
      }).`
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
