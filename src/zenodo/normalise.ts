/**
 * Normalisation of the record and deposition shapes Zenodo has served.
 *
 * Shapes (see the project's `zenodo/API.md` §2.2):
 * - legacy (before Oct 2023): files `{bucket, key, size, checksum:"md5:…",
 *   links.self:"/api/files/<bucket>/<key>"}`, licence ids in upper case;
 * - Zenodo JSON Oct 2023: files `{id, filename, filesize, checksum,
 *   links{self, download}}`;
 * - Zenodo JSON today: files `{id, key, size, checksum, links.self:…/content}`;
 * - native InvenioRDM: string ids, `pids.doi`, `parent`, `person_or_org`
 *   creators, `rights`, `subjects`, `files.entries`, `stats.all_versions`.
 *
 * @packageDocumentation
 * @module zenodo/normalise
 */
import { isObject, kindHint, ZenodoError } from './errors';
import type {
  Artifact,
  ArtifactCreator,
  ArtifactFile,
  ArtifactLicense,
  ArtifactResourceType,
  ArtifactStats,
  Deposition,
  DepositionFile,
  DepositionLinks,
  SearchResult,
  UploadedFile
} from './types';

/**
 * Options of the normalisers.
 */
export type NormaliseOptions = {
  /**
   * Zenodo's base URL (without `/api`), used only to build a download URL
   * for a file the record gives no link for. Defaults to https://zenodo.org.
   */
  baseUrl?: string;
};

/**
 * Turn any Zenodo record body into an {@link Artifact}.
 *
 * @throws {ZenodoError} (`invalid-response`) when the body has no id or title.
 */
export function normaliseRecord(
  raw: unknown,
  options: NormaliseOptions = {}
): Artifact {
  if (!isObject(raw)) {
    throw invalid('a record is not a JSON object');
  }
  const metadata = isObject(raw.metadata) ? raw.metadata : {};
  const id = idString(raw.id ?? raw.recid ?? raw.record_id);
  const title = str(metadata.title) ?? str(raw.title);
  if (id === undefined || title === undefined) {
    throw invalid('a record has no id or title');
  }
  const links = isObject(raw.links) ? raw.links : {};
  const parent = isObject(raw.parent) ? raw.parent : {};
  const doi =
    str(raw.doi) ?? str(raw.pids?.doi?.identifier) ?? str(metadata.doi);
  const conceptDoi = str(raw.conceptdoi) ?? str(parent.pids?.doi?.identifier);
  const baseUrl = (options.baseUrl ?? 'https://zenodo.org').replace(/\/+$/, '');
  const recordApi =
    apiRecordUrl(str(links.self), id) ?? `${baseUrl}/api/records/${id}`;

  const artifact: Artifact = {
    id,
    conceptRecId:
      idString(raw.conceptrecid) ??
      idString(parent.id) ??
      idString(
        metadata.relations?.version?.[0]?.parent?.pid_value ?? undefined
      ),
    doi,
    conceptDoi,
    title,
    creators: creatorsOf(metadata.creators),
    description: str(metadata.description),
    publicationDate: str(metadata.publication_date),
    version: str(metadata.version),
    keywords: keywordsOf(metadata),
    license: licenseOf(metadata),
    resourceType:
      resourceTypeOf(metadata.resource_type) ?? uploadTypeOf(metadata),
    communities: communitiesOf(metadata.communities, parent.communities),
    accessRight: str(metadata.access_right) ?? accessOf(raw.access),
    files: normaliseFiles(raw.files, {
      recordUrl: recordApi,
      filesUrl: str(links.files)
    }),
    stats: statsOf(raw.stats),
    links: {
      html:
        str(links.self_html) ??
        str(links.html) ??
        str(links.record_html) ??
        `${baseUrl}/records/${id}`,
      doi:
        str(links.doi) ??
        str(raw.doi_url) ??
        (doi ? `https://doi.org/${doi}` : undefined),
      latest: str(links.latest),
      latestHtml: str(links.latest_html),
      self: str(links.self),
      versions: str(links.versions)
    },
    isLatest: latestOf(raw, metadata),
    created: str(raw.created),
    updated: str(raw.updated) ?? str(raw.modified)
  };
  return artifact;
}

/**
 * Turn a search (or versions) page into hits and paging.
 *
 * @param page - the page that was asked for (1-based), to find the next one
 *   when Zenodo gives no `links.next`.
 * @param size - the page size that was asked for.
 */
