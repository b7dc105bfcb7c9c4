'use strict';
/**
 * A local HTTP server that stands in for Zenodo (which our machines cannot
 * reach): the legacy deposit API, bucket uploads, the records API, CORS and
 * rate-limit headers, tokens and scopes, Zenodo's error shapes, plus fault
 * injection and a control API for tests. See docs/standin.md.
 *
 *   const { startStandin, TOKENS } = require('.../dev/standin/server.js');
 *   const s = await startStandin({ port: 0, seed: 'demo' });
 *   ... s.url, s.inject({ rules: [{ path: '/api/files/', status: 500 }] }), await s.close();
 */
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const {
  Store,
  COMMUNITY,
  METADATA_FIELDS,
  PERSON_FIELDS,
  CONTRIBUTOR_FIELDS
} = require('./store');
const ser = require('./serialize');
const { TOKENS, TOKEN_INFO, USERS, SCOPES } = require('./tokens');
const { zip } = require('./archives');
const { DEFAULT_CACHE } = require('./seeds');
const { Journal } = require('./journal');

const EXPOSE =
  'Content-Type, ETag, Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';
const MAX_JSON_BYTES = 10 * 1024 * 1024;
const MAX_RESULT_WINDOW = 10000;
const MAX_LOG = 5000;

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  seed: 'demo',
  maxFileBytes: 50 * 10 ** 9,
  quotaBytes: 50 * 10 ** 9,
  maxFiles: 100,
  rateLimit: 5000,
  rateWindowSeconds: 60,
  // Searches have their own, lower budget on Zenodo (30 a minute for guests).
  searchRateLimit: 30,
  searchRateLimitAuthenticated: 60,
  anonymousPageSize: 25,
  authenticatedPageSize: 100,
  anonymousStatus: 403,
  errorStyle: 'rdm',
  recordShape: 'zenodo',
  doiPrefix: '10.5281',
  cacheDir: process.env.STANDIN_CACHE_DIR || DEFAULT_CACHE
};

/**
 * Licence ids as the legacy API answers them: it maps what it is sent to
 * Zenodo's vocabulary and back to the legacy id (zenodo-rdm
 * `legacy/vocabularies/licenses.py`), so CC0 comes back as `cc-zero`
 * (recorded in deposition-publish-202) whichever spelling was sent.
 */
const LEGACY_LICENSES = {
  'cc0-1.0': 'cc-zero',
  cc0: 'cc-zero',
  'cc-zero': 'cc-zero',
  'cc-by': 'cc-by-4.0',
  'cc-by-sa': 'cc-by-sa-4.0',
  'mit-license': 'mit',
  'apache2.0': 'apache-2.0',
  apache: 'apache-2.0'
};
function legacyLicense(value) {
  const id = String(value).trim().toLowerCase();
  return LEGACY_LICENSES[id] || id;
}

/** Today as Zenodo's legacy deserializer defaults it (`date.today()`). */
const today = () => new Date().toISOString().slice(0, 10);

class HttpError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : String(status));
    this.status = status;
    this.body = body || ser.errorBody(status);
  }
}
const fail = (status, message) => {
  throw new HttpError(status, ser.errorBody(status, message));
};

function corsHeaders() {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSE
  };
}

/** Removes `access_token` from a logged URL: tokens never reach the log. */
function safePath(url) {
  const params = new URLSearchParams(url.search);
  params.delete('access_token');
  const qs = params.toString();
  return url.pathname + (qs ? `?${qs}` : '');
}

class Standin {
  constructor(options) {
    this.opts = { ...DEFAULTS, ...options };
    this.store = new Store(this.opts);
    this.faults = { latencyMs: 0, rules: [] };
    this.requests = [];
    this.windows = new Map();
    /** Tokens issued with chosen scopes (POST /__standin/tokens). */
    this.issued = new Map();
    this.seedStore();
  }

  /**
   * Issue a personal token with only `scopes` ticked, as Zenodo's "New
   * token" form does; Zenodo then answers 403 where a scope is missing.
   */
  issueToken(scopes = [], user = 'demo') {
    const list = Array.isArray(scopes) ? scopes.map(String) : [];
    const unknown = list.filter(x => !SCOPES.includes(x));
    if (unknown.length) {
      throw new Error(`unknown scope ${unknown.join(', ')}`);
    }
    if (!USERS[user]) {
      throw new Error(`unknown user ${user}`);
    }
    const token = `standin-issued-${crypto.randomBytes(16).toString('hex')}`;
    this.issued.set(token, { user: USERS[user], scopes: [...new Set(list)] });
    return { token, scopes: [...new Set(list)], user: USERS[user].username };
  }

  seedStore() {
    const seed = this.opts.seed;
    if (seed !== 'none' && seed !== false && seed !== null) {
      this.store.seedDemo(this.opts.cacheDir);
      const n = Number(seed);
      if (seed !== 'demo' && Number.isFinite(n) && n > 0) {
        this.store.seedSynthetic(n);
      }
    }
    this.store.warm();
  }

  reset() {
    this.store.clear();
    this.seedStore();
    this.faults = { latencyMs: 0, rules: [] };
    this.requests = [];
    this.windows.clear();
    this.issued.clear();
  }

  inject(faults = {}) {
    if (typeof faults.latencyMs === 'number') {
      this.faults.latencyMs = faults.latencyMs;
    }
    for (const r of faults.rules || []) {
      this.faults.rules.push({
        method: r.method ? String(r.method).toUpperCase() : undefined,
        path: r.path !== undefined ? new RegExp(r.path) : undefined,
        source: r.path,
        nth: r.nth || 1,
        times: r.times || 1,
        seen: 0,
        fired: 0,
        status: r.status,
        body: r.body,
        rateLimitResetSeconds: r.rateLimitResetSeconds,
        cutAfterBytes: r.cutAfterBytes,
        cutResponseAfterBytes: r.cutResponseAfterBytes,
        latencyMs: r.latencyMs
      });
    }
  }

  clearFaults() {
    this.faults = { latencyMs: 0, rules: [] };
  }

  snapshot() {
    const store = this.store;
    const depositions = [];
    const records = [];
    for (const d of store.deps.values()) {
      if (d.synthetic) {
        continue;
      }
      depositions.push({
        id: d.id,
        conceptrecid: d.conceptrecid,
        owner: d.owner,
        state: d.published
          ? d.editing
            ? 'inprogress'
            : 'done'
          : 'unsubmitted',
        submitted: !!d.published,
        title: d.metadata.title || '',
        metadata: d.metadata,
        files: [...d.files.values()].map(f => ({
          key: f.key,
          size: f.size,
          checksum: `md5:${f.md5}`
        }))
      });
    }
    for (const d of store.published) {
      const c = store.concepts.get(d.conceptrecid);
      records.push({
        id: d.id,
        conceptrecid: d.conceptrecid,
        doi: store.doiOf(d.id),
        title: d.published.metadata.title,
        version: d.published.metadata.version,
        owner: d.owner,
        synthetic: !!d.synthetic,
        latest: c.versions[c.versions.length - 1] === d.id,
        communities: (d.published.metadata.communities || []).map(
          x => x.identifier
        ),
        files: d.published.files.map(f => ({
          key: f.key,
          size: f.size,
          checksum: `md5:${f.md5}`
        })),
        stats: { ...d.stats }
      });
    }
    return {
      depositions,
      records,
      deletedRecords: [...store.tombstones.keys()],
      requests: this.requests.slice(),
      faults: {
        latencyMs: this.faults.latencyMs,
        rules: this.faults.rules.map(r => ({
          method: r.method,
          path: r.source,
          nth: r.nth,
          seen: r.seen,
          fired: r.fired
        }))
      }
    };
  }

