/**
 * Catalogue sources: where artifacts are listed. A new kind of source is one
 * new class implementing {@link CatalogueSource}, plus one line in
 * {@link createSource}.
 *
 * @packageDocumentation
 * @module catalogue/sources
 */
import {
  Artifact,
  ArtifactFile,
  hasMalformedPercent,
  isRecordId,
  normaliseRecord,
  parseDoi,
  recordIdFromUrl,
  TransferOptions,
  ZenodoClient
} from '../zenodo';
import { CatalogueError } from './errors';

/**
 * How results are ordered.
 */
export type SortKey = 'bestmatch' | 'newest' | 'mostviewed' | 'mostdownloaded';

/**
 * All sort orders, in the order a person sees them.
 */
export const SORT_KEYS: SortKey[] = [
  'bestmatch',
  'newest',
  'mostviewed',
  'mostdownloaded'
];

/**
 * A search request to a source.
 */
export interface ICatalogueQuery {
  /** Free text; for Zenodo sources its query syntax passes through. */
  q: string;
  sort: SortKey;
  /** Resource type, e.g. `dataset`, `software`; empty for any. */
  type?: string;
  /** Keyword the artifacts must carry; empty for any. */
  keyword?: string;
  /** 1-based page. */
  page: number;
  /** Results per page (a source may lower it to its limit). */
  size: number;
  signal?: AbortSignal;
  /**
   * Told when the search waits for the server's rate limit (Zenodo's search
   * budget), with when it will try again (epoch ms).
   */
  onWait?: (retryAt: number) => void;
}

/**
 * One page of results.
 */
export interface ICataloguePage {
  total: number;
  hits: Artifact[];
  /** The page size the source actually used. */
  size: number;
}

/**
 * What a launch link names: a DOI, a record id, or a record URL.
 */
export type ArtifactRef =
  | { kind: 'doi'; doi: string }
  | { kind: 'id'; id: string }
  | { kind: 'url'; url: string };

/**
 * A place artifacts are listed: a Zenodo community or query, a static
 * index, or anything else that can list, read and download artifacts.
 */
export interface ICatalogueSource {
  /** Stable id (from settings). */
  readonly id: string;
  /** Name shown in the source switcher. */
  readonly label: string;
  /** Largest page this source serves. */
  readonly maxPageSize: number;
  /** Search or list artifacts. */
  search(query: ICatalogueQuery): Promise<ICataloguePage>;
  /** Read one artifact by id. */
  get(id: string, signal?: AbortSignal): Promise<Artifact>;
  /** All versions of an artifact, newest first (just itself when unknown). */
  versions(artifact: Artifact, signal?: AbortSignal): Promise<Artifact[]>;
  /** Find the artifact a launch link names, or throw saying why not. */
  resolve(ref: ArtifactRef, signal?: AbortSignal): Promise<Artifact>;
  /** Download one file of an artifact with progress. */
  download(file: ArtifactFile, options: TransferOptions): Promise<Blob>;
}

/**
 * The name the catalogue's contract gives the source interface.
 */
export type CatalogueSource = ICatalogueSource;

/**
 * A source as configured in settings.
 */
export interface ISourceConfig {
  /** Stable id, unique among sources. */
  id: string;
  /** Name shown in the switcher. */
  label: string;
  /** `zenodo` (a community and/or query) or `index` (a static JSON index). */
  kind: 'zenodo' | 'index';
  /** Zenodo community identifier; empty for all of Zenodo. */
  community?: string;
  /** Zenodo query always added to the user's, e.g. `keywords:chameleon`. */
  query?: string;
  /** URL of a static index (absolute or relative to JupyterLab's page). */
  url?: string;
}

/**
 * Parse a launch-link value: a DOI (`10.5281/zenodo.123`, `doi:…`,
 * `https://doi.org/…`), a record URL (`…/records/123`, `…/record/123`) or a
 * bare record id. Returns null for anything else.
 */
export function parseArtifactRef(value: string): ArtifactRef | null {
  const text = value.trim();
  if (!text || hasMalformedPercent(text)) {
    // A "%" that starts no escape cannot be read back (see the plugin's message).
    return null;
  }
  const doi = parseDoi(text);
  if (doi) {
    return { kind: 'doi', doi };
  }
  if (isRecordId(text)) {
    return { kind: 'id', id: text };
  }
  if (/^https?:\/\//i.test(text)) {
    return { kind: 'url', url: text };
  }
  return null;
}

