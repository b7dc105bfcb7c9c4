'use strict';
/**
 * The stand-in's state: depositions (drafts and published records share one
 * object, as they share one id in Zenodo), concepts (version chains), buckets,
 * and the search over published records.
 */
const crypto = require('crypto');
const { USERS } = require('./tokens');
const { demoSeeds, syntheticSpec } = require('./seeds');
const { prng } = require('./archives');

const LOADTEST_USER = { id: 100001, username: 'load-test' };
const COMMUNITY = 'artifacts-demo';

const UPLOAD_TYPES = [
  'publication',
  'poster',
  'presentation',
  'dataset',
  'image',
  'video',
  'software',
  'lesson',
  'physicalobject',
  'other'
];
const PUBLICATION_TYPES = [
  'annotationcollection',
  'book',
  'section',
  'conferencepaper',
  'datamanagementplan',
  'article',
  'patent',
  'preprint',
  'deliverable',
  'milestone',
  'proposal',
  'report',
  'softwaredocumentation',
  'taxonomictreatment',
  'technicalnote',
  'thesis',
  'workingpaper',
  'other'
];
const IMAGE_TYPES = ['figure', 'plot', 'drawing', 'diagram', 'photo', 'other'];
const ACCESS_RIGHTS = ['open', 'embargoed', 'restricted', 'closed'];
const METADATA_FIELDS = new Set([
  'upload_type',
  'publication_type',
  'image_type',
  'publication_date',
  'title',
  'creators',
  'description',
  'access_right',
  'license',
  'embargo_date',
  'access_conditions',
  'doi',
  'prereserve_doi',
  'keywords',
  'notes',
  'related_identifiers',
  'contributors',
  'references',
  'communities',
  'grants',
  'subjects',
  'version',
  'language',
  'locations',
  'dates',
  'method',
  'journal_title',
  'journal_volume',
  'journal_issue',
  'journal_pages',
  'conference_title',
  'conference_acronym',
  'conference_dates',
  'conference_place',
  'conference_url',
  'conference_session',
  'conference_session_part',
  'imprint_publisher',
  'imprint_isbn',
  'imprint_place',
  'partof_title',
  'partof_pages',
  'thesis_supervisors',
  'thesis_university',
  'custom'
]);
const PERSON_FIELDS = new Set(['name', 'affiliation', 'orcid', 'gnd']);
const CONTRIBUTOR_FIELDS = new Set([
  'name',
  'affiliation',
  'orcid',
  'gnd',
  'type'
]);
const STRING_FIELDS = [
  'upload_type',
  'publication_type',
  'image_type',
  'publication_date',
  'title',
  'description',
  'access_right',
  'embargo_date',
  'access_conditions',
  'version',
  'language',
  'notes',
  'method'
];

const MIME = {
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  csv: 'text/csv',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  ipynb: 'application/x-ipynb+json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
  cff: 'application/octet-stream'
};
function mimetypeOf(key) {
  const m = /\.([^.]+)$/.exec(key.toLowerCase());
  return (m && MIME[m[1]]) || 'application/octet-stream';
}

