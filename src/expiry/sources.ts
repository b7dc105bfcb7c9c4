/**
 * Activity sources for the expiry model.
 *
 * @packageDocumentation
 * @module expiry/sources
 */
import { HubClient, parseDate } from '../hub';
import { IActivityReading, IActivitySource, ServerStoppedError } from './model';

/**
 * The hub's view of this server (`servers[name].last_activity`), which is
 * what jupyterhub-idle-culler reads. Needs the `read:servers!server` scope on
 * the page's token; without it `read` resolves `null`.
 */
export class HubActivitySource implements IActivitySource {
  readonly name = 'hub';

  constructor(private _client: HubClient) {}

  async read(signal?: AbortSignal): Promise<IActivityReading | null> {
    const server = await this._client.getServerActivity(signal);
    if (!server) {
      return null;
    }
    if (!server.running) {
      throw new ServerStoppedError('The hub says this server is not running');
    }
    return {
      activity: {
        source: 'hub',
        started: server.started?.getTime() ?? null,
        lastActivity: server.lastActivity?.getTime() ?? null
      },
      serverDate: server.serverDate?.getTime() ?? null,
      browserMidpoint: server.browserMidpoint
    };
  }
}

/**
 * The single-user server's own `GET /api/status` (`started`,
 * `last_activity`).
 *
 * #### Notes
 * jupyter_server's `APIStatusHandler` sets `_track_activity = False`, so this
 * request does not move the server's own `last_activity`. Under JupyterHub's
 * configurable-http-proxy *any* request to the user's route counts, which is
 * why the plugin reads this only while the page is visible (when JupyterLab's
 * own polling counts anyway) and prefers the hub's view when allowed.
 */
export class ServerStatusSource implements IActivitySource {
  readonly name = 'server';

  /**
   * @param request - GET a server URL (relative to the base URL) and return the response.
   */
  constructor(
    private _request: (path: string, signal?: AbortSignal) => Promise<Response>
  ) {}

  async read(signal?: AbortSignal): Promise<IActivityReading | null> {
    const sent = Date.now();
    const response = await this._request('api/status', signal);
    const browserMidpoint = (sent + Date.now()) / 2;
    if (response.status === 404) {
      return null;
    }
    if (!response.ok) {
      throw new Error(`The server answered ${response.status} to api/status`);
    }
    const body = await response.json();
    return {
      activity: {
        source: 'server',
        started: parseDate(body.started)?.getTime() ?? null,
        lastActivity: parseDate(body.last_activity)?.getTime() ?? null
      },
      serverDate: parseDate(response.headers.get('Date'))?.getTime() ?? null,
      browserMidpoint
    };
  }
}
