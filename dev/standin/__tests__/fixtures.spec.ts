/**
 * Every recorded body is compared with a stand-in answer somewhere in these
 * specs; this file covers the remaining ones (documentation examples, the
 * one-hit search) and checks that no recording is left out.
 */
import * as fs from 'fs';
import { startStandin, TOKENS, IStandin } from '../server';
import { FIXTURES, fixture, json, shapeDiff } from './helpers';

/** Where each recording is compared (spec file), or why it needs no comparison. */
const COVERED: Record<string, string> = {
  'SOURCES.md': 'provenance, not a body',
  'bucket-put-201.json': 'deposit.spec',
  'bucket-put-400-too-many-files.reported-2026.json': 'deposit.spec',
  'bucket-put-403.legacy-2021.json': 'deposit.spec',
  'bucket-put-415-content-type.reported.json': 'deposit.spec',
  'deposition-create-201.json': 'deposit.spec',
  'deposition-publish-202.json': 'deposit.spec',
  'docs-bucket-put-201.json': 'fixtures.spec',
  'docs-deposition-create-201.json': 'fixtures.spec',
  'docs-error-401.json': 'records.spec, deposit.spec',
  'docs-error-404.json': 'fixtures.spec',
  'docs-error-validation-400.json': 'deposit.spec (errorStyle legacy)',
  'docs-files-multipart-post-201.json': 'fixtures.spec',
  'rdm-draft-create-201.zenodojson.json': 'native.spec',
  'rdm-draft-file-commit-200.json': 'native.spec, records.spec',
  'rdm-draft-file-content-put-200.json': 'native.spec',
  'rdm-draft-files-init-201.json': 'native.spec',
  'rdm-draft-publish-202.zenodojson.json': 'native.spec, records.spec',
  'rdm-draft-reserve-doi-201.zenodojson.json': 'native.spec',
  'rdm-draft-update-put-200.zenodojson.json': 'native.spec',
  'rdm-error-404-pid.json': 'records.spec, deposit.spec',
  'rdm-flow-http-headers-sandbox-2025-10.txt': 'fixtures.spec (headers)',
  'rdm-record-new-version-201.zenodojson.json': 'native.spec',
  'rdm-record-versions-past-end-200.json': 'records.spec',
  'records-search-one-hit-zenodojson-2023-10.json': 'fixtures.spec',
  'records-search-size-400.server-test.json': 'records.spec',
  'records-search-zenodojson-2023-10.json': 'records.spec'
};

let s: IStandin;
const W = { Authorization: `Bearer ${TOKENS.write}` };

beforeAll(async () => {
  s = await startStandin({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await s.close();
});

async function create(): Promise<any> {
  return json(
    await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: { ...W, 'Content-Type': 'application/json' },
      body: '{}'
    })
  );
}

describe('recordings', () => {
  it('every recording is compared somewhere', () => {
    expect(fs.readdirSync(FIXTURES).sort()).toEqual(
      Object.keys(COVERED).sort()
    );
  });

  it('the documentation examples: deposition and bucket object (keys Zenodo added since are extra)', async () => {
    const dep = await create();
    const extra = [
      'links.badge',
      'links.newversion',
      'links.registerconceptdoi',
      'metadata.access_right'
    ];
    expect(
      shapeDiff(dep, fixture('docs-deposition-create-201.json'), { extra })
    ).toEqual([]);
    const obj = await json(
      await fetch(`${dep.links.bucket}/my-file.zip`, {
        method: 'PUT',
        headers: { ...W, 'Content-Type': 'application/octet-stream' },
        body: 'PK'
      })
    );
    expect(shapeDiff(obj, fixture('docs-bucket-put-201.json'))).toEqual([]);
  });

  it("a 404 has the documented keys (with today's message)", async () => {
    const res = await fetch(`${s.url}/api/deposit/depositions/1`, {
      headers: W
    });
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(shapeDiff(body, fixture('docs-error-404.json'))).toEqual([]);
    expect(body.message).toBe(fixture('rdm-error-404-pid.json').message);
  });

  it("the multipart upload answers today's shape, not the 2020 documentation example", async () => {
    const dep = await create();
    const boundary = 'b0undary';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="myfirstfile.csv"\r\n\r\n` +
        `a,b\r\n--${boundary}--\r\n`
    );
    const res = await fetch(dep.links.files, {
      method: 'POST',
      headers: {
        ...W,
        'Content-Type': `multipart/form-data; boundary=${boundary}`
      },
      body
    });
    expect(res.status).toBe(201);
    const file = await json(res);
    // Docs (2020): {checksum, name, id, filesize: "27"}; today ([R]): {id, filename, filesize: int, checksum, links}.
    const documented = fixture('docs-files-multipart-post-201.json');
    expect(Object.keys(file).sort()).toEqual([
      'checksum',
      'filename',
      'filesize',
      'id',
      'links'
    ]);
    expect(typeof documented.filesize).toBe('string');
    expect(file.filesize).toBe(3);
    expect(file.checksum).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the one-hit search of 2023 (option recordShape zenodo2023)', async () => {
    const old = await startStandin({
      port: 0,
      seed: 'demo',
      recordShape: 'zenodo2023'
    });
    try {
      const hit = s.state.records.find(r =>
        r.title.startsWith('Coral reef')
      ) as any;
      const body = await json(
        await fetch(
          `${old.url}/api/records?q=${encodeURIComponent(`doi:"${hit.doi}"`)}&all_versions=true`
        )
      );
      expect(body.hits.total).toBe(1);
      const extra = [
        'hits.hits.*.links.preview_html',
        'hits.hits.*.links.self_doi_html',
        'hits.hits.*.links.parent_doi_html',
        'hits.hits.*.links.access_grants',
        'hits.hits.*.links.request_deletion',
        'hits.hits.*.metadata.resource_type.subtype',
        'links',
        'sortBy'
      ];
      const diff = shapeDiff(
        body,
        fixture('records-search-one-hit-zenodojson-2023-10.json'),
        { extra }
      ).filter(d => !/metadata\.related_identifiers: missing/.test(d));
      expect(diff).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it('sends the headers of the recorded sandbox flow on a write', async () => {
    const text = fs.readFileSync(
      `${FIXTURES}/rdm-flow-http-headers-sandbox-2025-10.txt`,
      'utf-8'
    );
    const recorded = text.split('\n### ')[0];
    const res = await fetch(`${s.url}/api/records`, {
      method: 'POST',
      headers: { ...W, 'Content-Type': 'application/json' },
      body: '{}'
    });
    expect(res.status).toBe(201);
    for (const name of [
      'content-type',
      'content-length',
      'etag',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'retry-after',
      'access-control-allow-origin',
      'access-control-expose-headers'
    ]) {
      expect(recorded).toContain(`< ${name}:`);
      expect(res.headers.get(name)).not.toBeNull();
    }
    const exposed = /< access-control-expose-headers: (.*)/.exec(recorded)![1];
    expect(res.headers.get('access-control-expose-headers')).toBe(
      exposed.trim()
    );
    expect(res.headers.get('content-type')).toBe(
      /< content-type: (.*)/.exec(recorded)![1].trim()
    );
  });
});