  // ------------------------------------------------------------ plumbing

  send(res, status, body, headers = {}) {
    if (res.headersSent || res.destroyed) {
      return;
    }
    let data;
    const h = { ...corsHeaders(), ...res.standinHeaders, ...headers };
    if (body === undefined || body === null) {
      data = Buffer.alloc(0);
    } else if (Buffer.isBuffer(body)) {
      data = body;
    } else if (typeof body === 'string') {
      data = Buffer.from(body);
      h['Content-Type'] = h['Content-Type'] || 'text/html; charset=utf-8';
    } else {
      data = Buffer.from(JSON.stringify(body));
      h['Content-Type'] = 'application/json';
    }
    if (status !== 204 && status !== 304) {
      h['Content-Length'] = data.length;
    }
    res.writeHead(status, h);
    if (res.cutResponseAfterBytes !== undefined) {
      return this.cutResponse(res, data);
    }
    res.end(status === 204 ? undefined : data);
  }

  /** Sends the first bytes of `data` (headers announce all of it), then drops the connection. */
  cutResponse(res, data) {
    const n = Math.min(res.cutResponseAfterBytes, data.length);
    if (n > 0) {
      res.write(data.subarray(0, n));
    }
    // Let the bytes reach the socket before cutting it.
    setTimeout(() => res.socket && res.socket.destroy(), 50);
  }

