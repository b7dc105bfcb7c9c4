/**
 * Types for the stand-in's seeds (dev/standin/seeds.js): the demo artifacts'
 * files, built deterministically and cached.
 */

/** One file of a seed: an archive (or a single file) and what goes in it. */
export interface ISeedSpec {
  /** The file's key in the record. */
  name: string;
  kind: 'zip' | 'tar.gz' | 'raw';
  /** A folder every entry of the archive sits in. */
  prefix?: string;
  /** What goes in: a path and how its bytes are generated (`gen`). */
  entries: { path: string; gen: string; [option: string]: unknown }[];
}

/** A seed's file in the cache. */
export interface IMaterialised {
  path: string;
  size: number;
  md5: string;
  /** For a heavy file built at first download: builds it now. */
  ensure?: () => void;
}

/** `seed-manifest.json`'s files: the size and md5 of each heavy file, by spec hash. */
export interface ISeedManifestFiles {
  [hash: string]: { size: number; md5: string };
}

/** The demo catalogue with its versions and materialised files. */
export interface IDemoSeed {
  concept: Record<string, unknown>;
  versions: {
    version: string;
    date: string;
    files: (IMaterialised & { key: string })[];
    [key: string]: unknown;
  }[];
}

export declare const DEFAULT_CACHE: string;
export declare function demoSpecs(): ISeedSpec[];
export declare function demoSeeds(cacheDir?: string): IDemoSeed[];
export declare function syntheticSpec(i: number): Record<string, unknown>;
export declare function materialise(
  spec: ISeedSpec,
  cacheDir: string,
  manifest?: ISeedManifestFiles
): IMaterialised;
export declare function buildFile(spec: ISeedSpec): Buffer;
export declare function isHeavy(spec: ISeedSpec): boolean;
export declare function specHash(spec: ISeedSpec): string;
export declare function readManifest(): ISeedManifestFiles;
export declare function writeManifest(): ISeedManifestFiles;
