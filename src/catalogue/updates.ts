/**
 * The state behind "you imported this before" and "Update to v2": which
 * folder holds a copy of the artifact shown, which newer version is offered,
 * and the update under way. It knows nothing of the DOM; the panel renders
 * it (`updateview.tsx`) and sends intents.
 *
 * #### Notes
 * Looking for a copy only reads (listings and CITATION.cff files); nothing
 * is written until the user clicks Update and then Apply.
 *
 * @packageDocumentation
 * @module catalogue/updates
 */
import { ISignal, Signal } from '@lumino/signaling';

import { bareDoi } from '../workspace/citation';
import { IExtractionLimits } from '../workspace/extract';
import { ContentsWriter } from '../workspace/write';
import { Artifact } from '../zenodo';
import { ILaunchRequest } from './launch';
import { CatalogueModel } from './model';
import { findPreviousImports, IPreviousImport, matchFolder } from './previous';
import { UpdateWorkflow } from './updateflow';

/**
 * What {@link UpdatesModel} needs from the plugin.
 */
export interface IUpdatesOptions {
  catalogue: CatalogueModel;
  contents: ContentsWriter;
  /** Where imports usually go (server path). */
  destination: () => string;
  maxBytes: () => number;
  limits: () => IExtractionLimits;
}

/**
 * Copies imported before, newer versions, and updates.
 */
