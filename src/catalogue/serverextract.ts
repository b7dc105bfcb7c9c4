/**
 * Unpacking on the server with jupyter-archive's `/extract-archive`
 * endpoint, when the server has it.
 *
 * @packageDocumentation
 * @module catalogue/serverextract
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { hasJupyterArchive } from '../workspace/jupyterarchive';
import { IServerExtractor } from './import';

/**
 * jupyter-archive's server-side extraction.
 */
export class JupyterArchiveExtractor implements IServerExtractor {
  constructor(readonly settings: ServerConnection.ISettings) {}

  /**
   * Whether `/extract-archive` exists (asked once, then remembered).
   */
  available(): Promise<boolean> {
    return hasJupyterArchive(this.settings);
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
}
