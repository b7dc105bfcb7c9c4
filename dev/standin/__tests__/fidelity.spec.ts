/**
 * Where the stand-in answered unlike Zenodo (issue 11), each compared with
 * the evidence: the recorded bodies in the fixtures and Zenodo's own server
 * code (zenodo/zenodo-rdm, cited per test).
 */
import { startStandin, TOKENS, IStandin } from '../server';
import { fixture, json } from './helpers';

let s: IStandin;
const W = { Authorization: `Bearer ${TOKENS.write}` };
const JSON_W = { ...W, 'Content-Type': 'application/json' };

const METADATA = {
  upload_type: 'dataset',
  title: 'Fidelity test',
  description: '<p>Made by a test.</p>',
  creators: [{ name: 'Tester, Ada', affiliation: 'Test Lab' }],
  access_right: 'open'
};

beforeAll(async () => {
  s = await startStandin({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await s.close();
});

async function create(body: unknown = {}): Promise<any> {
  const res = await fetch(`${s.url}/api/deposit/depositions`, {
    method: 'POST',
    headers: JSON_W,
    body: JSON.stringify(body)
  });
  expect(res.status).toBe(201);
  return json(res);
}

async function upload(dep: any, key: string, data: string): Promise<void> {
  const res = await fetch(`${dep.links.bucket}/${key}`, {
    method: 'PUT',
    headers: { ...W, 'Content-Type': 'application/octet-stream' },
    body: data
  });
  expect(res.status).toBe(201);
}

async function post(url: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: W });
}

/** A published deposition with one file. */
async function published(metadata: any = METADATA): Promise<any> {
  const dep = await create({ metadata });
  await upload(dep, 'data.csv', 'a,b\n1,2\n');
  const res = await post(dep.links.publish);
  expect(res.status).toBe(202);
  return json(res);
}

const today = () => new Date().toISOString().slice(0, 10);

describe('1. publication_date defaults to today (legacy deserializer load_default)', () => {
  it('metadata without a date gets today, so a publish without one succeeds', async () => {
    const dep = await create({ metadata: METADATA });
    expect(dep.metadata.publication_date).toBe(today());
    await upload(dep, 'data.csv', 'x');
    const res = await post(dep.links.publish);
    expect(res.status).toBe(202);
    expect((await json(res)).metadata.publication_date).toBe(today());
  });

  it('a create without metadata stays as recorded (no date in deposition-create-201)', async () => {
    const dep = await create({});
    expect(Object.keys(dep.metadata).sort()).toEqual(
      Object.keys(fixture('deposition-create-201.json').metadata).sort()
    );
  });
});

describe('2. a JSON body without Content-Type is read as JSON', () => {
  it('create and update accept it; another type is still a 415', async () => {
    const res = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: W,
      body: Buffer.from(JSON.stringify({ metadata: { title: 'No type' } }))
    });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.status).toBe(201);
    const dep = await json(res);
    expect(dep.title).toBe('No type');
    const upd = await fetch(dep.links.self, {
      method: 'PUT',
      headers: W,
      body: Buffer.from(JSON.stringify({ metadata: { title: 'Still none' } }))
    });
    expect(upd.status).toBe(200);
    expect((await json(upd)).title).toBe('Still none');
    const text = await fetch(dep.links.self, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': 'text/plain' },
      body: '{"metadata":{}}'
    });
    expect(text.status).toBe(415);
  });
});

