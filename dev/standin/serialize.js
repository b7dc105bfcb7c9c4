'use strict';
/**
 * Response bodies in Zenodo's shapes (API.md §1.3, §1.7, §2.2): the legacy
 * deposition, the "Zenodo JSON" record served today (and, as options, the
 * Oct-2023 variant, the pre-2023 legacy record and the native InvenioRDM one),
 * and the error envelopes.
 */

const RESOURCE_TITLES = {
  publication: 'Publication',
  poster: 'Poster',
  presentation: 'Presentation',
  dataset: 'Dataset',
  image: 'Image',
  video: 'Video/Audio',
  software: 'Software',
  lesson: 'Lesson',
  physicalobject: 'Physical object',
  workflow: 'Workflow',
  model: 'Model',
  other: 'Other'
};
const SUBTYPE_TITLES = {
  article: 'Journal article',
  preprint: 'Preprint',
  report: 'Report',
  workingpaper: 'Working paper',
  thesis: 'Thesis',
  conferencepaper: 'Conference paper',
  book: 'Book',
  figure: 'Figure',
  plot: 'Plot',
  photo: 'Photo',
  drawing: 'Drawing',
  diagram: 'Diagram'
};
const LICENSE_TITLES = {
  'cc-by-4.0': 'Creative Commons Attribution 4.0 International',
  'cc-by-sa-4.0': 'Creative Commons Attribution Share Alike 4.0 International',
  'cc-by-nc-4.0':
    'Creative Commons Attribution Non Commercial 4.0 International',
  'cc-zero': 'Creative Commons Zero v1.0 Universal',
  'cc0-1.0': 'Creative Commons Zero v1.0 Universal',
  mit: 'MIT License',
  'apache-2.0': 'Apache License 2.0',
  'bsd-3-clause': 'BSD 3-Clause "New" or "Revised" License'
};

const ERRORS = {
  401: {
    message:
      "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
    status: 401
  },
  403: {
    message:
      "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
    status: 403
  },
  404: { status: 404, message: 'The persistent identifier does not exist.' },
  405: {
    message: 'The method is not allowed for the requested URL.',
    status: 405
  }
};

function errorBody(status, message) {
  if (message) {
    return { status, message };
  }
  return ERRORS[status] || { status, message: 'Error' };
}

/**
 * A validation error: today's shape (`messages` lists) by default, the legacy
 * one (`message` strings, "Validation error.") when `style === 'legacy'`.
 */
function validationBody(errors, style = 'rdm') {
  if (style === 'legacy') {
    return {
      message: 'Validation error.',
      status: 400,
      errors: errors.map(e => ({
        field: legacyField(e.field),
        message: e.messages.join(' ')
      }))
    };
  }
  return { status: 400, message: 'A validation error occurred.', errors };
}

/** Maps today's field paths back to the legacy deposit names. */
function legacyField(field) {
  return field.replace(/^metadata\.resource_type$/, 'metadata.upload_type');
}

function resourceType(md) {
  const type = md.upload_type || 'other';
  const sub =
    type === 'publication'
      ? md.publication_type
      : type === 'image'
        ? md.image_type
        : undefined;
  const rt = {
    title: sub ? SUBTYPE_TITLES[sub] || sub : RESOURCE_TITLES[type] || type,
    type
  };
  if (sub) {
    rt.subtype = sub;
  }
  return rt;
}

const fileUrl = (base, id, key, draft) =>
  `${base}/api/records/${id}${draft ? '/draft' : ''}/files/${encodeURIComponent(key)}/content`;

