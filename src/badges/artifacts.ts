/**
 * Which folders are artifacts (hold a CITATION.cff with a DOI), learnt
 * cheaply: from listings the file browser already has, and from a bounded,
 * one-time look into a few child folders.
 *
 * @packageDocumentation
 * @module badges/artifacts
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { IFolderBadges } from '../tokens';
import { findCitationDois } from './doi';

/**
 * A listing entry (the public type, from `tokens.ts`).
 */
export type IListingEntry = IFolderBadges.IListingEntry;

/**
 * How the index reaches the server.
 */
export interface IArtifactSource {
  /**
   * List a folder (no file contents).
   */
  list(path: string): Promise<IListingEntry[]>;
  /**
   * Read a text file.
   */
  read(path: string): Promise<string>;
}

interface IEntry {
  doi: string | null;
  /**
   * The DOI of all versions, when the CITATION.cff names it.
   */
  conceptDoi: string | null;
  /**
   * `last_modified` of the CITATION.cff read, '' when there was none.
   */
  stamp: string;
}

/**
 * Cache of folder path → DOI (or known not to be an artifact).
 *
 * #### Notes
 * Rendering a row never makes a request: the renderer only asks `doiOf`.
 * Requests happen when a listing is observed: one read of a CITATION.cff
 * whose modification time changed, and at most `probeLimit` child listings
 * per observed folder, each folder probed once per session.
 */
export class ArtifactFolderIndex {
  constructor(
    private _source: IArtifactSource,
    options: { probeLimit?: number } = {}
  ) {
    this.probeLimit = options.probeLimit ?? 20;
  }

  /**
   * Child folders to look into per listing; 0 disables probing.
   */
  probeLimit: number;

  /**
   * Emitted when a folder's DOI became known or changed.
   */
  get changed(): ISignal<this, string> {
    return this._changed;
  }

  /**
   * The DOI of the folder at `path`, if known.
   */
  doiOf(path: string): string | null {
    return this._entries.get(path)?.doi ?? null;
  }

  /**
   * The concept DOI (all versions) of the folder at `path`, if its
   * CITATION.cff names one.
   */
  conceptDoiOf(path: string): string | null {
    return this._entries.get(path)?.conceptDoi ?? null;
  }

  /**
   * Tell the index a folder's DOI directly (after publishing or importing).
   */
  remember(path: string, doi: string | null): void {
    const previous = this._entries.get(path);
    this._entries.set(path, {
      doi,
      conceptDoi: previous?.doi === doi ? previous.conceptDoi : null,
      stamp: previous?.stamp ?? ''
    });
    if ((previous?.doi ?? null) !== doi) {
      this._changed.emit(path);
    }
  }

  /**
   * A folder's CITATION.cff was written (`stamp`: its modification time) or
   * removed (`null`): read it again, whatever was known before.
   */
  async reread(folder: string, stamp: string | null): Promise<void> {
    if (stamp === null) {
      this.remember(folder, null);
      return;
    }
    await this._learn(
      folder,
      {
        name: 'CITATION.cff',
        path: folder ? `${folder}/CITATION.cff` : 'CITATION.cff',
        type: 'file',
        last_modified: stamp
      },
      true
    );
  }

  /**
   * Learn from a listing the browser already fetched: the folder itself, then
   * (in the background, bounded) its not yet known child folders.
   */
  async observe(
    folder: string,
    entries: Iterable<IListingEntry>,
    signal?: AbortSignal
  ): Promise<void> {
    const children: IListingEntry[] = [];
    let citation: IListingEntry | null = null;
    for (const entry of entries) {
      if (entry.type === 'directory') {
        if (!this._entries.has(entry.path) && !this._probed.has(entry.path)) {
          children.push(entry);
        }
      } else if (entry.name === 'CITATION.cff') {
        citation = entry;
      }
    }
    await this._learn(folder, citation);
    for (const child of children.slice(0, this.probeLimit)) {
      if (signal?.aborted) {
        return;
      }
      this._probed.add(child.path);
      try {
        const listing = await this._source.list(child.path);
        const cff =
          listing.find(
            e => e.name === 'CITATION.cff' && e.type !== 'directory'
          ) ?? null;
        await this._learn(child.path, cff);
      } catch {
        // An unreadable child is simply not badged.
      }
    }
  }

  private async _learn(
    folder: string,
    citation: IListingEntry | null,
    force = false
  ): Promise<void> {
    const stamp = citation ? citation.last_modified || '?' : '';
    const known = this._entries.get(folder);
    if (known && known.stamp === stamp && !force) {
      return;
    }
    let found = {
      doi: null as string | null,
      conceptDoi: null as string | null
    };
    if (citation) {
      try {
        found = findCitationDois(await this._source.read(citation.path));
      } catch {
        // An unreadable citation file makes no artifact.
      }
    }
    const { doi, conceptDoi } = found;
    this._entries.set(folder, { doi, conceptDoi, stamp });
    if ((known?.doi ?? null) !== doi) {
      this._changed.emit(folder);
    }
  }

  private _entries = new Map<string, IEntry>();
  private _probed = new Set<string>();
  private _changed = new Signal<this, string>(this);
}