  rateHeaders(req, key, limit = this.opts.rateLimit) {
    const now = Date.now();
    const win = this.opts.rateWindowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now >= w.reset) {
      w = { count: 0, reset: now + win };
      this.windows.set(key, w);
    }
    w.count++;
    const remaining = Math.max(0, limit - w.count);
    const resetSec = Math.ceil(w.reset / 1000);
    return {
      over: w.count > limit,
      headers: {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(remaining),
        'X-RateLimit-Reset': String(resetSec),
        'Retry-After': String(Math.max(0, Math.ceil((w.reset - now) / 1000)))
      }
    };
  }

  matchFault(method, url) {
    const path = url.pathname;
    const full = safePath(url);
    for (const r of this.faults.rules) {
      if (r.fired >= r.times) {
        continue;
      }
      if (r.method && r.method !== method) {
        continue;
      }
      if (r.path && !r.path.test(path) && !r.path.test(full)) {
        continue;
      }
      r.seen++;
      if (r.seen >= r.nth) {
        r.fired++;
        return r;
      }
    }
    return null;
  }

  readBody(req, limit = MAX_JSON_BYTES) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let n = 0;
      req.on('data', c => {
        n += c.length;
        if (n > limit) {
          reject(
            new HttpError(413, {
              status: 413,
              message: 'The data value transmitted exceeds the capacity limit.'
            })
          );
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  async readJson(req, { optional } = {}) {
    const raw = await this.readBody(req);
    const ct = String(req.headers['content-type'] || '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (raw.length === 0 && optional) {
      return undefined;
    }
    // No Content-Type is read as JSON, the records resource's default
    // (Flask-Resources); only another type is refused.
    if (ct && ct !== 'application/json' && !ct.endsWith('+json')) {
      throw new HttpError(415, {
        status: 415,
        message:
          "Invalid 'Content-Type' header. Expected one of: application/json"
      });
    }
    try {
      return JSON.parse(raw.toString('utf8') || 'null');
    } catch {
      throw new HttpError(400, {
        status: 400,
        message:
          'The browser (or proxy) sent a request that this server could not understand.'
      });
    }
  }

  // ------------------------------------------------------------ entry point

  async handle(req, res) {
    const url = new URL(req.url, 'http://standin.invalid');
    const method = req.method.toUpperCase();
    const entry = { method, path: safePath(url), status: 0 };
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    res.on('close', () => {
      if (!res.writableFinished && !entry.status) {
        entry.status = 0;
        entry.aborted = true;
      }
    });
    if (!url.pathname.startsWith('/__standin')) {
      this.requests.push(entry);
      if (this.requests.length > MAX_LOG) {
        this.requests.splice(0, this.requests.length - MAX_LOG);
      }
    }
    const base = `http://${req.headers.host || `${this.opts.host}:${this.port}`}`;
    res.standinHeaders = {};
    try {
      if (method === 'OPTIONS') {
        if (!url.pathname.startsWith('/__standin')) {
          // Preflights count toward Zenodo's limit too (zenodo-rdm#1226); never refused here.
          res.standinHeaders = this.rateHeaders(
            req,
            `ip:${req.socket.remoteAddress}`
          ).headers;
        }
        return this.preflight(req, res, url);
      }
      if (url.pathname.startsWith('/__standin')) {
        return await this.control(req, res, url, method);
      }
      const auth = this.authenticate(req, url);
      const who = auth.token
        ? `t:${auth.token}`
        : `ip:${req.socket.remoteAddress}`;
      let rate = this.rateHeaders(req, who);
      const isSearch =
        url.pathname.replace(/\/+$/, '') === '/api/records' &&
        (method === 'GET' || method === 'HEAD');
      if (isSearch && !rate.over) {
        // Searches spend a budget of their own as well ("records.search: 30
        // per minute"); the answer reports the tighter of the two, as
        // Flask-Limiter does.
        const limit = auth.user
          ? this.opts.searchRateLimitAuthenticated
          : this.opts.searchRateLimit;
        const search = this.rateHeaders(req, `search:${who}`, limit);
        if (
          search.over ||
          Number(search.headers['X-RateLimit-Remaining']) <
            Number(rate.headers['X-RateLimit-Remaining'])
        ) {
          rate = { ...search, limit };
        }
      }
      res.standinHeaders = rate.headers;
      let fault = null;
      if (url.pathname.startsWith('/api/')) {
        const latency = this.faults.latencyMs;
        fault = this.matchFault(method, url);
        const delay = latency + ((fault && fault.latencyMs) || 0);
        if (delay > 0) {
          await new Promise(r => setTimeout(r, delay));
        }
        if (fault && fault.rateLimitResetSeconds !== undefined) {
          await this.drain(req);
          const reset =
            Math.ceil(Date.now() / 1000) + fault.rateLimitResetSeconds;
          return this.send(
            res,
            fault.status || 429,
            fault.body || {
              status: 429,
              message: `${this.opts.rateLimit} per 1 minute`
            },
            {
              'X-RateLimit-Remaining': '0',
              'X-RateLimit-Reset': String(reset),
              'Retry-After': String(fault.rateLimitResetSeconds)
            }
          );
        }
        if (fault && fault.cutAfterBytes !== undefined) {
          return this.cut(req, res, fault.cutAfterBytes);
        }
        if (fault && fault.cutResponseAfterBytes !== undefined) {
          // Answered normally below, but the body stops after that many bytes.
          res.cutResponseAfterBytes = fault.cutResponseAfterBytes;
        }
        if (fault && fault.status) {
          await this.drain(req);
          if ([502, 503, 504].includes(fault.status)) {
            // A gateway's page: the application never saw the request, so
            // none of its rate-limit headers are there.
            res.standinHeaders = {};
          }
          return this.send(
            res,
            fault.status,
            fault.body !== undefined ? fault.body : this.faultBody(fault.status)
          );
        }
        if (rate.over) {
          await this.drain(req);
          return this.send(res, 429, {
            status: 429,
            message: `${rate.limit || this.opts.rateLimit} per 1 minute`
          });
        }
      }
      if (auth.invalid) {
        await this.drain(req);
        throw new HttpError(401, ser.errorBody(401));
      }
      await this.route(req, res, url, method, auth, base);
    } catch (e) {
      if (e instanceof HttpError) {
        if (!req.complete) {
          await this.drain(req).catch(() => undefined);
        }
        return this.send(res, e.status, e.body);
      }
      if (e && (e.code === 'ECONNRESET' || e.message === 'aborted')) {
        // The client went away mid-request (an aborted upload): nothing to answer.
        res.destroy();
        return;
      }
      if (!res.headersSent) {
        this.send(
          res,
          500,
          '<!DOCTYPE html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>'
        );
      }
      console.error('[standin] internal error', e);
    }
  }

  faultBody(status) {
    if (status === 500) {
      return '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>';
    }
    if (status === 502 || status === 503 || status === 504) {
      const text = {
        502: 'Bad Gateway',
        503: 'Service Unavailable',
        504: 'Gateway Time-out'
      }[status];
      return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    }
    return ser.errorBody(status);
  }

  drain(req) {
    if (req.complete || req.readableEnded) {
      return Promise.resolve();
    }
    return new Promise(resolve => {
      req.on('end', resolve);
      req.on('error', resolve);
      req.on('close', resolve);
      req.resume();
    });
  }

  /** Reads `n` bytes of the request body, then drops the connection. */
  cut(req, res, n) {
    let seen = 0;
    const kill = () => {
      req.removeAllListeners('data');
      req.socket.destroy();
    };
    if (n <= 0) {
      return kill();
    }
    req.on('data', c => {
      seen += c.length;
      if (seen >= n) {
        kill();
      }
    });
    req.on('end', kill);
  }

  preflight(req, res) {
    const requested = req.headers['access-control-request-headers'];
    this.send(res, 200, null, {
      'Access-Control-Allow-Methods':
        'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
      'Access-Control-Allow-Headers':
        requested || 'Authorization, Content-Type',
      'Content-Type': 'text/html; charset=utf-8',
      Allow: 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'
    });
  }

  authenticate(req, url) {
    let token = null;
    const h = req.headers.authorization;
    if (h) {
      const m = /^Bearer\s+(.+)$/i.exec(h.trim());
      token = m ? m[1].trim() : '';
    } else if (url.searchParams.has('access_token')) {
      token = url.searchParams.get('access_token');
    }
    if (token === null) {
      return { token: null, user: null, scopes: [] };
    }
    const info = TOKEN_INFO[token] || this.issued.get(token);
    if (!info) {
      return { token: 'invalid', invalid: true, user: null, scopes: [] };
    }
    return { token, user: info.user, scopes: info.scopes };
  }

  /** Deposit endpoints: a token, and the scope when given. */
  requireUser(auth, scope) {
    if (!auth.user) {
      throw new HttpError(
        this.opts.anonymousStatus,
        ser.errorBody(this.opts.anonymousStatus)
      );
    }
    if (scope && !auth.scopes.includes(scope)) {
      fail(403);
    }
  }

  ownDeposition(auth, id, scope) {
    this.requireUser(auth, scope);
    const dep = this.store.deps.get(Number(id));
    if (!dep || !/^\d+$/.test(String(id))) {
      fail(404);
    }
    if (dep.owner !== auth.user.id) {
      fail(403);
    }
    return dep;
  }

  // ------------------------------------------------------------ control API

  async control(req, res, url, method) {
    const p = url.pathname.replace(/\/+$/, '');
    const body = async () => {
      const raw = await this.readBody(req);
      if (!raw.length) {
        return {};
      }
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch {
        fail(400, 'Invalid JSON.');
      }
    };
    if (p === '/__standin/faults' && method === 'POST') {
      const b = await body();
      try {
        this.inject(b);
      } catch (e) {
        fail(400, `Invalid fault: ${e.message}`);
      }
      return this.send(res, 200, {
        latencyMs: this.faults.latencyMs,
        rules: this.faults.rules.length
      });
    }
    if (p === '/__standin/faults' && method === 'DELETE') {
      this.clearFaults();
      return this.send(res, 204);
    }
    if (p === '/__standin/tokens' && method === 'POST') {
      const b = await body();
      try {
        return this.send(res, 201, this.issueToken(b.scopes, b.user));
      } catch (e) {
        fail(400, `Invalid token request: ${e.message}`);
      }
    }
    if (p === '/__standin/state' && method === 'GET') {
      return this.send(res, 200, this.snapshot());
    }
    if (p === '/__standin/reset' && method === 'POST') {
      this.reset();
      return this.send(res, 200, { records: this.store.published.length });
    }
    if (p === '/__standin/seed' && method === 'POST') {
      const b = await body();
      const count = Number(b.count);
      if (!Number.isInteger(count) || count < 0 || count > 1000000) {
        fail(400, 'count must be an integer between 0 and 1000000.');
      }
      const t = Date.now();
      this.store.seedSynthetic(count);
      this.store.warm();
      return this.send(res, 200, {
        added: count,
        records: this.store.published.length,
        ms: Date.now() - t
      });
    }
    fail(404, 'Unknown control endpoint.');
  }

  // ------------------------------------------------------------ routing

  async route(req, res, url, method, auth, base) {
    const p =
      url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    let m;
    // InvenioRDM-native drafts (native.js)
    if (
      (await this.nativeRoute(req, res, url, method, auth, base, p)) !== false
    ) {
      return undefined;
    }
    // Records API
    if (p === '/api/records') {
      if (method === 'GET' || method === 'HEAD') {
        return this.searchRecords(req, res, url, auth, base);
      }
      fail(405);
    }
    if ((m = /^\/api\/records\/([^/]+)$/.exec(p))) {
      this.onlyGet(method);
      return this.getRecord(req, res, m[1], base);
    }
    if ((m = /^\/api\/records\/([^/]+)\/versions$/.exec(p))) {
      this.onlyGet(method);
      return this.versions(req, res, url, m[1], auth, base);
    }
    if ((m = /^\/api\/records\/([^/]+)\/versions\/latest$/.exec(p))) {
      this.onlyGet(method);
      const rec = this.publishedRecord(m[1]);
      const c = this.store.concepts.get(rec.conceptrecid);
      return this.send(res, 302, null, {
        Location: `${base}/api/records/${c.versions[c.versions.length - 1]}`
      });
    }
    if ((m = /^\/api\/records\/([^/]+)\/files$/.exec(p))) {
      this.onlyGet(method);
      const rec = this.publishedRecord(m[1]);
      return this.send(res, 200, {
        enabled: true,
        links: {
          self: `${base}/api/records/${rec.id}/files`,
          archive: `${base}/api/records/${rec.id}/files-archive`
        },
        entries: rec.published.files.map(f =>
          ser.fileEntry(f, base, rec.id, false)
        ),
        default_preview: null,
        order: []
      });
    }
    if ((m = /^\/api\/records\/([^/]+)\/files-archive$/.exec(p))) {
      this.onlyGet(method);
      const rec = this.publishedRecord(m[1]);
      const entries = rec.published.files.map(f => ({
        path: f.key,
        data: this.blobBytes(f)
      }));
      return this.send(res, 200, zip(entries), {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${rec.id}.zip"`
      });
    }
    if ((m = /^\/api\/records\/([^/]+)\/files\/(.+)\/content$/.exec(p))) {
      this.onlyGet(method);
      const rec = this.publishedRecord(m[1]);
      const f = this.fileByKey(rec.published.files, m[2]);
      rec.stats.downloads++;
      rec.stats.unique_downloads++;
      this.store.statsGeneration++;
      return this.stream(req, res, f);
    }
    if ((m = /^\/api\/records\/([^/]+)\/files\/(.+)$/.exec(p))) {
      this.onlyGet(method);
      const rec = this.publishedRecord(m[1]);
      const f = this.fileByKey(rec.published.files, m[2]);
      return this.send(res, 200, ser.fileEntry(f, base, rec.id, false));
    }
    if (
      (m = /^\/api\/records\/([^/]+)\/draft\/files\/(.+)\/content$/.exec(p))
    ) {
      this.onlyGet(method);
      const dep = this.ownDeposition(auth, m[1]);
      return this.stream(
        req,
        res,
        this.fileByKey([...dep.files.values()], m[2])
      );
    }
    // Legacy deposit API
    if (p === '/api/deposit/depositions') {
      if (method === 'GET' || method === 'HEAD') {
        return this.listDepositions(req, res, url, auth, base);
      }
      if (method === 'POST') {
        return this.createDeposition(req, res, auth, base);
      }
      fail(405);
    }
    if ((m = /^\/api\/deposit\/depositions\/([^/]+)$/.exec(p))) {
      if (method === 'GET' || method === 'HEAD') {
        const dep = this.ownDeposition(auth, m[1]);
        return this.send(res, 200, ser.deposition(this.store, dep, base));
      }
      if (method === 'PUT') {
        return this.updateDeposition(req, res, auth, m[1], base);
      }
      if (method === 'DELETE') {
        return this.deleteDeposition(req, res, auth, m[1]);
      }
      fail(405);
    }
    if (
      (m = /^\/api\/deposit\/depositions\/([^/]+)\/actions\/([a-z]+)$/.exec(p))
    ) {
      if (method !== 'POST') {
        fail(405);
      }
      return this.action(req, res, auth, m[1], m[2], base);
    }
    if ((m = /^\/api\/deposit\/depositions\/([^/]+)\/files$/.exec(p))) {
      if (method === 'GET' || method === 'HEAD') {
        const dep = this.ownDeposition(auth, m[1]);
        return this.send(res, 200, ser.deposition(this.store, dep, base).files);
      }
      if (method === 'POST') {
        return this.multipartUpload(req, res, auth, m[1], base);
      }
      if (method === 'PUT') {
        this.ownDeposition(auth, m[1], 'deposit:write');
        fail(405);
      }
      fail(405);
    }
    if (
      (m = /^\/api\/deposit\/depositions\/([^/]+)\/files\/([^/]+)$/.exec(p))
    ) {
      const dep = this.ownDeposition(
        auth,
        m[1],
        method === 'GET' ? undefined : 'deposit:write'
      );
      const file = [...dep.files.values()].find(f => f.id === m[2]);
      if (method === 'GET' || method === 'HEAD') {
        if (!file) {
          fail(404);
        }
        return this.send(
          res,
          200,
          ser.deposition(this.store, dep, base).files.find(f => f.id === m[2])
        );
      }
      if (method === 'DELETE') {
        if (!file) {
          fail(404);
        }
        this.assertFilesEditable(dep);
        dep.files.delete(file.key);
        dep.modified = new Date().toISOString().replace('Z', '000+00:00');
        return this.send(res, 204);
      }
      fail(405);
    }
    // Bucket (FilesREST)
    if ((m = /^\/api\/files\/([^/]+)$/.exec(p))) {
      this.onlyGet(method);
      const dep = this.bucketDeposition(m[1], auth, null);
      const contents = [...dep.files.values()].map(f =>
        ser.bucketObject(f, base, dep.bucket)
      );
      const size = contents.reduce((a, f) => a + f.size, 0);
      return this.send(res, 200, {
        contents,
        created: dep.created,
        updated: dep.modified,
        id: dep.bucket,
        locked: !!dep.published,
        max_file_size: this.opts.maxFileBytes,
        quota_size: this.opts.quotaBytes,
        size,
        links: {
          self: `${base}/api/files/${dep.bucket}`,
          versions: `${base}/api/files/${dep.bucket}?versions`,
          uploads: `${base}/api/files/${dep.bucket}?uploads`
        }
      });
    }
    if ((m = /^\/api\/files\/([^/]+)\/(.+)$/.exec(url.pathname))) {
      return this.bucketObject(req, res, url, method, auth, m[1], m[2], base);
    }
    // Landing pages, so that links a person follows lead somewhere.
    if ((m = /^\/record\/(\d+(?:\/.*)?)$/.exec(p))) {
      return this.send(res, 301, null, { Location: `${base}/records/${m[1]}` });
    }
    if ((m = /^\/doi\/(10\.\d+\/.+)$/.exec(p)) && method === 'GET') {
      return this.doiLanding(res, m[1], base);
    }
    if (
      (m = /^\/records\/(\d+)\/(?:versions\/)?latest$/.exec(p)) &&
      method === 'GET'
    ) {
      // `links.latest_html`: the newest version's page.
      const rec = this.store.deps.get(Number(m[1]));
      const c =
        rec && rec.published && this.store.concepts.get(rec.conceptrecid);
      if (!c) {
        return this.send(res, 404, NOT_FOUND_PAGE);
      }
      return this.send(res, 302, null, {
        Location: `${base}/records/${c.versions[c.versions.length - 1]}`
      });
    }
    if ((m = /^\/records\/(\d+)$/.exec(p)) && method === 'GET') {
      return this.landing(res, m[1], base);
    }
    if (/^\/account\/settings\/applications\/tokens\/new$/.test(p)) {
      return this.tokenPage(res);
    }
    if (p === '/' || p === '') {
      return this.send(
        res,
        200,
        '<!DOCTYPE html><title>Zenodo stand-in</title><h1>Zenodo stand-in</h1><p>API under <a href="/api/records">/api/records</a>. See docs/standin.md.</p>'
      );
    }
    fail(404, p.startsWith('/api/') ? undefined : 'Not Found');
  }

  onlyGet(method) {
    if (method !== 'GET' && method !== 'HEAD') {
      fail(405);
    }
  }

  publishedRecord(id) {
    if (!/^\d+$/.test(id)) {
      fail(404);
    }
    const n = Number(id);
    if (this.store.tombstones.has(n)) {
      throw new HttpError(410, this.store.tombstones.get(n));
    }
    const rec = this.store.deps.get(n);
    if (!rec || !rec.published) {
      fail(404);
    }
    return rec;
  }

  fileByKey(files, rawKey) {
    let key;
    try {
      key = decodeURIComponent(rawKey);
    } catch {
      fail(404);
    }
    const f = files.find(x => x.key === key);
    if (!f) {
      fail(404);
    }
    return f;
  }

  blobBytes(f) {
    if (f.blob.kind === 'buffer') {
      return f.blob.data;
    }
    if (f.blob.kind === 'gen') {
      return f.blob.gen();
    }
    if (f.blob.ensure) {
      f.blob.ensure();
    }
    return fs.readFileSync(f.blob.path);
  }

  /** File bytes with Content-Length, streamed from disk for the seeds; no Range (as Zenodo's API). */
  stream(req, res, f) {
    const headers = {
      ...corsHeaders(),
      ...res.standinHeaders,
      'Content-Type': f.mimetype,
      'Content-Length': String(f.size),
      'Content-Disposition': `attachment; filename=${encodeURIComponent(f.key)}`,
      ETag: `"md5:${f.md5}"`,
      'Last-Modified': new Date(f.updated).toUTCString()
    };
    if (res.cutResponseAfterBytes !== undefined) {
      res.writeHead(200, headers);
      return this.cutResponse(res, this.blobBytes(f));
    }
    if (f.blob.kind === 'file') {
      if (f.blob.ensure) {
        // A heavy seed is generated at its first download (seeds.js).
        f.blob.ensure();
      }
      const s = fs.createReadStream(f.blob.path);
      s.on('error', () => res.destroy());
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        s.destroy();
        return res.end();
      }
      s.pipe(res);
      return undefined;
    }
    const data = this.blobBytes(f);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      return res.end();
    }
    // Write in slices so that clients see progress on big uploads read back.
    const slice = 1 << 20;
    let off = 0;
    const pump = () => {
      while (off < data.length) {
        const more = res.write(data.subarray(off, off + slice));
        off += slice;
        if (!more) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
    return undefined;
  }

  getRecord(req, res, id, base) {
    const rec = this.publishedRecord(id);
    rec.stats.views++;
    rec.stats.unique_views++;
    this.store.statsGeneration++;
    const shape = this.shapeFor(req);
    this.send(res, 200, ser.record(this.store, rec, base, shape), {
      ETag: `"${rec.published.revision}"`
    });
  }

  shapeFor(req) {
    const accept = String(req.headers.accept || '');
    if (accept.includes('application/vnd.inveniordm.v1+json')) {
      return 'rdm';
    }
    if (accept.includes('application/vnd.zenodo.v1+json')) {
      return this.opts.recordShape === 'rdm' ? 'zenodo' : this.opts.recordShape;
    }
    return this.opts.recordShape;
  }

  pageParams(url, auth) {
    const errors = [];
    const num = (name, def) => {
      const raw = url.searchParams.get(name);
      if (raw === null || raw === '') {
        return def;
      }
      if (!/^\d+$/.test(raw)) {
        errors.push({ field: name, messages: ['Not a valid integer.'] });
        return def;
      }
      return Number(raw);
    };
    const page = num('page', 1);
    const size = num('size', 10);
    if (page < 1) {
      errors.push({
        field: 'page',
        messages: ['Must be greater than or equal to 1.']
      });
    }
    const max = auth.user
      ? this.opts.authenticatedPageSize
      : this.opts.anonymousPageSize;
    if (size < 1) {
      errors.push({
        field: 'size',
        messages: ['Must be greater than or equal to 1.']
      });
    } else if (size > max) {
      errors.push({
        field: 'size',
        messages: [
          auth.user
            ? `Page size cannot be greater than ${max}.`
            : `Page size cannot be greater than ${max}. Please use authenticated requests to increase the limit to ${this.opts.authenticatedPageSize}.`
        ]
      });
    }
    if (errors.length) {
      throw new HttpError(400, ser.validationBody(errors));
    }
    if (page * size > MAX_RESULT_WINDOW) {
      fail(
        400,
        `Maximum number of ${MAX_RESULT_WINDOW} results have been reached.`
      );
    }
    return { page, size };
  }

  pageLinks(base, path, params, page, size, total) {
    const link = pg => {
      const q = new URLSearchParams();
      const entries = [
        ...Object.entries(params),
        ['page', String(pg)],
        ['size', String(size)]
      ].sort((a, b) => a[0].localeCompare(b[0]));
      for (const [k, v] of entries) {
        for (const one of Array.isArray(v) ? v : [v]) {
          q.append(k, one);
        }
      }
      return `${base}${path}?${q.toString()}`;
    };
    const links = { self: link(page) };
    if (page > 1) {
      links.prev = link(page - 1);
    }
    if (page * size < total && (page + 1) * size <= MAX_RESULT_WINDOW) {
      links.next = link(page + 1);
    }
    return links;
  }

  searchRecords(req, res, url, auth, base) {
    const { page, size } = this.pageParams(url, auth);
    const sp = url.searchParams;
    const all = (
      sp.get('all_versions') ||
      sp.get('allversions') ||
      ''
    ).toLowerCase();
    const allVersions = all === 'true' || all === '1' || all === 'yes';
    const q = sp.get('q') || '';
    let result;
    try {
      result = this.store.search({
        q,
        communities: sp.getAll('communities'),
        type: sp.getAll('type'),
        subtype: sp.getAll('subtype'),
        sort: sp.get('sort') || undefined,
        page,
        size,
        allVersions
      });
    } catch (e) {
      if (e && e.field) {
        throw new HttpError(
          400,
          ser.validationBody([{ field: e.field, messages: [e.message] }])
        );
      }
      if (e && e.syntax) {
        fail(400, e.message);
      }
      throw e;
    }
    const params = { q, sort: result.sortBy };
    for (const k of ['communities', 'type', 'subtype']) {
      if (sp.getAll(k).length) {
        params[k] = sp.getAll(k);
      }
    }
    if (allVersions) {
      params.all_versions = 'true';
    }
    const shape = this.shapeFor(req);
    this.send(res, 200, {
      hits: {
        hits: result.hits.map(d => ser.record(this.store, d, base, shape)),
        total: result.total
      },
      aggregations: result.aggregations,
      links: this.pageLinks(
        base,
        '/api/records',
        params,
        page,
        size,
        result.total
      ),
      sortBy: result.sortBy
    });
  }

  versions(req, res, url, id, auth, base) {
    const rec = this.publishedRecord(id);
    const { page, size } = this.pageParams(url, auth);
    const c = this.store.concepts.get(rec.conceptrecid);
    const ids = c.versions.slice().reverse();
    const from = (page - 1) * size;
    const shape = this.shapeFor(req);
    this.send(res, 200, {
      hits: {
        hits: ids
          .slice(from, from + size)
          .map(v =>
            ser.record(this.store, this.store.deps.get(v), base, shape)
          ),
        total: ids.length
      },
      links: this.pageLinks(
        base,
        `/api/records/${rec.id}/versions`,
        { sort: 'version' },
        page,
        size,
        ids.length
      ),
      sortBy: 'version'
    });
  }

  // ------------------------------------------------------------ depositions

  listDepositions(req, res, url, auth, base) {
    this.requireUser(auth);
    const sp = url.searchParams;
    const size = Number(sp.get('size') || 10);
    const page = Number(sp.get('page') || 1);
    if (
      !Number.isInteger(size) ||
      size < 1 ||
      size > 100 ||
      !Number.isInteger(page) ||
      page < 1
    ) {
      throw new HttpError(
        400,
        ser.validationBody([
          {
            field: size > 100 ? 'size' : 'page',
            messages: ['Invalid page or size.']
          }
        ])
      );
    }
    const status = sp.get('status');
    const q = (sp.get('q') || '').toLowerCase();
    const all = ['true', '1'].includes(
      (sp.get('all_versions') || '').toLowerCase()
    );
    let list = [...this.store.deps.values()].filter(
      d => d.owner === auth.user.id
    );
    if (!all) {
      list = list.filter(d => {
        const c = this.store.concepts.get(d.conceptrecid);
        return !d.published || c.versions[c.versions.length - 1] === d.id;
      });
    }
    if (status === 'draft') {
      list = list.filter(d => !d.published || d.editing);
    } else if (status === 'published') {
      list = list.filter(d => d.published);
    }
    if (q) {
      list = list.filter(d =>
        String(d.metadata.title || '')
          .toLowerCase()
          .includes(q)
      );
    }
    const sort = sp.get('sort') || 'mostrecent';
    list.sort((a, b) => (sort === '-mostrecent' ? a.id - b.id : b.id - a.id));
    const from = (page - 1) * size;
    this.send(
      res,
      200,
      list
        .slice(from, from + size)
        .map(d => ser.deposition(this.store, d, base))
    );
  }

  async createDeposition(req, res, auth, base) {
    this.requireUser(auth, 'deposit:write');
    const body = await this.readJson(req, { optional: true });
    const b = body === undefined ? {} : body;
    const errors = this.store.checkStructure(b, { create: true });
    if (errors.length) {
      throw new HttpError(
        400,
        ser.validationBody(errors, this.opts.errorStyle)
      );
    }
    const md = b.metadata ? this.cleanMetadata(b.metadata) : {};
    const dep = this.store.newDeposition(auth.user, md);
    this.send(res, 201, ser.deposition(this.store, dep, base), { ETag: '"1"' });
  }

  cleanMetadata(md) {
    const out = {};
    for (const [k, v] of Object.entries(md)) {
      if (
        k === 'prereserve_doi' ||
        k === 'doi' ||
        !METADATA_FIELDS.has(k) ||
        v === null ||
        v === undefined
      ) {
        // Unknown keys are dropped silently (`unknown = EXCLUDE`).
        continue;
      }
      out[k] =
        k === 'license' ? legacyLicense(v) : JSON.parse(JSON.stringify(v));
    }
    for (const [field, allowed] of [
      ['creators', PERSON_FIELDS],
      ['contributors', CONTRIBUTOR_FIELDS]
    ]) {
      if (Array.isArray(out[field])) {
        out[field] = out[field].map(c =>
          Object.fromEntries(Object.entries(c).filter(([k]) => allowed.has(k)))
        );
      }
    }
    if (!out.access_right) {
      out.access_right = 'open';
    }
    if (!out.publication_date) {
      // `load_default=lambda: date.today()` in zenodo-rdm's legacy
      // deserializer: metadata without a date gets today's.
      out.publication_date = today();
    }
    return out;
  }

  async updateDeposition(req, res, auth, id, base) {
    const dep = this.ownDeposition(auth, id, 'deposit:write');
    const body = await this.readJson(req);
    if (dep.published && !dep.editing) {
      fail(404);
    }
    const errors = this.store.checkStructure(body, { create: false });
    if (errors.length) {
      throw new HttpError(
        400,
        ser.validationBody(errors, this.opts.errorStyle)
      );
    }
    dep.metadata = this.cleanMetadata(body.metadata);
    dep.modified = new Date().toISOString().replace('Z', '000+00:00');
    this.send(res, 200, ser.deposition(this.store, dep, base));
  }

  async deleteDeposition(req, res, auth, id) {
    const dep = this.ownDeposition(auth, id, 'deposit:write');
    await this.drain(req);
    if (dep.published) {
      if (!dep.editing) {
        fail(404);
      }
      this.discardEdit(dep);
      return this.send(res, 204);
    }
    this.removeDraft(dep);
    this.send(res, 204);
  }

  removeDraft(dep) {
    this.store.deps.delete(dep.id);
    this.store.buckets.delete(dep.bucket);
    const c = this.store.concepts.get(dep.conceptrecid);
    if (c && c.draftId === dep.id) {
      c.draftId = null;
    }
    if (c && c.versions.length === 0 && !c.draftId) {
      this.store.concepts.delete(dep.conceptrecid);
    }
  }

  discardEdit(dep) {
    dep.metadata = JSON.parse(JSON.stringify(dep.published.metadata));
    dep.files = new Map(dep.published.files.map(f => [f.key, f]));
    dep.editing = false;
  }

  async action(req, res, auth, id, name, base) {
    const known = [
      'publish',
      'edit',
      'discard',
      'newversion',
      'registerconceptdoi'
    ];
    if (!known.includes(name)) {
      this.requireUser(auth);
      fail(404);
    }
    const dep = this.ownDeposition(auth, id, 'deposit:actions');
    await this.drain(req);
    const store = this.store;
    if (name === 'publish') {
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
      store.publish(dep);
      return this.send(res, 202, ser.deposition(store, dep, base), {
        ETag: `"${dep.published.revision}"`
      });
    }
    if (name === 'edit') {
      if (!dep.published) {
        fail(404);
      }
      dep.editing = true;
      return this.send(res, 201, ser.deposition(store, dep, base));
    }
    if (name === 'discard') {
      if (dep.published) {
        if (!dep.editing) {
          fail(404);
        }
        this.discardEdit(dep);
      } else {
        this.removeDraft(dep);
      }
      return this.send(res, 204);
    }
    if (name === 'newversion') {
      if (!dep.published) {
        fail(404);
      }
      const c = store.concepts.get(dep.conceptrecid);
      const latest = store.deps.get(c.versions[c.versions.length - 1]);
      const existing = c.draftId && store.deps.get(c.draftId);
      if (existing) {
        // Zenodo's legacy layer gets the open draft back from the service and
        // then imports the previous files into it, which a draft that has
        // files refuses: a 400 on `files.enabled`. The open draft is the
        // published record's `links.latest_draft`.
        if (existing.files.size > 0) {
          throw new HttpError(
            400,
            ser.validationBody(
              [
                {
                  field: 'files.enabled',
                  messages: ['Please remove all files first.']
                }
              ],
              this.opts.errorStyle
            )
          );
        }
        this.copyFiles(latest, existing);
        return this.send(res, 201, ser.deposition(store, existing, base));
      }
      const md = JSON.parse(JSON.stringify(latest.published.metadata));
      delete md.publication_date;
      delete md.version;
      delete md.doi;
      const draft = store.newDeposition(auth.user, md, {
        conceptrecid: dep.conceptrecid
      });
      this.copyFiles(latest, draft);
      c.draftId = draft.id;
      return this.send(res, 201, ser.deposition(store, draft, base));
    }
    // registerconceptdoi: a TODO in Zenodo's own legacy layer.
    fail(404);
  }

  /** The previous version's files, into a new-version draft. */
  copyFiles(from, draft) {
    for (const f of from.published.files) {
      draft.files.set(f.key, {
        ...f,
        id: this.store.newUuid('file'),
        bucket: draft.bucket
      });
    }
  }

  assertFilesEditable(dep) {
    if (dep.published) {
      // Files of a published version are locked; a new version is needed.
      fail(403);
    }
  }

  bucketDeposition(bucket, auth, scope, { allowPublicRead } = {}) {
    const id = this.store.buckets.get(bucket);
    const dep = id !== undefined ? this.store.deps.get(id) : undefined;
    if (allowPublicRead && dep && dep.published && !auth.user) {
      return dep;
    }
    this.requireUser(auth, scope);
    if (!dep) {
      fail(404);
    }
    if (dep.owner !== auth.user.id) {
      if (allowPublicRead && dep.published) {
        return dep;
      }
      fail(403);
    }
    return dep;
  }

  async bucketObject(req, res, url, method, auth, bucket, rawKey, base) {
    if (rawKey.includes('/') || /%2f/i.test(rawKey)) {
      // Zenodo's key space is flat: a "/" never reaches a file.
      await this.drain(req);
      fail(404);
    }
    let key;
    try {
      key = decodeURIComponent(rawKey);
    } catch {
      fail(404);
    }
    if (method === 'GET' || method === 'HEAD') {
      const dep = this.bucketDeposition(bucket, auth, null, {
        allowPublicRead: true
      });
      const files =
        dep.published &&
        !dep.editing &&
        dep.owner !== (auth.user && auth.user.id)
          ? dep.published.files
          : [...dep.files.values()];
      const f = files.find(x => x.key === key);
      if (!f) {
        fail(404);
      }
      return this.stream(req, res, f);
    }
    if (method === 'DELETE') {
      const dep = this.bucketDeposition(bucket, auth, 'deposit:write');
      await this.drain(req);
      this.assertFilesEditable(dep);
      if (!dep.files.delete(key)) {
        fail(404);
      }
      return this.send(res, 204);
    }
    if (method !== 'PUT') {
      fail(405);
    }
    const dep = this.bucketDeposition(bucket, auth, 'deposit:write');
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
    this.assertFilesEditable(dep);
    if (!dep.files.has(key) && dep.files.size >= this.opts.maxFiles) {
      throw new HttpError(400, {
        status: 400,
        message:
          'Uploading selected files will result in exceeding the max amount per record.'
      });
    }
    const tooBig = {
      status: 413,
      message: 'The data value transmitted exceeds the capacity limit.'
    };
    const declared =
      req.headers['content-length'] !== undefined
        ? Number(req.headers['content-length'])
        : null;
    if (declared !== null && declared > this.opts.maxFileBytes) {
      throw new HttpError(413, tooBig);
    }
    const others = [...dep.files.values()]
      .filter(f => f.key !== key)
      .reduce((a, f) => a + f.size, 0);
    if (declared !== null && others + declared > this.opts.quotaBytes) {
      throw new HttpError(400, {
        status: 400,
        message: 'Bucket quota exceeded.'
      });
    }
    const data = await this.readBody(req, this.opts.maxFileBytes);
    if (data.length === 0) {
      throw new HttpError(400, {
        status: 400,
        message: 'Empty files are not accepted.'
      });
    }
    if (others + data.length > this.opts.quotaBytes) {
      throw new HttpError(400, {
        status: 400,
        message: 'Bucket quota exceeded.'
      });
    }
    const md5 = crypto.createHash('md5').update(data).digest('hex');
    const when = new Date().toISOString().replace('Z', '000+00:00');
    const file = this.store.makeFile(
      dep,
      key,
      { kind: 'buffer', data },
      data.length,
      md5,
      when
    );
    dep.files.set(key, file);
    dep.modified = when;
    this.send(res, 201, ser.bucketObject(file, base, dep.bucket), {
      ETag: `"md5:${md5}"`
    });
  }

  /** The old multipart API: `POST .../files` with `file` and optional `name`. */
  async multipartUpload(req, res, auth, id, base) {
    const dep = this.ownDeposition(auth, id, 'deposit:write');
    const ct = String(req.headers['content-type'] || '');
    const bm = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(ct);
    if (!bm) {
      throw new HttpError(400, {
        status: 400,
        message: 'Missing file in the request.'
      });
    }
    if (dep.published) {
      // Zenodo answers the files resource of a published deposition with a
      // 404 (API.md §1.6), unlike the bucket's 403.
      await this.drain(req);
      fail(404);
    }
    const raw = await this.readBody(
      req,
      Math.min(this.opts.maxFileBytes, 100 * 1024 * 1024) + 1024 * 1024
    );
    const parts = parseMultipart(raw, bm[2]);
    const filePart = parts.find(p => p.name === 'file');
    if (!filePart) {
      throw new HttpError(400, {
        status: 400,
        message: 'Missing file in the request.'
      });
    }
    const namePart = parts.find(p => p.name === 'name');
    let key = namePart
      ? namePart.data.toString('utf8')
      : filePart.filename || 'file';
    key = secureFilename(key);
    if (!dep.files.has(key) && dep.files.size >= this.opts.maxFiles) {
      throw new HttpError(400, {
        status: 400,
        message:
          'Uploading selected files will result in exceeding the max amount per record.'
      });
    }
    const md5 = crypto.createHash('md5').update(filePart.data).digest('hex');
    const when = new Date().toISOString().replace('Z', '000+00:00');
    const file = this.store.makeFile(
      dep,
      key,
      { kind: 'buffer', data: filePart.data },
      filePart.data.length,
      md5,
      when
    );
    dep.files.set(key, file);
    const filesLink = `${base}/api/deposit/depositions/${dep.id}/files`;
    this.send(res, 201, {
      id: file.id,
      filename: file.key,
      filesize: file.size,
      checksum: md5,
      links: {
        self: `${filesLink}/${file.id}`,
        download: `${base}/api/records/${dep.id}/draft/files/${encodeURIComponent(key)}/content`
      }
    });
  }

  /**
   * `/doi/<doi>` redirects to the record's page; a concept DOI to its newest
   * version's (the target doi.org sends Zenodo DOIs to).
   */
  doiLanding(res, rawDoi, base) {
    let doi;
    try {
      doi = decodeURIComponent(rawDoi).toLowerCase();
    } catch {
      return this.send(res, 404, NOT_FOUND_PAGE);
    }
    const m = /^(.+)\/zenodo\.(\d+)$/.exec(doi);
    if (m && m[1] === this.store.doiPrefix.toLowerCase()) {
      const n = Number(m[2]);
      const rec = this.store.deps.get(n);
      if (rec && rec.published) {
        return this.send(res, 302, null, { Location: `${base}/records/${n}` });
      }
      const c = this.store.concepts.get(String(n));
      if (c && c.versions.length) {
        return this.send(res, 302, null, {
          Location: `${base}/records/${c.versions[c.versions.length - 1]}`
        });
      }
    }
    return this.send(res, 404, NOT_FOUND_PAGE);
  }

  landing(res, id, base) {
    const rec = this.store.deps.get(Number(id));
    if (!rec || !rec.published) {
      return this.send(
        res,
        404,
        '<!DOCTYPE html><title>Not found</title><h1>Record not found</h1>'
      );
    }
    const md = rec.published.metadata;
    const esc = s =>
      String(s).replace(
        /[&<>"]/g,
        c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]
      );
    const files = rec.published.files
      .map(
        f =>
          `<li><a href="${base}/api/records/${rec.id}/files/${encodeURIComponent(f.key)}/content">${esc(f.key)}</a> (${f.size} bytes)</li>`
      )
      .join('');
    this.send(
      res,
      200,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(md.title)}</title></head><body><p>Zenodo stand-in record page</p><h1>${esc(md.title)}</h1><p>DOI ${esc(this.store.doiOf(rec.id))} · version ${esc(md.version || '')} · ${esc(md.publication_date)}</p><p>${esc((md.creators || []).map(c => c.name).join('; '))}</p><ul>${files}</ul></body></html>`
    );
  }

  tokenPage(res) {
    this.send(
      res,
      200,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>New token (Zenodo stand-in)</title></head><body><h1>Personal access token</h1><p>This is the Zenodo stand-in: tokens are fixed. Use this one (scopes deposit:write, deposit:actions):</p><pre id="token">${TOKENS.write}</pre></body></html>`
    );
  }
}

const NOT_FOUND_PAGE =
  '<!DOCTYPE html><title>Not found</title><h1>Record not found</h1>';

function secureFilename(name) {
  // werkzeug.secure_filename: path separators become underscores.
  return (
    String(name)
      .normalize('NFKD')
      .replace(/[\u0080-\uffff]/g, '') // everything not ASCII
      .replace(/[/\\]/g, '_')
      .replace(/\s+/g, '_')
      .replace(/[^A-Za-z0-9_.-]/g, '')
      .replace(/^[._]+|[._]+$/g, '') || 'file'
  );
}

function parseMultipart(raw, boundary) {
  const delim = Buffer.from(`--${boundary}`);
  const parts = [];
  let pos = raw.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (raw.subarray(start, start + 2).toString() === '--') {
      break;
    }
    const headEnd = raw.indexOf('\r\n\r\n', start);
    if (headEnd === -1) {
      break;
    }
    const head = raw.subarray(start, headEnd).toString('utf8');
    const next = raw.indexOf(delim, headEnd + 4);
    if (next === -1) {
      break;
    }
    const data = raw.subarray(headEnd + 4, next - 2);
    const name = /name="([^"]*)"/i.exec(head);
    const filename = /filename="([^"]*)"/i.exec(head);
    parts.push({
      name: name && name[1],
      filename: filename && filename[1],
      data
    });
    pos = next;
  }
  return parts;
}