export function normaliseSearch(
  raw: unknown,
  page: number,
  size: number,
  options: NormaliseOptions = {}
): SearchResult {
  if (!isObject(raw) || !isObject(raw.hits)) {
    throw invalid('a search answer has no hits');
  }
  const rawHits = Array.isArray(raw.hits.hits) ? raw.hits.hits : [];
  const hits = rawHits.map((h: unknown) => normaliseRecord(h, options));
  const totalRaw = raw.hits.total;
  // Elasticsearch 7 style `{value, relation}` is tolerated too.
  const total =
    num(totalRaw) ?? num(isObject(totalRaw) ? totalRaw.value : undefined) ?? 0;
  let nextPage: number | undefined;
  const links = isObject(raw.links) ? raw.links : undefined;
  const next = links ? str(links.next) : undefined;
  if (next) {
    const found = /[?&]page=(\d+)/.exec(next);
    nextPage = found ? +found[1] : page + 1;
  } else if (!links && page * size < total && hits.length > 0) {
    // Recorded bodies sometimes lack `links`; fall back to the count.
    nextPage = page + 1;
  }
  return { total, hits, nextPage };
}

/**
 * Turn a legacy deposit API body (or an InvenioRDM draft served as Zenodo
 * JSON) into a {@link Deposition}.
 *
 * @throws {ZenodoError} (`invalid-response`) when the body has no id.
 */
export function normaliseDeposition(raw: unknown): Deposition {
  if (!isObject(raw)) {
    throw invalid('a deposition is not a JSON object');
  }
  const id = num(raw.id) ?? num(raw.record_id) ?? num(Number(raw.id));
  if (id === undefined || Number.isNaN(id)) {
    throw invalid('a deposition has no id');
  }
  const metadata = isObject(raw.metadata) ? { ...raw.metadata } : {};
  const links = isObject(raw.links) ? raw.links : {};
  const reserved = isObject(metadata.prereserve_doi)
    ? str(metadata.prereserve_doi.doi)
    : undefined;
  const depositionLinks: DepositionLinks = {
    self: str(links.self),
    html: str(links.html) ?? str(links.self_html),
    bucket: str(links.bucket),
    files: str(links.files),
    publish: str(links.publish),
    edit: str(links.edit),
    discard: str(links.discard),
    newversion: str(links.newversion),
    latestDraft: str(links.latest_draft),
    latestDraftHtml: str(links.latest_draft_html),
    record: str(links.record),
    recordHtml: str(links.record_html),
    latest: str(links.latest),
    latestHtml: str(links.latest_html),
    doi: str(links.doi) ?? str(raw.doi_url)
  };
  const files: DepositionFile[] = [];
  for (const f of Array.isArray(raw.files) ? raw.files : []) {
    if (!isObject(f)) {
      continue;
    }
    const key = str(f.filename) ?? str(f.key);
    if (key === undefined) {
      continue;
    }
    files.push({
      id: str(f.id),
      key,
      size: num(f.filesize) ?? num(Number(f.filesize)) ?? num(f.size) ?? 0,
      checksum: md5(f.checksum),
      downloadUrl: isObject(f.links)
        ? (str(f.links.download) ?? str(f.links.self))
        : undefined
    });
  }
  return {
    id,
    conceptRecId: idString(raw.conceptrecid),
    state: str(raw.state) ?? 'unsubmitted',
    submitted: raw.submitted === true,
    title: str(raw.title) ?? str(metadata.title) ?? '',
    doi: str(raw.doi),
    conceptDoi: str(raw.conceptdoi),
    prereservedDoi: reserved,
    metadata,
    files,
    links: depositionLinks,
    created: str(raw.created),
    modified: str(raw.modified)
  };
}

/**
 * Turn a bucket PUT answer into an {@link UploadedFile}.
 */
export function normaliseUploadedFile(
  raw: unknown,
  fallbackKey: string,
  fallbackSize: number
): UploadedFile {
  const body = isObject(raw) ? raw : {};
  return {
    key: str(body.key) ?? str(body.filename) ?? str(body.name) ?? fallbackKey,
    size: num(body.size) ?? num(Number(body.filesize)) ?? fallbackSize,
    checksum: md5(body.checksum),
    mimetype: str(body.mimetype),
    links: { self: isObject(body.links) ? str(body.links.self) : undefined }
  };
}