/**
 * A Zenodo community and/or query.
 */
export class ZenodoSource implements CatalogueSource {
  constructor(
    readonly client: ZenodoClient,
    readonly config: ISourceConfig,
    readonly hasToken: boolean
  ) {
    this.id = config.id;
    this.label = config.label;
  }

  readonly id: string;
  readonly label: string;

  get maxPageSize(): number {
    // Zenodo's limits: 25 a page anonymously, 100 with a token.
    return this.hasToken ? 100 : 25;
  }

  async search(query: ICatalogueQuery): Promise<ICataloguePage> {
    const size = Math.min(this.maxPageSize, query.size);
    const parts = [this.config.query, query.q]
      .map(p => (p ?? '').trim())
      .filter(p => p)
      .map(p => (p.includes(' OR ') ? `(${p})` : p));
    if (query.keyword) {
      parts.push(`keywords:"${query.keyword.replace(/"/g, '\\"')}"`);
    }
    const result = await this.client.searchRecords({
      q: parts.join(' AND '),
      community: this.config.community || undefined,
      type: query.type || undefined,
      sort: Private.zenodoSort(query.sort, parts.length > 0),
      page: query.page,
      size,
      signal: query.signal,
      onRetry: info => {
        if (info.reason === 'rate-limit') {
          query.onWait?.(info.retryAt);
        }
      }
    });
    return { total: result.total, hits: result.hits, size };
  }

  get(id: string, signal?: AbortSignal): Promise<Artifact> {
    return this.client.getRecord(id, { signal });
  }

  async versions(
    artifact: Artifact,
    signal?: AbortSignal
  ): Promise<Artifact[]> {
    const result = await this.client.getVersions(artifact, {
      size: this.maxPageSize,
      signal
    });
    return [...result.hits].sort((a, b) =>
      (b.publicationDate ?? '').localeCompare(a.publicationDate ?? '')
    );
  }

  async resolve(ref: ArtifactRef, signal?: AbortSignal): Promise<Artifact> {
    if (ref.kind === 'id') {
      // Also takes new-style ids (`abcde-12345`) that the client's reference
      // parser leaves to record URLs.
      return this.get(ref.id, signal);
    }
    // The client knows Zenodo's record URLs and how a version or concept DOI
    // is found; its errors carry a hint a person can act on.
    return this.client.resolveRecord(ref.kind === 'url' ? ref.url : ref.doi, {
      signal
    });
  }

  download(file: ArtifactFile, options: TransferOptions): Promise<Blob> {
    return this.client.downloadFile(file, options);
  }
}

/**
 * The format of a static index (see docs/catalogue.md):
 * `{ "title"?: string, "artifacts": [ record, … ] }`, where each record is a
 * Zenodo record in any of its JSON shapes or an artifact in this extension's
 * own shape (id, title, creators, files with key/size/downloadUrl, …).
 */
export interface IStaticIndex {
  title?: string;
  artifacts: unknown[];
}

/**
 * The largest static index read, in bytes: reading stops at once beyond it.
 */
export const MAX_INDEX_BYTES = 50 * 1024 * 1024;

/**
 * Read a response's text, stopping (and cancelling the transfer) as soon as
 * it passes `max` bytes rather than buffering whatever a server sends.
 */
async function readCapped(
  response: Response,
  max: number,
  url: string
): Promise<string> {
  if (!response.body) {
    return response.text();
  }
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    loaded += value.byteLength;
    if (loaded > max) {
      await reader.cancel().catch(() => undefined);
      const mib = Math.round(max / 1024 / 1024);
      throw new CatalogueError(
        { code: 'index-too-large', url, mib },
        `The catalogue index ${url} is larger than ${mib} MiB; reading stopped.`
      );
    }
    parts.push(value);
  }
  const all = new Uint8Array(loaded);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * A static JSON index an admin publishes: searched, sorted and paged here.
 */
export class StaticIndexSource implements CatalogueSource {
  constructor(
    readonly config: ISourceConfig,
    readonly fetchImpl: typeof fetch = (...args) => fetch(...args)
  ) {
    this.id = config.id;
    this.label = config.label;
  }

