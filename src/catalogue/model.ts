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
 * Loading state of a part of the panel.
 */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

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
  get error(): string {
    return this._error;
  }
  get total(): number {
    return this._total;
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
  get detailError(): string {
    return this._detailError;
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
    if (pageSize) {
      this._pageSize = pageSize;
    }
    if (!sources.some(s => s.id === this._sourceId)) {
      this._sourceId = sources[0]?.id ?? '';
    }
    this._page = 1;
    void this.search();
  }

  setSource(id: string): void {
    if (id === this._sourceId) {
      return;
    }
    this._sourceId = id;
    this._page = 1;
    void this.search();
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
      () => void this.search(),
      SEARCH_DEBOUNCE_MS
    );
  }

  setSort(sort: SortKey): void {
    this._sort = sort;
    this._page = 1;
    void this.search();
  }

  setType(type: string): void {
    this._type = type;
    this._page = 1;
    void this.search();
  }

  setKeyword(keyword: string): void {
    this._keyword = keyword.trim();
    this._page = 1;
    void this.search();
  }

  setPage(page: number): void {
    const next = Math.max(1, Math.min(page, this.pageCount));
    if (next !== this._page) {
      this._page = next;
      void this.search();
    }
  }

  /**
   * Search now (cancelling a search still running).
   */
  async search(): Promise<void> {
    window.clearTimeout(this._debounce);
    const source = this.source;
    this._searchController?.abort();
    if (!source) {
      this._status = 'error';
      this._error = 'No catalogue source is configured.';
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
      keyword: this._keyword,
      page: this._page,
      size: this.pageSize,
      signal: controller.signal
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
    } catch (reason) {
      if (controller.signal.aborted) {
        return;
      }
      this._status = 'error';
      this._error = describe(reason);
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
      this._detailError = 'No catalogue source is configured.';
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
