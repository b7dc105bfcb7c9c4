/**
 * Whether an artifact folder holds the newest version of its artifact: one
 * question to Zenodo per artifact (concept) per session, asked only for
 * folders a person can see.
 *
 * @packageDocumentation
 * @module badges/versions
 */
import { ISignal, Signal } from '@lumino/signaling';

import type { IFolderBadges } from '../tokens';
import { bareDoi } from '../workspace/citation';
import { ZenodoClient } from '../zenodo';

/**
 * A published version, as the lookup reports the newest one.
 */
export interface IPublishedVersion {
  doi: string;
  conceptDoi?: string;
  version?: string;
}

/**
 * What an artifact folder's CITATION.cff says.
 */
export interface IArtifactRef {
  /** The DOI of the version in the folder. */
  doi: string;
  /** The DOI of all versions, when the file names it. */
  conceptDoi: string | null;
}

/**
 * Finds the newest version of an artifact; `null` when there is none to be
 * found (for example a DOI the configured Zenodo does not know).
 */
export type LatestLookup = (
  ref: IArtifactRef,
  signal?: AbortSignal
) => Promise<IPublishedVersion | null>;

/**
 * The newest versions of the artifacts asked about, cached per concept DOI.
 *
 * #### Notes
 * The cache key is the concept DOI when the folder's CITATION.cff names it
 * (Share and imports write it), else the version DOI until the answer names
 * the concept. A failed lookup is remembered as "unknown" and not retried in
 * this session: the badge is a hint, and a flaky network must not turn it
 * into a stream of requests.
 */
export class NewerVersions {
  constructor(private _lookup: LatestLookup) {}

  /**
   * Emitted when a newest version became known.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * How many lookups were started (each is one question to Zenodo).
   */
  get lookups(): number {
    return this._lookups;
  }

  /**
   * The newer version of the artifact whose folder holds `doi`, if known.
   */
  newerThan(doi: string): IFolderBadges.INewerVersion | null {
    const own = doi.toLowerCase();
    if (this._publishedHere.has(own)) {
      return null;
    }
    const key = this._keyOf.get(own);
    const latest = key ? this._latest.get(key) : undefined;
    if (!latest || latest.doi.toLowerCase() === own) {
      return null;
    }
    return latest.version
      ? { doi: latest.doi, version: latest.version }
      : { doi: latest.doi };
  }

  /**
   * Ask (once per concept per session) for the newest version of `ref`.
   * Resolves when the answer, or the one already on its way, is in.
   */
  check(ref: IArtifactRef): Promise<void> {
    const own = ref.doi.toLowerCase();
    const key =
      this._keyOf.get(own) ?? (ref.conceptDoi ?? ref.doi).toLowerCase();
    this._keyOf.set(own, key);
    const pending = this._pending.get(key);
    if (pending) {
      return pending;
    }
    if (this._latest.has(key)) {
      return Promise.resolve();
    }
    this._lookups += 1;
    const generation = this._generation;
    const asked = this._lookup(ref)
      .catch(() => null)
      .then(latest => {
        if (generation !== this._generation) {
          return; // Asked of a Zenodo no longer configured.
        }
        this._pending.delete(key);
        this._latest.set(key, latest);
        const concept = latest?.conceptDoi?.toLowerCase();
        if (latest && concept && concept !== key) {
          // Folders naming the concept (or this version) share the answer.
          this._latest.set(concept, latest);
          for (const [doi, k] of this._keyOf) {
            if (k === key) {
              this._keyOf.set(doi, concept);
            }
          }
        }
        if (latest) {
          this._keyOf.set(latest.doi.toLowerCase(), concept ?? key);
          this._changed.emit();
        }
      });
    this._pending.set(key, asked);
    return asked;
  }

  /**
   * A version was just published from this page: it is the newest, whatever
   * an earlier answer said.
   */
  notePublished(doi: string): void {
    this._publishedHere.add(doi.toLowerCase());
    this._changed.emit();
  }

  /**
   * Forget every answer (the Zenodo they came from changed).
   */
  reset(): void {
    this._generation += 1;
    this._latest.clear();
    this._keyOf.clear();
    this._pending.clear();
    this._changed.emit();
  }

  private _latest = new Map<string, IPublishedVersion | null>();
  private _keyOf = new Map<string, string>();
  private _pending = new Map<string, Promise<void>>();
  private _publishedHere = new Set<string>();
  private _lookups = 0;
  private _generation = 0;
  private _changed = new Signal<this, void>(this);
}

/**
 * A {@link LatestLookup} through the Zenodo client: the concept DOI gives the
 * newest version in one request; a version DOI alone gives that version,
 * which names its concept when it is not the newest (a second request).
 */
export function zenodoLatestLookup(
  client: () => ZenodoClient | null
): LatestLookup {
  return async (ref, signal) => {
    const zenodo = client();
    if (!zenodo) {
      return null;
    }
    let record = await zenodo.resolveRecord(ref.conceptDoi ?? ref.doi, {
      signal
    });
    if (!ref.conceptDoi && record.isLatest !== true && record.conceptDoi) {
      record = await zenodo.resolveRecord(record.conceptDoi, { signal });
    }
    const doi = bareDoi(record.doi);
    if (!doi) {
      return null;
    }
    const conceptDoi = bareDoi(record.conceptDoi);
    return {
      doi,
      ...(conceptDoi ? { conceptDoi } : {}),
      ...(record.version ? { version: record.version } : {})
    };
  };
}

/**
 * A folder a file browser shows, as the selection lists it.
 */
export interface ISelectedItem {
  /** Its path; a drive prefix (`Drive:`) is allowed (see `localPath`). */
  path: string;
  /** `directory` for a folder. */
  type: string;
}

/**
 * The update a file-browser selection offers: the one folder selected, when
 * it is an artifact folder whose newer version is known.
 *
 * `localPath` drops a drive's prefix: the Contents manager's, which knows
 * the drives registered, so that a folder named `data:2024` keeps its name.
 *
 * #### Notes
 * Nothing when more than one item is selected: an update is prepared and
 * reviewed one folder at a time, so "Update to v2…" on a selection of two
 * folders (which may hold different artifacts) would name one of them only.
 */
export function updateForSelection(
  badges: Pick<IFolderBadges, 'newerVersionOf'>,
  selected: Iterable<ISelectedItem>,
  localPath: (path: string) => string = path => path
): { folder: string; newer: IFolderBadges.INewerVersion } | null {
  const items = Array.from(selected);
  if (items.length !== 1 || items[0].type !== 'directory') {
    return null;
  }
  const folder = localPath(items[0].path);
  const newer = badges.newerVersionOf(folder);
  return newer ? { folder, newer } : null;
}