  readonly id: string;
  readonly label: string;
  readonly maxPageSize = 100;

  async search(query: ICatalogueQuery): Promise<ICataloguePage> {
    const all = await this.load(query.signal);
    const words = query.q
      .toLowerCase()
      .split(/\s+/)
      .filter(w => w);
    const matches = all.filter(a => {
      if (query.type && a.resourceType?.type !== query.type) {
        return false;
      }
      if (
        query.keyword &&
        !a.keywords.some(k => k.toLowerCase() === query.keyword!.toLowerCase())
      ) {
        return false;
      }
      const text = [
        a.title,
        a.description ?? '',
        a.doi ?? '',
        ...a.keywords,
        ...a.creators.map(c => c.name)
      ]
        .join(' ')
        .toLowerCase();
      return words.every(w => text.includes(w));
    });
    const sorted = Private.sortLocally(matches, query.sort, words);
    const size = Math.min(this.maxPageSize, query.size);
    const start = (query.page - 1) * size;
    return {
      total: sorted.length,
      hits: sorted.slice(start, start + size),
      size
    };
  }

  async get(id: string, signal?: AbortSignal): Promise<Artifact> {
    const found = (await this.load(signal)).find(a => a.id === id);
    if (!found) {
      throw new CatalogueError(
        { code: 'index-no-artifact', index: this.label, id },
        `The index "${this.label}" has no artifact ${id}.`
      );
    }
    return found;
  }

  async versions(
    artifact: Artifact,
    signal?: AbortSignal
  ): Promise<Artifact[]> {
    const all = await this.load(signal);
    const same = artifact.conceptRecId
      ? all.filter(a => a.conceptRecId === artifact.conceptRecId)
      : [artifact];
    return same.sort((a, b) =>
      (b.publicationDate ?? '').localeCompare(a.publicationDate ?? '')
    );
  }

  async resolve(ref: ArtifactRef, signal?: AbortSignal): Promise<Artifact> {
    const all = await this.load(signal);
    const found = all.find(a =>
      ref.kind === 'doi'
        ? a.doi?.toLowerCase() === ref.doi.toLowerCase() ||
          a.conceptDoi?.toLowerCase() === ref.doi.toLowerCase()
        : ref.kind === 'id'
          ? a.id === ref.id
          : a.links.html === ref.url || a.id === recordIdFromUrl(ref.url)
    );
    if (!found) {
      throw new CatalogueError(
        { code: 'index-not-listed', index: this.label },
        `The index "${this.label}" does not list this artifact.`
      );
    }
    return found;
  }

  async download(file: ArtifactFile, options: TransferOptions): Promise<Blob> {
    const response = await this.fetchImpl(file.downloadUrl, {
      signal: options.signal,
      credentials: 'omit'
    });
    if (!response.ok || !response.body) {
      throw new CatalogueError(
        {
          code: 'download-failed',
          key: file.key,
          status: response.status,
          statusText: response.statusText
        },
        `Downloading ${file.key} failed: ${response.status} ${response.statusText}.`
      );
    }
    const total = Number(response.headers.get('Content-Length')) || file.size;
    const reader = response.body.getReader();
    const parts: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      parts.push(value);
      loaded += value.byteLength;
      if (file.size > 0 && loaded > file.size) {
        // Stop reading at once: a file larger than the index says is
        // refused, not buffered whole first.
        await reader.cancel().catch(() => undefined);
        throw new CatalogueError(
          { code: 'download-larger', key: file.key, size: file.size },
          `${file.key} is larger than its record says (${file.size} bytes); the download was stopped.`
        );
      }
      options.onProgress?.(loaded, total);
    }
    return new Blob(parts as BlobPart[]);
  }

  /**
   * Load (once) and normalise the index.
   */
  async load(signal?: AbortSignal): Promise<Artifact[]> {
    if (!this._artifacts) {
      this._artifacts = (async () => {
        const url = new URL(this.config.url ?? '', document.baseURI).href;
        const response = await this.fetchImpl(url, {
          signal,
          credentials: 'omit'
        });
        if (!response.ok) {
          throw new CatalogueError(
            {
              code: 'index-unreadable',
              url,
              status: response.status,
              statusText: response.statusText
            },
            `The catalogue index ${url} could not be read: ${response.status} ${response.statusText}.`
          );
        }
        const text = await readCapped(response, MAX_INDEX_BYTES, url);
        let body: IStaticIndex;
        try {
          body = JSON.parse(text) as IStaticIndex;
        } catch (reason) {
          const detail = (reason as Error).message;
          throw new CatalogueError(
            { code: 'index-not-json', url, detail },
            `The catalogue index ${url} is not valid JSON (${detail}).`
          );
        }
        if (!body || !Array.isArray(body.artifacts)) {
          throw new CatalogueError(
            { code: 'index-no-list', url },
            `The catalogue index ${url} has no "artifacts" list (see the catalogue documentation for its format).`
          );
        }
        return body.artifacts.map(raw => Private.fromIndex(raw, url));
      })();
      this._artifacts.catch(() => (this._artifacts = null));
    }
    return this._artifacts;
  }

  private _artifacts: Promise<Artifact[]> | null = null;
}

