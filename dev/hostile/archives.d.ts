/**
 * Types for the hostile-archive generator (dev/hostile/archives.js), which
 * jest and pytest both read.
 */

/** One case (see the generator's description of the manifest). */
export interface IHostileCase {
  /** Unique, kebab-case: says what the case is. */
  name: string;
  /** File name; its extension says how to read it. */
  file: string;
  /** The archive. */
  bytes: Uint8Array;
  expect: 'ok' | 'refuse';
  /** Only when "ok": the relative, "/"-separated paths written. */
  entries?: string[];
  /** Only when "refuse": a lower-case substring of the refusal. */
  reason?: string;
  /**
   * Only when "refuse": the archive problem code both planners raise (an
   * `ArchiveProblem['code']` of src/workspace/extract.ts).
   */
  code?: string;
}

/** The limits every case assumes: the catalogue settings' defaults. */
export declare const LIMITS: {
  maxTotalBytes: number;
  maxEntries: number;
  maxRatio: number;
};

/** Below this inflated size the compression ratio is not checked. */
export declare const RATIO_FLOOR_BYTES: number;

/** Every case, built once per process. */
export declare function cases(): IHostileCase[];

/** CRC-32 of `data`, as zip stores it. */
export declare function crc32(data: Uint8Array): number;
