/**
 * jupyter-archive (a common server extension) when the server has it:
 * `/directories/` streams a folder as a zip the server deflates in a
 * background thread, `/extract-archive/` unpacks an archive on the server.
 *
 * @packageDocumentation
 * @module workspace/jupyterarchive
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { readAtMost } from './read';
import { WorkspaceError } from './errors';

/**
 * A hidden name: jupyter-archive answers it with its own JSON 404 without
 * touching the disk, while a server without the extension answers with its
 * HTML "page not found". No side effect either way.
 */
const PROBE = '.jupyterlab-artifacts-probe.zip';

const known = new Map<string, Promise<boolean>>();

/**
 * Whether the server has jupyter-archive (asked once per server, then
 * remembered).
 */
export function hasJupyterArchive(
  settings: ServerConnection.ISettings
): Promise<boolean> {
  let answer = known.get(settings.baseUrl);
  if (!answer) {
    answer = (async () => {
      try {
        const response = await ServerConnection.makeRequest(
          URLExt.join(settings.baseUrl, 'extract-archive', PROBE),
          { method: 'GET' },
          settings
        );
        const type = response.headers.get('Content-Type') ?? '';
        if (!type.includes('application/json')) {
          return false;
        }
        const body = await response.json();
        return typeof body === 'object' && body !== null && 'message' in body;
      } catch {
        return false;
      }
    })();
    known.set(settings.baseUrl, answer);
  }
  return answer;
}

/**
 * Read a server folder as one zip through jupyter-archive's `/directories/`
 * (hidden files left out, links to folders not followed, but links to files
 * are: their targets' bytes come back, which is why callers compare sizes
 * and cap the read). Entry names start
 * with the folder's own name. Resolves to `null` when the server does not
 * have jupyter-archive.
 */
export async function readFolderArchive(
  settings: ServerConnection.ISettings,
  path: string,
  options: {
    signal?: AbortSignal;
    /**
     * Stop reading after this many bytes (what was read is returned, and
     * will not open as a zip): jupyter-archive follows file links, to
     * `/dev/zero` too.
     */
    maxBytes?: number;
  } = {}
): Promise<Uint8Array | null> {
  if (!(await hasJupyterArchive(settings))) {
    return null;
  }
  // The token only names a cookie jupyter-archive sets when done.
  const query = URLExt.objectToQueryString({
    archiveToken: Math.random().toString(36).slice(2),
    archiveFormat: 'zip',
    followSymlinks: 'false',
    downloadHidden: 'false'
  });
  const url =
    URLExt.join(settings.baseUrl, 'directories', URLExt.encodeParts(path)) +
    query;
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      url,
      { method: 'GET', signal: options.signal },
      settings
    );
  } catch (error) {
    if (options.signal?.aborted) {
      throw options.signal.reason ?? error;
    }
    throw new WorkspaceError(
      { code: 'folder-unreadable', folder: path, detail: String(error) },
      `Could not read the folder “${path}”: ${error}`
    );
  }
  if (!response.ok) {
    throw new WorkspaceError(
      { code: 'folder-unreadable', folder: path, status: response.status },
      `Could not read the folder “${path}” (HTTP ${response.status}).`
    );
  }
  if (options.maxBytes === undefined || !response.body) {
    return new Uint8Array(await response.arrayBuffer());
  }
  return readAtMost(response.body, options.maxBytes);
}
