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
  'other',
  'workflow',
  'model'
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

/**
 * Lower-case word tokens, as a search index sees them: words, plus compounds
 * such as `time-series` or `cldf:wordlist` kept whole as well.
 */
function tokens(text) {
  const lower = String(text || '')
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ');
  const out = lower.split(/[^\p{L}\p{N}]+/u);
  const compounds = lower.match(/[\p{L}\p{N}]+(?:[.:_-][\p{L}\p{N}]+)+/gu);
  if (compounds) {
    out.push(...compounds);
  }
  return out.filter(Boolean);
}
const norm = text =>
  String(text || '')
    .toLowerCase()
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function normOf(idx, f) {
  if (idx.norm[f] === undefined) {
    idx.norm[f] = ` ${norm(idx.text[f])} `;
  }
  return idx.norm[f];
}

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
    this.idSeq = 0;
    this.clear();
  }

  /**
   * A new random-looking UUID (buckets, files). With `state` (a store that is
   * replayed on restart, see journal.js) they come from a sequence instead,
   * so that a replayed request names the same bucket and file ids again.
   */
  newUuid(kind) {
    return this.options.state
      ? uuidFrom(`${kind}/${this.idSeq++}`)
      : crypto.randomUUID();
  }

  clear() {
    this.deps = new Map();
    this.concepts = new Map();
    this.buckets = new Map();
    this.nextId = this.options.firstId || 100001;
    this.published = [];
    this.tombstones = new Map();
    this.sortCache = new Map();
    this.searchCache = new Map();
    this.inverted = new Map();
    this.vocab = new Map();
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

  newDeposition(
    owner,
    metadata = {},
    { conceptrecid, created, synthetic } = {}
  ) {
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
    const bucket = this.newUuid('bucket');
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
      versionIndex: 0,
      synthetic: !!synthetic,
      seq: undefined,
      index: undefined
    };
    this.deps.set(id, dep);
    this.buckets.set(bucket, id);
    return dep;
  }

  makeFile(dep, key, blob, size, md5, when, idText) {
    return {
      id: idText ? uuidFrom(idText) : this.newUuid('file'),
      key,
      size,
      md5,
      mimetype: mimetypeOf(key),
      created: when,
      updated: when,
      versionId: idText ? uuidFrom(`v:${idText}`) : this.newUuid('version'),
      bucket: dep.bucket,
      blob
    };
  }

  /** Publishes `dep`: snapshot of metadata and files, a version in its concept. */
  publish(dep, when = Date.now(), { legacy = true } = {}) {
    const concept = this.concepts.get(dep.conceptrecid);
    const md = { ...dep.metadata };
    // The legacy layer fills in a licence and the publisher; the native API does not (fixture rdm-draft-publish-202).
    if (
      legacy &&
      !md.license &&
      md.access_right !== 'closed' &&
      md.access_right !== 'restricted'
    ) {
      md.license = md.upload_type === 'dataset' ? 'cc-zero' : 'cc-by-4.0';
    }
    if (legacy && !md.imprint_publisher) {
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
        // Synthetic records are never edited, so they share one object.
        metadata: dep.synthetic ? md : JSON.parse(JSON.stringify(md)),
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
      dep.seq = this.published.length;
      this.published.push(dep);
    }
    dep.modified = stamp;
    dep.index = this.indexOf(dep);
    this.touch();
    return dep;
  }

  indexOf(dep) {
    const md = dep.published.metadata;
    const fields = {
      title: md.title,
      description: md.description,
      creators: (md.creators || []).map(c => c.name).join(' ; '),
      keywords: (md.keywords || []).join(' ; '),
      filename: dep.published.files.map(f => f.key).join(' ')
    };
    const exact = {
      version: [md.version],
      doi: [this.doiOf(dep.id)],
      conceptdoi: [this.conceptDoiOf(dep.conceptrecid)],
      recid: [String(dep.id)],
      conceptrecid: [dep.conceptrecid],
      type: [md.upload_type],
      subtype: [md.publication_type || md.image_type || ''],
      communities: (md.communities || []).map(c => c.identifier),
      publication_date: [md.publication_date],
      keyword: md.keywords || [],
      ext: dep.published.files.map(f =>
        (/\.([^.]+)$/.exec(f.key) || ['', 'other'])[1].toLowerCase()
      )
    };
    if (dep.index) {
      this.unindex(dep);
    }
    const seq = dep.seq;
    const posted = [];
    const post = (f, t) => {
      let byToken = this.inverted.get(f);
      if (!byToken) {
        byToken = new Map();
        this.inverted.set(f, byToken);
      }
      let list = byToken.get(t);
      if (!list) {
        list = [];
        byToken.set(t, list);
      }
      list.push(seq);
      posted.push(f, t);
    };
    for (const f of TEXT_FIELDS) {
      for (const t of new Set(tokens(fields[f]))) {
        post(f, t);
      }
    }
    for (const [f, values] of Object.entries(exact)) {
      for (const v of new Set(
        values.filter(x => x !== undefined && x !== null && x !== '')
      )) {
        post(
          f,
          f === 'keyword' || f === 'communities'
            ? String(v)
            : String(v).toLowerCase()
        );
      }
    }
    // Normalised texts for phrase queries are computed on first use.
    return { posted, text: fields, norm: {} };
  }

  unindex(dep) {
    const posted = dep.index.posted;
    for (let i = 0; i < posted.length; i += 2) {
      const byToken = this.inverted.get(posted[i]);
      const list = byToken.get(posted[i + 1]);
      const at = list.indexOf(dep.seq);
      if (at >= 0) {
        list.splice(at, 1);
      }
      if (!list.length) {
        byToken.delete(posted[i + 1]);
      }
    }
  }

  /** Posting lists of the tokens of field `f` starting with `start` (sorted vocabulary, binary search). */
  withPrefix(f, start) {
    let v = this.vocab.get(f);
    if (!v || v.generation !== this.generation) {
      v = {
        generation: this.generation,
        tokens: [...(this.inverted.get(f) || new Map()).keys()].sort()
      };
      this.vocab.set(f, v);
    }
    const list = v.tokens;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid] < start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const byToken = this.inverted.get(f);
    const out = [];
    for (let i = lo; i < list.length && list[i].startsWith(start); i++) {
      const l = byToken.get(list[i]);
      if (l) {
        out.push(l);
      }
    }
    return out;
  }

  /** Adds `weight` to `acc[seq]` for records whose field holds every word. */
  addPostings(acc, f, words, prefix, weight, phrase) {
    const byToken = this.inverted.get(f);
    if (!byToken || !words.length) {
      return;
    }
    const n = this.published.length;
    const count = new Uint16Array(n);
    words.forEach(w => {
      const seen = prefix ? new Uint8Array(n) : null;
      const lists = prefix ? this.withPrefix(f, w) : [byToken.get(w) || []];
      for (const list of lists) {
        for (const seq of list) {
          if (seen) {
            if (seen[seq]) {
              continue;
            }
            seen[seq] = 1;
          }
          count[seq]++;
        }
      }
    });
    const need = words.length;
    for (let seq = 0; seq < n; seq++) {
      if (count[seq] === need) {
        if (
          phrase &&
          !normOf(this.published[seq].index, f).includes(` ${phrase} `)
        ) {
          continue;
        }
        acc[seq] += weight;
      }
    }
  }

  /** Adds `weight` for records whose exact field value equals (or starts with) `value`. */
  addExact(acc, f, value, prefix, weight) {
    const byToken = this.inverted.get(f);
    if (!byToken) {
      return;
    }
    const lists = prefix
      ? this.withPrefix(f, value)
      : [byToken.get(value) || []];
    const n = this.published.length;
    const seen = new Uint8Array(n);
    for (const list of lists) {
      for (const seq of list) {
        if (!seen[seq]) {
          seen[seq] = 1;
          acc[seq] += weight;
        }
      }
    }
  }

  /** Scores every published record against a parsed query (0 = no match). */
  scoreAll(query) {
    const n = this.published.length;
    const best = new Float64Array(n);
    for (const group of query.groups) {
      const ok = new Uint8Array(n).fill(1);
      const total = new Float64Array(n);
      let positives = 0;
      for (const c of group) {
        const acc = new Float64Array(n);
        for (const f of c.fields) {
          if (f === '__none__') {
            continue;
          }
          if (TEXT_FIELDS.includes(f)) {
            this.addPostings(
              acc,
              f,
              c.words,
              c.prefix,
              WEIGHTS[f] || 1,
              c.phrase ? c.normed : null
            );
          } else if (f === 'publication_date') {
            this.addExact(acc, f, c.lower, true, 1);
          } else {
            this.addExact(
              acc,
              f,
              f === 'communities' ? c.value : c.lower,
              c.prefix,
              1
            );
          }
        }
        if (!c.negate) {
          positives++;
        }
        for (let seq = 0; seq < n; seq++) {
          if (c.negate ? acc[seq] > 0 : acc[seq] <= 0) {
            ok[seq] = 0;
          } else if (!c.negate) {
            total[seq] += acc[seq];
          }
        }
      }
      for (let seq = 0; seq < n; seq++) {
        if (ok[seq]) {
          const s = positives ? total[seq] : 1;
          if (s > best[seq]) {
            best[seq] = s;
          }
        }
      }
    }
    return best;
  }

  /** A 0/1 map of records having one of `values` in exact field `f`. */
  mask(f, values) {
    const n = this.published.length;
    const m = new Uint8Array(n);
    const byToken = this.inverted.get(f);
    for (const v of values) {
      for (const seq of (byToken &&
        byToken.get(f === 'communities' ? v : v.toLowerCase())) ||
        []) {
        m[seq] = 1;
      }
    }
    return m;
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
            { kind: 'file', path: f.path, ensure: f.ensure },
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
    // Unknown metadata keys are dropped, not refused (Zenodo's legacy
    // MetadataSchema has `unknown = EXCLUDE`); see cleanMetadata.
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
    const people = field => {
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
        if ('name' in c && typeof c.name !== 'string') {
          err(`metadata.${field}.${i}.name`, 'Not a valid string.');
        }
      });
    };
    people('creators');
    people('contributors');
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

  /** Published records in `sortKey` order, as an Int32Array of seqs (cached). */
  sorted(sortKey) {
    const gen =
      sortKey === 'mostviewed' || sortKey === 'mostdownloaded'
        ? this.statsGeneration
        : 0;
    const hit = this.sortCache.get(sortKey);
    if (hit && hit.generation === this.generation && hit.stats === gen) {
      return hit.list;
    }
    const cmp = SORTS[sortKey];
    const list = Int32Array.from(this.published.slice().sort(cmp), d => d.seq);
    this.sortCache.set(sortKey, {
      generation: this.generation,
      stats: gen,
      list
    });
    return list;
  }

  /** Builds the default sort order and version mask now, so that the first search is as fast as the next. */
  warm() {
    this.sorted('newest');
    this.latestMask();
  }

  /** 1 for records that are the latest version of their concept. */
  latestMask() {
    const hit = this.sortCache.get('latest');
    if (hit && hit.generation === this.generation) {
      return hit.list;
    }
    const m = new Uint8Array(this.published.length);
    for (const c of this.concepts.values()) {
      if (c.versions.length) {
        const d = this.deps.get(c.versions[c.versions.length - 1]);
        if (d && d.seq !== undefined) {
          m[d.seq] = 1;
        }
      }
    }
    this.sortCache.set('latest', { generation: this.generation, list: m });
    return m;
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
    const cacheKey = JSON.stringify([
      q,
      communities,
      type,
      subtype,
      sortKey,
      !!allVersions
    ]);
    const cached = this.searchCache.get(cacheKey);
    const statsGen =
      sortKey === 'mostviewed' || sortKey === 'mostdownloaded'
        ? this.statsGeneration
        : 0;
    let matches;
    let aggs;
    if (
      cached &&
      cached.generation === this.generation &&
      cached.stats === statsGen
    ) {
      ({ matches, aggs } = cached);
    } else {
      ({ matches, aggs } = this.runSearch(query, hasQuery, sortKey, {
        communities,
        type,
        subtype,
        allVersions
      }));
      if (this.searchCache.size > 50) {
        this.searchCache.clear();
      }
      this.searchCache.set(cacheKey, {
        generation: this.generation,
        stats: statsGen,
        matches,
        aggs
      });
    }
    const from = (page - 1) * size;
    return {
      total: matches.length,
      hits: Array.from(
        matches.subarray(from, from + size),
        seq => this.published[seq]
      ),
      sortBy: sortKey,
      aggregations: aggs
    };
  }

  runSearch(
    query,
    hasQuery,
    sortKey,
    { communities, type, subtype, allVersions }
  ) {
    const n = this.published.length;
    const ordered = this.sorted(sortKey === 'bestmatch' ? 'newest' : sortKey);
    const latest = allVersions ? null : this.latestMask();
    const comms = (communities || []).filter(Boolean);
    const types = (type || []).filter(Boolean);
    const subtypes = (subtype || []).filter(Boolean);
    const cm = comms.length ? this.mask('communities', comms) : null;
    const tm = types.length ? this.mask('type', types) : null;
    const sm = subtypes.length ? this.mask('subtype', subtypes) : null;
    const scores = hasQuery ? this.scoreAll(query) : null;
    const out = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < ordered.length; i++) {
      const seq = ordered[i];
      if (
        (latest && !latest[seq]) ||
        (cm && !cm[seq]) ||
        (tm && !tm[seq]) ||
        (sm && !sm[seq])
      ) {
        continue;
      }
      if (scores && scores[seq] <= 0) {
        continue;
      }
      out[k++] = seq;
    }
    let matches = out.subarray(0, k);
    if (sortKey === 'bestmatch') {
      // Stable: ties keep the newest-first order.
      const rank = new Int32Array(n);
      matches.forEach((seq, i) => {
        rank[seq] = i;
      });
      matches = Int32Array.from(matches).sort(
        (a, b) => scores[b] - scores[a] || rank[a] - rank[b]
      );
    }
    return { matches, aggs: this.aggregations(matches) };
  }

  aggregations(matches) {
    const n = this.published.length;
    const inSet = new Uint8Array(n);
    for (const seq of matches) {
      inSet[seq] = 1;
    }
    const count = f => {
      const out = [];
      for (const [key, list] of this.inverted.get(f) || []) {
        let c = 0;
        for (const seq of list) {
          c += inSet[seq];
        }
        if (c) {
          out.push([key, c]);
        }
      }
      return out;
    };
    const buckets = (entries, label, limit = 10) =>
      entries
        .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
        .slice(0, limit)
        .map(([key, c]) => ({
          key,
          doc_count: c,
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
        buckets: buckets(count('type'), k => RESOURCE_TITLES[k] || k).map(
          b => ({ ...b, inner: { buckets: [] } })
        ),
        label: 'Resource types'
      },
      subject: {
        buckets: buckets(count('keyword'), k => k),
        label: 'Subjects'
      },
      file_type: {
        buckets: buckets(count('ext'), k => k.toUpperCase()),
        label: 'File type'
      }
    };
  }
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
const TEXT_FIELDS = [
  'title',
  'description',
  'creators',
  'keywords',
  'filename'
];
const WEIGHTS = { title: 3, keywords: 2, creators: 2 };

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
    if (phrase === undefined && /(^|[^\\])\//.test(word)) {
      // An unquoted "/" opens a regular expression in Elasticsearch's query
      // string: Zenodo refuses the query (quote or escape DOIs).
      throw { syntax: true, message: 'Syntax error in search query.' };
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
      lower: value.toLowerCase(),
      words: [...new Set(tokens(value))],
      normed: norm(value),
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

module.exports = {
  Store,
  METADATA_FIELDS,
  PERSON_FIELDS,
  CONTRIBUTOR_FIELDS,
  COMMUNITY,
  LOADTEST_USER,
  mimetypeOf,
  parseQuery,
  SORTS
};