/** The legacy deposition (`/api/deposit/depositions/:id`), API.md §1.3. */
function deposition(store, dep, base) {
  const id = dep.id;
  const published = !!dep.published;
  const api = `${base}/api/deposit/depositions/${id}`;
  const concept = store.concepts.get(dep.conceptrecid);
  const latestDraft =
    concept && concept.draftId && concept.draftId !== id ? concept.draftId : id;
  const doi = published ? store.doiOf(id) : undefined;
  const conceptdoi = published
    ? store.conceptDoiOf(dep.conceptrecid)
    : undefined;
  const filesLink = published
    ? `${base}/api/records/${id}/files`
    : `${api}/files`;
  const links = published
    ? {
        self: `${base}/api/records/${id}`,
        html: `${base}/records/${id}`,
        doi: `https://doi.org/${doi}`,
        parent_doi: `https://doi.org/${conceptdoi}`,
        badge: `${base}/badge/doi/${encodeURIComponent(doi)}.svg`,
        conceptbadge: `${base}/badge/doi/${encodeURIComponent(conceptdoi)}.svg`,
        files: filesLink,
        bucket: `${base}/api/files/${dep.bucket}`,
        latest_draft: `${base}/api/deposit/depositions/${latestDraft}`,
        latest_draft_html: `${base}/deposit/${latestDraft}`,
        publish: `${api}/actions/publish`,
        edit: `${api}/actions/edit`,
        discard: `${api}/actions/discard`,
        newversion: `${api}/actions/newversion`,
        registerconceptdoi: `${api}/actions/registerconceptdoi`,
        record: `${base}/api/records/${id}`,
        record_html: `${base}/record/${id}`,
        latest: `${base}/api/records/${id}/versions/latest`,
        latest_html: `${base}/record/${id}/versions/latest`
      }
    : {
        self: api,
        html: `${base}/deposit/${id}`,
        badge: `${base}/badge/doi/.svg`,
        files: filesLink,
        bucket: `${base}/api/files/${dep.bucket}`,
        latest_draft: `${base}/api/deposit/depositions/${latestDraft}`,
        latest_draft_html: `${base}/deposit/${latestDraft}`,
        publish: `${api}/actions/publish`,
        edit: `${api}/actions/edit`,
        discard: `${api}/actions/discard`,
        newversion: `${api}/actions/newversion`,
        registerconceptdoi: `${api}/actions/registerconceptdoi`
      };
  const md = { ...dep.metadata };
  if (published) {
    md.doi = doi;
  }
  md.prereserve_doi = { doi: `10.5281/zenodo.${id}`, recid: id };
  const out = {
    created: dep.created,
    modified: dep.modified,
    id,
    conceptrecid: dep.conceptrecid
  };
  if (published) {
    out.doi = doi;
    out.conceptdoi = conceptdoi;
    out.doi_url = `https://doi.org/${doi}`;
  }
  Object.assign(out, {
    metadata: md,
    title: md.title || '',
    links,
    record_id: id,
    owner: dep.owner,
    files: [...dep.files.values()].map(f =>
      depositionFile(f, base, id, filesLink)
    ),
    state: published ? (dep.editing ? 'inprogress' : 'done') : 'unsubmitted',
    submitted: published
  });
  return out;
}

function depositionFile(f, base, id, filesLink) {
  return {
    id: f.id,
    filename: f.key,
    filesize: f.size,
    checksum: f.md5,
    links: {
      self: `${filesLink}/${f.id}`,
      download: fileUrl(base, id, f.key, true)
    }
  };
}

/** A FilesREST object (bucket PUT answer), API.md §1.5. */
function bucketObject(f, base, bucket) {
  const self = `${base}/api/files/${bucket}/${encodeURIComponent(f.key)}`;
  return {
    created: f.created,
    updated: f.updated,
    version_id: f.versionId,
    key: f.key,
    size: f.size,
    mimetype: f.mimetype,
    checksum: `md5:${f.md5}`,
    is_head: true,
    delete_marker: false,
    links: {
      self,
      version: `${self}?versionId=${f.versionId}`,
      uploads: `${self}?uploads`
    }
  };
}

function stats(store, rec) {
  const mine = rec.stats;
  const all = store.conceptStats(rec.conceptrecid);
  return {
    downloads: all.downloads,
    unique_downloads: all.unique_downloads,
    views: all.views,
    unique_views: all.unique_views,
    version_downloads: mine.downloads,
    version_unique_downloads: mine.unique_downloads,
    version_unique_views: mine.unique_views,
    version_views: mine.views
  };
}

function versionRelation(store, rec) {
  const concept = store.concepts.get(rec.conceptrecid);
  const index = concept.versions.indexOf(rec.id);
  return {
    version: [
      {
        index,
        is_last: index === concept.versions.length - 1,
        parent: { pid_type: 'recid', pid_value: rec.conceptrecid }
      }
    ]
  };
}

