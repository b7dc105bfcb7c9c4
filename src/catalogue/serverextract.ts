/**
 * Unpacking on the server with jupyter-archive's `/extract-archive`
 * endpoint, when the server has it.
 *
 * @packageDocumentation
 * @module catalogue/serverextract
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { IServerExtractor } from './import';

/**
 * A hidden name: jupyter-archive answers it with its own JSON 404 without
 * touching the disk, while a server without the extension answers with its
 * HTML "page not found". No side effect either way.
 */
const PROBE = '.jupyterlab-artifacts-probe.zip';

/**
 * jupyter-archive's server-side extraction.
 */
export class JupyterArchiveExtractor implements IServerExtractor {
  constructor(readonly settings: ServerConnection.ISettings) {}

  /**
   * Whether `/extract-archive` exists (asked once, then remembered).
   */
  available(): Promise<boolean> {
    if (!this._available) {
      this._available = (async () => {
        try {
          const response = await ServerConnection.makeRequest(
            this.url(PROBE),
            { method: 'GET' },
            this.settings
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
    }
    return this._available;
  }

  /**
   * Unpack the archive at `path` into its own folder.
   */
  async extract(path: string, signal?: AbortSignal): Promise<void> {
    const response = await ServerConnection.makeRequest(
      this.url(path),
      { method: 'GET', signal },
      this.settings
    );
    if (!response.ok) {
      let reason = response.statusText;
      try {
        const body = await response.json();
        reason = body.reason || body.message || reason;
      } catch {
        // not JSON: keep the status text
      }
      throw new Error(
        `The server could not unpack ${path}: ${reason} (${response.status}).`
      );
    }
  }

  private url(path: string): string {
    return URLExt.join(
      this.settings.baseUrl,
      'extract-archive',
      URLExt.encodeParts(path)
    );
  }

  private _available: Promise<boolean> | null = null;
}
