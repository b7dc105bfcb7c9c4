/**
 * The catalogue's state: the chosen source, the search, the page of
 * results, the artifact shown in detail, and the import under way. It knows
 * nothing of the DOM; the panel renders it and sends intents.
 *
 * @packageDocumentation
 * @module catalogue/model
 */
import { ISignal, Signal } from '@lumino/signaling';

import { Artifact, ZenodoError } from '../zenodo';
import { CatalogueError } from './errors';
import { ImportWorkflow } from './import';
import {
  ArtifactRef,
  CatalogueSource,
  ICatalogueQuery,
  SortKey
} from './sources';

/**
 * Wait after the last keystroke before searching.
 */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * How long a page of results is reused for the same search (no request).
 */
export const SEARCH_CACHE_MS = 5 * 60 * 1000;

/** Most pages kept in the cache. */
const SEARCH_CACHE_SIZE = 100;

/**
 * Loading state of a part of the panel. `waiting`: the search waits for
 * Zenodo's search budget (see `waitUntil`).
 */
export type LoadStatus = 'idle' | 'loading' | 'waiting' | 'ready' | 'error';

/**
 * Starts an import of an artifact (the plugin supplies it: it knows the
 * file browser, the Contents API and the settings).
 */
export type ImportStarter = (
  artifact: Artifact,
  source: CatalogueSource
) => ImportWorkflow;

/**
 * The catalogue's state and intents.
 */
export class CatalogueModel {
  constructor(options: { startImport: ImportStarter; pageSize?: number }) {
    this._startImport = options.startImport;
    this._pageSize = options.pageSize ?? 25;
  }

  /** Emitted on every change. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get sources(): readonly CatalogueSource[] {
    return this._sources;
  }
  get source(): CatalogueSource | null {
    return (
      this._sources.find(s => s.id === this._sourceId) ??
      this._sources[0] ??
      null
    );
  }
  get query(): string {
    return this._query;
  }
  get sort(): SortKey {
    return this._sort;
  }
  get type(): string {
    return this._type;
  }
  get keyword(): string {
    return this._keyword;
  }
  get page(): number {
    return this._page;
  }
  /** The page size in use (the source's limit applied). */
  get pageSize(): number {
    return Math.min(this._pageSize, this.source?.maxPageSize ?? this._pageSize);
  }
  get pageCount(): number {
    return Math.max(1, Math.ceil(this._total / this.pageSize));
  }
  get status(): LoadStatus {
    return this._status;
  }
  /** Why the search failed, in English (for logs). */
  get error(): string {
    return this._error;
  }
  /**
   * Why the search failed, as thrown (`catalogue/words.ts` says it in the
   * person's language).
   */
  get failure(): unknown {
    return this._failure;
  }
  get total(): number {
    return this._total;
  }
  /**
   * While `status` is `waiting`: when the search is tried again (epoch ms).
   */
  get waitUntil(): number {
    return this._status === 'waiting' ? this._waitUntil : 0;
  }
  /** Whether a person can see the results (the panel is shown). */
  get visible(): boolean {
    return this._visible;
  }

  /**
   * Say whether the panel is shown. While it is hidden no search is sent
   * (Zenodo's search budget is small); the latest one asked for is sent when
   * it shows again.
   */
  setVisible(visible: boolean): void {
    this._visible = visible;
    if (visible && this._searchPending) {
      void this._search(true);
    }
  }
  get hits(): readonly Artifact[] {
    return this._hits;
  }

