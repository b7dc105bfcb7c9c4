/**
 * The stand-in's state on disk (`--state`, used by the demo): what was
 * published survives a restart with the same DOIs and files, a new deposition
 * after the restart gets a DOI of its own, and a journal made for other
 * options is refused instead of replayed into a different store.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { IStandin, startStandin, TOKENS } from '../server';

const W = { Authorization: `Bearer ${TOKENS.write}` };
const JSON_W = { ...W, 'Content-Type': 'application/json' };

let dir: string;
const running: IStandin[] = [];

async function start(seed: 'demo' | 'none' = 'none'): Promise<IStandin> {
  const s = await startStandin({ port: 0, seed, state: dir });
  running.push(s);
  return s;
}

async function stop(s: IStandin): Promise<void> {
  running.splice(running.indexOf(s), 1);
  await s.close();
}

/** Creates, fills and publishes a deposition; returns the published record. */
async function publish(s: IStandin, title: string, body: Buffer) {
  let res = await fetch(`${s.url}/api/deposit/depositions`, {
    method: 'POST',
    headers: JSON_W,
    body: JSON.stringify({})
  });
  expect(res.status).toBe(201);
  const dep = await res.json();
  res = await fetch(`${dep.links.bucket}/data.bin`, {
    method: 'PUT',
    headers: { ...W, 'Content-Type': 'application/octet-stream' },
    body
  });
  expect(res.status).toBe(201);
  res = await fetch(dep.links.self, {
    method: 'PUT',
    headers: JSON_W,
    body: JSON.stringify({
      metadata: {
        upload_type: 'dataset',
        title,
        description: '<p>Kept across restarts.</p>',
        creators: [{ name: 'Tester, Ada' }],
        access_right: 'open',
        license: 'cc-by-4.0'
      }
    })
  });
  expect(res.status).toBe(200);
  res = await fetch(dep.links.publish, { method: 'POST', headers: W });
  expect(res.status).toBe(202);
  return res.json();
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-state-'));
});
afterEach(async () => {
  for (const s of running.splice(0)) {
    await s.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('state on disk', () => {
  it('keeps published records, their DOIs and files across a restart; new DOIs do not collide', async () => {
    const body = Buffer.from(Array.from({ length: 70000 }, (_, i) => i % 251));
    let s = await start();
    const first = await publish(s, 'Before the restart', body);
    expect(first.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
    await stop(s);

    s = await start();
    expect(s.restored).toEqual({ replayed: expect.any(Number), failed: [] });
    expect(s.restored!.replayed).toBeGreaterThanOrEqual(4);
    const rec = await (await fetch(`${s.url}/api/records/${first.id}`)).json();
    expect(rec.doi).toBe(first.doi);
    expect(rec.metadata.title).toBe('Before the restart');
    const file = await fetch(rec.files[0].links.self);
    expect(Buffer.from(await file.arrayBuffer()).equals(body)).toBe(true);

    const second = await publish(s, 'After the restart', Buffer.from('x'));
    expect(second.doi).not.toBe(first.doi);
    expect(second.id).not.toBe(first.id);
    await stop(s);

    // Both survive the next restart, and only once each.
    s = await start();
    const hits = await (
      await fetch(`${s.url}/api/records?q=restart&size=25`)
    ).json();
    const titles = hits.hits.hits.map((h: any) => h.metadata.title).sort();
    expect(titles).toEqual(['After the restart', 'Before the restart']);
  });

  it('replays a new version whose draft removed an inherited file by its id', async () => {
    let s = await start();
    const v1 = await publish(s, 'Versioned', Buffer.from('one'));
    let res = await fetch(
      `${s.url}/api/deposit/depositions/${v1.id}/actions/newversion`,
      { method: 'POST', headers: W }
    );
    expect(res.status).toBe(201);
    const draftUrl = (await res.json()).links.latest_draft;
    const draft = await (await fetch(draftUrl, { headers: W })).json();
    res = await fetch(`${draftUrl}/files/${draft.files[0].id}`, {
      method: 'DELETE',
      headers: W
    });
    expect(res.status).toBe(204);
    res = await fetch(`${draft.links.bucket}/data.bin`, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': 'application/octet-stream' },
      body: Buffer.from('two')
    });
    expect(res.status).toBe(201);
    res = await fetch(draft.links.self, {
      method: 'PUT',
      headers: JSON_W,
      body: JSON.stringify({ metadata: { ...draft.metadata, version: '2' } })
    });
    expect(res.status).toBe(200);
    res = await fetch(draft.links.publish, { method: 'POST', headers: W });
    expect(res.status).toBe(202);
    const v2 = await res.json();
    await stop(s);

    s = await start();
    expect(s.restored!.failed).toEqual([]);
    const rec = await (await fetch(`${s.url}/api/records/${v2.id}`)).json();
    expect(rec.doi).toBe(v2.doi);
    const file = await fetch(rec.files[0].links.self);
    expect(await file.text()).toBe('two');
  });

  it('forgets nothing it did not need: failed requests and faults are not replayed', async () => {
    let s = await start();
    const res = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer not-a-token',
        'Content-Type': 'application/json'
      },
      body: '{}'
    });
    expect(res.status).toBe(401);
    await stop(s);
    s = await start();
    expect(s.restored).toEqual({ replayed: 0, failed: [] });
  });

  it('refuses a state made with other options, saying how to start afresh', async () => {
    const s = await start('none');
    await publish(s, 'Seedless', Buffer.from('y'));
    await stop(s);
    await expect(start('demo')).rejects.toThrow(
      /made with seed="none", not "demo".*remove the folder/
    );
  });
});
