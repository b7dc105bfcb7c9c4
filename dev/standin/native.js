'use strict';
/**
 * The InvenioRDM-native draft API that Zenodo serves beside the legacy one
 * (API.md §1.5 "Native RDM API", fixtures `rdm-*`): drafts at
 * `/api/records/:id/draft`, three-step file uploads (init, content, commit),
 * DOI reservation, publish, edit and new versions. Drafts are the same
 * objects as legacy depositions, so both APIs see each other's work.
 * Answers use the Zenodo JSON serializer, as Zenodo does for `Accept: *\/*`.
 */
const crypto = require('crypto');
const ser = require('./serialize');

const stamp = () => new Date().toISOString().replace('Z', '000+00:00');

/** Native metadata (`person_or_org`, `resource_type.id`, `rights`, …) to the legacy fields the store keeps. */
function fromNative(md) {
  if (!md || typeof md !== 'object') {
    return {};
  }
  if ('upload_type' in md) {
    return { ...md };
  }
  const out = { access_right: 'open' };
  for (const k of ['title', 'publication_date', 'description', 'version']) {
    if (typeof md[k] === 'string') {
      out[k] = md[k];
    }
  }
  if (md.resource_type && typeof md.resource_type.id === 'string') {
    const [type, sub] = md.resource_type.id.split('-');
    out.upload_type = type;
    if (type === 'publication' && sub) {
      out.publication_type = sub;
    }
    if (type === 'image' && sub) {
      out.image_type = sub;
    }
  }
  if (Array.isArray(md.creators)) {
    out.creators = md.creators.map(c => {
      const po = (c && c.person_or_org) || {};
      const name =
        po.name || [po.family_name, po.given_name].filter(Boolean).join(', ');
      const creator = { name };
      const aff = Array.isArray(c && c.affiliations) && c.affiliations[0];
      if (aff && aff.name) {
        creator.affiliation = aff.name;
      }
      const orcid = (po.identifiers || []).find(i => i && i.scheme === 'orcid');
      if (orcid) {
        creator.orcid = orcid.identifier;
      }
      return creator;
    });
  }
  if (Array.isArray(md.rights) && md.rights[0] && md.rights[0].id) {
    out.license = String(md.rights[0].id).toLowerCase();
  }
  if (Array.isArray(md.subjects)) {
    out.keywords = md.subjects.map(s => s && s.subject).filter(Boolean);
  }
  return out;
}

function draftLinks(base, dep, store) {
  const r = `${base}/api/records/${dep.id}`;
  const links = {
    self: `${r}/draft`,
    self_html: `${base}/uploads/${dep.id}`,
    preview_html: `${base}/records/${dep.id}?preview=1`
  };
  if (dep.reservedDoi) {
    links.doi = `https://doi.org/${store.doiOf(dep.id)}`;
    links.self_doi = links.doi;
  }
  links.reserve_doi = `${r}/draft/pids/doi`;
  const concept = store.concepts.get(dep.conceptrecid);
  if (concept && concept.versions.length) {
    const cdoi = store.conceptDoiOf(dep.conceptrecid);
    links.parent_doi = `https://doi.org/${cdoi}`;
    links.parent_doi_html = `${base}/doi/${cdoi}`;
  }
  Object.assign(links, {
    self_iiif_manifest: `${base}/api/iiif/draft:${dep.id}/manifest`,
    self_iiif_sequence: `${base}/api/iiif/draft:${dep.id}/sequence/default`,
    files: `${r}/draft/files`,
    media_files: `${r}/draft/media-files`,
    archive: `${r}/draft/files-archive`,
    archive_media: `${r}/draft/media-files-archive`,
    versions: `${r}/versions`,
    record: r,
    record_html: `${base}/records/${dep.id}`,
    publish: `${r}/draft/actions/publish`,
    review: `${r}/draft/review`,
    access_links: `${r}/access/links`,
    access_grants: `${r}/access/grants`,
    access_users: `${r}/access/users`,
    access_request: `${r}/access/request`,
    access: `${r}/access`,
    communities: `${r}/communities`,
    'communities-suggestions': `${r}/communities-suggestions`,
    requests: `${r}/requests`
  });
  return links;
}

