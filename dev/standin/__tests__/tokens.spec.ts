/**
 * Tokens with chosen scopes: issued like Zenodo's "New token" form, refused
 * with Zenodo's recorded 403 body where a scope is missing.
 */
import { fixture } from './helpers';

import { IStandin, startStandin, TOKENS } from '../server';

let s: IStandin;

beforeAll(async () => {
  s = await startStandin({ port: 0, seed: 'none' });
});

afterAll(async () => {
  await s.close();
});

const json = { 'Content-Type': 'application/json' };

async function create(token: string): Promise<Response> {
  return fetch(`${s.url}/api/deposit/depositions`, {
    method: 'POST',
    headers: { ...json, Authorization: `Bearer ${token}` },
    body: '{}'
  });
}

describe('tokens with limited scopes', () => {
  it('issues a token over the control API; a missing scope gets the recorded 403', async () => {
    const res = await fetch(`${s.url}/__standin/tokens`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ scopes: ['deposit:actions'] })
    });
    expect(res.status).toBe(201);
    const issued = await res.json();
    expect(issued.scopes).toEqual(['deposit:actions']);
    const refused = await create(issued.token);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual(
      fixture('bucket-put-403.legacy-2021.json')
    );
  });

  it('refuses an unknown scope', async () => {
    const res = await fetch(`${s.url}/__standin/tokens`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ scopes: ['deposit:everything'] })
    });
    expect(res.status).toBe(400);
  });

  it('deposit:write alone makes and deletes drafts but may not discard or publish', async () => {
    const made = await create(TOKENS.writeonly);
    expect(made.status).toBe(201);
    const dep = await made.json();
    const auth = { Authorization: `Bearer ${TOKENS.writeonly}` };
    for (const action of ['discard', 'publish']) {
      const r = await fetch(dep.links[action], {
        method: 'POST',
        headers: auth
      });
      expect(r.status).toBe(403);
    }
    const gone = await fetch(dep.links.self, {
      method: 'DELETE',
      headers: auth
    });
    expect(gone.status).toBe(204);
  });

  it('forgets issued tokens on reset', async () => {
    const { token } = s.issueToken(['deposit:write']);
    expect((await create(token)).status).toBe(201);
    s.reset();
    expect((await create(token)).status).toBe(401);
  });
});