describe('3. DOI landing pages and links.latest_html redirect', () => {
  it('/doi/<doi> leads to the record page; latest_html to the newest version', async () => {
    const v1 = await published();
    const record = await json(await fetch(`${s.url}/api/records/${v1.id}`));
    // The links as recorded (rdm-draft-publish-202): /doi/<doi>, /records/<id>/latest.
    const recorded = fixture('rdm-draft-publish-202.zenodojson.json').links;
    expect(new URL(recorded.self_doi_html).pathname).toMatch(
      /^\/doi\/10\.\d+\/zenodo\.\d+$/
    );
    expect(new URL(recorded.latest_html).pathname).toMatch(
      /^\/records\/\d+\/latest$/
    );
    expect(record.links.self_doi_html).toBe(`${s.url}/doi/${v1.doi}`);
    const viaDoi = await fetch(record.links.self_doi_html, {
      redirect: 'manual'
    });
    expect(viaDoi.status).toBe(302);
    expect(viaDoi.headers.get('location')).toBe(`${s.url}/records/${v1.id}`);
    // Followed to the end, as a DOI resolver's client does.
    const landed = await fetch(`${s.url}/doi/${v1.doi}`);
    expect(landed.status).toBe(200);
    expect(landed.url).toBe(`${s.url}/records/${v1.id}`);
    // A concept DOI leads to the newest version.
    const draft = await json(await post(v1.links.newversion));
    await fetch(`${draft.links.bucket}/data.csv`, {
      method: 'DELETE',
      headers: W
    });
    await upload(draft, 'data.csv', 'a,b\n3,4\n');
    await fetch(draft.links.self, {
      method: 'PUT',
      headers: JSON_W,
      body: JSON.stringify({ metadata: { ...METADATA, version: '2' } })
    });
    expect((await post(draft.links.publish)).status).toBe(202);
    const latest = await fetch(record.links.latest_html, {
      redirect: 'manual'
    });
    expect(latest.status).toBe(302);
    expect(latest.headers.get('location')).toBe(`${s.url}/records/${draft.id}`);
    const concept = await fetch(`${s.url}/doi/${v1.conceptdoi}`, {
      redirect: 'manual'
    });
    expect(concept.headers.get('location')).toBe(
      `${s.url}/records/${draft.id}`
    );
    // The deposition's latest_html (/record/<id>/versions/latest, as recorded) ends there too.
    const dep = await json(
      await fetch(`${s.url}/api/deposit/depositions/${v1.id}`, { headers: W })
    );
    const end = await fetch(dep.links.latest_html);
    expect(end.status).toBe(200);
    expect(end.url).toBe(`${s.url}/records/${draft.id}`);
    expect((await fetch(`${s.url}/doi/10.5281/zenodo.999999999`)).status).toBe(
      404
    );
  });
});

describe('4. legacy licence ids and language', () => {
  it('CC0 comes back as cc-zero (deposition-publish-202), and the record carries its language', async () => {
    const recorded = fixture('deposition-publish-202.json').metadata.license;
    expect(recorded).toBe('cc-zero');
    const dep = await create({
      metadata: { ...METADATA, license: 'CC0-1.0', language: 'eng' }
    });
    expect(dep.metadata.license).toBe(recorded);
    await upload(dep, 'data.csv', 'x');
    const pub = await json(await post(dep.links.publish));
    expect(pub.metadata.license).toBe(recorded);
    expect(pub.metadata.language).toBe('eng');
    const record = await json(await fetch(`${s.url}/api/records/${dep.id}`));
    expect(record.metadata.language).toBe('eng');
  });
});

describe('5. unknown nested fields are dropped; files of a published deposition', () => {
  it('drops unknown metadata keys (unknown = EXCLUDE); an unknown top-level key is a 400', async () => {
    const dep = await create({
      metadata: {
        ...METADATA,
        not_a_field: 1,
        creators: [{ name: 'Tester, Ada', type: 'ContactPerson' }]
      }
    });
    expect(dep.metadata.not_a_field).toBeUndefined();
    expect(dep.metadata.creators).toEqual([{ name: 'Tester, Ada' }]);
    const top = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: JSON_W,
      body: JSON.stringify({ metadata: {}, extra: 1 })
    });
    expect(top.status).toBe(400);
  });

  it('a multipart POST to a published deposition is the recorded 404', async () => {
    const pub = await published();
    // Built by hand: jsdom's FormData cannot go through Node's fetch.
    const boundary = '----fidelity-boundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.txt"\r\n\r\nlate\r\n` +
      `--${boundary}--\r\n`;
    const res = await fetch(
      `${s.url}/api/deposit/depositions/${pub.id}/files`,
      {
        method: 'POST',
        headers: {
          ...W,
          'Content-Type': `multipart/form-data; boundary=${boundary}`
        },
        body
      }
    );
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual(fixture('rdm-error-404-pid.json'));
  });
});

