/**
 * The folder badges' state: rules from settings plus hub groups, the DOI
 * index and the newer versions of artifacts.
 *
 * @packageDocumentation
 * @module badges/folders
 */
import { SCHEMA_DEFAULTS } from '../schemas';
import { ISignal, Signal } from '@lumino/signaling';

import type { IFolderBadges } from '../tokens';
import { ArtifactFolderIndex, IArtifactSource } from './artifacts';
import { LatestLookup, NewerVersions } from './versions';
import {
  IHubGroupFolders,
  ISharedFolderRule,
  SharedFolderRules
} from './rules';

/**
 * The `badges` settings.
 */
export interface IBadgeSettings {
  rules: ISharedFolderRule[];
  hubGroupTemplate: string;
  hubGroupReadOnly: string[];
  showLocks: boolean;
  showArtifacts: boolean;
  probeChildFolders: number;
}

/**
 * Defaults: schema/badges.json's, read at build time.
 */
export const DEFAULT_BADGE_SETTINGS: IBadgeSettings = {
  ...SCHEMA_DEFAULTS.badges,
  rules: [],
  hubGroupReadOnly: [...SCHEMA_DEFAULTS.badges.hubGroupReadOnly]
};

/**
 * Implementation of {@link IFolderBadges}.
 */
export class FolderBadges implements IFolderBadges {
  /**
   * @param source - how to list folders and read their CITATION.cff.
   * @param latest - how to find an artifact's newest version.
   * @param options - `localPath` removes a drive's prefix (`RTC:`) from a
   *   path, as the Contents manager's `localPath` does; without it paths are
   *   taken as they are.
   */
  constructor(
    source: IArtifactSource,
    latest: LatestLookup,
    options: { localPath?: (path: string) => string } = {}
  ) {
    this._localPath = options.localPath ?? (path => path);
    this.artifacts = new ArtifactFolderIndex(source);
    this.artifacts.changed.connect(() => this._changed.emit());
    this.versions = new NewerVersions(latest);
    this.versions.changed.connect(() => this._changed.emit());
  }

  /**
   * Which folders are artifacts.
   */
  readonly artifacts: ArtifactFolderIndex;

  /**
   * The newest versions of the artifacts seen.
   */
  readonly versions: NewerVersions;

  get settings(): IBadgeSettings {
    return this._settings;
  }

  get showLocks(): boolean {
    return this._settings.showLocks;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  sharedFolderOf(path: string): IFolderBadges.ISharedMatch | null {
    return this._rules.match(this._localPath(path));
  }

  doiOf(path: string): string | null {
    return this._settings.showArtifacts ? this.artifacts.doiOf(path) : null;
  }

  newerVersionOf(path: string): IFolderBadges.INewerVersion | null {
    const doi = this.doiOf(path);
    return doi ? this.versions.newerThan(doi) : null;
  }

  observe(
    folder: string,
    entries: Iterable<IFolderBadges.IListingEntry>,
    signal?: AbortSignal
  ): Promise<void> {
    if (!this._settings.showArtifacts) {
      return Promise.resolve();
    }
    return this.artifacts.observe(folder, entries, signal);
  }

  checkNewerVersions(paths: Iterable<string>): void {
    for (const path of paths) {
      const doi = this.doiOf(path);
      if (doi) {
        void this.versions.check({
          doi,
          conceptDoi: this.artifacts.conceptDoiOf(path)
        });
      }
    }
  }

  /**
   * Apply (composite) settings.
   */
  updateSettings(settings: Partial<IBadgeSettings>): void {
    this._settings = { ...DEFAULT_BADGE_SETTINGS, ...settings };
    this.artifacts.probeLimit = this._settings.showArtifacts
      ? this._settings.probeChildFolders
      : 0;
    this._rebuild();
  }

  /**
   * Apply the user's hub groups (null outside JupyterHub).
   */
  updateHubGroups(groups: string[] | null): void {
    this._hubGroups = groups;
    this._rebuild();
  }

  private _rebuild(): void {
    const hub: IHubGroupFolders | null = this._hubGroups
      ? {
          groups: this._hubGroups,
          template: this._settings.hubGroupTemplate,
          readOnly: this._settings.hubGroupReadOnly
        }
      : null;
    this._rules = new SharedFolderRules(this._settings.rules, hub);
    this._changed.emit();
  }

  private _settings: IBadgeSettings = DEFAULT_BADGE_SETTINGS;
  private readonly _localPath: (path: string) => string;
  private _hubGroups: string[] | null = null;
  private _rules = new SharedFolderRules();
  private _changed = new Signal<this, void>(this);
}
