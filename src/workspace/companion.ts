/**
 * The server companion: the one HTTP path from the page to the Python server
 * extension that moves artifacts between Zenodo and the server directly
 * (import, publish, folder zips). See `docs/transfers.md` (the page's side)
 * and `docs/companion.md` (the server's, and its REST API).
 *
 * #### Notes
 * Every request goes through `ServerConnection.makeRequest`, so the
 * server's authentication, the XSRF header and a hub's base URL apply as for
 * Jupyter's own APIs. When the companion is absent (404, or no answer), the
 * callers fall back to the browser path.
 *
 * @packageDocumentation
 * @module workspace/companion
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import type { WorkspaceProblem } from './errors';
import { type ArchiveProblem, asArchiveProblem } from './extract';

/**
 * Where the companion's REST API lives under the server's base URL.
 */
export const COMPANION_API = 'jupyterlab-artifacts/api';

/**
 * A failed request to the companion, or a job that failed: the server's own
 * message and its stable `code` (`too-large`, `host-not-allowed`,
 * `disk-full`, `exists`, `zenodo-error`, `cancelled`, `network`, …).
 */
export class CompanionError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number = 0,
    readonly details?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'CompanionError';
  }

  /**
   * When the message is this client's own (not the server's): what it says,
   * as a code with parameters for `workspace/words.ts`.
   */
  problem?: WorkspaceProblem;

  /**
   * When the server refused an archive or a name and said why as a code
   * (the `reason` of a failed job's error or of an error body, with
   * `unsafe-entry` or `bad-name`): that problem, for `workspace/words.ts`.
   * Absent from older companions, which send only the English `message`.
   */
  archiveProblem?: ArchiveProblem;

  /**
   * The archive entry (or name) at fault, with {@link archiveProblem}.
   */
  entry?: string;

  /**
   * Whether the server could not reach the place it was to download from
   * (so the browser may download and hand the bytes over instead).
   */
  get unreachable(): boolean {
    return CompanionError.UNREACHABLE_CODES.includes(this.code);
  }
}

/**
 * Helpers of {@link CompanionError}.
 */
export namespace CompanionError {
  /**
   * Codes meaning "the server cannot fetch from that host".
   */
  export const UNREACHABLE_CODES = [
    'network',
    'host-not-allowed',
    'unreachable',
    'dns',
    'timeout',
    'connection'
  ];

  /**
   * An error of this client's own making: `problem` for the words module,
   * `message` the same in English (for logs), `code` as the server's.
   */
  export function of(
    problem: WorkspaceProblem,
    message: string,
    code: string,
    status = 0
  ): CompanionError {
    const error = new CompanionError(message, code, status);
    error.problem = problem;
    return error;
  }

  /**
   * A companion error from a failed job's `error` (or an error body): its
   * message and code, and the archive problem and entry it carries.
   */
  export function fromBody(
    body: { code: string; message: string } & Record<string, unknown>,
    status = 0,
    details?: Record<string, unknown>
  ): CompanionError {
    const error = new CompanionError(body.message, body.code, status, details);
    const refusal = archiveRefusalOf(body) ?? archiveRefusalOf(details);
    if (refusal) {
      error.archiveProblem = refusal.problem;
      if (refusal.entry !== undefined) {
        error.entry = refusal.entry;
      }
    }
    return error;
  }
}

/**
 * The archive problem a companion's error says why with: its `reason` (a
 * code with parameters, the same set as the browser's archive reader) and
 * `entry`, checked; null when there is none, or one this page does not know
 * (a newer companion): then the English `message` is what there is.
 */
export function archiveRefusalOf(
  body: unknown
): { problem: ArchiveProblem; entry?: string } | null {
  if (typeof body !== 'object' || body === null) {
    return null;
  }
  const { reason, entry } = body as { reason?: unknown; entry?: unknown };
  const problem = asArchiveProblem(reason);
  if (!problem) {
    return null;
  }
  return typeof entry === 'string' ? { problem, entry } : { problem };
}