/** A deterministic UUID from text, so seeded ids survive restarts. */
function uuidFrom(text) {
  const h = crypto.createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const iso = d => new Date(d).toISOString().replace('Z', '000+00:00');
const nowIso = () => iso(Date.now());

/** Lower-case word tokens, as a search index sees them. */
function tokens(text) {
  return String(text || '')
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .split(/[^\p{L}\p{N}.:_-]+/u)
    .flatMap(t => [t, ...t.split(/[.:_-]+/)])
    .filter(Boolean);
}
const norm = text =>
  String(text || '')
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const SORTS = {
  bestmatch: null,
  newest: (a, b) =>
    b.published.createdMs - a.published.createdMs || b.id - a.id,
  mostrecent: (a, b) =>
    b.published.createdMs - a.published.createdMs || b.id - a.id,
  oldest: (a, b) =>
    a.published.createdMs - b.published.createdMs || a.id - b.id,
  '-mostrecent': (a, b) =>
    a.published.createdMs - b.published.createdMs || a.id - b.id,
  'updated-desc': (a, b) =>
    b.published.updatedMs - a.published.updatedMs || b.id - a.id,
  'updated-asc': (a, b) =>
    a.published.updatedMs - b.published.updatedMs || a.id - b.id,
  'publication-desc': (a, b) =>
    b.published.metadata.publication_date.localeCompare(
      a.published.metadata.publication_date
    ) || b.id - a.id,
  'publication-asc': (a, b) =>
    a.published.metadata.publication_date.localeCompare(
      b.published.metadata.publication_date
    ) || a.id - b.id,
  mostviewed: (a, b) => b.stats.views - a.stats.views || b.id - a.id,
  mostdownloaded: (a, b) =>
    b.stats.downloads - a.stats.downloads || b.id - a.id,
  version: (a, b) => b.versionIndex - a.versionIndex || b.id - a.id
};

class Store {
  constructor(options = {}) {
    this.options = options;
    this.doiPrefix = options.doiPrefix || '10.5281';
    this.clear();
  }

  clear() {
    this.deps = new Map();
    this.concepts = new Map();
    this.buckets = new Map();
    this.nextId = this.options.firstId || 100001;
    this.published = [];
    this.tombstones = new Map();
    this.sortCache = new Map();
    this.generation = 0;
    this.statsGeneration = 0;
    this.syntheticCount = 0;
  }

  touch() {
    this.generation++;
  }

  newId() {
    return this.nextId++;
  }

  doiOf(id) {
    return `${this.doiPrefix}/zenodo.${id}`;
  }

  conceptDoiOf(cid) {
    return `${this.doiPrefix}/zenodo.${cid}`;
  }

  conceptStats(cid) {
    const c = this.concepts.get(cid);
    const s = { views: 0, unique_views: 0, downloads: 0, unique_downloads: 0 };
    for (const id of c ? c.versions : []) {
      const d = this.deps.get(id);
      if (d) {
        for (const k of Object.keys(s)) {
          s[k] += d.stats[k];
        }
      }
    }
    return s;
  }

  // ---------------------------------------------------------------- creation

  newDeposition(owner, metadata = {}, { conceptrecid, created } = {}) {
    let cid = conceptrecid;
    if (!cid) {
      cid = String(this.newId());
      this.concepts.set(cid, {
        id: cid,
        owner: owner.id,
        versions: [],
        draftId: null
      });
    }
    const id = this.newId();
    const bucket = crypto.randomUUID();
    const when = created ? iso(created) : nowIso();
    const dep = {
      id,
      conceptrecid: cid,
      owner: owner.id,
      bucket,
      created: when,
      modified: when,
      metadata: { access_right: 'open', ...metadata },
      files: new Map(),
      published: null,
      editing: false,
      stats: { views: 0, unique_views: 0, downloads: 0, unique_downloads: 0 },
      versionIndex: 0
    };
    this.deps.set(id, dep);
    this.buckets.set(bucket, id);
    return dep;
  }

  makeFile(dep, key, blob, size, md5, when, idText) {
    return {
      id: idText ? uuidFrom(idText) : crypto.randomUUID(),
      key,
      size,
      md5,
      mimetype: mimetypeOf(key),
      created: when,
      updated: when,
      versionId: idText ? uuidFrom(`v:${idText}`) : crypto.randomUUID(),
      bucket: dep.bucket,
      blob
    };
  }

  /** Publishes `dep`: snapshot of metadata and files, a version in its concept. */
  publish(dep, when = Date.now()) {
    const concept = this.concepts.get(dep.conceptrecid);
    const md = { ...dep.metadata };
    if (
      !md.license &&
      md.access_right !== 'closed' &&
      md.access_right !== 'restricted'
    ) {
      md.license = md.upload_type === 'dataset' ? 'cc-zero' : 'cc-by-4.0';
    }
    if (!md.imprint_publisher) {
      md.imprint_publisher = 'Zenodo';
    }
    dep.metadata = md;
    const stamp = iso(when);
    if (dep.published) {
      dep.published = {
        ...dep.published,
        metadata: JSON.parse(JSON.stringify(md)),
        files: [...dep.files.values()],
        updated: stamp,
        updatedMs: when,
        revision: dep.published.revision + 1
      };
      dep.editing = false;
    } else {
      dep.published = {
        metadata: JSON.parse(JSON.stringify(md)),
        files: [...dep.files.values()],
        created: stamp,
        createdMs: when,
        updated: stamp,
        updatedMs: when,
        revision: 3
      };
      concept.versions.push(dep.id);
      dep.versionIndex = concept.versions.length;
      if (concept.draftId === dep.id) {
        concept.draftId = null;
      }
      this.published.push(dep);
    }
    dep.modified = stamp;
    dep.index = this.indexOf(dep);
    this.touch();
    return dep;
  }

  indexOf(dep) {
    const md = dep.published.metadata;
    const creators = (md.creators || []).map(c => c.name).join(' ; ');
    const kw = (md.keywords || []).join(' ; ');
    const fields = {
      title: md.title,
      description: md.description,
      creators,
      keywords: kw,
      version: md.version,
      doi: this.doiOf(dep.id),
      conceptdoi: this.conceptDoiOf(dep.conceptrecid),
      recid: String(dep.id),
      conceptrecid: dep.conceptrecid,
      type: md.upload_type,
      subtype: md.publication_type || md.image_type || '',
      communities: (md.communities || []).map(c => c.identifier).join(' '),
      publication_date: md.publication_date,
      filename: dep.published.files.map(f => f.key).join(' ')
    };
    const idx = { fields, tok: {}, norm: {} };
    for (const [k, v] of Object.entries(fields)) {
      idx.tok[k] = new Set(tokens(v));
      idx.norm[k] = ` ${norm(v)} `;
    }
    idx.communities = new Set((md.communities || []).map(c => c.identifier));
    return idx;
  }

  // ---------------------------------------------------------------- seeding

  seedDemo(cacheDir) {
    const seeds = demoSeeds(cacheDir);
    const owner = USERS.demo;
    for (const { concept, versions } of seeds) {
      const rnd = prng(`stats/${concept.slug}`);
      let cid = null;
      versions.forEach((v, vi) => {
        const when = Date.parse(`${v.date}T09:30:00Z`) + vi * 1000;
        const metadata = {
          upload_type: concept.upload_type,
          publication_date: v.date,
          title: concept.title,
          creators: concept.creators,
          description: concept.description,
          access_right: 'open',
          license: concept.license,
          keywords: concept.keywords,
          version: v.version,
          communities: [{ identifier: COMMUNITY }]
        };
        if (concept.publication_type) {
          metadata.publication_type = concept.publication_type;
        }
        if (concept.image_type) {
          metadata.image_type = concept.image_type;
        }
        const dep = this.newDeposition(owner, metadata, {
          conceptrecid: cid,
          created: when
        });
        dep.bucket = uuidFrom(`bucket/${concept.slug}/${vi}`);
        this.buckets.set(dep.bucket, dep.id);
        cid = dep.conceptrecid;
        for (const f of v.files) {
          const file = this.makeFile(
            dep,
            f.key,
            { kind: 'file', path: f.path },
            f.size,
            f.md5,
            iso(when),
            `${concept.slug}/${vi}/${f.key}`
          );
          dep.files.set(f.key, file);
        }
        const views = 20 + Math.floor(rnd() * 800);
        const downloads = Math.floor(rnd() * views * 0.4);
        dep.stats = {
          views,
          unique_views: Math.max(1, Math.floor(views * 0.8)),
          downloads,
          unique_downloads: Math.floor(downloads * 0.9)
        };
        this.publish(dep, when + 60000);
      });
    }
    // A deleted record, so that clients can meet a 410 tombstone.
    const gone = this.newId();
    this.tombstones.set(gone, {
      status: 410,
      message: 'Record deleted',
      tombstone: {
        removal_reason: { id: 'spam' },
        note: '',
        removed_by: { user: 'system' },
        removal_date: '2024-05-02T10:00:00+00:00',
        citation_text: 'Removed record (2024). Zenodo.',
        is_visible: true
      }
    });
    this.deletedId = gone;
  }

  seedSynthetic(count) {
    const start = this.syntheticCount;
    for (let i = start; i < start + count; i++) {
      const s = syntheticSpec(i);
      const metadata = {
        upload_type: s.upload_type,
        publication_date: s.date,
        title: s.title,
        creators: s.creators,
        description: s.description,
        access_right: 'open',
        keywords: s.keywords,
        version: '1.0',
        communities: [{ identifier: COMMUNITY }]
      };
      if (s.publication_type) {
        metadata.publication_type = s.publication_type;
      }
      if (s.image_type) {
        metadata.image_type = s.image_type;
      }
      const when = Date.parse(`${s.date}T12:00:00Z`) + i;
      const dep = this.newDeposition(LOADTEST_USER, metadata, {
        created: when
      });
      dep.synthetic = true;
      const data = Buffer.from(s.file.body);
      const md5 = crypto.createHash('md5').update(data).digest('hex');
      const body = s.file.body;
      dep.files.set(
        s.file.key,
        this.makeFile(
          dep,
          s.file.key,
          { kind: 'gen', gen: () => Buffer.from(body) },
          data.length,
          md5,
          iso(when),
          `syn/${i}`
        )
      );
      dep.stats = {
        views: (i * 37) % 500,
        unique_views: (i * 37) % 400,
        downloads: (i * 11) % 90,
        unique_downloads: (i * 11) % 80
      };
      this.publish(dep, when + 1000);
    }
    this.syntheticCount += count;
  }

  // ---------------------------------------------------------------- validation

  /** Structural checks done on create/update (drafts may be incomplete). */
  checkStructure(body, { create }) {
    const errors = [];
    const err = (field, msg) => errors.push({ field, messages: [msg] });
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      err('_schema', 'Invalid input type.');
      return errors;
    }
    for (const k of Object.keys(body)) {
      if (k !== 'metadata') {
        err(k, 'Unknown field.');
      }
    }
    if (!('metadata' in body)) {
      if (!create) {
        err('metadata', 'Missing data for required field.');
      }
      return errors;
    }
    const md = body.metadata;
    if (md === null || typeof md !== 'object' || Array.isArray(md)) {
      err('metadata', 'Invalid input type.');
      return errors;
    }
    for (const k of Object.keys(md)) {
      if (!METADATA_FIELDS.has(k)) {
        err(`metadata.${k}`, 'Unknown field.');
      }
    }
    for (const k of STRING_FIELDS) {
      if (k in md && md[k] !== null && typeof md[k] !== 'string') {
        err(`metadata.${k}`, 'Not a valid string.');
      }
    }
    if ('license' in md && typeof md.license !== 'string') {
      errors.push({
        field: 'metadata.license',
        messages: ['Invalid license value provided.']
      });
    }
    const people = (field, allowed) => {
      if (!(field in md)) {
        return;
      }
      if (!Array.isArray(md[field])) {
        err(`metadata.${field}`, 'Not a valid list.');
        return;
      }
      md[field].forEach((c, i) => {
        if (!c || typeof c !== 'object' || Array.isArray(c)) {
          err(`metadata.${field}.${i}`, 'Invalid input type.');
          return;
        }
        for (const k of Object.keys(c)) {
          if (!allowed.has(k)) {
            err(`metadata.${field}.${i}.${k}`, 'Unknown field.');
          }
        }
        if ('name' in c && typeof c.name !== 'string') {
          err(`metadata.${field}.${i}.name`, 'Not a valid string.');
        }
      });
    };
    people('creators', PERSON_FIELDS);
    people('contributors', CONTRIBUTOR_FIELDS);
    if (
      'keywords' in md &&
      (!Array.isArray(md.keywords) ||
        md.keywords.some(k => typeof k !== 'string'))
    ) {
      err('metadata.keywords', 'Not a valid list of strings.');
    }
    if ('communities' in md) {
      const ok =
        Array.isArray(md.communities) &&
        md.communities.every(
          c =>
            c &&
            typeof c === 'object' &&
            typeof c.identifier === 'string' &&
            Object.keys(c).length === 1
        );
      if (!ok) {
        err(
          'communities',
          'Invalid communities: expected a list of {"identifier": "<slug>"}.'
        );
      }
    }
    if ('related_identifiers' in md) {
      if (!Array.isArray(md.related_identifiers)) {
        err('metadata.related_identifiers', 'Not a valid list.');
      } else {
        md.related_identifiers.forEach((r, i) => {
          if (!r || typeof r !== 'object' || Array.isArray(r)) {
            err(`metadata.related_identifiers.${i}`, 'Invalid input type.');
          } else if (typeof r.relation !== 'string') {
            err(
              `metadata.related_identifiers.${i}.relation`,
              'Missing data for required field.'
            );
          }
        });
      }
    }
    return errors;
  }

  /** Full validation on publish (API.md §1.4, §1.7). */
  checkPublishable(dep) {
    const md = dep.metadata;
    const errors = [];
    const err = (field, msg) => errors.push({ field, messages: [msg] });
    const missing = 'Missing data for required field.';
    if (!md.upload_type) {
      err('metadata.resource_type', missing);
    } else if (!UPLOAD_TYPES.includes(md.upload_type)) {
      err('metadata.resource_type', 'Invalid value.');
    } else if (
      md.upload_type === 'publication' &&
      !PUBLICATION_TYPES.includes(md.publication_type)
    ) {
      err(
        'metadata.resource_type',
        md.publication_type ? 'Invalid value.' : missing
      );
    } else if (
      md.upload_type === 'image' &&
      !IMAGE_TYPES.includes(md.image_type)
    ) {
      err('metadata.resource_type', md.image_type ? 'Invalid value.' : missing);
    }
    if (!md.title || !String(md.title).trim()) {
      err('metadata.title', missing);
    }
    if (!md.publication_date) {
      err('metadata.publication_date', missing);
    } else if (
      !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(md.publication_date) ||
      isNaN(Date.parse(md.publication_date))
    ) {
      err(
        'metadata.publication_date',
        'Please provide a valid date or interval.'
      );
    }
    if (!Array.isArray(md.creators) || md.creators.length === 0) {
      err('metadata.creators', missing);
    } else {
      md.creators.forEach((c, i) => {
        if (!c.name || !String(c.name).trim()) {
          err(
            `metadata.creators.${i}.person_or_org.family_name`,
            'Family name must be filled.'
          );
        }
      });
    }
    const access = md.access_right || 'open';
    if (!ACCESS_RIGHTS.includes(access)) {
      err('metadata.access_right', 'Invalid value.');
    } else if (access === 'embargoed' && !md.embargo_date) {
      err('metadata.embargo_date', missing);
    } else if (access === 'restricted' && !md.access_conditions) {
      err('metadata.access_conditions', missing);
    }
    if (dep.files.size === 0) {
      err(
        'files.enabled',
        'Missing uploaded files. To disable files for this record please mark it as metadata-only.'
      );
    }
    return errors;
  }

  // ---------------------------------------------------------------- search

  sorted(sortKey, pool, poolKey) {
    const cacheKey = `${poolKey}:${sortKey}`;
    const hit = this.sortCache.get(cacheKey);
    const gen =
      sortKey === 'mostviewed' || sortKey === 'mostdownloaded'
        ? this.statsGeneration
        : 0;
    if (hit && hit.generation === this.generation && hit.stats === gen) {
      return hit.list;
    }
    const list = pool.slice().sort(SORTS[sortKey]);
    this.sortCache.set(cacheKey, {
      generation: this.generation,
      stats: gen,
      list
    });
    return list;
  }

  latestOnly() {
    const hit = this.sortCache.get('latest');
    if (hit && hit.generation === this.generation) {
      return hit.list;
    }
    const list = this.published.filter(d => {
      const c = this.concepts.get(d.conceptrecid);
      return c.versions[c.versions.length - 1] === d.id;
    });
    this.sortCache.set('latest', { generation: this.generation, list });
    return list;
  }

  /**
   * Searches published records. Returns `{ total, hits, sortBy, aggregations }`
   * or throws `{ field, message }` for a bad query.
   */
  search({ q, communities, type, subtype, sort, page, size, allVersions }) {
    const query = parseQuery(q || '');
    const hasQuery = query.groups.length > 0;
    let sortKey = sort || (hasQuery ? 'bestmatch' : 'newest');
    if (!(sortKey in SORTS)) {
      throw { field: 'sort', message: `Invalid sort option '${sortKey}'.` };
    }
    if (sortKey === 'bestmatch' && !hasQuery) {
      sortKey = 'newest';
    }
    const pool = allVersions ? this.published : this.latestOnly();
    const ordered = this.sorted(
      sortKey === 'bestmatch' ? 'newest' : sortKey,
      pool,
      allVersions ? 'all' : 'latest'
    );
    const comms = (communities || []).filter(Boolean);
    const types = (type || []).filter(Boolean);
    const subtypes = (subtype || []).filter(Boolean);
    const matches = [];
    for (const d of ordered) {
      const idx = d.index;
      if (comms.length && !comms.some(c => idx.communities.has(c))) {
        continue;
      }
      if (types.length && !types.includes(idx.fields.type)) {
        continue;
      }
      if (subtypes.length && !subtypes.includes(idx.fields.subtype)) {
        continue;
      }
      if (hasQuery) {
        const score = evaluate(query, idx);
        if (score <= 0) {
          continue;
        }
        matches.push(sortKey === 'bestmatch' ? { d, score } : { d });
      } else {
        matches.push({ d });
      }
    }
    if (sortKey === 'bestmatch') {
      // Stable: ties keep the newest-first order.
      matches.sort((a, b) => b.score - a.score);
    }
    const from = (page - 1) * size;
    return {
      total: matches.length,
      hits: matches.slice(from, from + size).map(m => m.d),
      sortBy: sortKey,
      aggregations: aggregations(matches)
    };
  }
}