/** A draft in Zenodo JSON (fixtures `rdm-draft-create-201`, `-update-put-200`, `rdm-record-new-version-201`). */
function draftRecord(store, dep, base) {
  const src = dep.metadata;
  const concept = store.concepts.get(dep.conceptrecid);
  const md = {};
  if (src.title) {
    md.title = src.title;
  }
  if (dep.reservedDoi) {
    md.doi = store.doiOf(dep.id);
  }
  for (const k of ['publication_date', 'description']) {
    if (src[k]) {
      md[k] = src[k];
    }
  }
  md.access_right = src.access_right || 'open';
  if (src.creators) {
    md.creators = src.creators.map(c => {
      const o = {
        name: c.name,
        affiliation: c.affiliation === undefined ? null : c.affiliation
      };
      if (c.orcid) {
        o.orcid = c.orcid;
      }
      return o;
    });
  }
  if (src.keywords && src.keywords.length) {
    md.keywords = src.keywords;
  }
  if (src.version) {
    md.version = src.version;
  }
  if (src.upload_type) {
    md.resource_type = ser.resourceType(src);
  }
  if (src.license) {
    md.license = { id: src.license };
  }
  if (src.communities && src.communities.length) {
    md.communities = src.communities.map(c => ({ id: c.identifier }));
  }
  md.relations = {
    version: [
      {
        index: concept ? concept.versions.length : 0,
        is_last: false,
        parent: { pid_type: 'recid', pid_value: dep.conceptrecid }
      }
    ]
  };
  const out = {
    created: dep.created,
    modified: dep.modified,
    id: dep.id,
    conceptrecid: dep.conceptrecid
  };
  if (dep.reservedDoi) {
    out.doi = store.doiOf(dep.id);
  }
  if (concept && concept.versions.length) {
    out.conceptdoi = store.conceptDoiOf(dep.conceptrecid);
  }
  if (dep.reservedDoi) {
    out.doi_url = `https://doi.org/${store.doiOf(dep.id)}`;
  }
  Object.assign(out, {
    metadata: md,
    title: md.title || '',
    links: draftLinks(base, dep, store),
    updated: dep.modified,
    recid: String(dep.id),
    revision: dep.revision || 1,
    files: [...dep.files.values()].map(f => ({
      id: f.id,
      key: f.key,
      size: f.size,
      checksum: `md5:${f.md5}`,
      links: {
        self: `${base}/api/records/${dep.id}/draft/files/${encodeURIComponent(f.key)}/content`
      }
    })),
    owners: [{ id: String(dep.owner) }],
    status: 'draft',
    state: dep.published ? 'inprogress' : 'unsubmitted',
    submitted: !!dep.published
  });
  return out;
}

/** A pending (initialised, not committed) file entry (fixtures `rdm-draft-files-init-201`, `-content-put-200`). */
function pendingEntry(p, base, id) {
  const self = `${base}/api/records/${id}/draft/files/${encodeURIComponent(p.key)}`;
  const out = {
    created: p.created,
    updated: p.updated,
    metadata: null,
    access: { hidden: false },
    links: { self, content: `${self}/content`, commit: `${self}/commit` },
    key: p.key
  };
  if (p.checksum) {
    out.checksum = p.checksum;
  }
  if (p.size !== undefined) {
    out.size = p.size;
  }
  out.transfer = { type: 'L' };
  out.status = 'pending';
  return out;
}

function filesListing(dep, base) {
  const r = `${base}/api/records/${dep.id}/draft`;
  const pending = dep.pending || new Map();
  return {
    enabled: true,
    links: { self: `${r}/files`, archive: `${r}/files-archive` },
    entries: [
      ...[...dep.files.values()].map(f => ser.fileEntry(f, base, dep.id, true)),
      ...[...pending.values()].map(p => pendingEntry(p, base, dep.id))
    ],
    default_preview: null,
    order: []
  };
}

