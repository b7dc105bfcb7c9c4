/**
 * Public tokens and interfaces other extensions may use.
 *
 * @packageDocumentation
 * @module tokens
 */
import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

import type { Companion, CompanionJob } from './workspace/companion';

/**
 * The Zenodo connection a deployment configured: where Zenodo is, which
 * community it uses, and the user's token for this session.
 */
export interface IZenodoConnection {
  /**
   * Base URL of the Zenodo instance (no trailing slash), e.g. https://zenodo.org.
   */
  readonly baseUrl: string;

  /**
   * Community to publish to and browse; empty for none.
   */
  readonly community: string;

  /**
   * Page where a user creates a personal access token.
   */
  readonly tokenUrl: string;

  /**
   * The user's personal access token, if one was given.
   *
   * #### Notes
   * A secret: never log it, put it in a URL, an archive or an error message.
   */
  token: string | undefined;

  /**
   * Emitted when the URL, the community or the token change.
   */
  readonly changed: ISignal<IZenodoConnection, void>;
}

/**
 * The Zenodo connection token.
 */
export const IZenodoConnection = new Token<IZenodoConnection>(
  'jupyterlab-artifacts:IZenodoConnection',
  'The Zenodo instance, community and token the artifacts extension uses.'
);

/**
 * Group-shared and artifact folders, as the file-browser badges know them.
 *
 * #### Notes
 * Everything a badge view needs goes through this interface (the renderer
 * and the toolbar item of this extension use nothing else), so another
 * extension may provide it, for example with folders its own service knows.
 */
export interface IFolderBadges {
  /**
   * What `path` is with respect to shared folders, `null` for the user's own.
   */
  sharedFolderOf(path: string): IFolderBadges.ISharedMatch | null;

  /**
   * The DOI of an artifact folder, if known (and artifact badges are on).
   */
  doiOf(path: string): string | null;

  /**
   * A newer published version of the artifact in the folder at `path`, if
   * one is known; `null` when there is none or it was not checked.
   */
  newerVersionOf(path: string): IFolderBadges.INewerVersion | null;

  /**
   * Whether read-only rows get a lock badge.
   */
  readonly showLocks: boolean;

  /**
   * Learn which folders are artifacts from a listing the file browser
   * already fetched (`folder` itself and, bounded, its child folders).
   */
  observe(
    folder: string,
    entries: Iterable<IFolderBadges.IListingEntry>,
    signal?: AbortSignal
  ): Promise<void>;

  /**
   * Find out whether the artifact folders at `paths` have newer versions.
   *
   * #### Notes
   * Call it only for rows a person can see: a provider may ask a remote
   * service (this extension's asks Zenodo at most once per artifact per
   * session).
   */
  checkNewerVersions(paths: Iterable<string>): void;

  /**
   * Emitted when rules, groups, known DOIs or newer versions change.
   */
  readonly changed: ISignal<IFolderBadges, void>;
}

/**
 * Types of {@link IFolderBadges}.
 */
export namespace IFolderBadges {
  /**
   * What a path is, with respect to shared folders.
   */
  export interface ISharedMatch {
    /**
     * The shared folder's path (the one the rule matched).
     */
    readonly root: string;
    /**
     * The group the folder is shared with.
     */
    readonly group: string;
    /**
     * What the badge says (the group, or the rule's label).
     */
    readonly label: string;
    /**
     * The path is the shared folder itself (not something inside it).
     */
    readonly isRoot: boolean;
    /**
     * The path is, or is inside, a read-only part of the shared folder.
     */
    readonly readOnly: boolean;
    /**
     * Read-only subfolders of the shared folder, relative to it.
     */
    readonly readOnlyParts: string[];
    /**
     * Where the rule came from: the settings or the user's hub groups.
     */
    readonly source: 'settings' | 'hub';
  }

  /**
   * A listing entry, as much of `Contents.IModel` as the badges need.
   */
  export interface IListingEntry {
    readonly name: string;
    readonly path: string;
    readonly type: string;
    readonly last_modified?: string;
  }

  /**
   * A newer version of an artifact folder's artifact.
   */
  export interface INewerVersion {
    /**
     * The DOI of the newest version.
     */
    readonly doi: string;
    /**
     * Its version as the record names it (e.g. `2` or `1.1`), if any.
     */
    readonly version?: string;
  }
}

/**
 * The folder badges token.
 */
export const IFolderBadges = new Token<IFolderBadges>(
  'jupyterlab-artifacts:IFolderBadges',
  'Which folders are shared with a group, read-only, or published artifacts.'
);

/**
 * Transfers between Zenodo and the server: through the server companion
 * when the server has it (and the settings allow it), else in the browser.
 */
export interface ITransfers {
  /**
   * The companion to use, or `null` for the browser path (no companion on
   * this server, or the `transfers` setting says `browser`).
   */
  companion(): Promise<Companion | null>;

  /**
   * Follow a job this page started (or found running): it counts as a
   * running transfer until it ends, and its end is not announced again at
   * the next start-up.
   */
  watch(job: Companion.IJob, options?: CompanionJob.IOptions): CompanionJob;

  /**
   * How many companion jobs this page knows to be running.
   */
  readonly running: number;

  /**
   * Emitted with the new count when `running` changes.
   */
  readonly runningChanged: ISignal<ITransfers, number>;
}

/**
 * The transfers token.
 */
export const ITransfers = new Token<ITransfers>(
  'jupyterlab-artifacts:ITransfers',
  'Moves artifacts through the server companion when there is one.'
);

/**
 * What the extension's parts tell each other about artifacts, so that one
 * can follow another without importing its code: the Share menu announces a
 * finished publish; the catalogue refreshes its list and the badges mark the
 * folder.
 */
export interface IArtifactEvents {
  /**
   * Emitted when a publish (a new artifact, a new version or a metadata
   * edit) has finished on Zenodo.
   */
  readonly published: ISignal<IArtifactEvents, IArtifactEvents.IPublished>;

  /**
   * Say that a publish finished (the Share menu calls this).
   */
  announcePublished(event: IArtifactEvents.IPublished): void;
}

/**
 * Types of {@link IArtifactEvents}.
 */
export namespace IArtifactEvents {
  /**
   * A finished publish.
   */
  export interface IPublished {
    /** The folder published (server path), '' when there is none. */
    folder: string;
    /** The published version's DOI. */
    doi: string;
    /** The Zenodo record id, when known. */
    recordId?: string;
  }
}

/**
 * The artifact events token.
 */
export const IArtifactEvents = new Token<IArtifactEvents>(
  'jupyterlab-artifacts:IArtifactEvents',
  'Announces finished publishes, so that the catalogue and badges follow.'
);