function aggregations(matches) {
  const types = new Map();
  const subjects = new Map();
  const fileTypes = new Map();
  const bump = (m, k) => m.set(k, (m.get(k) || 0) + 1);
  for (const { d } of matches) {
    bump(types, d.index.fields.type);
    for (const k of d.published.metadata.keywords || []) {
      bump(subjects, k);
    }
    const exts = new Set(
      d.published.files.map(f =>
        (/\.([^.]+)$/.exec(f.key) || ['', 'other'])[1].toLowerCase()
      )
    );
    exts.forEach(e => bump(fileTypes, e));
  }
  const buckets = (m, label, limit = 10) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
      .slice(0, limit)
      .map(([key, n]) => ({
        key,
        doc_count: n,
        label: label(key),
        is_selected: false
      }));
  const { RESOURCE_TITLES } = require('./serialize');
  return {
    access_status: {
      buckets: matches.length
        ? [
            {
              key: 'open',
              doc_count: matches.length,
              label: 'Open',
              is_selected: false
            }
          ]
        : [],
      label: 'Access status'
    },
    resource_type: {
      buckets: buckets(types, k => RESOURCE_TITLES[k] || k).map(b => ({
        ...b,
        inner: { buckets: [] }
      })),
      label: 'Resource types'
    },
    subject: { buckets: buckets(subjects, k => k), label: 'Subjects' },
    file_type: {
      buckets: buckets(fileTypes, k => k.toUpperCase()),
      label: 'File type'
    }
  };
}

