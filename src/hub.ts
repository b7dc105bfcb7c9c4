/**
 * What the page knows about JupyterHub: the options the single-user server
 * puts in PageConfig, and the few hub REST API calls made with the page's own
 * OAuth token.
 *
 * No @jupyterlab imports besides coreutils, so workflows and tests can use it
 * without a running JupyterLab.
 *
 * @packageDocumentation
 * @module hub
 */
import { PageConfig, URLExt } from '@jupyterlab/coreutils';

/**
 * The hub context of this page, read from PageConfig.
 */
export interface IHubInfo {
  /**
   * The hub's URL prefix, e.g. `/hub/`.
   */
  readonly hubPrefix: string;
  /**
   * The hub's host (scheme + host), empty when the hub is on this origin.
   */
  readonly hubHost: string;
  /**
   * The user this server belongs to.
   */
  readonly hubUser: string;
  /**
   * The server's name; empty for the default server.
   */
  readonly hubServerName: string;
  /**
   * The page's OAuth token. A secret: never log it or put it in a URL.
   */
  readonly token: string;
  /**
   * The hub REST API root, e.g. `https://hub.example.org/hub/api/`.
   */
  readonly apiUrl: string;
}

/**
 * Read the hub context from PageConfig; `null` outside JupyterHub.
 *
 * @param getOption - where options come from (PageConfig by default; tests pass a map).
 */
export function readHubInfo(
  getOption: (name: string) => string = PageConfig.getOption
): IHubInfo | null {
  const hubPrefix = getOption('hubPrefix');
  const hubUser = getOption('hubUser');
  if (!hubPrefix || !hubUser) {
    return null;
  }
  const hubHost = getOption('hubHost') || '';
  const prefix = hubPrefix.endsWith('/') ? hubPrefix : hubPrefix + '/';
  return {
    hubPrefix: prefix,
    hubHost,
    hubUser,
    hubServerName: getOption('hubServerName') || '',
    token: getOption('token') || '',
    apiUrl: hubHost + prefix + 'api/'
  };
}

/**
 * The part of the hub's user model this extension reads.
 */
export interface IHubUser {
  readonly name: string;
  readonly groups: string[];
  /**
   * Present only when the token may read servers (`read:servers!server`).
   */
  readonly servers?: { [name: string]: IHubServer };
  readonly scopes?: string[];
}

/**
 * The part of the hub's server model this extension reads.
 */
export interface IHubServer {
  readonly started?: string | null;
  readonly last_activity?: string | null;
  readonly ready?: boolean;
  readonly pending?: string | null;
  readonly stopped?: boolean;
}

/**
 * When and how long ago the hub saw this server, in server time.
 */
export interface IHubServerActivity {
  /**
   * Whether the hub says the server is running (ready, not stopped).
   */
  readonly running: boolean;
  readonly started: Date | null;
  readonly lastActivity: Date | null;
  /**
   * The hub's clock at the time of the answer (HTTP `Date` header), if sent.
   */
  readonly serverDate: Date | null;
  /**
   * Browser clock (ms) half-way through the request, to compare with `serverDate`.
   */
  readonly browserMidpoint: number;
}

/**
 * An error from the hub API, with the HTTP status.
 */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/**
 * Calls to the hub REST API with the page's own token.
 *
 * #### Notes
 * The hub records *user* activity for each token-authenticated API call, but
 * not *server* activity, which is what jupyterhub-idle-culler uses to stop
 * servers. Requests to the hub go through the proxy's hub route, not the
 * user's route, so the proxy does not count them for the server either.
 */
export class HubClient {
  constructor(
    readonly info: IHubInfo,
    private _fetch: typeof fetch = (...args) => fetch(...args)
  ) {}

  /**
   * `GET api/user`: name and groups (identify scopes, always granted), and
   * servers when the token has `read:servers!server`.
   */
  async getUser(signal?: AbortSignal): Promise<IHubUser> {
    const { body } = await this._get('user', signal);
    const user = body as IHubUser;
    return {
      ...user,
      groups: Array.isArray(user.groups) ? user.groups : []
    };
  }

  /**
   * This server's `started` and `last_activity` as the hub sees them, or
   * `null` when the token may not read servers (403, or no `servers` field).
   * A `servers` field without this server means it is not running.
   */
  async getServerActivity(
    signal?: AbortSignal
  ): Promise<IHubServerActivity | null> {
    let answer: { body: any; date: Date | null; midpoint: number };
    try {
      answer = await this._get('user', signal);
    } catch (error) {
      if (error instanceof HubError && error.status === 403) {
        return null;
      }
      throw error;
    }
    const servers = (answer.body as IHubUser).servers;
    if (!servers || typeof servers !== 'object') {
      return null;
    }
    const server = servers[this.info.hubServerName];
    return {
      running: !!server && server.ready !== false && !server.stopped,
      started: parseDate(server?.started),
      lastActivity: parseDate(server?.last_activity),
      serverDate: answer.date,
      browserMidpoint: answer.midpoint
    };
  }

  private async _get(
    path: string,
    signal?: AbortSignal
  ): Promise<{ body: any; date: Date | null; midpoint: number }> {
    const url = URLExt.join(this.info.apiUrl, path);
    const sent = Date.now();
    const response = await this._fetch(url, {
      headers: this.info.token
        ? { Authorization: `token ${this.info.token}` }
        : {},
      credentials: 'same-origin',
      cache: 'no-store',
      signal
    });
    const midpoint = (sent + Date.now()) / 2;
    if (!response.ok) {
      throw new HubError(
        response.status,
        `The hub answered ${response.status} to ${path}`
      );
    }
    const date = response.headers.get('Date');
    return {
      body: await response.json(),
      date: date ? parseDate(date) : null,
      midpoint
    };
  }
}

/**
 * Parse a hub or HTTP date; `null` for missing or invalid values.
 */
export function parseDate(value: string | null | undefined): Date | null {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return isNaN(date.getTime()) ? null : date;
}