/** Metadata as the Zenodo JSON serializer renders it. */
function zenodoMetadata(store, rec, pub) {
  const src = pub.metadata;
  const md = {
    title: src.title,
    doi: store.doiOf(rec.id),
    publication_date: src.publication_date,
    description: src.description,
    access_right: src.access_right || 'open',
    creators: (src.creators || []).map(c => {
      const o = {
        name: c.name,
        affiliation: c.affiliation === undefined ? null : c.affiliation
      };
      if (c.orcid) {
        o.orcid = c.orcid;
      }
      return o;
    })
  };
  if (src.contributors) {
    md.contributors = src.contributors.map(c => ({
      name: c.name,
      affiliation: c.affiliation === undefined ? null : c.affiliation,
      type: c.type
    }));
  }
  if (src.keywords && src.keywords.length) {
    md.keywords = src.keywords;
  }
  if (src.related_identifiers) {
    md.related_identifiers = src.related_identifiers;
  }
  if (src.version) {
    md.version = src.version;
  }
  if (src.language) {
    // Zenodo JSON carries the record's language (ISO 639-3, e.g. "eng").
    md.language = src.language;
  }
  md.resource_type = resourceType(src);
  if (src.license) {
    md.license = { id: src.license };
  }
  if (src.communities && src.communities.length) {
    md.communities = src.communities.map(c => ({ id: c.identifier }));
  }
  md.relations = versionRelation(store, rec);
  return md;
}

function recordLinks(base, id, conceptrecid, doi, conceptdoi) {
  const r = `${base}/api/records/${id}`;
  return {
    self: r,
    self_html: `${base}/records/${id}`,
    preview_html: `${base}/records/${id}?preview=1`,
    doi: `https://doi.org/${doi}`,
    self_doi: `https://doi.org/${doi}`,
    self_doi_html: `${base}/doi/${doi}`,
    reserve_doi: `${r}/draft/pids/doi`,
    parent: `${base}/api/records/${conceptrecid}`,
    parent_html: `${base}/records/${conceptrecid}`,
    parent_doi: `https://doi.org/${conceptdoi}`,
    parent_doi_html: `${base}/doi/${conceptdoi}`,
    self_iiif_manifest: `${base}/api/iiif/record:${id}/manifest`,
    self_iiif_sequence: `${base}/api/iiif/record:${id}/sequence/default`,
    files: `${r}/files`,
    media_files: `${r}/media-files`,
    archive: `${r}/files-archive`,
    archive_media: `${r}/media-files-archive`,
    latest: `${r}/versions/latest`,
    latest_html: `${base}/records/${id}/latest`,
    versions: `${r}/versions`,
    draft: `${r}/draft`,
    access_links: `${r}/access/links`,
    access_grants: `${r}/access/grants`,
    access_users: `${r}/access/users`,
    access_request: `${r}/access/request`,
    access: `${r}/access`,
    communities: `${r}/communities`,
    'communities-suggestions': `${r}/communities-suggestions`,
    request_deletion: `${r}/request-deletion`,
    requests: `${r}/requests`
  };
}

/** "Zenodo JSON" as served today (API.md §2.2 A). */
function zenodoRecord(store, rec, base) {
  const pub = rec.published;
  const doi = store.doiOf(rec.id);
  const conceptdoi = store.conceptDoiOf(rec.conceptrecid);
  const metadata = zenodoMetadata(store, rec, pub);
  return {
    created: pub.created,
    modified: pub.updated,
    id: rec.id,
    conceptrecid: rec.conceptrecid,
    doi,
    conceptdoi,
    doi_url: `https://doi.org/${doi}`,
    metadata,
    title: metadata.title,
    links: recordLinks(base, rec.id, rec.conceptrecid, doi, conceptdoi),
    updated: pub.updated,
    recid: String(rec.id),
    revision: pub.revision,
    files: pub.files.map(f => ({
      id: f.id,
      key: f.key,
      size: f.size,
      checksum: `md5:${f.md5}`,
      links: { self: fileUrl(base, rec.id, f.key, false) }
    })),
    swh: {},
    owners: [{ id: String(rec.owner) }],
    status: 'published',
    stats: stats(store, rec),
    state: 'done',
    submitted: true
  };
}

