/**
 * The stand-in's records API compared with recorded Zenodo answers: search
 * pages, single records, versions, file downloads, errors, CORS and
 * rate-limit headers, paging limits.
 */
import * as crypto from 'crypto';
import { startStandin, TOKENS, IStandin } from '../server';
import { expectZenodoHeaders, fixture, json, shapeDiff } from './helpers';

let s: IStandin;
const auth = { Authorization: `Bearer ${TOKENS.readonly}` };

beforeAll(async () => {
  // Many searches in a row: this spec checks their answers, not the search
  // budget (fidelity.spec does).
  s = await startStandin({ port: 0, seed: 'demo', searchRateLimit: 10000 });
});
afterAll(async () => {
  await s.close();
});

// Optional metadata our seeds set and the recordings happen not to.
const RECORD_EXTRA = [
  'metadata.keywords',
  'metadata.license',
  'metadata.communities',
  'metadata.resource_type.subtype',
  'metadata.creators.*.orcid',
  'swh'
];

describe('search (GET /api/records)', () => {
  it('answers a page shaped like the recorded search, with Zenodo headers', async () => {
    const res = await fetch(
      `${s.url}/api/records?communities=artifacts-demo&size=5`
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    expectZenodoHeaders(res);
    const body = await json(res);
    const recorded = fixture('records-search-zenodojson-2023-10.json');
    // The page (hits.total, aggregations) as recorded in 2023; links/sortBy were trimmed from that recording but are in
    // the versions one. The hits themselves are checked against today's record shape below.
    const { hits: recordedHits, ...recordedPage } = recorded;
    const { hits, ...page } = body;
    expect(
      shapeDiff(page, recordedPage, { extra: ['links', 'sortBy'] })
    ).toEqual([]);
    expect(Object.keys(hits).sort()).toEqual(Object.keys(recordedHits).sort());
    expect(typeof hits.total).toBe('number');
    // Page 2 has prev/self like the recorded versions page, and next while more pages exist.
    const second = await json(await fetch(body.links.next));
    expect(
      shapeDiff(
        second.links,
        fixture('rdm-record-versions-past-end-200.json').links,
        { extra: ['next'] }
      )
    ).toEqual([]);
    expect(body.hits.total).toBeGreaterThanOrEqual(20);
    expect(body.hits.hits).toHaveLength(5);
    expect(body.links.next).toContain('page=2');
    expect(body.sortBy).toBe('newest');
  });

  it("serves each hit in today's Zenodo JSON shape (as the 2025 publish recording)", async () => {
    const body = await json(await fetch(`${s.url}/api/records?size=25`));
    const recorded = fixture('rdm-draft-publish-202.zenodojson.json');
    for (const hit of body.hits.hits) {
      expect(shapeDiff(hit, recorded, { extra: RECORD_EXTRA })).toEqual([]);
      expect(hit.metadata.communities).toEqual([{ id: 'artifacts-demo' }]);
      expect(hit.links.self).toBe(`${s.url}/api/records/${hit.id}`);
      expect(hit.files[0].checksum).toMatch(/^md5:[0-9a-f]{32}$/);
    }
  });

  it('has at least 20 artifacts in artifacts-demo: zip and tar.gz, several versions, a few KB to ~50 MB', async () => {
    const body = await json(
      await fetch(
        `${s.url}/api/records?communities=artifacts-demo&size=25&all_versions=true`
      )
    );
    const latest = await json(
      await fetch(`${s.url}/api/records?communities=artifacts-demo&size=25`)
    );
    expect(latest.hits.total).toBeGreaterThanOrEqual(20);
    expect(body.hits.total).toBeGreaterThan(latest.hits.total);
    const files = body.hits.hits.flatMap((h: any) => h.files);
    expect(files.some((f: any) => f.key.endsWith('.zip'))).toBe(true);
    expect(files.some((f: any) => f.key.endsWith('.tar.gz'))).toBe(true);
    const sizes = s.state.records.flatMap(r => r.files.map(f => f.size));
    expect(Math.max(...sizes)).toBeGreaterThan(45e6);
    expect(Math.max(...sizes)).toBeLessThan(60e6);
    expect(Math.min(...sizes)).toBeLessThan(20e3);
    const multi = latest.hits.hits.filter(
      (h: any) => h.metadata.relations.version[0].index >= 1
    );
    expect(multi.length).toBeGreaterThanOrEqual(3);
    const owners = new Set(s.state.records.map(r => r.owner));
    expect(owners.size).toBe(1);
  });

  it('limits page size to 25 anonymous (recorded 400 body) and 100 with a token', async () => {
    const anon = await fetch(`${s.url}/api/records?size=26`);
    expect(anon.status).toBe(400);
    expectZenodoHeaders(anon);
    expect(await json(anon)).toEqual(
      fixture('records-search-size-400.server-test.json')
    );
    expect((await fetch(`${s.url}/api/records?size=25`)).status).toBe(200);
    expect(
      (await fetch(`${s.url}/api/records?size=100`, { headers: auth })).status
    ).toBe(200);
    const over = await fetch(`${s.url}/api/records?size=101`, {
      headers: auth
    });
    expect(over.status).toBe(400);
    const body = await json(over);
    expect(body.message).toBe('A validation error occurred.');
    expect(body.errors[0].field).toBe('size');
    expect(body.errors[0].messages).toEqual([expect.stringContaining('100')]);
  });

  it('pages with links.next / links.prev until the last page', async () => {
    const p1 = await json(
      await fetch(`${s.url}/api/records?size=10&sort=oldest`)
    );
    const p2 = await json(await fetch(p1.links.next));
    const p3 = await json(await fetch(p2.links.next));
    expect(p2.links.prev).toBeDefined();
    expect(p3.links.next).toBeUndefined();
    const ids = [...p1.hits.hits, ...p2.hits.hits, ...p3.hits.hits].map(
      (h: any) => h.id
    );
    expect(new Set(ids).size).toBe(p1.hits.total);
    const past = await json(await fetch(`${s.url}/api/records?size=10&page=9`));
    expect(past.hits.hits).toEqual([]);
    expect(past.hits.total).toBe(p1.hits.total);
  });

  it('supports q: free text, title:, doi:, phrases, OR, negation, wildcards', async () => {
    const q = async (query: string, extra = '') =>
      json(
        await fetch(
          `${s.url}/api/records?q=${encodeURIComponent(query)}&size=25${extra}`
        )
      );
    const coral = await q('coral bleaching');
    expect(coral.hits.hits.map((h: any) => h.title)).toEqual([
      expect.stringContaining('Coral reef bleaching')
    ]);
    expect(coral.sortBy).toBe('bestmatch');
    expect((await q('title:microscopy')).hits.total).toBe(1);
    expect((await q('title:nonexistentword')).hits.total).toBe(0);
    const rec = coral.hits.hits[0];
    expect(
      (await q(`doi:"${rec.doi}"`)).hits.hits.map((h: any) => h.id)
    ).toEqual([rec.id]);
    expect(
      (await q(`conceptdoi:"${rec.conceptdoi}"`, '&all_versions=true')).hits
        .total
    ).toBe(2);
    expect((await q('"river discharge"')).hits.total).toBe(1);
    const either = await q('glacier OR coral');
    expect(either.hits.total).toBe(2);
    const notCoral = await q('survey -coral');
    expect(notCoral.hits.hits.every((h: any) => !/coral/i.test(h.title))).toBe(
      true
    );
    expect(notCoral.hits.total).toBeGreaterThan(0);
    expect((await q('microsc*')).hits.total).toBeGreaterThanOrEqual(1);
    // An unquoted "/" (a DOI) is a syntax error on Zenodo; escaped or quoted it works.
    const unquoted = await fetch(
      `${s.url}/api/records?q=${encodeURIComponent(`doi:${rec.doi}`)}`
    );
    expect(unquoted.status).toBe(400);
    expect((await json(unquoted)).status).toBe(400);
    expect((await q(`doi:${rec.doi.replace('/', '\\/')}`)).hits.total).toBe(1);
  });

  it('filters by communities and type, sorts by views and downloads', async () => {
    const none = await json(
      await fetch(`${s.url}/api/records?communities=somewhere-else`)
    );
    expect(none.hits.total).toBe(0);
    const software = await json(
      await fetch(`${s.url}/api/records?type=software&size=25`)
    );
    expect(software.hits.total).toBeGreaterThan(0);
    expect(
      software.hits.hits.every(
        (h: any) => h.metadata.resource_type.type === 'software'
      )
    ).toBe(true);
    for (const [sort, key] of [
      ['mostviewed', 'views'],
      ['mostdownloaded', 'downloads']
    ]) {
      const page = await json(
        await fetch(`${s.url}/api/records?sort=${sort}&size=25`)
      );
      const values = page.hits.hits.map((h: any) => h.stats[`version_${key}`]);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(page.sortBy).toBe(sort);
    }
    const newest = await json(
      await fetch(`${s.url}/api/records?sort=newest&size=25`)
    );
    const created = newest.hits.hits.map((h: any) => h.created);
    expect(created).toEqual([...created].sort().reverse());
    const bad = await fetch(`${s.url}/api/records?sort=nonsense`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors[0].field).toBe('sort');
  });

  it('counts latest versions only unless all_versions is set', async () => {
    const latest = await json(
      await fetch(
        `${s.url}/api/records?q=${encodeURIComponent('title:"urban heat island"')}`
      )
    );
    const all = await json(
      await fetch(
        `${s.url}/api/records?q=${encodeURIComponent('title:"urban heat island"')}&all_versions=true`
      )
    );
    expect(latest.hits.total).toBe(1);
    expect(all.hits.total).toBe(3);
    expect(latest.hits.hits[0].metadata.relations.version[0].is_last).toBe(
      true
    );
  });
});

describe('record shapes of other eras (option recordShape)', () => {
  it('zenodo2023 matches the Oct 2023 search recording hit for hit', async () => {
    const old = await startStandin({
      port: 0,
      seed: 'demo',
      recordShape: 'zenodo2023'
    });
    try {
      const body = await json(await fetch(`${old.url}/api/records?size=3`));
      const recorded = fixture('records-search-zenodojson-2023-10.json');
      // Links Zenodo added after 2023, and metadata the recorded hits happen to carry or not.
      const extra = [
        'hits.hits.*.links.preview_html',
        'hits.hits.*.links.self_doi_html',
        'hits.hits.*.links.parent_doi_html',
        'hits.hits.*.links.access_grants',
        'hits.hits.*.links.request_deletion',
        'hits.hits.*.metadata.license',
        'hits.hits.*.metadata.resource_type.subtype',
        'links',
        'sortBy'
      ];
      const diff = shapeDiff(body, recorded, { extra }).filter(
        d => !/metadata\.(contributors|related_identifiers): missing/.test(d)
      );
      expect(diff).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it('legacy serves the pre-2023 record (bucket files, upper-case licence, /record/ links)', async () => {
    const old = await startStandin({
      port: 0,
      seed: 'demo',
      recordShape: 'legacy'
    });
    try {
      const body = await json(await fetch(`${old.url}/api/records?size=1`));
      const hit = body.hits.hits[0];
      expect(hit.files[0]).toEqual({
        bucket: expect.any(String),
        checksum: expect.stringMatching(/^md5:/),
        key: expect.any(String),
        links: { self: expect.stringContaining('/api/files/') },
        size: expect.any(Number),
        type: expect.any(String)
      });
      expect(hit.metadata.license.id).toBe(
        hit.metadata.license.id.toUpperCase()
      );
      expect(hit.links.html).toBe(`${old.url}/record/${hit.id}`);
      const bytes = await fetch(hit.files[0].links.self);
      expect(bytes.status).toBe(200);
      expect(Number(bytes.headers.get('content-length'))).toBe(
        hit.files[0].size
      );
    } finally {
      await old.close();
    }
  });
});

describe('single record, versions, files', () => {
  let rec: any;
  beforeAll(async () => {
    const page = await json(
      await fetch(
        `${s.url}/api/records?q=${encodeURIComponent('"time-series analysis"')}`
      )
    );
    rec = page.hits.hits[0];
  });

  it('GET /api/records/:id has the Zenodo JSON shape and an ETag', async () => {
    const res = await fetch(`${s.url}/api/records/${rec.id}`);
    expect(res.status).toBe(200);
    expectZenodoHeaders(res);
    expect(res.headers.get('etag')).toMatch(/^"\d+"$/);
    const body = await json(res);
    expect(
      shapeDiff(body, fixture('rdm-draft-publish-202.zenodojson.json'), {
        extra: RECORD_EXTRA
      })
    ).toEqual([]);
    expect(body.id).toBe(rec.id);
    expect(body.recid).toBe(String(rec.id));
    expect(body.owners).toEqual([{ id: expect.any(String) }]);
    expect(body.stats.version_views).toBeGreaterThan(rec.stats.version_views);
  });

  it('serves the native InvenioRDM shape on request', async () => {
    const res = await fetch(`${s.url}/api/records/${rec.id}`, {
      headers: { Accept: 'application/vnd.inveniordm.v1+json' }
    });
    const body = await json(res);
    expect(body.id).toBe(String(rec.id));
    expect(body.pids.doi.identifier).toBe(rec.doi);
    expect(body.parent.id).toBe(rec.conceptrecid);
    expect(body.metadata.creators[0].person_or_org.name).toBe(
      rec.metadata.creators[0].name
    );
    expect(body.files.entries[rec.files[0].key].size).toBe(rec.files[0].size);
    expect(body.versions.is_latest).toBe(true);
  });

  it('lists versions newest first (shape of the recorded versions page)', async () => {
    const res = await fetch(`${s.url}/api/records/${rec.id}/versions?size=2`);
    const body = await json(res);
    expect(body.hits.total).toBe(3);
    expect(body.sortBy).toBe('version');
    expect(body.hits.hits.map((h: any) => h.metadata.version)).toEqual([
      '2024',
      '2023'
    ]);
    const past = await json(
      await fetch(`${s.url}/api/records/${rec.id}/versions?page=3&size=25`)
    );
    expect(
      shapeDiff(past, fixture('rdm-record-versions-past-end-200.json'))
    ).toEqual([]);
    expect(past.hits.hits).toEqual([]);
    const latest = await fetch(
      `${s.url}/api/records/${body.hits.hits[1].id}/versions/latest`,
      { redirect: 'manual' }
    );
    expect(latest.status).toBe(302);
    expect(latest.headers.get('location')).toBe(
      `${s.url}/api/records/${rec.id}`
    );
  });

  it('streams file content with Content-Length and the advertised checksum; downloads count', async () => {
    const before = (await json(await fetch(`${s.url}/api/records/${rec.id}`)))
      .stats;
    const file = rec.files[0];
    const res = await fetch(file.links.self);
    expect(res.status).toBe(200);
    expectZenodoHeaders(res);
    expect(Number(res.headers.get('content-length'))).toBe(file.size);
    expect(res.headers.get('accept-ranges')).toBeNull();
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(file.size);
    expect(`md5:${crypto.createHash('md5').update(bytes).digest('hex')}`).toBe(
      file.checksum
    );
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const after = (await json(await fetch(`${s.url}/api/records/${rec.id}`)))
      .stats;
    expect(after.version_downloads).toBe(before.version_downloads + 1);
    expect(after.downloads).toBe(before.downloads + 1);
    // No Range support on the API URL, as on Zenodo: the whole file comes back.
    const ranged = await fetch(file.links.self, {
      headers: { Range: 'bytes=0-9' }
    });
    expect(ranged.status).toBe(200);
    expect((await ranged.arrayBuffer()).byteLength).toBe(file.size);
  });

  it('lists files and serves the files archive', async () => {
    const list = await json(
      await fetch(`${s.url}/api/records/${rec.id}/files`)
    );
    expect(list.enabled).toBe(true);
    expect(list.entries.map((e: any) => e.key)).toEqual(
      rec.files.map((f: any) => f.key)
    );
    // A published file has no commit link (that is a draft's).
    const committed = fixture('rdm-draft-file-commit-200.json');
    delete committed.links.commit;
    expect(shapeDiff(list.entries[0], committed)).toEqual([]);
    const archive = await fetch(`${s.url}/api/records/${rec.id}/files-archive`);
    expect(archive.headers.get('content-type')).toBe('application/zip');
    expect(
      Buffer.from(await archive.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1')
    ).toBe('PK');
  });

  it('answers the recorded 404 for unknown ids and keys, and 410 for a deleted record', async () => {
    const missing = await fetch(`${s.url}/api/records/999999999`);
    expect(missing.status).toBe(404);
    expectZenodoHeaders(missing);
    expect(await json(missing)).toEqual(fixture('rdm-error-404-pid.json'));
    expect((await fetch(`${s.url}/api/records/abc`)).status).toBe(404);
    expect(
      (await fetch(`${s.url}/api/records/${rec.id}/files/nope.zip/content`))
        .status
    ).toBe(404);
    const gone = await fetch(`${s.url}/api/records/${s.deletedRecordId}`);
    expect(gone.status).toBe(410);
    const body = await json(gone);
    expect(body).toMatchObject({ status: 410, message: 'Record deleted' });
    expect(body.tombstone).toBeDefined();
  });
});

describe('CORS and auth on the records API', () => {
  it('answers a preflight with the requested headers allowed', async () => {
    const res = await fetch(`${s.url}/api/records`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8888',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization'
      }
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'authorization'
    );
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    // Preflights count toward the rate limit, so they carry its headers too.
    expectZenodoHeaders(res);
    const upload = await fetch(`${s.url}/api/files/some-bucket/some.zip`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8888',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization,content-type'
      }
    });
    expect(upload.status).toBe(200);
    expect(upload.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type'
    );
  });

  it('gives 401 (recorded body) to an unknown token, also via access_token', async () => {
    const bad = await fetch(`${s.url}/api/records`, {
      headers: { Authorization: 'Bearer not-a-token' }
    });
    expect(bad.status).toBe(401);
    expectZenodoHeaders(bad);
    expect(await json(bad)).toEqual(fixture('docs-error-401.json'));
    expect(
      (await fetch(`${s.url}/api/records?access_token=not-a-token`)).status
    ).toBe(401);
    expect(
      (
        await fetch(
          `${s.url}/api/records?size=100&access_token=${TOKENS.readonly}`
        )
      ).status
    ).toBe(200);
  });
});