function invalid(message: string): ZenodoError {
  return new ZenodoError({
    status: 0,
    kind: 'invalid-response',
    message: `Unexpected answer from Zenodo: ${message}.`,
    messageCode: { code: 'unexpected-answer', detail: message },
    ...kindHint('invalid-response', 0, [], {})
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function md5(value: unknown): string | undefined {
  const s = str(value);
  if (!s) {
    return undefined;
  }
  return s.includes(':') ? s : `md5:${s}`;
}

/**
 * The record's API URL, if `links.self` is one (drafts end in `/draft`).
 */
function apiRecordUrl(
  self: string | undefined,
  id: string
): string | undefined {
  if (!self) {
    return undefined;
  }
  const match = /^(.*\/api\/records\/[^/?#]+)(\/draft)?\/?(?:[?#].*)?$/.exec(
    self
  );
  return match ? match[1] + (match[2] ?? '') : undefined;
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function creatorsOf(raw: unknown): ArtifactCreator[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  const creators: ArtifactCreator[] = [];
  for (const c of raw) {
    if (typeof c === 'string') {
      creators.push({ name: c });
      continue;
    }
    if (!isObject(c)) {
      continue;
    }
    const person = isObject(c.person_or_org) ? c.person_or_org : undefined;
    let name = str(c.name) ?? str(person?.name);
    if (!name && person) {
      name = [str(person.family_name), str(person.given_name)]
        .filter(Boolean)
        .join(', ');
    }
    if (!name) {
      continue;
    }
    let affiliation = str(c.affiliation) || undefined;
    if (!affiliation && Array.isArray(c.affiliations)) {
      affiliation =
        c.affiliations
          .map((a: unknown) => (isObject(a) ? str(a.name) : str(a)))
          .filter(Boolean)
          .join('; ') || undefined;
    }
    let orcid = str(c.orcid) || undefined;
    if (!orcid && person && Array.isArray(person.identifiers)) {
      const found = person.identifiers.find(
        (i: unknown) => isObject(i) && i.scheme === 'orcid'
      );
      orcid = found ? str(found.identifier) : undefined;
    }
    if (orcid) {
      orcid = orcid.replace(/^https?:\/\/orcid\.org\//, '');
    }
    const creator: ArtifactCreator = { name };
    if (affiliation) {
      creator.affiliation = affiliation;
    }
    if (orcid) {
      creator.orcid = orcid;
    }
    creators.push(creator);
  }
  return creators;
}

function keywordsOf(metadata: Record<string, any>): string[] {
  if (Array.isArray(metadata.keywords)) {
    return metadata.keywords.filter(
      (k: unknown): k is string => typeof k === 'string'
    );
  }
  if (Array.isArray(metadata.subjects)) {
    return metadata.subjects
      .map((s: unknown) => (isObject(s) ? str(s.subject) : str(s)))
      .filter((s: string | undefined): s is string => !!s);
  }
  return [];
}

function licenseOf(metadata: Record<string, any>): ArtifactLicense | undefined {
  const raw =
    metadata.license ??
    (Array.isArray(metadata.rights) ? metadata.rights[0] : undefined);
  if (typeof raw === 'string' && raw) {
    return { id: raw.toLowerCase() };
  }
  if (!isObject(raw)) {
    return undefined;
  }
  const id = str(raw.id);
  const title = str(raw.title) ?? str(raw.title?.en);
  if (!id && !title) {
    return undefined;
  }
  const license: ArtifactLicense = { id: (id ?? title ?? '').toLowerCase() };
  if (title) {
    license.title = title;
  }
  const url = str(raw.url) ?? str(raw.props?.url) ?? str(raw.link);
  if (url) {
    license.url = url;
  }
  return license;
}

function resourceTypeOf(raw: unknown): ArtifactResourceType | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  let type = str(raw.type);
  let subtype = str(raw.subtype);
  if (!type && str(raw.id)) {
    // InvenioRDM: `publication-article`.
    const [main, ...rest] = (raw.id as string).split('-');
    type = main;
    subtype = rest.length ? rest.join('-') : undefined;
  }
  if (!type) {
    return undefined;
  }
  const result: ArtifactResourceType = { type };
  if (subtype) {
    result.subtype = subtype;
  }
  const title = str(raw.title) ?? str(raw.title?.en);
  if (title) {
    result.title = title;
  }
  return result;
}

/**
 * The deposit API's `upload_type` (+ `publication_type`/`image_type`), for
 * deposition-shaped bodies that have no `resource_type`.
 */
function uploadTypeOf(
  metadata: Record<string, any>
): ArtifactResourceType | undefined {
  const type = str(metadata.upload_type);
  if (!type) {
    return undefined;
  }
  const subtype = str(metadata.publication_type) ?? str(metadata.image_type);
  return subtype ? { type, subtype } : { type };
}

function communitiesOf(raw: unknown, parentCommunities: unknown): string[] {
  const result: string[] = [];
  if (Array.isArray(raw)) {
    for (const c of raw) {
      const id = isObject(c)
        ? (str(c.identifier) ?? str(c.slug) ?? str(c.id))
        : str(c);
      if (id) {
        result.push(id);
      }
    }
  }
  if (result.length === 0 && isObject(parentCommunities)) {
    const entries = Array.isArray(parentCommunities.entries)
      ? parentCommunities.entries
      : [];
    for (const e of entries) {
      const id = isObject(e) ? (str(e.slug) ?? str(e.id)) : undefined;
      if (id) {
        result.push(id);
      }
    }
    if (result.length === 0 && Array.isArray(parentCommunities.ids)) {
      result.push(
        ...parentCommunities.ids.filter(
          (i: unknown): i is string => typeof i === 'string'
        )
      );
    }
  }
  return result;
}

function accessOf(raw: unknown): string | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  const status = str(raw.status);
  if (status) {
    return status;
  }
  if (raw.record === 'public' && raw.files === 'public') {
    return 'open';
  }
  return raw.record === 'public' ? 'restricted' : undefined;
}

/**
 * Turn a record's files (a list, or InvenioRDM's `{enabled, entries}`, also
 * the answer of a draft's files list) into {@link ArtifactFile}s.
 *
 * @param options.recordUrl - the record's API URL, to build a content URL
 *   for a file that has no content link.
 * @param options.filesUrl - the record's `links.files`, preferred for that.
 */
export function normaliseFiles(
  raw: unknown,
  options: { recordUrl: string; filesUrl?: string }
): ArtifactFile[] {
  const recordApi = options.recordUrl.replace(/\/+$/, '');
  const filesLink = options.filesUrl;
  let items: unknown[] = [];
  if (Array.isArray(raw)) {
    items = raw;
  } else if (isObject(raw)) {
    // InvenioRDM: `{enabled, entries: {key: {...}}}` (or a list); restricted
    // records give no entries.
    const entries = raw.entries;
    items = Array.isArray(entries)
      ? entries
      : isObject(entries)
        ? Object.values(entries)
        : [];
  }
  const files: ArtifactFile[] = [];
  for (const f of items) {
    if (!isObject(f)) {
      continue;
    }
    const key = str(f.key) ?? str(f.filename);
    if (key === undefined) {
      continue;
    }
    const links = isObject(f.links) ? f.links : {};
    const self = str(links.self);
    let downloadUrl =
      str(links.content) ??
      str(links.download) ??
      (self && /\/content\/?$/.test(self) ? self : undefined);
    if (!downloadUrl) {
      // Legacy records link the bucket object (`/api/files/...`), which is
      // not reliably CORS-enabled; the records API content URL is.
      downloadUrl = filesLink
        ? `${filesLink.replace(/\/+$/, '')}/${encodeKey(key)}/content`
        : `${recordApi}/files/${encodeKey(key)}/content`;
    }
    const file: ArtifactFile = {
      key,
      size: num(f.size) ?? num(f.filesize) ?? num(Number(f.filesize)) ?? 0,
      downloadUrl
    };
    const checksum = md5(f.checksum);
    if (checksum) {
      file.checksum = checksum;
    }
    const mimetype = str(f.mimetype) ?? str(f.type);
    if (mimetype && mimetype.includes('/')) {
      file.mimetype = mimetype;
    }
    files.push(file);
  }
  return files;
}

function statsOf(raw: unknown): ArtifactStats | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  // InvenioRDM: `{this_version: {...}, all_versions: {...}}`.
  const all = isObject(raw.all_versions) ? raw.all_versions : raw;
  const own = isObject(raw.this_version) ? raw.this_version : undefined;
  const views = num(all.views);
  const downloads = num(all.downloads);
  if (views === undefined && downloads === undefined) {
    return undefined;
  }
  const stats: ArtifactStats = { views: views ?? 0, downloads: downloads ?? 0 };
  const optional: [keyof ArtifactStats, unknown][] = [
    ['uniqueViews', all.unique_views],
    ['uniqueDownloads', all.unique_downloads],
    ['versionViews', own ? own.views : raw.version_views],
    ['versionDownloads', own ? own.downloads : raw.version_downloads]
  ];
  for (const [key, value] of optional) {
    const n = num(value);
    if (n !== undefined) {
      stats[key] = n;
    }
  }
  return stats;
}

function latestOf(
  raw: Record<string, any>,
  metadata: Record<string, any>
): boolean | undefined {
  if (isObject(raw.versions) && typeof raw.versions.is_latest === 'boolean') {
    return raw.versions.is_latest;
  }
  const version = metadata.relations?.version?.[0];
  return isObject(version) && typeof version.is_last === 'boolean'
    ? version.is_last
    : undefined;
}