describe('6. gateway errors carry no rate-limit headers', () => {
  it('502, 503, 504 pages have none; the application answers keep them', async () => {
    for (const status of [502, 503, 504]) {
      s.inject({ rules: [{ path: '^/api/records$', status }] });
      const res = await fetch(`${s.url}/api/records?size=1`);
      expect(res.status).toBe(status);
      expect(await res.text()).toContain('nginx');
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
      expect(res.headers.get('retry-after')).toBeNull();
      // CORS stays, so that a browser can read the status at all.
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    const ok = await fetch(`${s.url}/api/records/${s.state.records[0].id}`);
    expect(ok.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  });
});

describe('7. a new version while a new-version draft is open', () => {
  it('answers 400 files.enabled "Please remove all files first."; the record points at the draft', async () => {
    const pub = await published();
    const first = await post(pub.links.newversion);
    expect(first.status).toBe(201);
    const draft = await json(first);
    const again = await post(pub.links.newversion);
    expect(again.status).toBe(400);
    const body = await json(again);
    expect(body).toEqual({
      status: 400,
      message: 'A validation error occurred.',
      errors: [
        { field: 'files.enabled', messages: ['Please remove all files first.'] }
      ]
    });
    // The shape of Zenodo's validation errors (docs-error-validation-400, today's list form).
    expect(Object.keys(body).sort()).toEqual(
      Object.keys(fixture('docs-error-validation-400.json')).sort()
    );
    const record = await json(
      await fetch(`${s.url}/api/deposit/depositions/${pub.id}`, { headers: W })
    );
    expect(record.links.latest_draft).toBe(
      `${s.url}/api/deposit/depositions/${draft.id}`
    );
    expect(
      s.state.depositions.filter(d => d.conceptrecid === pub.conceptrecid)
    ).toHaveLength(2);
  });

  it('an open draft without files is taken back, with the previous files imported', async () => {
    const pub = await published();
    const draft = await json(await post(pub.links.newversion));
    const del = await fetch(`${draft.links.bucket}/data.csv`, {
      method: 'DELETE',
      headers: W
    });
    expect(del.status).toBe(204);
    const again = await post(pub.links.newversion);
    expect(again.status).toBe(201);
    const same = await json(again);
    expect(same.id).toBe(draft.id);
    expect(same.files.map((f: any) => f.filename)).toEqual(['data.csv']);
  });
});

describe('8. searches have their own budget', () => {
  it('30 searches a minute for a guest: the answers report that bucket, the 31st is a 429', async () => {
    const own = await startStandin({ port: 0, seed: 'none' });
    try {
      for (let i = 1; i <= 30; i++) {
        const res = await fetch(`${own.url}/api/records?q=x${i}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-limit')).toBe('30');
        expect(res.headers.get('x-ratelimit-remaining')).toBe(String(30 - i));
      }
      const over = await fetch(`${own.url}/api/records?q=over`);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(over.headers.get('x-ratelimit-reset'))).toBeGreaterThan(
        Date.now() / 1000
      );
      // Other reads spend the general budget, not the search one.
      const other = await fetch(`${own.url}/api/records/1/versions`);
      expect(other.status).not.toBe(429);
      expect(other.headers.get('x-ratelimit-limit')).not.toBe('30');
      // A token has a budget of its own, a larger one.
      const withToken = await fetch(`${own.url}/api/records?q=t`, {
        headers: W
      });
      expect(withToken.status).toBe(200);
      expect(
        Number(withToken.headers.get('x-ratelimit-limit'))
      ).toBeGreaterThan(30);
    } finally {
      await own.close();
    }
  });
});