/** Installs the native routes on the Standin class. */
function install(Standin, { HttpError, fail }) {
  const proto = Standin.prototype;

  proto.touchDraft = function (dep) {
    dep.modified = stamp();
    dep.revision = (dep.revision || 1) + 1;
  };

  /** Returns false when the path is not a native-API one. */
  proto.nativeRoute = async function (req, res, url, method, auth, base, p) {
    const store = this.store;
    let m;
    if (p === '/api/records' && method === 'POST') {
      this.requireUser(auth, 'deposit:write');
      const body = (await this.readJson(req, { optional: true })) || {};
      const dep = store.newDeposition(auth.user, fromNative(body.metadata));
      dep.revision = 4;
      return this.send(res, 201, draftRecord(store, dep, base), {
        ETag: `"${dep.revision}"`
      });
    }
    if ((m = /^\/api\/records\/(\d+)\/draft$/.exec(p))) {
      if (method === 'POST') {
        // Edit a published record: its draft re-opens.
        const dep = this.ownDeposition(auth, m[1], 'deposit:write');
        await this.drain(req);
        if (!dep.published) {
          fail(404);
        }
        dep.editing = true;
        return this.send(res, 201, draftRecord(store, dep, base));
      }
      const dep = this.ownDeposition(
        auth,
        m[1],
        method === 'GET' ? undefined : 'deposit:write'
      );
      if (dep.published && !dep.editing) {
        fail(404);
      }
      if (method === 'GET' || method === 'HEAD') {
        return this.send(res, 200, draftRecord(store, dep, base));
      }
      if (method === 'PUT') {
        const body = await this.readJson(req);
        dep.metadata = fromNative(body && body.metadata);
        this.touchDraft(dep);
        return this.send(res, 200, draftRecord(store, dep, base), {
          ETag: `W/"${dep.revision}"`
        });
      }
      if (method === 'DELETE') {
        await this.drain(req);
        if (dep.published) {
          this.discardEdit(dep);
        } else {
          this.removeDraft(dep);
        }
        return this.send(res, 204);
      }
      fail(405);
    }
    if (
      (m = /^\/api\/records\/(\d+)\/draft\/pids\/doi$/.exec(p)) &&
      method === 'POST'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:write');
      await this.drain(req);
      dep.reservedDoi = true;
      this.touchDraft(dep);
      return this.send(res, 201, draftRecord(store, dep, base));
    }
    if (
      (m = /^\/api\/records\/(\d+)\/draft\/actions\/publish$/.exec(p)) &&
      method === 'POST'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:actions');
      await this.drain(req);
      if (dep.published && !dep.editing) {
        fail(404);
      }
      const errors = store.checkPublishable(dep);
      if (errors.length) {
        throw new HttpError(
          400,
          ser.validationBody(errors, this.opts.errorStyle)
        );
      }
      store.publish(dep, Date.now(), { legacy: false });
      return this.send(res, 202, ser.record(store, dep, base, 'zenodo'), {
        ETag: `"${dep.published.revision}"`
      });
    }
    if (
      (m = /^\/api\/records\/(\d+)\/draft\/actions\/files-import$/.exec(p)) &&
      method === 'POST'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:write');
      await this.drain(req);
      const c = store.concepts.get(dep.conceptrecid);
      const prev = c.versions.length
        ? store.deps.get(c.versions[c.versions.length - 1])
        : null;
      if (!prev || prev === dep) {
        fail(404);
      }
      for (const f of prev.published.files) {
        dep.files.set(f.key, {
          ...f,
          id: store.newUuid('file'),
          bucket: dep.bucket
        });
      }
      this.touchDraft(dep);
      return this.send(res, 201, filesListing(dep, base));
    }
    if (
      (m = /^\/api\/records\/(\d+)\/versions$/.exec(p)) &&
      method === 'POST'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:write');
      await this.drain(req);
      if (!dep.published) {
        fail(404);
      }
      const c = store.concepts.get(dep.conceptrecid);
      const existing = c.draftId && store.deps.get(c.draftId);
      if (existing) {
        return this.send(res, 201, draftRecord(store, existing, base));
      }
      const latest = store.deps.get(c.versions[c.versions.length - 1]);
      const md = JSON.parse(JSON.stringify(latest.published.metadata));
      delete md.publication_date;
      delete md.version;
      delete md.doi;
      delete md.imprint_publisher;
      const draft = store.newDeposition(auth.user, md, {
        conceptrecid: dep.conceptrecid
      });
      draft.revision = 5;
      c.draftId = draft.id;
      // Unlike the legacy newversion, files are not copied (see files-import).
      return this.send(res, 201, draftRecord(store, draft, base), {
        ETag: `"${draft.revision}"`
      });
    }
    if ((m = /^\/api\/records\/(\d+)\/draft\/files$/.exec(p))) {
      const dep = this.ownDeposition(
        auth,
        m[1],
        method === 'GET' ? undefined : 'deposit:write'
      );
      if (method === 'GET' || method === 'HEAD') {
        return this.send(res, 200, filesListing(dep, base));
      }
      if (method !== 'POST') {
        fail(405);
      }
      this.assertFilesEditable(dep);
      const body = await this.readJson(req);
      if (
        !Array.isArray(body) ||
        body.some(e => !e || typeof e.key !== 'string' || !e.key)
      ) {
        throw new HttpError(
          400,
          ser.validationBody([
            { field: '0.key', messages: ['Missing data for required field.'] }
          ])
        );
      }
      dep.pending = dep.pending || new Map();
      const newKeys = body.filter(
        e => !dep.files.has(e.key) && !dep.pending.has(e.key)
      ).length;
      if (dep.files.size + dep.pending.size + newKeys > this.opts.maxFiles) {
        throw new HttpError(400, {
          status: 400,
          message:
            'Uploading selected files will result in exceeding the max amount per record.'
        });
      }
      const when = stamp();
      for (const e of body) {
        dep.files.delete(e.key);
        dep.pending.set(e.key, {
          key: e.key,
          created: when,
          updated: when,
          size: typeof e.size === 'number' ? e.size : undefined,
          checksum: typeof e.checksum === 'string' ? e.checksum : undefined
        });
      }
      this.touchDraft(dep);
      return this.send(res, 201, filesListing(dep, base));
    }
    if (
      (m = /^\/api\/records\/(\d+)\/draft\/files\/([^/]+)\/content$/.exec(p)) &&
      method === 'PUT'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:write');
      const key = decodeURIComponent(m[2]);
      const pending = dep.pending && dep.pending.get(key);
      if (!pending) {
        await this.drain(req);
        fail(404);
      }
      const ct = String(req.headers['content-type'] || '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (ct && ct !== 'application/octet-stream') {
        throw new HttpError(415, {
          status: 415,
          message:
            "Invalid 'Content-Type' header. Expected one of: application/octet-stream"
        });
      }
      const data = await this.readBody(req, this.opts.maxFileBytes);
      pending.data = data;
      pending.size = data.length;
      pending.checksum = `md5:${crypto.createHash('md5').update(data).digest('hex')}`;
      pending.updated = stamp();
      return this.send(res, 200, pendingEntry(pending, base, dep.id));
    }
    if (
      (m = /^\/api\/records\/(\d+)\/draft\/files\/([^/]+)\/commit$/.exec(p)) &&
      method === 'POST'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:write');
      await this.drain(req);
      const key = decodeURIComponent(m[2]);
      const pending = dep.pending && dep.pending.get(key);
      if (!pending) {
        fail(404);
      }
      if (!pending.data || pending.data.length === 0) {
        throw new HttpError(400, {
          status: 400,
          message: 'Empty files are not accepted.'
        });
      }
      const md5 = pending.checksum.slice(4);
      const file = store.makeFile(
        dep,
        key,
        { kind: 'buffer', data: pending.data },
        pending.data.length,
        md5,
        pending.created
      );
      file.updated = stamp();
      dep.pending.delete(key);
      dep.files.set(key, file);
      this.touchDraft(dep);
      return this.send(res, 200, ser.fileEntry(file, base, dep.id, true));
    }
    if (
      (m = /^\/api\/records\/(\d+)\/draft\/files\/([^/]+)$/.exec(p)) &&
      method === 'DELETE'
    ) {
      const dep = this.ownDeposition(auth, m[1], 'deposit:write');
      await this.drain(req);
      this.assertFilesEditable(dep);
      const key = decodeURIComponent(m[2]);
      if (!dep.files.delete(key) && !(dep.pending && dep.pending.delete(key))) {
        fail(404);
      }
      return this.send(res, 204);
    }
    return false;
  };
}

module.exports = { install, fromNative, draftRecord };
