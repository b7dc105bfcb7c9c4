/**
 * The Zenodo REST client: records search and read, file downloads, and the
 * legacy deposit API (drafts, bucket uploads, publish, new versions).
 *
 * Pure TypeScript on fetch / XMLHttpRequest: runs in the browser and in Node.
 *
 * @packageDocumentation
 * @module zenodo/client
 */
import { formatBytes } from '../format';
import {
  errorFromResponse,
  kindHint,
  ZenodoError,
  ZenodoHint,
  ZenodoMessage
} from './errors';
import {
  normaliseDeposition,
  normaliseRecord,
  normaliseSearch,
  normaliseUploadedFile
} from './normalise';
import {
  hasMalformedPercent,
  originOf,
  parseRecordReference,
  zenodoDoiRecordId
} from './references';
import {
  defaultSleep,
  IHttpResponse,
  TransportError,
  xhrPut
} from './transport';
import type {
  Artifact,
  ArtifactFile,
  CallOptions,
  Deposition,
  DepositionLinks,
  DepositionMetadata,
  RateLimit,
  RetryInfo,
  RetryReason,
  SearchOptions,
  SearchResult,
  TransferOptions,
  UploadedFile
} from './types';

/**
 * A deposition given by id or as the object Zenodo returned (whose links the
 * client then follows).
 */
export type DepositionRef = number | string | Deposition;

/**
 * What a request may do when it fails without a definite answer.
 */
type RetryPolicy<T> =
  /** Safe to repeat: retry network errors and 5xx with backoff. */
  | 'safe'
  /** Not safe to repeat: only a 429 (which Zenodo did not process) is retried. */
  | 'none'
  /** Check the outcome first; `verify` returns the result if it happened. */
  | { verify: () => Promise<T | undefined> };

type RequestInit = {
  method: string;
  url: string;
  json?: unknown;
  blob?: Blob;
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
};

type FetchResponse = IHttpResponse & {
  body?: ReadableStream<Uint8Array> | null;
};

/**
 * Talks to one Zenodo instance, optionally with a personal access token.
 *
 * #### Notes
 * - The token travels only in the `Authorization` header, only to the
 *   configured Zenodo's origin (a link to anywhere else is followed without
 *   it), never in a URL; requests use `credentials: 'omit'`.
 * - Every error is a {@link ZenodoError} with Zenodo's message, the fields at
 *   fault and a hint a person can act on.
 * - A 429 waits until `X-RateLimit-Reset` and tries again; network errors and
 *   5xx are retried with exponential backoff only for steps that are safe to
 *   repeat. Creating a draft and a new version are never repeated blindly;
 *   publish, edit, discard and new version check the deposition first.
 */