/** Zenodo JSON as recorded in Oct 2023 (API.md §2.2 B). */
function zenodoRecord2023(store, rec, base) {
  const out = zenodoRecord(store, rec, base);
  delete out.swh;
  out.owners = [{ id: rec.owner }];
  out.files = rec.published.files.map(f => ({
    id: f.id,
    filename: f.key,
    filesize: f.size,
    checksum: f.md5,
    links: {
      self: `${base}/api/records/${rec.id}/files/${encodeURIComponent(f.key)}`,
      download: fileUrl(base, rec.id, f.key, false)
    }
  }));
  return out;
}

/** The pre-Oct-2023 legacy record (API.md §2.2 C). */
function legacyRecord(store, rec, base) {
  const pub = rec.published;
  const doi = store.doiOf(rec.id);
  const conceptdoi = store.conceptDoiOf(rec.conceptrecid);
  const metadata = zenodoMetadata(store, rec, pub);
  if (metadata.license) {
    metadata.license = { id: metadata.license.id.toUpperCase() };
  }
  const concept = store.concepts.get(rec.conceptrecid);
  const last = concept.versions[concept.versions.length - 1];
  metadata.relations.version[0].count = concept.versions.length;
  metadata.relations.version[0].last_child = {
    pid_type: 'recid',
    pid_value: String(last)
  };
  const s = stats(store, rec);
  return {
    conceptdoi,
    conceptrecid: rec.conceptrecid,
    created: pub.created,
    doi,
    files: pub.files.map(f => ({
      bucket: rec.bucket,
      checksum: `md5:${f.md5}`,
      key: f.key,
      links: {
        self: `${base}/api/files/${rec.bucket}/${encodeURIComponent(f.key)}`
      },
      size: f.size,
      type: (f.key.match(/\.([^.]+)$/) || ['', ''])[1]
    })),
    id: rec.id,
    links: {
      badge: `${base}/badge/doi/${encodeURIComponent(doi)}.svg`,
      bucket: `${base}/api/files/${rec.bucket}`,
      conceptbadge: `${base}/badge/doi/${encodeURIComponent(conceptdoi)}.svg`,
      conceptdoi: `https://doi.org/${conceptdoi}`,
      doi: `https://doi.org/${doi}`,
      html: `${base}/record/${rec.id}`,
      latest: `${base}/api/records/${last}`,
      latest_html: `${base}/record/${last}`,
      self: `${base}/api/records/${rec.id}`
    },
    metadata,
    owners: [rec.owner],
    revision: pub.revision,
    stats: { ...s, volume: 0, version_volume: 0 },
    updated: pub.updated
  };
}

function splitName(name) {
  const m = /^([^,]+),\s*(.+)$/.exec(name);
  return m
    ? { family_name: m[1], given_name: m[2] }
    : { family_name: name, given_name: '' };
}

