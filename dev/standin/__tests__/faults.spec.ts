/**
 * Fault injection (status on the Nth call, 429 with a reset, latency, a cut
 * connection mid-upload), the rate limit, and the test-only control API.
 */
import { startStandin, TOKENS, IStandin } from '../server';
import { expectZenodoHeaders, json } from './helpers';

let s: IStandin;
const W = { Authorization: `Bearer ${TOKENS.write}` };

beforeAll(async () => {
  s = await startStandin({ port: 0, seed: 'demo' });
});
afterAll(async () => {
  await s.close();
});
afterEach(() => {
  s.clearFaults();
});

async function newDeposition(url = s.url): Promise<any> {
  const res = await fetch(`${url}/api/deposit/depositions`, {
    method: 'POST',
    headers: { ...W, 'Content-Type': 'application/json' },
    body: '{}'
  });
  return json(res);
}

describe('faults through the JS handle', () => {
  it('answers a status on the Nth matching call only', async () => {
    s.inject({
      rules: [{ method: 'GET', path: '^/api/records$', nth: 2, status: 503 }]
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetch(`${s.url}/api/records?size=1`)).status);
    }
    expect(statuses).toEqual([200, 503, 200]);
    // Other paths and methods do not count.
    s.inject({
      rules: [{ method: 'POST', path: '/actions/publish', status: 500 }]
    });
    expect((await fetch(`${s.url}/api/records?size=1`)).status).toBe(200);
  });

  it('gives a 500 without JSON and 502/504 as gateway HTML, as Zenodo does; custom bodies too', async () => {
    s.inject({
      rules: [
        { path: '/api/records/1$', status: 500 },
        { path: '/api/records/2$', status: 504 },
        {
          path: '/api/records/3$',
          status: 409,
          body: { status: 409, message: 'being integrated, wait' }
        }
      ]
    });
    const r500 = await fetch(`${s.url}/api/records/1`);
    expect(r500.status).toBe(500);
    expect(r500.headers.get('content-type')).toContain('text/html');
    expectZenodoHeaders(r500);
    const r504 = await fetch(`${s.url}/api/records/2`);
    expect(await r504.text()).toContain('504 Gateway Time-out');
    expect(await json(await fetch(`${s.url}/api/records/3`))).toEqual({
      status: 409,
      message: 'being integrated, wait'
    });
  });

  it('fires `times` times once reached', async () => {
    s.inject({
      rules: [{ path: '^/api/records$', nth: 1, times: 2, status: 502 }]
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetch(`${s.url}/api/records?size=1`)).status);
    }
    expect(statuses).toEqual([502, 502, 200]);
  });

  it('answers 429 with X-RateLimit-Reset in the future and Retry-After', async () => {
    s.inject({
      rules: [{ method: 'PUT', path: '/api/files/', rateLimitResetSeconds: 7 }]
    });
    const dep = await newDeposition();
    const before = Math.floor(Date.now() / 1000);
    const res = await fetch(`${dep.links.bucket}/a.txt`, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': 'application/octet-stream' },
      body: 'abc'
    });
    expect(res.status).toBe(429);
    expectZenodoHeaders(res);
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(before + 6);
    expect(reset).toBeLessThanOrEqual(before + 9);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await json(res)).status).toBe(429);
    // The retry goes through.
    const again = await fetch(`${dep.links.bucket}/a.txt`, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': 'application/octet-stream' },
      body: 'abc'
    });
    expect(again.status).toBe(201);
  });

  it('cuts the connection mid-upload after N bytes; nothing is stored', async () => {
    const dep = await newDeposition();
    s.inject({
      rules: [{ method: 'PUT', path: '/api/files/', cutAfterBytes: 64 * 1024 }]
    });
    const body = Buffer.alloc(1024 * 1024, 1);
    await expect(
      fetch(`${dep.links.bucket}/big.bin`, {
        method: 'PUT',
        headers: { ...W, 'Content-Type': 'application/octet-stream' },
        body
      })
    ).rejects.toThrow();
    const got = await json(await fetch(dep.links.self, { headers: W }));
    expect(got.files).toEqual([]);
    const logged = s.state.requests.filter(
      r => r.method === 'PUT' && r.path.endsWith('/big.bin')
    );
    expect(logged).toHaveLength(1);
    expect(logged[0].status).toBe(0);
    // The next upload of the same file works.
    const ok = await fetch(`${dep.links.bucket}/big.bin`, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': 'application/octet-stream' },
      body
    });
    expect(ok.status).toBe(201);
  });

  it('adds latency to every API call', async () => {
    s.inject({ latencyMs: 300 });
    const t = Date.now();
    expect((await fetch(`${s.url}/api/records?size=1`)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    s.clearFaults();
    const t2 = Date.now();
    await fetch(`${s.url}/api/records?size=1`);
    expect(Date.now() - t2).toBeLessThan(290);
  });
});