export class ZenodoClient {
  constructor(options: ZenodoClient.IOptions) {
    this._baseUrl = ZenodoClient.normaliseBaseUrl(options.baseUrl);
    let origin: string;
    try {
      origin = new URL(this._baseUrl).origin;
    } catch {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `"${options.baseUrl}" is not a valid Zenodo URL.`,
        messageCode: { code: 'bad-base-url', url: options.baseUrl },
        hint: 'Set the Zenodo URL in the settings to e.g. https://zenodo.org or https://sandbox.zenodo.org.',
        hintCode: { code: 'set-url' }
      });
    }
    this._origin = origin;
    this._token = options.token?.trim() || undefined;
    this._fetch = options.fetch;
    this._tokenUrl =
      options.tokenUrl ||
      `${this._baseUrl}/account/settings/applications/tokens/new/`;
    this._onRetry = options.onRetry;
    this._sleep = options.sleep ?? defaultSleep;
    this._now = options.now ?? Date.now;
    this._retries = options.retries ?? 3;
    this._backoffMs = options.backoffMs ?? 1000;
    this._maxBackoffMs = options.maxBackoffMs ?? 16000;
    this._maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? 90000;
    this._maxRateLimitRetries = options.maxRateLimitRetries ?? 5;
    this._maxFileBytes = options.maxFileBytes ?? 50 * 10 ** 9;
    this._maxFiles = options.maxFiles ?? 100;
    this._timeoutMs = options.timeoutMs ?? 120000;
    const xhr = options.xhr;
    if (typeof xhr === 'function') {
      this._createXhr = xhr;
    } else if (
      xhr === true ||
      (xhr === undefined &&
        options.fetch === undefined &&
        typeof XMLHttpRequest !== 'undefined')
    ) {
      this._createXhr = () => new XMLHttpRequest();
    }
  }

  /** The Zenodo base URL, without `/api` and trailing slash. */
  get baseUrl(): string {
    return this._baseUrl;
  }

  /** The API root, `<baseUrl>/api`. */
  get apiUrl(): string {
    return `${this._baseUrl}/api`;
  }

  /** Whether a token is set. The token itself is not readable back. */
  get hasToken(): boolean {
    return this._token !== undefined;
  }

  /** Set or clear the personal access token. */
  set token(value: string | undefined) {
    this._token = value?.trim() || undefined;
  }

  /** Zenodo's rate-limit figures from the latest response. */
  get rateLimit(): RateLimit {
    return { ...this._rateLimit };
  }

  /** Page where a person creates a token (used in hints). */
  get tokenUrl(): string {
    return this._tokenUrl;
  }

  // ---------------------------------------------------------------------
  // Records

  /**
   * Search published records.
   */
  async searchRecords(options: SearchOptions = {}): Promise<SearchResult> {
    const page = Math.max(1, Math.floor(options.page ?? 1));
    // Zenodo refuses larger pages with a 400: 25 anonymous, 100 with a token.
    const limit = this._token ? 100 : 25;
    const size = Math.min(limit, Math.max(1, Math.floor(options.size ?? 10)));
    const params = new URLSearchParams();
    if (options.q) {
      params.set('q', options.q);
    }
    const communities =
      options.community === undefined
        ? []
        : Array.isArray(options.community)
          ? options.community
          : [options.community];
    for (const c of communities.filter(c => c)) {
      params.append('communities', c);
    }
    if (options.type) {
      params.set('type', options.type);
    }
    if (options.sort) {
      params.set('sort', options.sort);
    }
    params.set('page', String(page));
    params.set('size', String(size));
    if (options.allVersions) {
      params.set('all_versions', 'true');
    }
    const body = await this._getJson(
      `${this.apiUrl}/records?${params}`,
      options
    );
    return normaliseSearch(body, page, size, { baseUrl: this._baseUrl });
  }

  /**
   * Read one published record.
   */
  async getRecord(
    id: string | number,
    options: CallOptions = {}
  ): Promise<Artifact> {
    const body = await this._getJson(
      `${this.apiUrl}/records/${encodeURIComponent(String(id))}`,
      options
    );
    return normaliseRecord(body, { baseUrl: this._baseUrl });
  }

  /**
   * Find the record a person referred to: a record id, a record URL
   * (`/records/123`, `/record/123`, `/api/records/123`), a DOI or a DOI URL.
   * A DOI of a single version gives that version; a concept DOI gives the
   * latest version.
   *
   * @throws {ZenodoError} `invalid-input` for text that is none of these,
   *   `not-found` when no record has the DOI.
   */
  async resolveRecord(
    reference: string,
    options: CallOptions = {}
  ): Promise<Artifact> {
    if (hasMalformedPercent(reference)) {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `"${reference}" has a "%" that is not followed by two hexadecimal digits (a malformed escape).`,
        messageCode: { code: 'malformed-escape', reference },
        hint: 'The link was probably cut short or mistyped: copy it again in full.',
        hintCode: { code: 'link-cut' }
      });
    }
    const parsed = parseRecordReference(reference);
    if (!parsed) {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `"${reference}" is not a Zenodo record id, record URL or DOI.`,
        messageCode: { code: 'not-a-reference', reference },
        hint: 'Give a DOI such as 10.5281/zenodo.1234567 or a link such as https://zenodo.org/records/1234567.',
        hintCode: { code: 'reference-form' }
      });
    }
    if (parsed.origin && parsed.origin !== this._origin) {
      // The host is not part of a record id: record 123 on another site is
      // another record, so never look it up here.
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `"${reference}" points at ${parsed.origin}, not at the Zenodo this JupyterLab uses (${this._origin}).`,
        messageCode: {
          code: 'foreign-reference',
          reference,
          origin: parsed.origin,
          expected: this._origin
        },
        hint: `Use a DOI, or a link to a record on ${this._origin}.`,
        hintCode: { code: 'foreign-link', origin: this._origin }
      });
    }
    if (parsed.recordId) {
      return this.getRecord(parsed.recordId, options);
    }
    const doi = parsed.doi!.replace(/"/g, '');
    const direct = zenodoDoiRecordId(doi);
    if (direct) {
      // Zenodo's own DOIs name their record: no search needed.
      try {
        return await this.getRecord(direct, options);
      } catch (error) {
        // A concept DOI names no single record: searched for below.
        if (!(error instanceof ZenodoError) || error.kind !== 'not-found') {
          throw error;
        }
      }
    }
    const byDoi = direct
      ? { hits: [] as Artifact[] }
      : await this.searchRecords({
          q: `doi:"${doi}"`,
          allVersions: true,
          size: 1,
          signal: options.signal
        });
    if (byDoi.hits.length) {
      return byDoi.hits[0];
    }
    const byConcept = await this.searchRecords({
      q: `conceptdoi:"${doi}"`,
      size: 1,
      signal: options.signal
    });
    if (byConcept.hits.length) {
      return byConcept.hits[0];
    }
    throw new ZenodoError({
      status: 404,
      kind: 'not-found',
      message: `No record on ${this._baseUrl} has the DOI ${doi}.`,
      messageCode: { code: 'no-doi-record', base: this._baseUrl, doi },
      hint: 'Check the DOI, and that the Zenodo URL in the settings is the Zenodo that registered it (the sandbox and zenodo.org are separate).',
      hintCode: { code: 'doi-elsewhere' }
    });
  }

  /**
   * List the versions of a record (following the artifact's `links.versions`
   * when an artifact is given).
   */
  async getVersions(
    id: string | number | Artifact,
    options: CallOptions & { page?: number; size?: number } = {}
  ): Promise<SearchResult> {
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const limit = this._token ? 100 : 25;
    const size = Math.min(limit, Math.max(1, Math.floor(options.size ?? 25)));
    const base =
      typeof id === 'object'
        ? (id.links.versions ??
          `${this.apiUrl}/records/${encodeURIComponent(id.id)}/versions`)
        : `${this.apiUrl}/records/${encodeURIComponent(String(id))}/versions`;
    const url = withParams(base, { page: String(page), size: String(size) });
    const body = await this._getJson(url, options);
    return normaliseSearch(body, page, size, { baseUrl: this._baseUrl });
  }

  /**
   * Download a file of an artifact into a Blob, streaming with progress.
   *
   * #### Notes
   * The total given to `onProgress` is the Content-Length, or the file's
   * recorded size. A download cut short is retried from the start; one that
   * still ends short is an error rather than a truncated Blob.
   */
  async downloadFile(
    file: ArtifactFile,
    options: TransferOptions = {}
  ): Promise<Blob> {
    const { signal, onProgress } = options;
    const url = file.downloadUrl;
    return this._retry(
      'GET',
      options,
      async () => {
        const response = (await this._exchange({
          method: 'GET',
          url,
          signal
        })) as FetchResponse;
        return this._readBody(response, file, url, onProgress, signal);
      },
      'safe'
    );
  }

  // ---------------------------------------------------------------------
  // Deposit API

  /**
   * Create a draft deposition (Zenodo reserves its DOI at once; see
   * `prereservedDoi`).
   *
   * #### Notes
   * Not repeated after a network error or a 5xx, because the draft may exist
   * already: the error's hint says where to check.
   */
  async createDeposition(
    metadata?: DepositionMetadata,
    options: CallOptions = {}
  ): Promise<Deposition> {
    const url = `${this.apiUrl}/deposit/depositions`;
    try {
      return await this._retry(
        'POST',
        options,
        async () =>
          this._deposition(
            await this._json({
              method: 'POST',
              url,
              json: metadata ? { metadata } : {},
              signal: options.signal
            })
          ),
        'none'
      );
    } catch (error) {
      if (
        error instanceof ZenodoError &&
        (error.kind === 'network' || error.kind === 'server')
      ) {
        error.hint += ` The draft may have been created all the same: look at ${this._baseUrl}/me/uploads before trying again.`;
        if (error.hintCode) {
          error.hintCode.draftMayExistAt = `${this._baseUrl}/me/uploads`;
        }
      }
      throw error;
    }
  }

  /**
   * List the token owner's depositions (drafts and published), newest first.
   */
  async listDepositions(
    options: CallOptions & {
      /** Free text matched against titles. */
      q?: string;
      /** `draft` or `published`. */
      status?: 'draft' | 'published';
      /** `mostrecent` (default) or `-mostrecent`. */
      sort?: string;
      page?: number;
      /** At most 100. */
      size?: number;
      allVersions?: boolean;
    } = {}
  ): Promise<Deposition[]> {
    const params = new URLSearchParams();
    if (options.q) {
      params.set('q', options.q);
    }
    if (options.status) {
      params.set('status', options.status);
    }
    if (options.sort) {
      params.set('sort', options.sort);
    }
    params.set('page', String(Math.max(1, Math.floor(options.page ?? 1))));
    params.set(
      'size',
      String(Math.min(100, Math.max(1, Math.floor(options.size ?? 25))))
    );
    if (options.allVersions) {
      params.set('all_versions', 'true');
    }
    const body = await this._getJson(
      `${this.apiUrl}/deposit/depositions?${params}`,
      options
    );
    if (!Array.isArray(body)) {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-response',
        message:
          'Unexpected answer from Zenodo: the depositions are not a list.',
        messageCode: { code: 'depositions-not-list' },
        ...kindHint('invalid-response', 0, [], {})
      });
    }
    return body.map(d => this._deposition(d));
  }

  /**
   * Read a deposition.
   */
  async getDeposition(
    id: DepositionRef,
    options: CallOptions = {}
  ): Promise<Deposition> {
    return this._retry(
      'GET',
      options,
      async () =>
        this._deposition(
          await this._json({
            method: 'GET',
            url: this._depositionUrl(id),
            signal: options.signal
          })
        ),
      'safe'
    );
  }

  /**
   * Replace a deposition's metadata (Zenodo replaces it wholesale: send the
   * full set). Safe to repeat.
   */
  async updateMetadata(
    id: DepositionRef,
    metadata: DepositionMetadata,
    options: CallOptions = {}
  ): Promise<Deposition> {
    const url = this._depositionUrl(id);
    return this._retry(
      'PUT',
      options,
      async () =>
        this._deposition(
          await this._json({
            method: 'PUT',
            url,
            json: { metadata },
            signal: options.signal
          })
        ),
      'safe'
    );
  }

  /**
   * Discard a draft (delete it) or the pending edits of a published record.
   */
  async discard(id: DepositionRef, options: CallOptions = {}): Promise<void> {
    const url =
      this._link(id, 'discard') ?? `${this._depositionUrl(id)}/actions/discard`;
    await this._retry<true>(
      'POST',
      options,
      async () => {
        await this._json({ method: 'POST', url, signal: options.signal });
        this._links.delete(depositionId(id));
        return true;
      },
      {
        verify: async () => {
          try {
            const d = await this.getDeposition(id, options);
            return d.state === 'done' ? true : undefined;
          } catch (error) {
            if (error instanceof ZenodoError && error.kind === 'not-found') {
              return true;
            }
            throw error;
          }
        }
      }
    );
  }

  /**
   * Delete a draft that was never published (`DELETE` on the deposition).
   *
   * #### Notes
   * Unlike {@link discard}, this needs only the `deposit:write` scope, so a
   * draft made by a token without `deposit:actions` can still be removed.
   * Safe to repeat: a repeat after a lost answer finds the draft gone.
   */
  async deleteDeposition(
    id: DepositionRef,
    options: CallOptions = {}
  ): Promise<void> {
    await this._delete(this._depositionUrl(id), options);
    this._links.delete(depositionId(id));
  }

  /**
   * Open a published deposition for editing its metadata.
   */
  async edit(
    id: DepositionRef,
    options: CallOptions = {}
  ): Promise<Deposition> {
    const url =
      this._link(id, 'edit') ?? `${this._depositionUrl(id)}/actions/edit`;
    return this._action(url, options, async () => {
      const d = await this.getDeposition(id, options);
      return d.state === 'inprogress' ? d : undefined;
    });
  }

  /**
   * Start a new version of a published deposition. Returns the new draft
   * (today's Zenodo answers with it; with the documented legacy answer, the
   * original, the client follows `links.latest_draft`).
   */
  async newVersion(
    id: DepositionRef,
    options: CallOptions & {
      /**
       * Told when Zenodo refused a second new version because one is open
       * already, and that open draft is returned instead.
       */
      onOpenDraft?: (draft: Deposition) => void;
    } = {}
  ): Promise<Deposition> {
    const originalId = depositionId(id);
    const url =
      this._link(id, 'newversion') ??
      `${this._depositionUrl(id)}/actions/newversion`;
    const draftOf = async (d: Deposition): Promise<Deposition | undefined> => {
      const latest = d.links.latestDraft;
      if (String(d.id) !== originalId) {
        return d;
      }
      if (latest && !latest.replace(/\/+$/, '').endsWith(`/${originalId}`)) {
        return this._deposition(
          await this._json({
            method: 'GET',
            url: latest,
            signal: options.signal
          })
        );
      }
      return undefined;
    };
    let answer: Deposition;
    try {
      answer = await this._action(url, options, async () =>
        draftOf(await this.getDeposition(id, options))
      );
    } catch (error) {
      // While an earlier new-version draft is open (a run that failed or was
      // cancelled, or one started on Zenodo's site), Zenodo refuses with a
      // 400 on `files.enabled`: "Please remove all files first." That draft
      // is the record's `links.latest_draft`; continue with it.
      if (
        !(error instanceof ZenodoError) ||
        error.status !== 400 ||
        !error.fieldErrors.some(f => f.field.startsWith('files'))
      ) {
        throw error;
      }
      const open = await draftOf(await this.getDeposition(id, options));
      const original = typeof id === 'object' ? id : undefined;
      if (
        !open ||
        open.state !== 'unsubmitted' ||
        (original?.conceptRecId !== undefined &&
          open.conceptRecId !== original.conceptRecId)
      ) {
        throw new ZenodoError({
          status: 409,
          kind: 'conflict',
          method: 'POST',
          url,
          body: error.body,
          message:
            'A new version of this artifact is already open as a draft on Zenodo, and Zenodo did not say where it is.',
          messageCode: { code: 'version-open-elsewhere' },
          hint: `Publish or discard that draft on ${this._baseUrl}/me/uploads, then try again.`,
          hintCode: {
            code: 'open-draft-elsewhere',
            uploads: `${this._baseUrl}/me/uploads`
          }
        });
      }
      options.onOpenDraft?.(open);
      return open;
    }
    const draft = await draftOf(answer);
    if (!draft) {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-response',
        message: 'Zenodo did not say where the new version is.',
        messageCode: { code: 'new-version-unknown' },
        hint: `Look for the new version's draft at ${this._baseUrl}/me/uploads.`,
        hintCode: {
          code: 'find-new-version',
          uploads: `${this._baseUrl}/me/uploads`
        }
      });
    }
    return draft;
  }

  /**
   * Publish a deposition. Zenodo validates the metadata now: a
   * `validation` error lists the fields at fault.
   */
  async publish(
    id: DepositionRef,
    options: CallOptions = {}
  ): Promise<Deposition> {
    const url =
      this._link(id, 'publish') ?? `${this._depositionUrl(id)}/actions/publish`;
    return this._action(url, options, async () => {
      const d = await this.getDeposition(id, options);
      return d.state === 'done' ? d : undefined;
    });
  }

  /**
   * Upload one file into the deposition's bucket (PUT, octet-stream).
   *
   * @param deposition - the deposition (its `links.bucket` is used) or its id.
   * @param name - the file name; Zenodo's keys are flat, so no `/`.
   * @param data - the bytes.
   *
   * #### Notes
   * Progress comes from XMLHttpRequest's upload events where it exists; with
   * fetch, only the start and the end are reported. An upload that fails on
   * the way is repeated (the same bytes to the same key replace the object).
   */
  async uploadFile(
    deposition: DepositionRef,
    name: string,
    data: Blob,
    options: TransferOptions = {}
  ): Promise<UploadedFile> {
    const { signal, onProgress } = options;
    this._checkUpload(
      typeof deposition === 'object' ? deposition : undefined,
      name,
      data
    );
    let target = typeof deposition === 'object' ? deposition : undefined;
    if (!target?.links.bucket) {
      target = await this.getDeposition(deposition, {
        signal,
        onRetry: options.onRetry
      });
      this._checkUpload(target, name, data);
    }
    const bucket = target.links.bucket;
    if (!bucket) {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `Deposition ${target.id} has no file bucket; it is published and not open for editing.`,
        messageCode: { code: 'no-bucket', id: target.id },
        hint: 'Start a new version (or open it for editing) to change its files.',
        hintCode: { code: 'not-editable' }
      });
    }
    const url = `${bucket.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
    return this._retry(
      'PUT',
      options,
      async () => {
        onProgress?.(0, data.size);
        const response = await this._exchange({
          method: 'PUT',
          url,
          blob: data,
          signal,
          onProgress
        });
        const body = await this._parse(response, 'PUT', url);
        onProgress?.(data.size, data.size);
        return normaliseUploadedFile(body, name, data.size);
      },
      'safe'
    );
  }

  /**
   * Remove a file from a draft (bucket DELETE). A new version starts with
   * the previous version's files: remove those the new version replaces.
   *
   * @returns whether the file was there.
   */
  async deleteFile(
    deposition: DepositionRef,
    key: string,
    options: CallOptions = {}
  ): Promise<boolean> {
    const { signal } = options;
    let target = typeof deposition === 'object' ? deposition : undefined;
    if (!target?.links.bucket) {
      target = await this.getDeposition(deposition, {
        signal,
        onRetry: options.onRetry
      });
    }
    const bucket = target.links.bucket;
    if (!bucket || key.includes('/')) {
      return false;
    }
    const url = `${bucket.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
    try {
      await this._delete(url, options);
      return true;
    } catch (error) {
      if (error instanceof ZenodoError && error.kind === 'not-found') {
        return false;
      }
      throw error;
    }
  }

  // ---------------------------------------------------------------------
  // Internals

  /**
   * `DELETE url`, retried as safe. A not-found on a repeat counts as done
   * (a lost answer: the first attempt deleted it); on the first attempt it
   * is thrown.
   */
  private async _delete(url: string, options: CallOptions): Promise<void> {
    let attempts = 0;
    try {
      await this._retry(
        'DELETE',
        options,
        async () => {
          attempts++;
          await this._json({ method: 'DELETE', url, signal: options.signal });
        },
        'safe'
      );
    } catch (error) {
      if (
        error instanceof ZenodoError &&
        error.kind === 'not-found' &&
        attempts > 1
      ) {
        return;
      }
      throw error;
    }
  }

  private _checkUpload(
    deposition: Deposition | undefined,
    name: string,
    data: Blob
  ): void {
    const bad = (
      kind: 'invalid-input' | 'too-large' | 'too-many-files',
      message: string,
      messageCode: ZenodoMessage,
      hint: string,
      hintCode: ZenodoHint
    ) =>
      new ZenodoError({
        status: 0,
        kind,
        message,
        messageCode,
        hint,
        hintCode
      });
    if (!name || name === '.' || name === '..') {
      throw bad(
        'invalid-input',
        `"${name}" is not a valid file name for Zenodo.`,
        { code: 'bad-file-name', name },
        'Give the file a name.',
        { code: 'name-file' }
      );
    }
    if (name.includes('/')) {
      throw bad(
        'invalid-input',
        `Zenodo file names cannot contain "/" ("${name}").`,
        { code: 'slash-in-name', name },
        'Zenodo stores files flat: put a folder into one archive (zip or tar.gz) or rename the file.',
        { code: 'flat-files' }
      );
    }
    if (data.size === 0) {
      throw bad(
        'invalid-input',
        `"${name}" is empty; Zenodo does not accept empty files.`,
        { code: 'empty-file', name },
        'Leave the empty file out.',
        { code: 'empty-file' }
      );
    }
    if (data.size > this._maxFileBytes) {
      throw bad(
        'too-large',
        `"${name}" is ${formatBytes(data.size)}, more than Zenodo accepts per file (${formatBytes(this._maxFileBytes)}).`,
        {
          code: 'file-too-large',
          name,
          bytes: data.size,
          maxBytes: this._maxFileBytes
        },
        'Leave out large files or split the artifact.',
        { code: 'split' }
      );
    }
    if (deposition) {
      const others = deposition.files.filter(f => f.key !== name);
      if (others.length >= this._maxFiles) {
        throw bad(
          'too-many-files',
          `The draft already has ${others.length} files; a Zenodo record holds at most ${this._maxFiles}.`,
          {
            code: 'too-many-files',
            count: others.length,
            maxFiles: this._maxFiles
          },
          'Put the files into one archive or remove files from the draft.',
          { code: 'one-archive' }
        );
      }
      const total = others.reduce((sum, f) => sum + f.size, 0) + data.size;
      if (total > this._maxFileBytes) {
        throw bad(
          'too-large',
          `With "${name}" the draft would hold ${formatBytes(total)}, more than Zenodo allows per record (${formatBytes(this._maxFileBytes)}).`,
          {
            code: 'record-too-large',
            name,
            bytes: total,
            maxBytes: this._maxFileBytes
          },
          'Leave out large files or split the artifact.',
          { code: 'split' }
        );
      }
    }
  }

  /**
   * A deposit action (POST without body) that must not be repeated blindly.
   */
  private async _action(
    url: string,
    options: CallOptions,
    verify: () => Promise<Deposition | undefined>
  ): Promise<Deposition> {
    return this._retry(
      'POST',
      options,
      async () =>
        this._deposition(
          await this._json({ method: 'POST', url, signal: options.signal })
        ),
      { verify }
    );
  }

  private _deposition(body: unknown): Deposition {
    const d = normaliseDeposition(body);
    this._links.set(String(d.id), d.links);
    return d;
  }

  private _depositionUrl(id: DepositionRef): string {
    // Built from the id: after publishing, `links.self` points at the record,
    // not at the deposition.
    return `${this.apiUrl}/deposit/depositions/${encodeURIComponent(depositionId(id))}`;
  }

  private _link(
    id: DepositionRef,
    name: keyof DepositionLinks
  ): string | undefined {
    if (typeof id === 'object' && id.links[name]) {
      return id.links[name];
    }
    return this._links.get(depositionId(id))?.[name];
  }

  private async _getJson(url: string, options: CallOptions): Promise<unknown> {
    return this._retry(
      'GET',
      options,
      () => this._json({ method: 'GET', url, signal: options.signal }),
      'safe'
    );
  }

  /**
   * One exchange whose answer is JSON (or empty).
   */
  private async _json(init: RequestInit): Promise<unknown> {
    const response = await this._exchange(init);
    return this._parse(response, init.method, init.url);
  }

  private async _parse(
    response: IHttpResponse,
    method: string,
    url: string
  ): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The connection broke (or the call was cancelled) while the answer
      // was being read.
      throw (error as Error)?.name === 'AbortError'
        ? this._aborted(method, url)
        : this._networkError(method, url, error, false);
    } finally {
      this._release(response);
    }
    if (!text) {
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ZenodoError({
        status: response.status,
        kind: 'invalid-response',
        method,
        url,
        message: `Zenodo answered HTTP ${response.status} with something that is not JSON.`,
        messageCode: { code: 'not-json', status: response.status },
        ...kindHint('invalid-response', response.status, [], {})
      });
    }
  }

  /**
   * Send one request; resolve with a 2xx/3xx response or throw a
   * {@link ZenodoError}.
   */
  private async _exchange(init: RequestInit): Promise<IHttpResponse> {
    const { method, url, signal } = init;
    if (signal?.aborted) {
      throw this._aborted(method, url);
    }
    const target = this._checkUrl(url);
    const headers: Record<string, string> = { Accept: 'application/json' };
    // The token goes only to the configured Zenodo, whatever a link says.
    const withToken = !!this._token && target.origin === this._origin;
    if (withToken && !/^[\x21-\x7e]+$/.test(this._token!)) {
      // fetch would reject it with a message that quotes the header value.
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        method,
        url,
        message:
          'The Zenodo token contains characters a token cannot have (spaces inside, or letters outside ASCII).',
        messageCode: { code: 'token-characters' },
        hint: `Copy the token again from ${this._tokenUrl} (or create a new one with the scopes deposit:write and deposit:actions) and enter it again.`,
        hintCode: { code: 'token-characters', tokenUrl: this._tokenUrl }
      });
    }
    if (withToken) {
      headers.Authorization = `Bearer ${this._token}`;
    }
    let body: Blob | string | undefined;
    if (init.blob) {
      headers['Content-Type'] = 'application/octet-stream';
      body = init.blob;
    } else if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    // A hung connection must not hang the call: an answer whose headers take
    // longer than `timeoutMs` counts as a network error. Uploads are exempt,
    // as their time grows with their size.
    const timeoutMs = init.blob ? 0 : this._timeoutMs;
    const controller = timeoutMs > 0 ? new AbortController() : undefined;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const forward = () => controller?.abort();
    // The caller's signal may outlive many requests: stop listening to it
    // once this answer has been read.
    const release = () => signal?.removeEventListener('abort', forward);
    if (controller) {
      signal?.addEventListener('abort', forward, { once: true });
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    }
    let response: IHttpResponse;
    try {
      if (init.blob && this._createXhr) {
        response = await xhrPut(
          this._createXhr,
          url,
          init.blob,
          headers,
          init.onProgress,
          signal
        );
      } else {
        const fetchImpl = this._fetch ?? globalThis.fetch.bind(globalThis);
        response = await fetchImpl(url, {
          method,
          headers,
          body,
          credentials: 'omit',
          signal: controller?.signal ?? signal
        });
      }
    } catch (error) {
      release();
      if (timedOut && !signal?.aborted) {
        throw this._networkError(
          method,
          url,
          new Error(
            `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`
          ),
          withToken
        );
      }
      if (
        signal?.aborted ||
        (error instanceof TransportError && error.aborted)
      ) {
        throw this._aborted(method, url);
      }
      throw this._networkError(method, url, error, withToken);
    } finally {
      clearTimeout(timer);
    }
    this._noteRateLimit(response);
    if (response.status >= 400) {
      try {
        throw await this._httpError(method, url, response, withToken);
      } finally {
        release();
      }
    }
    this._releases.set(response, release);
    return response;
  }

  /**
   * Forget an answer whose body has been read (see `_exchange`).
   */
  private _release(response: IHttpResponse): void {
    this._releases.get(response)?.();
    this._releases.delete(response);
  }

  private _checkUrl(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `"${url}" is not a URL the client can follow.`,
        messageCode: { code: 'unfollowable-url', url },
        hint: ''
      });
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new ZenodoError({
        status: 0,
        kind: 'invalid-input',
        message: `Refusing to follow a ${parsed.protocol} link.`,
        messageCode: { code: 'refused-protocol', protocol: parsed.protocol },
        hint: ''
      });
    }
    return parsed;
  }

  private async _readBody(
    response: FetchResponse,
    file: ArtifactFile,
    url: string,
    onProgress: TransferOptions['onProgress'],
    signal: AbortSignal | undefined
  ): Promise<Blob> {
    const encoded = !!response.headers.get('content-encoding');
    const length = Number(response.headers.get('content-length'));
    const total =
      !encoded && Number.isFinite(length) && length > 0
        ? length
        : file.size || undefined;
    const type =
      file.mimetype ?? response.headers.get('content-type') ?? undefined;
    const chunks: BlobPart[] = [];
    let loaded = 0;
    onProgress?.(0, total);
    try {
      const reader = response.body?.getReader();
      if (!reader) {
        const whole = await (response as unknown as Response).arrayBuffer();
        chunks.push(whole);
        loaded = whole.byteLength;
      } else {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }
          chunks.push(value);
          loaded += value.byteLength;
          onProgress?.(loaded, total);
        }
      }
    } catch (error) {
      if (signal?.aborted) {
        throw this._aborted('GET', url);
      }
      throw this._networkError('GET', url, error, false);
    } finally {
      this._release(response);
    }
    if (file.size && loaded !== file.size && !encoded) {
      throw new ZenodoError({
        status: 0,
        kind: 'network',
        method: 'GET',
        url,
        message: `The download of "${file.key}" ended after ${loaded} of ${file.size} bytes.`,
        messageCode: {
          code: 'download-cut',
          key: file.key,
          loaded,
          size: file.size
        },
        ...kindHint('network', 0, [], { origin: new URL(url).origin })
      });
    }
    onProgress?.(loaded, total ?? loaded);
    return new Blob(chunks, type ? { type } : undefined);
  }

  /**
   * Run `attempt`, waiting out 429s and, as the policy allows, retrying
   * network errors and 5xx with exponential backoff.
   */
  private async _retry<T>(
    method: string,
    options: CallOptions,
    attempt: () => Promise<T>,
    policy: RetryPolicy<T>
  ): Promise<T> {
    const { signal, onRetry } = options;
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof ZenodoError)) {
          throw error;
        }
        let reason: RetryReason;
        let delayMs: number;
        if (error.kind === 'rate-limited') {
          const retryAt = error.retryAt ?? this._now() + 10000;
          delayMs = Math.max(1000, retryAt - this._now());
          if (
            rateLimited >= this._maxRateLimitRetries ||
            delayMs > this._maxRateLimitWaitMs
          ) {
            Object.assign(
              error,
              kindHint('rate-limited', 429, [], { retryAt })
            );
            throw error;
          }
          rateLimited++;
          reason = 'rate-limit';
        } else if (
          (error.kind === 'network' || error.kind === 'server') &&
          policy !== 'none' &&
          failures < this._retries
        ) {
          failures++;
          delayMs = Math.min(
            this._maxBackoffMs,
            this._backoffMs * 2 ** (failures - 1)
          );
          reason = error.kind === 'network' ? 'network-error' : 'server-error';
        } else {
          throw error;
        }
        const info: RetryInfo = {
          reason,
          attempt: reason === 'rate-limit' ? rateLimited : failures,
          delayMs,
          retryAt: this._now() + delayMs,
          method,
          status: error.status
        };
        this._onRetry?.(info);
        onRetry?.(info);
        try {
          await this._sleep(delayMs, signal);
        } catch {
          throw this._aborted(method, error.url);
        }
        if (signal?.aborted) {
          throw this._aborted(method, error.url);
        }
        if (typeof policy === 'object' && reason !== 'rate-limit') {
          // The request may have taken effect before the answer was lost.
          const done = await policy.verify();
          if (done !== undefined) {
            return done;
          }
        }
      }
    }
  }

  private _noteRateLimit(response: IHttpResponse): void {
    const read = (name: string) => {
      const value = response.headers.get(name);
      const n = value === null ? NaN : Number(value);
      return Number.isFinite(n) ? n : undefined;
    };
    const limit = read('x-ratelimit-limit');
    const remaining = read('x-ratelimit-remaining');
    const reset = read('x-ratelimit-reset');
    if (limit !== undefined || remaining !== undefined || reset !== undefined) {
      this._rateLimit = { limit, remaining, reset };
    }
  }

  private async _httpError(
    method: string,
    url: string,
    response: IHttpResponse,
    hadToken: boolean
  ): Promise<ZenodoError> {
    let body: unknown;
    try {
      const text = await response.text();
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // A gateway's HTML page or an empty body: the status speaks.
      body = undefined;
    }
    return errorFromResponse({
      status: response.status,
      statusText: response.statusText,
      body,
      headers: response.headers,
      method,
      url,
      hadToken,
      tokenUrl: this._tokenUrl,
      now: this._now,
      scrub: text => this._scrub(text)
    });
  }

  private _networkError(
    method: string,
    url: string,
    cause: unknown,
    hadToken: boolean
  ): ZenodoError {
    const detail =
      cause instanceof Error
        ? [cause.message, (cause as any).cause?.message]
            .filter(Boolean)
            .join(': ')
        : String(cause);
    const origin = originOf(url) ?? '';
    return new ZenodoError({
      status: 0,
      kind: 'network',
      method,
      url,
      message: `Could not reach Zenodo (${method} ${origin}).`,
      messageCode: { code: 'unreachable', method, origin },
      detail: this._scrub(detail),
      ...kindHint('network', 0, [], { origin, hadToken })
    });
  }

  private _aborted(method: string, url?: string): ZenodoError {
    return new ZenodoError({
      status: 0,
      kind: 'aborted',
      method,
      url,
      message: 'The request to Zenodo was cancelled.',
      messageCode: { code: 'cancelled' },
      ...kindHint('aborted', 0, [], {})
    });
  }

  /**
   * Remove the token from text that came from elsewhere, in case a server
   * or a network library echoes it.
   */
  private _scrub(text: string): string {
    return this._token ? text.split(this._token).join('[token]') : text;
  }

  private _baseUrl: string;
  private _origin: string;
  private _token: string | undefined;
  private _tokenUrl: string;
  private _fetch: typeof fetch | undefined;
  private _createXhr: (() => XMLHttpRequest) | undefined;
  private _onRetry: ((info: RetryInfo) => void) | undefined;
  private _sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private _now: () => number;
  private _retries: number;
  private _backoffMs: number;
  private _maxBackoffMs: number;
  private _maxRateLimitWaitMs: number;
  private _maxRateLimitRetries: number;
  private _maxFileBytes: number;
  private _maxFiles: number;
  private _timeoutMs: number;
  private _rateLimit: RateLimit = {};
  private _links = new Map<string, DepositionLinks>();
  private _releases = new WeakMap<IHttpResponse, () => void>();
}

