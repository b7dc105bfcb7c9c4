/**
 * Types of the Zenodo client: the normalised artifact (a published record),
 * the deposition (a draft in the legacy deposit API), and call options.
 *
 * @packageDocumentation
 * @module zenodo/types
 */

/**
 * A person or organisation credited as a creator of an artifact.
 */
export type ArtifactCreator = {
  /** Display name, usually "Family, Given". */
  name: string;
  /** Affiliations joined with "; ", when Zenodo gives any. */
  affiliation?: string;
  /** ORCID iD without the https://orcid.org/ prefix. */
  orcid?: string;
};

/**
 * One file of a published artifact.
 */
export type ArtifactFile = {
  /** File name (Zenodo's key). Old records may contain a `/`. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** Checksum as `md5:<hex>` (the prefix is added when Zenodo omits it). */
  checksum?: string;
  /** Media type when Zenodo gives one. */
  mimetype?: string;
  /**
   * Where the bytes come from: the CORS-enabled
   * `/api/records/:id/files/:key/content` form whenever it can be found.
   */
  downloadUrl: string;
};

/**
 * The licence of an artifact.
 */
export type ArtifactLicense = {
  /** Lower-case licence id, e.g. `cc-by-4.0` (legacy records used upper case). */
  id: string;
  /** Human-readable title when Zenodo gives one. */
  title?: string;
  /** Licence text URL when Zenodo gives one. */
  url?: string;
};

/**
 * What kind of artifact a record is.
 */
export type ArtifactResourceType = {
  /** Main type, e.g. `dataset`, `software`, `publication`. */
  type: string;
  /** Sub-type, e.g. `article` for publications, `figure` for images. */
  subtype?: string;
  /** Human-readable title, e.g. "Dataset". */
  title?: string;
};

/**
 * Usage statistics of an artifact.
 *
 * #### Notes
 * `views` and `downloads` count all versions, as Zenodo's search does; the
 * `version*` figures count this version only.
 */
export type ArtifactStats = {
  views: number;
  downloads: number;
  uniqueViews?: number;
  uniqueDownloads?: number;
  versionViews?: number;
  versionDownloads?: number;
};

/**
 * Links of an artifact.
 */
export type ArtifactLinks = {
  /** The record's landing page for people. */
  html: string;
  /** The DOI resolver URL. */
  doi?: string;
  /** API URL of the latest version of this artifact. */
  latest?: string;
  /** Landing page of the latest version. */
  latestHtml?: string;
  /** API URL of this record. */
  self?: string;
  /** API URL listing all versions. */
  versions?: string;
};

/**
 * One normalised Zenodo record, whichever of the three shapes Zenodo served
 * (legacy before Oct 2023, "Zenodo JSON" since, native InvenioRDM).
 *
 * #### Notes
 * Fields Zenodo did not give stay `undefined`; lists are empty.
 */
export type Artifact = {
  /** Record id (a string, because native InvenioRDM ids are strings). */
  id: string;
  /** Id of the concept shared by all versions. */
  conceptRecId?: string;
  /** DOI of this version, e.g. `10.5281/zenodo.8250015`. */
  doi?: string;
  /** DOI of the concept (all versions). */
  conceptDoi?: string;
  title: string;
  creators: ArtifactCreator[];
  /** HTML exactly as Zenodo gives it: sanitise before rendering. */
  description?: string;
  /** `YYYY-MM-DD`. */
  publicationDate?: string;
  version?: string;
  keywords: string[];
  license?: ArtifactLicense;
  resourceType?: ArtifactResourceType;
  /** Community identifiers (slugs where Zenodo gives them). */
  communities: string[];
  /** `open`, `embargoed`, `restricted`, `closed` or `metadata-only`. */
  accessRight?: string;
  files: ArtifactFile[];
  stats?: ArtifactStats;
  links: ArtifactLinks;
  /** Whether this is the latest version, when Zenodo says. */
  isLatest?: boolean;
  created?: string;
  updated?: string;
};

/**
 * A page of search results.
 */
export type SearchResult = {
  /** Number of matching records (all pages). */
  total: number;
  hits: Artifact[];
  /** The next page number, when there is one. */
  nextPage?: number;
};

/**
 * Options common to every call.
 */
export type CallOptions = {
  /** Cancels the call, including any wait before a retry. */
  signal?: AbortSignal;
};

/**
 * Options of {@link ZenodoClient.searchRecords}.
 */