/**
 * A client of the companion's REST API for one Jupyter server.
 */
export class Companion {
  /**
   * @param serverSettings - the page's server connection settings.
   */
  constructor(readonly serverSettings: ServerConnection.ISettings) {}

  /**
   * What the companion says of itself, or `null` when this server has none
   * (404, or no answer). Asked once; later calls share the answer unless
   * `refresh` is set.
   */
  info(options: { refresh?: boolean } = {}): Promise<Companion.IInfo | null> {
    if (!this._info || options.refresh) {
      this._info = this._request('GET', 'info').then(
        body => body as Companion.IInfo,
        () => null
      );
    }
    return this._info;
  }

  /**
   * Whether the companion is present and can do `capability`.
   */
  async can(capability: Companion.Capability): Promise<boolean> {
    const info = await this.info();
    return !!info && (info.capabilities ?? []).includes(capability);
  }

  /**
   * Start an import the server downloads itself.
   *
   * @param token - a Zenodo token for a restricted file (sent in a header,
   *   for this request only).
   */
  async startImport(
    request: Companion.IImportRequest,
    options: { token?: string; signal?: AbortSignal } = {}
  ): Promise<Companion.IJob> {
    return (await this._request(
      'POST',
      'jobs',
      { kind: 'import', ...request },
      {
        signal: options.signal,
        headers: options.token ? { 'X-Zenodo-Token': options.token } : {}
      }
    )) as Companion.IJob;
  }

  /**
   * Start an import whose bytes the browser sends ({@link sendImportData}):
   * for servers that cannot reach Zenodo.
   */
  async startImportUpload(
    request: Companion.IImportUploadRequest,
    options: { signal?: AbortSignal } = {}
  ): Promise<Companion.IJob> {
    return (await this._request(
      'POST',
      'jobs',
      { kind: 'import', source: 'upload', ...request },
      options
    )) as Companion.IJob;
  }

  /**
   * Send the bytes of an upload import as the raw request body (the browser
   * streams a Blob from its own storage; nothing is copied into a string).
   */
  async sendImportData(
    id: string,
    data: Blob,
    options: { signal?: AbortSignal } = {}
  ): Promise<Companion.IJob> {
    return (await this._request(
      'PUT',
      `jobs/${encodeURIComponent(id)}/data`,
      data,
      options
    )) as Companion.IJob;
  }

  /**
   * Start a publish: the server zips `files` of `path` (plus `extra`) and
   * PUTs the zip to the draft's bucket.
   *
   * @param token - the user's Zenodo token: sent in the `X-Zenodo-Token`
   *   header of this one request, never in a URL or a body.
   */
  async startPublish(
    request: Companion.IPublishRequest,
    token: string,
    options: { signal?: AbortSignal } = {}
  ): Promise<Companion.IJob> {
    return (await this._request(
      'POST',
      'jobs',
      { kind: 'publish', ...request },
      { signal: options.signal, headers: { 'X-Zenodo-Token': token } }
    )) as Companion.IJob;
  }

  /**
   * One job's state.
   */
  async job(id: string, options: { signal?: AbortSignal } = {}) {
    return (await this._request(
      'GET',
      `jobs/${encodeURIComponent(id)}`,
      undefined,
      options
    )) as Companion.IJob;
  }

  /**
   * Every job the server keeps (running, and finished within the last hour
   * or so).
   */
  async jobs(
    options: { signal?: AbortSignal } = {}
  ): Promise<Companion.IJob[]> {
    const body = (await this._request('GET', 'jobs', undefined, options)) as {
      jobs: Companion.IJob[];
    };
    return body.jobs ?? [];
  }

  /**
   * Ask the server to stop a job; it removes what the job wrote.
   */
  async cancel(id: string): Promise<Companion.IJob> {
    return (await this._request(
      'DELETE',
      `jobs/${encodeURIComponent(id)}`
    )) as Companion.IJob;
  }