/** The native InvenioRDM record (`Accept: application/vnd.inveniordm.v1+json`). */
function rdmRecord(store, rec, base) {
  const pub = rec.published;
  const src = pub.metadata;
  const doi = store.doiOf(rec.id);
  const conceptdoi = store.conceptDoiOf(rec.conceptrecid);
  const concept = store.concepts.get(rec.conceptrecid);
  const index = concept.versions.indexOf(rec.id);
  const s = stats(store, rec);
  const type = src.upload_type || 'other';
  const sub = resourceType(src).subtype;
  const entries = {};
  for (const f of pub.files) {
    entries[f.key] = {
      id: f.id,
      key: f.key,
      size: f.size,
      checksum: `md5:${f.md5}`,
      mimetype: f.mimetype,
      ext: (f.key.match(/\.([^.]+)$/) || ['', ''])[1] || null,
      links: {
        self: `${base}/api/records/${rec.id}/files/${encodeURIComponent(f.key)}`,
        content: fileUrl(base, rec.id, f.key, false)
      }
    };
  }
  const communities = (src.communities || []).map(c => c.identifier);
  const md = {
    resource_type: {
      id: sub ? `${type}-${sub}` : type,
      title: { en: resourceType(src).title }
    },
    creators: (src.creators || []).map(c => {
      const po = { type: 'personal', name: c.name, ...splitName(c.name) };
      po.identifiers = c.orcid
        ? [{ scheme: 'orcid', identifier: c.orcid }]
        : [];
      const out = { person_or_org: po };
      if (c.affiliation) {
        out.affiliations = [{ name: c.affiliation }];
      }
      return out;
    }),
    title: src.title,
    publisher: 'Zenodo',
    publication_date: src.publication_date,
    description: src.description
  };
  if (src.keywords) {
    md.subjects = src.keywords.map(k => ({ subject: k }));
  }
  if (src.version) {
    md.version = src.version;
  }
  if (src.language) {
    md.languages = [{ id: src.language }];
  }
  if (src.license) {
    md.rights = [
      {
        id: src.license,
        title: { en: LICENSE_TITLES[src.license] || src.license },
        props: { scheme: 'spdx', url: '' }
      }
    ];
  }
  return {
    created: pub.created,
    updated: pub.updated,
    id: String(rec.id),
    pids: {
      doi: { identifier: doi, provider: 'datacite', client: 'datacite' },
      oai: { identifier: `oai:zenodo.org:${rec.id}`, provider: 'oai' }
    },
    metadata: md,
    custom_fields: {},
    access: {
      record: 'public',
      files: 'public',
      embargo: { active: false, reason: null },
      status: 'open'
    },
    files: {
      enabled: true,
      order: [],
      count: pub.files.length,
      total_bytes: pub.files.reduce((a, f) => a + f.size, 0),
      entries
    },
    media_files: {
      enabled: false,
      order: [],
      count: 0,
      total_bytes: 0,
      entries: {}
    },
    parent: {
      id: rec.conceptrecid,
      pids: {
        doi: {
          identifier: conceptdoi,
          provider: 'datacite',
          client: 'datacite'
        }
      },
      access: { owned_by: { user: String(rec.owner) } },
      communities: communities.length
        ? { ids: communities, default: communities[0] }
        : {}
    },
    versions: {
      is_latest: index === concept.versions.length - 1,
      index: index + 1
    },
    is_published: true,
    is_draft: false,
    status: 'published',
    revision_id: pub.revision,
    stats: {
      this_version: {
        views: s.version_views,
        unique_views: s.version_unique_views,
        downloads: s.version_downloads,
        unique_downloads: s.version_unique_downloads,
        data_volume: 0
      },
      all_versions: {
        views: s.views,
        unique_views: s.unique_views,
        downloads: s.downloads,
        unique_downloads: s.unique_downloads,
        data_volume: 0
      }
    },
    links: recordLinks(base, rec.id, rec.conceptrecid, doi, conceptdoi)
  };
}

const SHAPES = {
  zenodo: zenodoRecord,
  zenodo2023: zenodoRecord2023,
  legacy: legacyRecord,
  rdm: rdmRecord
};

function record(store, rec, base, shape = 'zenodo') {
  return (SHAPES[shape] || zenodoRecord)(store, rec, base);
}

/** A file entry as the native files API lists it (`/api/records/:id/files`). */
function fileEntry(f, base, id, draft) {
  const self = `${base}/api/records/${id}${draft ? '/draft' : ''}/files/${encodeURIComponent(f.key)}`;
  return {
    created: f.created,
    updated: f.updated,
    mimetype: f.mimetype,
    version_id: f.versionId,
    file_id: f.id,
    bucket_id: f.bucket,
    metadata: null,
    access: { hidden: false },
    links: {
      self,
      content: `${self}/content`,
      ...(draft ? { commit: `${self}/commit` } : {})
    },
    key: f.key,
    checksum: `md5:${f.md5}`,
    size: f.size,
    transfer: { type: 'L' },
    status: 'completed',
    storage_class: 'L'
  };
}

module.exports = {
  ERRORS,
  errorBody,
  validationBody,
  deposition,
  bucketObject,
  record,
  fileEntry,
  resourceType,
  RESOURCE_TITLES
};