/**
 * Options and helpers of {@link ZenodoClient}.
 */
export namespace ZenodoClient {
  /**
   * Construction options.
   */
  export interface IOptions {
    /**
     * Zenodo's base URL: https://zenodo.org, https://sandbox.zenodo.org or a
     * stand-in. A trailing `/api` is accepted.
     */
    baseUrl: string;
    /** Personal access token (scopes `deposit:write`, `deposit:actions`). */
    token?: string;
    /** fetch to use (a test seam); defaults to the global one. */
    fetch?: typeof fetch;
    /** Where a person creates a token, for hints. */
    tokenUrl?: string;
    /**
     * Told before every wait, so a view can say "waiting 12 s (rate limit)".
     */
    onRetry?: (info: RetryInfo) => void;
    /** Abortable sleep (a test seam). */
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    /** Clock in epoch ms (a test seam). */
    now?: () => number;
    /** Retries after network errors and 5xx (default 3). */
    retries?: number;
    /** First backoff delay, doubled each retry (default 1000 ms). */
    backoffMs?: number;
    /** Longest backoff delay (default 16 s). */
    maxBackoffMs?: number;
    /**
     * Longest wait for a rate-limit reset (default 90 s); a longer one fails
     * with the reset time in the hint.
     */
    maxRateLimitWaitMs?: number;
    /** How many 429s in a row are waited out (default 5). */
    maxRateLimitRetries?: number;
    /** Largest file and record, in bytes (default Zenodo's 50 GB). */
    maxFileBytes?: number;
    /** Most files per record (default Zenodo's 100). */
    maxFiles?: number;
    /**
     * Longest wait for an answer's headers (default 120 s; 0 for none);
     * longer counts as a network error. Not applied to uploads.
     */
    timeoutMs?: number;
    /**
     * Upload with XMLHttpRequest (which reports progress): `true`, `false`,
     * or a factory. Default: when XMLHttpRequest exists and no `fetch` was
     * given.
     */
    xhr?: boolean | (() => XMLHttpRequest);
  }

  /**
   * Trim whitespace, trailing slashes and a trailing `/api`, so that
   * `https://zenodo.org/api/` and `https://zenodo.org` mean the same.
   */
  export function normaliseBaseUrl(url: string): string {
    return url
      .trim()
      .replace(/\/+$/, '')
      .replace(/\/api$/, '');
  }
}

function depositionId(id: DepositionRef): string {
  return typeof id === 'object' ? String(id.id) : String(id);
}

function withParams(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) {
    parsed.searchParams.set(key, value);
  }
  return parsed.toString();
}