  /**
   * Run the Share preview's checks of `files` (listed in `folder`) on the
   * server, where the files are: which to refuse (a link leading out of the
   * folder or a changed size: `size-mismatch`; not a regular file, missing,
   * unreadable: `unreadable`) and which hold a secret by content (the codes
   * of `SECRET_REASONS` in `workspace/secrets.ts`). At most
   * `limits.maxEntries` files a request.
   */
  async inspect(
    folder: string,
    files: { path: string; size: number }[],
    signal?: AbortSignal
  ): Promise<Companion.IInspection> {
    const body = (await this._request(
      'POST',
      'inspect',
      { folder, files: files.map(f => ({ path: f.path, size: f.size })) },
      { signal }
    )) as Partial<Companion.IInspection> | undefined;
    const valid = (list: unknown): list is Companion.IInspected[] =>
      Array.isArray(list) &&
      list.every(
        f =>
          typeof f === 'object' &&
          f !== null &&
          typeof f.path === 'string' &&
          typeof f.code === 'string'
      );
    if (!body || !valid(body.refused) || !valid(body.secrets)) {
      const detail = 'no inspection in the answer';
      throw CompanionError.of(
        { code: 'server-no-answer', detail },
        `The Jupyter server did not answer (${detail}).`,
        'network'
      );
    }
    return { refused: body.refused, secrets: body.secrets };
  }

  /**
   * The address that streams `path` as a zip, leaving out `exclude`
   * (gitignore-style patterns, as the Share settings). For a link or an
   * `<a download>`: the browser saves the response itself.
   *
   * #### Notes
   * Like JupyterLab's own download links, the XSRF cookie's value goes in
   * the query (a plain navigation cannot send a header).
   */
  downloadUrl(path: string, exclude: string[] = [], filename?: string): string {
    const url = new URL(
      URLExt.join(this.serverSettings.baseUrl, COMPANION_API, 'download'),
      Private.origin()
    );
    url.searchParams.append('path', path);
    if (filename) {
      // The server's Content-Disposition names the saved file, whatever the
      // link's `download` attribute says.
      url.searchParams.append('filename', filename);
    }
    for (const pattern of exclude) {
      url.searchParams.append('exclude', pattern);
    }
    const xsrf = Private.xsrfCookie();
    if (xsrf) {
      url.searchParams.append('_xsrf', xsrf);
    }
    return url.toString();
  }

  private async _request(
    method: string,
    path: string,
    body?: unknown,
    options: { signal?: AbortSignal; headers?: Record<string, string> } = {}
  ): Promise<unknown> {
    const url = URLExt.join(this.serverSettings.baseUrl, COMPANION_API, path);
    const headers: Record<string, string> = { ...options.headers };
    let payload: BodyInit | undefined;
    if (body instanceof Blob || Private.isBlobLike(body)) {
      headers['Content-Type'] = 'application/octet-stream';
      payload = body as Blob;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        {
          method,
          body: payload,
          headers,
          signal: options.signal,
          cache: 'no-store'
        },
        this.serverSettings
      );
    } catch (error) {
      if (options.signal?.aborted) {
        throw options.signal.reason ?? error;
      }
      const detail = String((error as Error).message ?? error);
      throw CompanionError.of(
        { code: 'server-no-answer', detail },
        `The Jupyter server did not answer (${detail}).`,
        'network'
      );
    }
    const text = await response.text();
    let parsed: any = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message =
        (parsed && typeof parsed.message === 'string' && parsed.message) ||
        `${response.status} ${response.statusText}`.trim();
      const code =
        (parsed && typeof parsed.code === 'string' && parsed.code) ||
        Private.codeForStatus(response.status);
      throw CompanionError.fromBody(
        { ...(typeof parsed === 'object' ? parsed : {}), message, code },
        response.status,
        parsed?.details
      );
    }
    return parsed;
  }

  private _info: Promise<Companion.IInfo | null> | null = null;
}

/**
 * Types and helpers of the companion client.
 */
export namespace Companion {
  /**
   * What the companion can do.
   */
  export type Capability =
    'import' | 'import-upload' | 'publish' | 'download' | 'inspect';