  /** The artifact shown in detail, if any. */
  get selected(): Artifact | null {
    return this._selected;
  }
  get detailStatus(): LoadStatus {
    return this._detailStatus;
  }
  /** Why the artifact could not be shown, in English (for logs). */
  get detailError(): string {
    return this._detailError;
  }
  /** Why the artifact could not be shown, as thrown (see `failure`). */
  get detailFailure(): unknown {
    return this._detailFailure;
  }
  /** Whether the artifact shown came from a launch link. */
  get fromLaunchLink(): boolean {
    return this._fromLaunch;
  }
  /**
   * What the launch link said (its `artifact` value), shown beside the
   * record found: a DOI found through search may name another record than
   * the person expects.
   */
  get launchValue(): string {
    return this._fromLaunch ? this._launchValue : '';
  }
  get versions(): readonly Artifact[] {
    return this._versions;
  }
  get versionsStatus(): LoadStatus {
    return this._versionsStatus;
  }
  /** The import of the artifact shown, if one was started. */
  get importFlow(): ImportWorkflow | null {
    return this._import;
  }

  /**
   * Replace the sources (from settings) and search the first again.
   */
  setSources(sources: CatalogueSource[], pageSize?: number): void {
    this._sources = sources;
    this._cache.clear();
    if (pageSize) {
      this._pageSize = pageSize;
    }
    if (!sources.some(s => s.id === this._sourceId)) {
      this._sourceId = sources[0]?.id ?? '';
    }
    this._page = 1;
    void this._search(true);
  }

  setSource(id: string): void {
    if (id === this._sourceId) {
      return;
    }
    this._sourceId = id;
    this._page = 1;
    void this._search(true);
  }

  /**
   * Set the query text; searches after {@link SEARCH_DEBOUNCE_MS} of quiet.
   */
  setQuery(query: string): void {
    this._query = query;
    this._page = 1;
    this._changed.emit();
    window.clearTimeout(this._debounce);
    this._debounce = window.setTimeout(
      () => void this._search(true),
      SEARCH_DEBOUNCE_MS
    );
  }

  setSort(sort: SortKey): void {
    this._sort = sort;
    this._page = 1;
    void this._search(true);
  }

  setType(type: string): void {
    this._type = type;
    this._page = 1;
    void this._search(true);
  }

  /**
   * Set the keyword filter as typed; searches after
   * {@link SEARCH_DEBOUNCE_MS} of quiet, like the query (an Enter or leaving
   * the field used to be needed, and nobody knew).
   */
  setKeyword(keyword: string): void {
    if (keyword === this._keyword) {
      return;
    }
    this._keyword = keyword;
    this._page = 1;
    this._changed.emit();
    window.clearTimeout(this._debounce);
    this._debounce = window.setTimeout(
      () => void this._search(true),
      SEARCH_DEBOUNCE_MS
    );
  }

  setPage(page: number): void {
    const next = Math.max(1, Math.min(page, this.pageCount));
    if (next !== this._page) {
      this._page = next;
      void this._search(true);
    }
  }

  /**
   * Search now (cancelling a search still running), asking the source again
   * even when the same page was read a moment ago (Retry, refresh).
   */
  search(): Promise<void> {
    return this._search(false);
  }

  /**
   * Read the list afresh (the refresh button, a publish that finished):
   * every page kept from before is dropped, the page shown is asked again.
   */
  refresh(): Promise<void> {
    this._cache.clear();
    return this._search(false);
  }