describe('rate limit', () => {
  it('counts down X-RateLimit-Remaining and answers 429 over the configured limit', async () => {
    const limited = await startStandin({ port: 0, seed: 'none', rateLimit: 3 });
    try {
      const remaining = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${limited.url}/api/records`);
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-limit')).toBe('3');
        remaining.push(res.headers.get('x-ratelimit-remaining'));
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const over = await fetch(`${limited.url}/api/records`);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('x-ratelimit-reset'))).toBeGreaterThan(
        Date.now() / 1000
      );
      // A token has its own budget.
      const withToken = await fetch(`${limited.url}/api/records`, {
        headers: W
      });
      expect(withToken.status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('control API over HTTP', () => {
  it('injects and clears faults, with CORS open for browsers', async () => {
    const pre = await fetch(`${s.url}/__standin/faults`, {
      method: 'OPTIONS',
      headers: {
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type'
      }
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const res = await fetch(`${s.url}/__standin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ path: '^/api/records$', status: 503 }] })
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${s.url}/api/records`)).status).toBe(503);
    await fetch(`${s.url}/__standin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ path: '^/api/records$', status: 503 }] })
    });
    expect(
      (await fetch(`${s.url}/__standin/faults`, { method: 'DELETE' })).status
    ).toBe(204);
    expect((await fetch(`${s.url}/api/records`)).status).toBe(200);
    const bad = await fetch(`${s.url}/__standin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ path: '(' }] })
    });
    expect(bad.status).toBe(400);
  });

  it('reports state (depositions, records, requests) and resets to the seeds', async () => {
    const dep = await newDeposition();
    const state = await json(await fetch(`${s.url}/__standin/state`));
    expect(Object.keys(state)).toEqual(
      expect.arrayContaining(['depositions', 'records', 'requests'])
    );
    expect(state.depositions.map((d: any) => d.id)).toContain(dep.id);
    expect(state.records.length).toBeGreaterThanOrEqual(20);
    expect(state.requests[state.requests.length - 1]).toEqual({
      method: 'POST',
      path: '/api/deposit/depositions',
      status: 201
    });
    expect(
      (await fetch(`${s.url}/__standin/reset`, { method: 'POST' })).status
    ).toBe(200);
    const after = await json(await fetch(`${s.url}/__standin/state`));
    expect(after.depositions.map((d: any) => d.id)).not.toContain(dep.id);
    expect(after.requests).toEqual([]);
    expect(after.records.length).toBe(state.records.length);
  });

  it('seeds many light records for load tests, searchable and downloadable', async () => {
    const before = (
      await json(await fetch(`${s.url}/api/records?communities=artifacts-demo`))
    ).hits.total;
    const res = await fetch(`${s.url}/__standin/seed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ count: 2000 })
    });
    expect(res.status).toBe(200);
    expect((await json(res)).added).toBe(2000);
    const page = await json(
      await fetch(
        `${s.url}/api/records?communities=artifacts-demo&size=25&page=3`
      )
    );
    expect(page.hits.total).toBe(before + 2000);
    const hydro = await json(
      await fetch(`${s.url}/api/records?q=hydrology%20synthetic&size=25`)
    );
    expect(hydro.hits.total).toBe(250);
    const file = hydro.hits.hits[0].files[0];
    const bytes = await fetch(file.links.self);
    expect(Number(bytes.headers.get('content-length'))).toBe(file.size);
    expect((await bytes.text()).startsWith('id,value')).toBe(true);
    s.reset();
  });
});