/**
 * Starts a stand-in. Options: host, port (0 = free port), seed ('demo' |
 * 'none' | N: demo plus N synthetic records), maxFileBytes, quotaBytes,
 * maxFiles, rateLimit (requests per rateWindowSeconds), anonymousStatus
 * (403 as Zenodo today, 401 as its docs), errorStyle ('rdm' | 'legacy'),
 * recordShape ('zenodo' | 'zenodo2023' | 'legacy' | 'rdm'), doiPrefix,
 * cacheDir, state (a folder that keeps the store across restarts).
 */
async function startStandin(options = {}) {
  const s = new Standin(options);
  // `state`: a folder where the store outlives the process (see journal.js).
  const journal = options.state ? new Journal(options.state, s.opts) : null;
  const server = http.createServer((req, res) => {
    if (journal && journal.wants(req)) {
      journal.capture(req, res);
    }
    s.handle(req, res);
  });
  // Longer than clients' idle timeouts, so that they close first (no reuse races).
  server.keepAliveTimeout = 65000;
  const sockets = new Set();
  server.on('connection', sock => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(s.opts.port, s.opts.host, resolve);
  });
  const port = server.address().port;
  s.port = port;
  const restored = journal
    ? await journal.replay(
        s.opts.host === '0.0.0.0' || s.opts.host === '::'
          ? '127.0.0.1'
          : s.opts.host,
        port
      )
    : null;
  const hostForUrl = s.opts.host.includes(':')
    ? `[${s.opts.host}]`
    : s.opts.host;
  const handle = {
    url: `http://${hostForUrl}:${port}`,
    port,
    server,
    store: s.store,
    tokens: TOKENS,
    community: COMMUNITY,
    get deletedRecordId() {
      return s.store.deletedId;
    },
    async close() {
      await new Promise(resolve => {
        server.close(() => resolve());
        for (const sock of sockets) {
          sock.destroy();
        }
      });
      // Every answered change is in the journal before close resolves.
      await journal?.flush();
    },
    inject: faults => s.inject(faults),
    clearFaults: () => s.clearFaults(),
    reset: () => s.reset(),
    seed: count => s.store.seedSynthetic(count),
    issueToken: (scopes, user) => s.issueToken(scopes, user),
    getState: () => s.snapshot(),
    /** With `state`: how many changes were replayed, and those that failed. */
    restored
  };
  // `state` works both as a property (`handle.state.records`) and as a call.
  Object.defineProperty(handle, 'state', {
    enumerable: true,
    get() {
      const snap = s.snapshot();
      const fn = () => s.snapshot();
      Object.defineProperty(fn, 'toJSON', {
        value: () => snap,
        enumerable: false
      });
      return Object.assign(fn, snap);
    }
  });
  return handle;
}

require('./native').install(Standin, { HttpError, fail });

module.exports = { startStandin, TOKENS, USERS, COMMUNITY, Standin };