  /**
   * Search, or show the page read for the same search within
   * {@link SEARCH_CACHE_MS} when `useCache`.
   */
  private async _search(useCache: boolean): Promise<void> {
    window.clearTimeout(this._debounce);
    window.clearTimeout(this._waitTimer);
    const source = this.source;
    this._searchController?.abort();
    if (!source) {
      this._status = 'error';
      this._failure = noSource();
      this._error = describe(this._failure);
      this._changed.emit();
      return;
    }
    if (!this._visible) {
      // Never a search nobody sees: sent when the panel shows.
      this._searchPending = true;
      return;
    }
    this._searchPending = false;
    const key = JSON.stringify([
      source.id,
      this._query.trim(),
      this._sort,
      this._type,
      this._keyword.trim(),
      this._page,
      this.pageSize
    ]);
    const cached = this._cache.get(key);
    if (useCache && cached && Date.now() - cached.at < SEARCH_CACHE_MS) {
      this._hits = cached.hits;
      this._total = cached.total;
      this._status = 'ready';
      this._error = '';
      this._changed.emit();
      return;
    }
    if (Date.now() < this._blockedUntil) {
      // Zenodo said when its search budget comes back: nothing sent before.
      this._status = 'waiting';
      this._waitUntil = this._blockedUntil;
      this._waitTimer = window.setTimeout(
        () => void this._search(true),
        this._blockedUntil - Date.now()
      );
      this._changed.emit();
      return;
    }
    const controller = new AbortController();
    this._searchController = controller;
    this._status = 'loading';
    this._changed.emit();
    const query: ICatalogueQuery = {
      q: this._query,
      sort: this._sort,
      type: this._type,
      keyword: this._keyword.trim(),
      page: this._page,
      size: this.pageSize,
      signal: controller.signal,
      onWait: retryAt => {
        if (!controller.signal.aborted) {
          this._status = 'waiting';
          this._waitUntil = retryAt;
          this._changed.emit();
        }
      }
    };
    try {
      const result = await source.search(query);
      if (controller.signal.aborted) {
        return;
      }
      this._hits = result.hits;
      this._total = result.total;
      this._status = 'ready';
      this._error = '';
      this._cache.delete(key);
      this._cache.set(key, {
        hits: result.hits,
        total: result.total,
        at: Date.now()
      });
      if (this._cache.size > SEARCH_CACHE_SIZE) {
        // Maps iterate in insertion order: the oldest goes first.
        this._cache.delete(this._cache.keys().next().value as string);
      }
    } catch (reason) {
      if (controller.signal.aborted) {
        return;
      }
      if (reason instanceof ZenodoError && reason.kind === 'rate-limited') {
        // The search budget ran out for longer than the client waits: show
        // the wait and search again when it ends, not an error.
        this._status = 'waiting';
        this._waitUntil = reason.retryAt ?? Date.now() + 60000;
        this._blockedUntil = this._waitUntil;
        this._waitTimer = window.setTimeout(
          () => void this._search(true),
          Math.max(1000, this._waitUntil - Date.now())
        );
      } else {
        this._status = 'error';
        this._failure = reason;
        this._error = describe(reason);
      }
    }
    this._changed.emit();
  }

  /**
   * Show an artifact in detail, reading it afresh and listing its versions.
   */
  async select(
    artifact: Artifact,
    options: { fromLaunch?: boolean } = {}
  ): Promise<void> {
    this.resetDetail();
    this._selected = artifact;
    this._fromLaunch = !!options.fromLaunch;
    this._detailStatus = 'ready';
    this._changed.emit();
    void this.loadVersions(artifact);
  }

  /**
   * Show the artifact a launch link names. Nothing is imported until the
   * user clicks Import.
   */
  async openRef(ref: ArtifactRef, linkValue?: string): Promise<void> {
    const source = this.source;
    this.resetDetail();
    this._fromLaunch = true;
    this._launchValue = linkValue ?? refText(ref);
    this._detailStatus = 'loading';
    this._changed.emit();
    if (!source) {
      this._detailStatus = 'error';
      this._detailFailure = noSource();
      this._detailError = describe(this._detailFailure);
      this._changed.emit();
      return;
    }
    const controller = new AbortController();
    this._detailController = controller;
    try {
      const artifact = await source.resolve(ref, controller.signal);
      if (controller.signal.aborted) {
        return;
      }
      await this.select(artifact, { fromLaunch: true });
    } catch (reason) {
      if (controller.signal.aborted) {
        return;
      }
      this._detailStatus = 'error';
      this._detailFailure = reason;
      this._detailError = describe(reason);
      this._changed.emit();
    }
  }

  /**
   * Back from the details to the list.
   */
  back(): void {
    this.resetDetail();
    this._changed.emit();
  }