const FIELD_ALIASES = {
  title: ['title'],
  'metadata.title': ['title'],
  description: ['description'],
  'metadata.description': ['description'],
  creators: ['creators'],
  creator: ['creators'],
  'creators.name': ['creators'],
  'metadata.creators.name': ['creators'],
  'metadata.creators.person_or_org.name': ['creators'],
  keywords: ['keywords'],
  subjects: ['keywords'],
  subject: ['keywords'],
  'metadata.subjects.subject': ['keywords'],
  doi: ['doi'],
  'pids.doi.identifier': ['doi'],
  conceptdoi: ['conceptdoi'],
  'parent.pids.doi.identifier': ['conceptdoi'],
  recid: ['recid'],
  id: ['recid'],
  conceptrecid: ['conceptrecid'],
  'parent.id': ['conceptrecid'],
  version: ['version'],
  'metadata.version': ['version'],
  communities: ['communities'],
  'parent.communities.entries.slug': ['communities'],
  resource_type: ['type'],
  'resource_type.type': ['type'],
  'metadata.resource_type.id': ['type'],
  publication_date: ['publication_date'],
  'metadata.publication_date': ['publication_date'],
  filename: ['filename'],
  'files.entries.key': ['filename']
};
const DEFAULT_FIELDS = [
  'title',
  'description',
  'creators',
  'keywords',
  'doi',
  'filename'
];
const EXACT_FIELDS = new Set(['doi', 'conceptdoi', 'recid', 'conceptrecid']);

