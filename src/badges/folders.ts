/**
 * The folder badges' state: rules from settings plus hub groups, the DOI
 * index, and the renderer that draws them.
 *
 * @packageDocumentation
 * @module badges/folders
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { IFolderBadges } from '../tokens';
import { ArtifactFolderIndex, IArtifactSource } from './artifacts';
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
 * Defaults, as in schema/badges.json.
 */
export const DEFAULT_BADGE_SETTINGS: IBadgeSettings = {
  rules: [],
  hubGroupTemplate: 'shared/{group}',
  hubGroupReadOnly: [],
  showLocks: true,
  showArtifacts: true,
  probeChildFolders: 20
};

/**
 * Implementation of {@link IFolderBadges}.
 */
export class FolderBadges implements IFolderBadges {
  constructor(source: IArtifactSource) {
    this.artifacts = new ArtifactFolderIndex(source);
    this.artifacts.changed.connect(() => this._changed.emit());
  }

  readonly artifacts: ArtifactFolderIndex;

  get rules(): SharedFolderRules {
    return this._rules;
  }

  get settings(): IBadgeSettings {
    return this._settings;
  }

  get hubGroups(): string[] | null {
    return this._hubGroups;
  }

  get ready(): Promise<void> {
    return this._ready;
  }

  set ready(value: Promise<void>) {
    this._ready = value;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  sharedFolderOf(path: string) {
    return this._rules.match(path);
  }

  doiOf(path: string): string | null {
    return this._settings.showArtifacts ? this.artifacts.doiOf(path) : null;
  }

  rememberArtifact(path: string, doi: string | null): void {
    this.artifacts.remember(path, doi);
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
  private _hubGroups: string[] | null = null;
  private _rules = new SharedFolderRules();
  private _ready: Promise<void> = Promise.resolve();
  private _changed = new Signal<this, void>(this);
}
