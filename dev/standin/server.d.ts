/**
 * Types for the Zenodo stand-in (dev/standin/server.js), for TypeScript tests
 * and benches. See docs/standin.md.
 */

/** One fault rule (see docs/standin.md, "Faults"). */
export interface IFaultRule {
  method?: string;
  /** A regular expression (source) matched against the path, then path+query. */
  path?: string;
  /** 1-based count of matching requests at which the rule fires (default 1). */
  nth?: number;
  /** How many times the rule fires once reached (default 1). */
  times?: number;
  status?: number;
  body?: unknown;
  /** Answer 429 (or `status`) with X-RateLimit-Reset = now + this many seconds. */
  rateLimitResetSeconds?: number;
  /** Destroy the connection after reading this many request body bytes. */
  cutAfterBytes?: number;
  /** Answer normally but drop the connection after sending this many body bytes (a download cut mid-way). */
  cutResponseAfterBytes?: number;
  latencyMs?: number;
}

export interface IFaults {
  latencyMs?: number;
  rules?: IFaultRule[];
}

export interface IStandinState {
  depositions: Array<{
    id: number;
    conceptrecid: string;
    owner: number;
    state: 'unsubmitted' | 'inprogress' | 'done';
    submitted: boolean;
    title: string;
    metadata: Record<string, any>;
    files: Array<{ key: string; size: number; checksum: string }>;
  }>;
  records: Array<{
    id: number;
    conceptrecid: string;
    doi: string;
    title: string;
    version?: string;
    owner: number;
    synthetic: boolean;
    latest: boolean;
    communities: string[];
    files: Array<{ key: string; size: number; checksum: string }>;
    stats: {
      views: number;
      unique_views: number;
      downloads: number;
      unique_downloads: number;
    };
  }>;
  deletedRecords: number[];
  requests: Array<{
    method: string;
    path: string;
    status: number;
    aborted?: boolean;
  }>;
  faults: { latencyMs: number; rules: Array<Record<string, unknown>> };
}

export interface IStandinOptions {
  host?: string;
  port?: number;
  seed?: 'demo' | 'none' | number;
  maxFileBytes?: number;
  quotaBytes?: number;
  maxFiles?: number;
  rateLimit?: number;
  rateWindowSeconds?: number;
  /** Searches (`GET /api/records`) per window without a token (30, Zenodo's). */
  searchRateLimit?: number;
  /** Searches per window with a token (60). */
  searchRateLimitAuthenticated?: number;
  anonymousPageSize?: number;
  authenticatedPageSize?: number;
  anonymousStatus?: 401 | 403;
  errorStyle?: 'rdm' | 'legacy';
  recordShape?: 'zenodo' | 'zenodo2023' | 'legacy' | 'rdm';
  doiPrefix?: string;
  cacheDir?: string;
  /** A folder where the store outlives the process (journal.js). */
  state?: string;
}

export interface IStandin {
  url: string;
  port: number;
  community: string;
  tokens: typeof TOKENS;
  /** Id of a seeded deleted record (410 with a tombstone). */
  readonly deletedRecordId: number;
  /** Snapshot of the state; also callable: `state()`. */
  readonly state: IStandinState & (() => IStandinState);
  getState(): IStandinState;
  close(): Promise<void>;
  inject(faults: IFaults): void;
  clearFaults(): void;
  reset(): void;
  /** Adds `count` light synthetic records. */
  seed(count: number): void;
  /**
   * Issues a token with only these scopes (`deposit:write`,
   * `deposit:actions`, `user:email`); forgotten on reset.
   */
  issueToken(
    scopes: string[],
    user?: 'demo' | 'other'
  ): { token: string; scopes: string[]; user: string };
  /** With `state`: how many earlier changes were replayed, which failed. */
  readonly restored: { replayed: number; failed: string[] } | null;
}

export declare const TOKENS: {
  write: string;
  readonly: string;
  other: string;
  writeonly: string;
};
export declare const USERS: {
  demo: { id: number; username: string };
  other: { id: number; username: string };
};
export declare const COMMUNITY: string;
export declare function startStandin(
  options?: IStandinOptions
): Promise<IStandin>;
