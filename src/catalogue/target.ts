/**
 * Where imports go: a folder chosen on purpose, not wherever the file
 * browser happens to be. Following the file browser on every import made
 * each import land inside the previous one (the browser shows a new import's
 * folder), so the target is fixed when the catalogue is opened and stays
 * until the person changes it.
 *
 * @packageDocumentation
 * @module catalogue/target
 */
import { ISignal, Signal } from '@lumino/signaling';

/**
 * Where the target came from, most deliberate first.
 */
export type TargetOrigin = 'person' | 'setting' | 'browser';

/**
 * What {@link ImportTarget} needs to know about the server.
 */
export interface IImportTargetOptions {
  /**
   * The folder the file browser shows ('' for the server root).
   */
  browserPath: () => string;
  /**
   * Whether a folder is an artifact (holds a CITATION.cff): imports never
   * go into one without asking.
   */
  isArtifactFolder: (path: string) => Promise<boolean>;
  /**
   * Resolves when the file browser's folder is known (its restore).
   */
  browserReady?: Promise<unknown>;
  /**
   * The folder the page's address opened (a launch link
   * `/lab/tree/<folder>?artifact=…`), or null when there is none or it is
   * unknown. Taken at the first {@link ImportTarget.follow} only: the file
   * browser gets there after the catalogue has opened, so following it then
   * would import at the server root.
   */
  startFolder?: () => Promise<string | null>;
  /**
   * A path without its drive's prefix: the Contents manager's `localPath`,
   * which knows the drives registered (RTC's `RTC:`), so that a folder
   * whose name has a colon (`data:2024`, legal on Linux) keeps it. By
   * default a path is taken as it is.
   */
  localPath?: (path: string) => string;
}

/**
 * The folder imports go into: the person's choice in this session, else the
 * `importRoot` setting, else the folder the file browser showed when the
 * catalogue was opened, moved up out of any artifact folder.
 */
export class ImportTarget {
  constructor(private _options: IImportTargetOptions) {
    this._start = _options.startFolder ?? null;
    this._localPath = _options.localPath ?? (path => path);
  }

  /** Emitted when the path or its origin change. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The folder, as a server path ('' for the server root). */
  get path(): string {
    return this._path;
  }

  /** Where the path came from. */
  get origin(): TargetOrigin {
    return this._origin;
  }

  /**
   * Apply the `importRoot` setting ('' for none). It wins over the file
   * browser, not over a choice the person made in this session.
   */
  setSetting(importRoot: string): void {
    this._setting = this._clean(importRoot);
    if (this._origin === 'person') {
      return;
    }
    if (this._setting) {
      this._generation++;
      this._set(this._setting, 'setting');
    } else if (this._origin === 'setting') {
      void this.follow();
    }
  }

  /**
   * The catalogue was opened: take the file browser's folder, unless the
   * person or the setting chose. An artifact folder (or a folder inside
   * one) gives way to the nearest folder above it that is none.
   */
  async follow(): Promise<void> {
    if (this._origin === 'person' || this._setting) {
      return;
    }
    const generation = ++this._generation;
    const start = this._start;
    this._start = null;
    let wanted: string | null = null;
    if (start) {
      try {
        wanted = await start();
      } catch {
        wanted = null;
      }
    }
    if (wanted === null) {
      wanted = await this._browserFolder();
    }
    const path = await this._outsideArtifacts(this._clean(wanted));
    if (generation === this._generation) {
      this._set(path, 'browser');
    }
  }

  /**
   * The file browser's folder once it is known.
   */
  private async _browserFolder(): Promise<string> {
    // Notebook 7's tree view never restores the default file browser's
    // model, so `restored` may not resolve: wait for it a little at most.
    await Promise.race([
      this._options.browserReady,
      new Promise(resolve => setTimeout(resolve, 1000))
    ]);
    return this._options.browserPath();
  }

  /**
   * The person chose a folder (the caller has asked about an artifact
   * folder already).
   */
  choose(path: string): void {
    this._generation++;
    this._set(this._clean(path), 'person');
  }

  /**
   * Whether `path` is an artifact folder or inside one.
   */
  async inArtifact(path: string): Promise<boolean> {
    const wanted = this._clean(path);
    return (await this._outsideArtifacts(wanted)) !== wanted;
  }

  /**
   * The longest leading part of `path` with no artifact folder in it.
   */
  private async _outsideArtifacts(path: string): Promise<string> {
    const parts = path ? path.split('/') : [];
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      let artifact = false;
      try {
        artifact = await this._options.isArtifactFolder(prefix);
      } catch {
        // An unreadable folder is no place to import into either.
        artifact = true;
      }
      if (artifact) {
        return parts.slice(0, i - 1).join('/');
      }
    }
    return path;
  }

  /**
   * A server path without a drive's prefix or leading and trailing slashes.
   */
  private _clean(path: string): string {
    return this._localPath(path).replace(/^\/+|\/+$/g, '');
  }

  private _set(path: string, origin: TargetOrigin): void {
    if (path === this._path && origin === this._origin) {
      return;
    }
    this._path = path;
    this._origin = origin;
    this._changed.emit();
  }

  private _path = '';
  private _origin: TargetOrigin = 'browser';
  private _setting = '';
  private _generation = 0;
  private _start: (() => Promise<string | null>) | null;
  private _localPath: (path: string) => string;
  private _changed = new Signal<this, void>(this);
}