  /**
   * A file of an inspection's answer and its code.
   */
  export interface IInspected {
    /** As sent, relative to the folder. */
    path: string;
    /**
     * Refused: `size-mismatch` or `unreadable`; a secret: a code of
     * `SECRET_REASONS` (`privateKey`, `aws`, `github`, `zenodo`,
     * `jupyterUrl`).
     */
    code: string;
  }

  /**
   * `POST inspect`'s answer.
   */
  export interface IInspection {
    refused: IInspected[];
    secrets: IInspected[];
  }

  /**
   * `GET info`.
   */
  export interface IInfo {
    version: string;
    capabilities: Capability[];
    /**
     * The admin's limits; the server enforces them whatever the page says.
     */
    limits: {
      maxImportBytes: number;
      maxExtractedBytes: number;
      maxEntries: number;
      maxRatio: number;
    };
    allowedHosts: string[];
  }

  /**
   * Where a job is.
   */
  export type Phase =
    | 'queued'
    | 'waiting-for-data'
    | 'downloading'
    | 'checking'
    | 'writing'
    | 'zipping'
    | 'uploading'
    | 'done'
    | 'failed'
    | 'cancelled';

  /**
   * Phases after which nothing changes any more.
   */
  export const FINAL_PHASES: readonly Phase[] = ['done', 'failed', 'cancelled'];

  /**
   * A transfer the server runs for this user.
   */
  export interface IJob {
    id: string;
    kind: 'import' | 'publish';
    phase: Phase;
    bytesDone: number;
    bytesTotal: number | null;
    filesDone: number;
    filesTotal: number | null;
    /** Bytes per second. */
    rate: number | null;
    secondsLeft: number | null;
    startedAt: string;
    finishedAt: string | null;
    /** The folder or key, for people. */
    label: string;
    result: null | {
      path: string;
      files: number;
      bytes: number;
      /** Zenodo's answer to the bucket PUT (publish). */
      upload?: Record<string, unknown>;
      /** Hidden entries of an archive that were not written (import). */
      skipped?: { path: string; reason: string }[];
    };
    /**
     * Why it failed: a stable `code` and the server's English `message`;
     * with `unsafe-entry` or `bad-name`, the archive problem as a code
     * (`reason`) and the `entry` at fault (newer companions; read them with
     * {@link archiveRefusalOf}).
     */
    error: null | {
      code: string;
      message: string;
      reason?: unknown;
      entry?: unknown;
    };
    /**
     * Whether some page has fetched the job since it ended, i.e. shown how it
     * ended (absent from older companions).
     */
    endShown?: boolean;
  }

  /**
   * An import the server downloads.
   */
  export interface IImportRequest {
    /** The record file's content URL. */
    url: string;
    key: string;
    size: number;
    checksum: string | null;
    /** The folder the new folder goes in, server-relative ('' = root). */
    parent: string;
    /** The new folder's name (must not exist). */
    name: string;
  }

  /**
   * An import whose bytes the browser sends.
   */
  export type IImportUploadRequest = Omit<IImportRequest, 'url'>;

  /**
   * A publish: what to zip and where to PUT it.
   */
  export interface IPublishRequest {
    /** The folder, server-relative. */
    path: string;
    /** The preview's final list, relative to `path`. */
    files: string[];
    /** Generated files to put in the archive (e.g. CITATION.cff). */
    extra?: { path: string; content: string }[];
    /** The draft's `links.bucket`. */
    bucket: string;
    /** The archive's name in the bucket. */
    key: string;
  }