/**
 * `value` as an absolute `http:` or `https:` URL (resolved against `base`
 * when given), or undefined for anything else: the only links the catalogue
 * puts in an `href`.
 */
export function webLink(value: unknown, base?: string): string | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    return undefined;
  }
  let url: URL;
  try {
    url = base ? new URL(value, base) : new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? url.href
    : undefined;
}

/**
 * Make the source a configuration describes.
 */
export function createSource(
  config: ISourceConfig,
  deps: { zenodo: ZenodoClient; hasToken: boolean; fetch?: typeof fetch }
): CatalogueSource {
  switch (config.kind) {
    case 'index':
      return new StaticIndexSource(config, deps.fetch);
    case 'zenodo':
    default:
      return new ZenodoSource(deps.zenodo, config, deps.hasToken);
  }
}

/**
 * Module-private helpers.
 */
namespace Private {
  /**
   * Zenodo's names for our sort orders. Without a query "best match" means
   * nothing to Zenodo, so the newest come first.
   */
  export function zenodoSort(sort: SortKey, hasQuery: boolean): string {
    switch (sort) {
      case 'newest':
        return 'newest';
      case 'mostviewed':
        return 'mostviewed';
      case 'mostdownloaded':
        return 'mostdownloaded';
      default:
        return hasQuery ? 'bestmatch' : 'newest';
    }
  }

  /**
   * Sort an index's artifacts; best match counts query words in the title.
   */
  export function sortLocally(
    list: Artifact[],
    sort: SortKey,
    words: string[]
  ): Artifact[] {
    const by = (f: (a: Artifact) => number) =>
      [...list].sort((a, b) => f(b) - f(a));
    const date = (a: Artifact) => Date.parse(a.publicationDate ?? '') || 0;
    switch (sort) {
      case 'mostviewed':
        return by(a => a.stats?.views ?? 0);
      case 'mostdownloaded':
        return by(a => a.stats?.downloads ?? 0);
      case 'newest':
        return by(date);
      default:
        if (!words.length) {
          return by(date);
        }
        return by(
          a =>
            words.filter(w => a.title.toLowerCase().includes(w)).length * 1e13 +
            date(a) / 1e3
        );
    }
  }

  /**
   * Normalise one index entry: a Zenodo record (any shape) or an artifact
   * already in our shape. Relative download URLs resolve against the index.
   */
  export function fromIndex(raw: unknown, indexUrl: string): Artifact {
    const record = raw as any;
    const artifact: Artifact =
      record &&
      Array.isArray(record.files) &&
      'title' in record &&
      !('metadata' in record)
        ? {
            creators: [],
            keywords: [],
            communities: [],
            links: { html: '' },
            ...record,
            id: String(record.id),
            files: record.files.map((f: any) => ({
              ...f,
              downloadUrl: f.downloadUrl ?? f.url ?? f.key
            }))
          }
        : normaliseRecord(raw);
    // An index is anyone's JSON: its links become hrefs, so only web links
    // survive (no javascript:, data: or other schemes).
    const links: Record<string, string> = { html: '' };
    for (const [key, value] of Object.entries(artifact.links ?? {})) {
      const safe = webLink(value, indexUrl);
      if (safe) {
        links[key] = safe;
      }
    }
    return {
      ...artifact,
      links: links as Artifact['links'],
      files: artifact.files.map(f => ({
        ...f,
        downloadUrl: new URL(f.downloadUrl, indexUrl).href
      }))
    };
  }
}