export type SearchOptions = CallOptions & {
  /** Elasticsearch query string; quote DOIs (`doi:"10.5281/zenodo.1"`). */
  q?: string;
  /** Community identifier (slug), or several. */
  community?: string | string[];
  /** Resource type filter, e.g. `dataset`, `software`. */
  type?: string;
  /** `bestmatch`, `mostrecent`, `-mostrecent`, `mostviewed`, ... */
  sort?: string;
  /** 1-based page number. */
  page?: number;
  /**
   * Page size; Zenodo allows at most 25 anonymously and 100 with a token,
   * so larger values are lowered to that limit.
   */
  size?: number;
  /** Include every version, not only the latest. */
  allVersions?: boolean;
};

/**
 * Options of transfers that report progress.
 */
export type TransferOptions = CallOptions & {
  /**
   * Called with the bytes transferred so far and the total (the total is
   * `undefined` when unknown). Starts again from 0 when a transfer is retried.
   */
  onProgress?: (loaded: number, total: number | undefined) => void;
};

/**
 * A creator in deposit metadata.
 */
export type DepositionCreator = {
  name: string;
  affiliation?: string;
  orcid?: string;
  gnd?: string;
};

/**
 * Metadata of a deposition, in the legacy deposit API's names.
 *
 * #### Notes
 * `updateMetadata` replaces the metadata wholesale: send the full set.
 */
export type DepositionMetadata = {
  upload_type?: string;
  publication_type?: string;
  image_type?: string;
  publication_date?: string;
  title?: string;
  description?: string;
  creators?: DepositionCreator[];
  access_right?: string;
  license?: string;
  keywords?: string[];
  version?: string;
  communities?: { identifier: string }[];
  related_identifiers?: {
    identifier: string;
    relation: string;
    resource_type?: string;
    scheme?: string;
  }[];
  notes?: string;
  /** Ask Zenodo to reserve a DOI (`true`); Zenodo answers with `{doi, recid}`. */
  prereserve_doi?: boolean | { doi: string; recid: number };
  doi?: string;
  [key: string]: unknown;
};

/**
 * A file already attached to a deposition.
 */
export type DepositionFile = {
  id?: string;
  /** File name (the bucket key). */
  key: string;
  size: number;
  /** `md5:<hex>`. */
  checksum?: string;
  downloadUrl?: string;
};

/**
 * Links of a deposition. Each is used as given: the client never builds a
 * URL that Zenodo gave.
 */
export type DepositionLinks = {
  self?: string;
  html?: string;
  bucket?: string;
  files?: string;
  publish?: string;
  edit?: string;
  discard?: string;
  newversion?: string;
  latestDraft?: string;
  latestDraftHtml?: string;
  record?: string;
  recordHtml?: string;
  latest?: string;
  latestHtml?: string;
  doi?: string;
};

/**
 * A deposition of the legacy deposit API: a draft, a published record, or a
 * published record open for editing.
 */
export type Deposition = {
  /** Deposition id (equal to the record id). */
  id: number;
  conceptRecId?: string;
  /**
   * `unsubmitted` (never published), `done` (published) or `inprogress`
   * (published and open for editing).
   */
  state: string;
  /** Whether it was ever published. */
  submitted: boolean;
  title: string;
  /** The registered DOI, once published. */
  doi?: string;
  conceptDoi?: string;
  /**
   * The DOI Zenodo reserved for this draft. Note that Zenodo reports it with
   * the production prefix even on the sandbox; prefer `doi` once published.
   */
  prereservedDoi?: string;
  metadata: DepositionMetadata;
  files: DepositionFile[];
  links: DepositionLinks;
  created?: string;
  modified?: string;
};

/**
 * The object Zenodo stores after a bucket PUT.
 */
export type UploadedFile = {
  key: string;
  size: number;
  /** `md5:<hex>`. */
  checksum?: string;
  mimetype?: string;
  links: { self?: string };
};

/**
 * Why the client waits before trying again.
 */
export type RetryReason = 'rate-limit' | 'server-error' | 'network-error';

/**
 * What {@link ZenodoClient.IOptions.onRetry} is told before each wait.
 */
export type RetryInfo = {
  reason: RetryReason;
  /** 1 for the first retry. */
  attempt: number;
  /** How long the client waits before trying again, in milliseconds. */
  delayMs: number;
  /** When it will try again (epoch milliseconds, from the client's clock). */
  retryAt: number;
  /** HTTP method of the request that will be repeated. */
  method: string;
  /** HTTP status that caused the wait (0 for a network error). */
  status: number;
};

/**
 * Zenodo's rate-limit figures from the latest response.
 */
export type RateLimit = {
  limit?: number;
  remaining?: number;
  /** Epoch seconds when the window resets. */
  reset?: number;
};