  /**
   * A gitignore-style pattern that matches exactly `path` (relative to the
   * zipped folder; a folder ends with `/`) and nothing else.
   */
  export function literalPattern(path: string): string {
    // Anchored by the leading slash, so `!` and `#` lose their meaning;
    // brackets escape the rest for gitignore and Python's fnmatch alike.
    return '/' + path.replace(/^\/+/, '').replace(/[*?[]/g, c => `[${c}]`);
  }

  /**
   * Whether a job has ended.
   */
  export function isFinal(job: Pick<IJob, 'phase'>): boolean {
    return FINAL_PHASES.includes(job.phase);
  }
}

/**
 * Watches one companion job: polls its state while it runs, exposes phase,
 * bytes, files, rate and time left, and cancels it through an `AbortSignal`
 * (a `DELETE`).
 *
 * #### Notes
 * It polls every `interval` ms (500 by default) while the page is visible
 * and every `hiddenInterval` ms (5 s) while it is not: the requests go to the
 * user's own server, which is busy with the job anyway.
 */
export class CompanionJob {
  constructor(
    readonly companion: Companion,
    job: Companion.IJob,
    options: CompanionJob.IOptions = {}
  ) {
    this._job = job;
    this._interval = options.interval ?? 500;
    this._hiddenInterval = options.hiddenInterval ?? 5000;
    this.done = new Promise<Companion.IJob>((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    // Callers that only watch signals must not see an unhandled rejection.
    this.done.catch(() => undefined);
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) {
        void this.cancel();
      } else {
        const onAbort = () => void this.cancel();
        signal.addEventListener('abort', onAbort, { once: true });
        this._unlisten = () => signal.removeEventListener('abort', onAbort);
      }
    }
    this._settle();
    if (!this._finished) {
      this._schedule(0);
    }
  }

  /**
   * Resolves with the job once it is `done`; rejects with a
   * {@link CompanionError} when it failed or was cancelled.
   */
  readonly done: Promise<Companion.IJob>;

  /** The latest state the server gave. */
  get job(): Companion.IJob {
    return this._job;
  }
  get id(): string {
    return this._job.id;
  }
  get phase(): Companion.Phase {
    return this._job.phase;
  }
  get bytesDone(): number {
    return this._job.bytesDone;
  }
  get bytesTotal(): number | null {
    return this._job.bytesTotal;
  }
  get filesDone(): number {
    return this._job.filesDone;
  }
  get filesTotal(): number | null {
    return this._job.filesTotal;
  }
  /** Bytes per second, when the server knows. */
  get rate(): number | null {
    return this._job.rate;
  }
  get secondsLeft(): number | null {
    return this._job.secondsLeft;
  }
  get result(): Companion.IJob['result'] {
    return this._job.result;
  }
  get error(): Companion.IJob['error'] {
    return this._job.error;
  }
  /** Whether the job has ended (or can no longer be followed). */
  get finished(): boolean {
    return this._finished;
  }

  /**
   * Emitted with each new state.
   */
  get changed(): ISignal<this, Companion.IJob> {
    return this._changed;
  }

  /**
   * Ask the server to stop the job, then follow it to its end (the server
   * removes what it wrote before it says `cancelled`).
   */
  async cancel(): Promise<void> {
    if (this._finished || this._cancelling) {
      return;
    }
    this._cancelling = true;
    try {
      this._update(await this.companion.cancel(this._job.id));
    } catch (error) {
      // Already finished, or gone with the server: the next poll tells.
      if (error instanceof CompanionError && error.status === 404) {
        this._lost(error);
        return;
      }
    }
    if (!this._finished) {
      this._schedule(0);
    }
  }

  /**
   * Stop watching (the job itself goes on).
   */
  dispose(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    this._unlisten?.();
    this._disposed = true;
  }