/**
 * A small subset of the Elasticsearch query string: terms (AND by default),
 * `OR`, `AND`, `NOT`/`-`/`+`, `field:value`, `field:"a phrase"`, `"phrase"`,
 * trailing `*` wildcards. Parentheses are ignored.
 */
function parseQuery(q) {
  const re = /\s*([+-]?)(?:([\w.]+):)?(?:"((?:[^"\\]|\\.)*)"|(\S+))/gy;
  const groups = [];
  let current = [];
  let negateNext = false;
  let m;
  const text = q.replace(/[()]/g, ' ').trim();
  while (text && (m = re.exec(text)) !== null) {
    const [, sign, field, phrase, word] = m;
    if (!field && phrase === undefined && (word === 'OR' || word === '||')) {
      if (current.length) {
        groups.push(current);
      }
      current = [];
      continue;
    }
    if (!field && phrase === undefined && (word === 'AND' || word === '&&')) {
      continue;
    }
    if (!field && phrase === undefined && word === 'NOT') {
      negateNext = true;
      continue;
    }
    let value =
      phrase !== undefined
        ? phrase.replace(/\\(.)/g, '$1')
        : word.replace(/\\(.)/g, '$1');
    const fields = field
      ? FIELD_ALIASES[field] ||
        FIELD_ALIASES[field.toLowerCase()] || ['__none__']
      : DEFAULT_FIELDS;
    const prefix = phrase === undefined && value.endsWith('*');
    if (prefix) {
      value = value.slice(0, -1);
    }
    if (value === '' && !prefix) {
      continue;
    }
    current.push({
      fields,
      value,
      phrase: phrase !== undefined,
      prefix,
      negate: sign === '-' || negateNext
    });
    negateNext = false;
  }
  if (current.length) {
    groups.push(current);
  }
  return { groups };
}