  /**
   * Import the artifact shown (or one of its versions).
   */
  startImport(artifact?: Artifact): ImportWorkflow | null {
    const target = artifact ?? this._selected;
    const source = this.source;
    if (!target || !source) {
      return null;
    }
    const running = this._import;
    if (running && !['done', 'failed', 'cancelled'].includes(running.phase)) {
      return running;
    }
    running?.changed.disconnect(this.onImportChanged, this);
    const flow = this._startImport(target, source);
    this._import = flow;
    flow.changed.connect(this.onImportChanged, this);
    this._changed.emit();
    return flow;
  }

  /**
   * Stop timers and requests.
   */
  dispose(): void {
    window.clearTimeout(this._debounce);
    window.clearTimeout(this._waitTimer);
    this._searchController?.abort();
    this._detailController?.abort();
    Signal.clearData(this);
  }

  private async loadVersions(artifact: Artifact): Promise<void> {
    const source = this.source;
    if (!source) {
      return;
    }
    const controller = new AbortController();
    this._versionsController = controller;
    this._versionsStatus = 'loading';
    this._changed.emit();
    try {
      const versions = await source.versions(artifact, controller.signal);
      if (controller.signal.aborted) {
        return;
      }
      this._versions = versions.length ? versions : [artifact];
      this._versionsStatus = 'ready';
    } catch {
      if (controller.signal.aborted) {
        return;
      }
      this._versions = [artifact];
      this._versionsStatus = 'error';
    }
    this._changed.emit();
  }

  private resetDetail(): void {
    this._detailController?.abort();
    this._versionsController?.abort();
    this._selected = null;
    this._detailStatus = 'idle';
    this._detailError = '';
    this._versions = [];
    this._versionsStatus = 'idle';
    this._fromLaunch = false;
    const running = this._import;
    if (!running || ['done', 'failed', 'cancelled'].includes(running.phase)) {
      running?.changed.disconnect(this.onImportChanged, this);
      this._import = null;
    }
  }

  private onImportChanged(): void {
    this._changed.emit();
  }

  private _startImport: ImportStarter;
  private _sources: CatalogueSource[] = [];
  private _sourceId = '';
  private _query = '';
  private _sort: SortKey = 'bestmatch';
  private _type = '';
  private _keyword = '';
  private _page = 1;
  private _pageSize: number;
  private _status: LoadStatus = 'idle';
  private _error = '';
  private _failure: unknown = null;
  private _detailFailure: unknown = null;
  private _total = 0;
  private _hits: Artifact[] = [];
  private _selected: Artifact | null = null;
  private _detailStatus: LoadStatus = 'idle';
  private _detailError = '';
  private _fromLaunch = false;
  private _launchValue = '';
  private _versions: Artifact[] = [];
  private _versionsStatus: LoadStatus = 'idle';
  private _import: ImportWorkflow | null = null;
  private _debounce = 0;
  private _waitTimer = 0;
  private _waitUntil = 0;
  private _blockedUntil = 0;
  private _visible = true;
  private _searchPending = false;
  private _cache = new Map<
    string,
    { hits: Artifact[]; total: number; at: number }
  >();
  private _searchController: AbortController | null = null;
  private _detailController: AbortController | null = null;
  private _versionsController: AbortController | null = null;
  private _changed = new Signal<this, void>(this);
}

/** A launch reference as text. */
function refText(ref: ArtifactRef): string {
  return ref.kind === 'doi' ? ref.doi : ref.kind === 'id' ? ref.id : ref.url;
}

/**
 * A sentence for a failure: Zenodo's message and its hint when there is one.
 */
export function describe(reason: unknown): string {
  if (reason instanceof ZenodoError) {
    return [reason.message, reason.hint].filter(s => s).join(' ');
  }
  return (reason as Error)?.message ?? String(reason);
}

function noSource(): CatalogueError {
  return new CatalogueError(
    { code: 'no-source' },
    'No catalogue source is configured.'
  );
}