  private _schedule(delay: number): void {
    if (this._disposed || this._finished) {
      return;
    }
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._poll();
    }, delay);
  }

  private async _poll(): Promise<void> {
    try {
      const job = await this.companion.job(this._job.id);
      this._failures = 0;
      this._update(job);
    } catch (error) {
      if (error instanceof CompanionError && error.status === 404) {
        this._lost(error);
        return;
      }
      // A server restarting or a network hiccup: keep trying, slower, for
      // about a minute before giving up on following the job.
      this._failures++;
      if (this._failures > 12) {
        this._lost(
          error instanceof CompanionError
            ? error
            : new CompanionError(String(error), 'network')
        );
        return;
      }
      this._schedule(Math.min(10_000, 500 * 2 ** this._failures));
      return;
    }
    if (!this._finished) {
      this._schedule(Private.hidden() ? this._hiddenInterval : this._interval);
    }
  }

  private _update(job: Companion.IJob): void {
    if (this._finished) {
      return;
    }
    this._job = job;
    this._changed.emit(job);
    this._settle();
  }

  private _settle(): void {
    const job = this._job;
    if (!Companion.isFinal(job)) {
      return;
    }
    this._finished = true;
    this._unlisten?.();
    if (job.phase === 'done') {
      this._resolve(job);
    } else {
      const error = job.error ?? {
        code: job.phase === 'cancelled' ? 'cancelled' : 'failed',
        message:
          job.phase === 'cancelled'
            ? 'The job was cancelled.'
            : 'The job failed.'
      };
      this._reject(CompanionError.fromBody(error));
    }
  }

  private _lost(error: CompanionError): void {
    this._finished = true;
    this._unlisten?.();
    const lost = CompanionError.of(
      { code: 'job-lost', detail: error.message },
      `The server no longer knows this job (${error.message}); it may have restarted.`,
      'lost',
      error.status
    );
    this._job = {
      ...this._job,
      phase: 'failed',
      error: { code: lost.code, message: lost.message }
    };
    this._changed.emit(this._job);
    this._reject(lost);
  }

  private _job: Companion.IJob;
  private _interval: number;
  private _hiddenInterval: number;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _failures = 0;
  private _finished = false;
  private _cancelling = false;
  private _disposed = false;
  private _unlisten: (() => void) | undefined;
  private _resolve!: (job: Companion.IJob) => void;
  private _reject!: (error: CompanionError) => void;
  private _changed = new Signal<this, Companion.IJob>(this);
}

/**
 * Options of {@link CompanionJob}.
 */
export namespace CompanionJob {
  export interface IOptions {
    /** Aborting it cancels the job on the server. */
    signal?: AbortSignal;
    /** Poll interval while the page is visible, ms (500). */
    interval?: number;
    /** Poll interval while the page is hidden, ms (5000). */
    hiddenInterval?: number;
  }
}

/**
 * One {@link Companion} per server (by base URL), so that `info()` is asked
 * once per page.
 */
export function companionFor(
  serverSettings: ServerConnection.ISettings
): Companion {
  let companion = Private.clients.get(serverSettings.baseUrl);
  if (!companion || companion.serverSettings !== serverSettings) {
    companion = new Companion(serverSettings);
    Private.clients.set(serverSettings.baseUrl, companion);
  }
  return companion;
}

/**
 * Module-private helpers.
 */
namespace Private {
  export const clients = new Map<string, Companion>();

  export function codeForStatus(status: number): string {
    switch (status) {
      case 401:
      case 403:
        return 'forbidden';
      case 404:
        return 'not-found';
      case 409:
        return 'exists';
      case 413:
        return 'too-large';
      case 507:
        return 'disk-full';
      default:
        return status >= 500 ? 'server-error' : 'bad-request';
    }
  }

  /**
   * A Blob from another realm (Node's in tests) is not `instanceof Blob`.
   */
  export function isBlobLike(value: unknown): boolean {
    return (
      !!value &&
      typeof value === 'object' &&
      typeof (value as Blob).arrayBuffer === 'function' &&
      typeof (value as Blob).size === 'number' &&
      typeof (value as Blob).stream === 'function'
    );
  }

  export function origin(): string {
    try {
      return window.location.origin;
    } catch {
      return 'http://localhost';
    }
  }

  export function xsrfCookie(): string | undefined {
    try {
      return /\b_xsrf=([^;]*)\b/.exec(document.cookie)?.[1];
    } catch {
      return undefined;
    }
  }

  export function hidden(): boolean {
    try {
      return document.hidden;
    } catch {
      return false;
    }
  }
}