function clauseScore(c, idx) {
  let score = 0;
  for (const f of c.fields) {
    if (f === '__none__') {
      continue;
    }
    let hit;
    if (EXACT_FIELDS.has(f)) {
      hit = c.prefix
        ? idx.fields[f].toLowerCase().startsWith(c.value.toLowerCase())
        : idx.fields[f].toLowerCase() === c.value.toLowerCase();
      if (!hit && !c.phrase && f === 'doi') {
        hit = false;
      }
    } else if (f === 'publication_date') {
      hit = String(idx.fields[f]).startsWith(c.value);
    } else if (c.phrase) {
      const p = norm(c.value);
      hit = p ? idx.norm[f].includes(` ${p} `) : false;
    } else {
      const words = tokens(c.value);
      if (!words.length) {
        continue;
      }
      hit = words.every(w => {
        if (c.prefix) {
          for (const t of idx.tok[f]) {
            if (t.startsWith(w)) {
              return true;
            }
          }
          return false;
        }
        return idx.tok[f].has(w);
      });
    }
    if (hit) {
      score += f === 'title' ? 3 : f === 'keywords' || f === 'creators' ? 2 : 1;
    }
  }
  return score;
}

function evaluate(query, idx) {
  let best = 0;
  for (const group of query.groups) {
    let score = 0;
    let ok = true;
    let positives = 0;
    for (const c of group) {
      const s = clauseScore(c, idx);
      if (c.negate) {
        if (s > 0) {
          ok = false;
          break;
        }
      } else {
        positives++;
        if (s <= 0) {
          ok = false;
          break;
        }
        score += s;
      }
    }
    if (ok) {
      best = Math.max(best, positives ? score : 1);
    }
  }
  return best;
}

module.exports = {
  Store,
  COMMUNITY,
  LOADTEST_USER,
  mimetypeOf,
  parseQuery,
  SORTS
};