export class UpdatesModel {
  constructor(options: IUpdatesOptions) {
    this._options = options;
    options.catalogue.changed.connect(this.onCatalogueChanged, this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  /** What the launch link asked for, while its artifact is shown. */
  get request(): ILaunchRequest | null {
    return this._request;
  }
  /** 'checking' while looking for a copy; 'done' once looked. */
  get status(): 'idle' | 'checking' | 'done' {
    return this._status;
  }
  /** The folder holding a copy of the artifact shown, if one was found. */
  get previous(): IPreviousImport | null {
    return this._previous;
  }
  /** The version the copy holds, when it is among the versions known. */
  get previousVersion(): Artifact | null {
    return this._previousVersion;
  }
  /** A newer version to update the copy to, if any. */
  get offer(): Artifact | null {
    return this._offer;
  }
  /** The update under way or finished. */
  get update(): UpdateWorkflow | null {
    return this._update;
  }

  /**
   * Remember what a launch link asked for; it applies to the artifact the
   * catalogue shows next from the link.
   */
  setRequest(request: ILaunchRequest | null): void {
    this._request = request;
    this._checkedFor = '';
    this._changed.emit();
  }

  /**
   * The folder a person pointed at (a DOI badge's or folder row's "Update
   * to vN…"): the next artifact shown looks there first for a copy, whatever
   * the folder is called and wherever it is. `null` forgets it.
   */
  setFolder(folder: string | null): void {
    if (folder === this._folder) {
      return;
    }
    this._folder = folder;
    this._checkedFor = '';
    this._changed.emit();
  }

  /**
   * Where an import of the artifact shown goes: the link's `into` while the
   * link's artifact is shown, else the usual place.
   */
  destination(): string {
    const into = this.activeRequest()?.into;
    return into ?? this._options.destination();
  }

  /**
   * The file a link asked to open in an imported folder (server path), if
   * any.
   */
  fileToOpen(folder: string): string | null {
    const open = this.activeRequest()?.open;
    return open ? `${folder}/${open}` : null;
  }

  /**
   * Start the update of the copy found to `target` (the offer by default):
   * downloads both versions and plans; writes nothing.
   */
  async prepare(target?: Artifact): Promise<void> {
    const to = target ?? this._offer;
    const from = this._previousVersion;
    const previous = this._previous;
    const source = this._options.catalogue.source;
    if (!to || !from || !previous || !source) {
      return;
    }
    if (this._update && !Private.ended(this._update)) {
      return;
    }
    const flow = new UpdateWorkflow({
      folder: previous.folder,
      from,
      to,
      download: (file, options) => source.download(file, options),
      contents: this._options.contents,
      maxBytes: this._options.maxBytes(),
      limits: this._options.limits()
    });
    this._update = flow;
    flow.changed.connect(() => this._changed.emit());
    this._changed.emit();
    await flow.prepare().catch(() => undefined);
  }

  /**
   * Apply the prepared update; afterwards the copy holds the new version.
   */
  async apply(): Promise<void> {
    const flow = this._update;
    if (!flow || flow.phase !== 'planned') {
      return;
    }
    try {
      await flow.apply();
    } catch {
      return; // The flow keeps the error for the view.
    }
    if (this._previous) {
      this._previous = {
        ...this._previous,
        doi: flow.to.doi ?? this._previous.doi,
        version: flow.to.version
      };
      this._previousVersion = flow.to;
      this._offer = null;
      this._changed.emit();
    }
  }

  /**
   * Look again when the usual place for imports changed (the import target
   * moved: the person chose another folder, or it was first set) and no copy
   * was found where it was.
   */
  recheck(): void {
    // A look still under way used the old place: start it again too.
    if (this._status !== 'idle' && !this._previous && this._checkedFor) {
      this._checkedFor = '';
      this.onCatalogueChanged();
    }
  }

  /** Put a prepared update aside (nothing was written). */
  discard(): void {
    if (this._update && this._update.phase === 'planned') {
      this._update = null;
      this._changed.emit();
    }
  }

  dispose(): void {
    this._controller?.abort();
    Signal.clearData(this);
  }

  private activeRequest(): ILaunchRequest | null {
    const catalogue = this._options.catalogue;
    return catalogue.fromLaunchLink ? this._request : null;
  }

  private onCatalogueChanged(): void {
    const catalogue = this._options.catalogue;
    const artifact = catalogue.selected;
    if (!artifact) {
      if (this._checkedFor) {
        this.reset();
      }
      return;
    }
    // Look once per artifact shown, once its versions are known (the copy
    // may hold any of them).
    const ready = ['ready', 'error'].includes(catalogue.versionsStatus);
    const key = `${artifact.conceptRecId ?? artifact.id}|${catalogue.fromLaunchLink}|${this._folder ?? ''}`;
    if (!ready || this._checkedFor === key) {
      return;
    }
    this.reset();
    this._checkedFor = key;
    void this.check(artifact, [...catalogue.versions]);
  }

  private reset(): void {
    this._controller?.abort();
    this._checkedFor = '';
    this._status = 'idle';
    this._previous = null;
    this._previousVersion = null;
    this._offer = null;
    if (this._update && Private.ended(this._update)) {
      this._update = null;
    }
    this._changed.emit();
  }

  private async check(artifact: Artifact, versions: Artifact[]): Promise<void> {
    const controller = new AbortController();
    this._controller = controller;
    this._status = 'checking';
    this._changed.emit();
    const places = [this.destination(), this._options.destination()];
    let found: IPreviousImport[] = [];
    try {
      const pointed = this._folder
        ? await matchFolder(
            this._options.contents,
            this._folder,
            artifact,
            versions.map(v => v.doi ?? '')
          ).catch(() => null)
        : null;
      found = pointed
        ? [pointed]
        : await findPreviousImports(
            this._options.contents,
            places,
            artifact,
            versions.map(v => v.doi ?? ''),
            {
              signal: controller.signal,
              onlyUsualNames: !this._options.catalogue.fromLaunchLink
            }
          );
    } catch {
      found = [];
    }
    if (controller.signal.aborted) {
      return;
    }
    const previous = found[0] ?? null;
    this._previous = previous;
    this._status = 'done';
    if (previous) {
      const same = (v: Artifact) =>
        bareDoi(v.doi)?.toLowerCase() === previous.doi.toLowerCase();
      // Versions come newest first.
      const held = versions.findIndex(same);
      this._previousVersion = held >= 0 ? versions[held] : null;
      if (held > 0) {
        // The link's own version when it is newer than the copy; else the
        // newest.
        const shown = versions.findIndex(v => v.id === artifact.id);
        this._offer =
          this._options.catalogue.fromLaunchLink && shown >= 0 && shown < held
            ? versions[shown]
            : versions[0];
      }
    }
    this._changed.emit();
  }

  private _options: IUpdatesOptions;
  private _request: ILaunchRequest | null = null;
  private _folder: string | null = null;
  private _status: 'idle' | 'checking' | 'done' = 'idle';
  private _previous: IPreviousImport | null = null;
  private _previousVersion: Artifact | null = null;
  private _offer: Artifact | null = null;
  private _update: UpdateWorkflow | null = null;
  private _checkedFor = '';
  private _controller: AbortController | null = null;
  private _changed = new Signal<this, void>(this);
}

/**
 * The Contents API with one difference: the folder a link named as the
 * import's target is created (parents first) the first time it is listed
 * and missing, so an import into a new course folder works. Only used
 * after the user clicked Import.
 */
export function creatingTarget<T extends ContentsWriter>(
  contents: T,
  target: string
): T {
  const get: ContentsWriter['get'] = async (path, options) => {
    try {
      return await contents.get(path, options);
    } catch (reason) {
      const status = (reason as { response?: { status?: number } }).response
        ?.status;
      if (status !== 404 || !target || path !== target) {
        throw reason;
      }
      const parts = target.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const folder = parts.slice(0, i).join('/');
        try {
          await contents.get(folder, { content: false });
        } catch {
          await contents.save(folder, { type: 'directory' });
        }
      }
      return contents.get(path, options);
    }
  };
  // Every other method is the Contents API's own, bound to it.
  return new Proxy(contents, {
    get: (object, key) => {
      if (key === 'get') {
        return get;
      }
      const value = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    }
  });
}

namespace Private {
  export function ended(flow: UpdateWorkflow): boolean {
    return ['planned', 'done', 'failed', 'cancelled'].includes(flow.phase);
  }
}
