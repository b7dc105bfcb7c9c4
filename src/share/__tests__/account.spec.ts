/**
 * The token check against the Zenodo stand-in over real HTTP: a token is
 * accepted only with the scopes publishing needs, and the check says which
 * are missing and leaves nothing behind on Zenodo.
 */
import * as http from 'http';

import { checkToken, REQUIRED_SCOPES } from '../account';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStandin, TOKENS } = require('../../../dev/standin/server.js');

let standin: any;

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'demo' });
});

afterAll(async () => {
  await standin.close();
});

beforeEach(() => {
  standin.reset();
});

/** Depositions the check left (the seeds excepted). */
function depositionCount(): number {
  return standin.getState().depositions.length;
}

describe('checkToken', () => {
  it('needs deposit:write and deposit:actions', () => {
    expect(REQUIRED_SCOPES).toEqual(['deposit:write', 'deposit:actions']);
  });

  it('accepts a token with both scopes and leaves no draft behind', async () => {
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.write);
    expect(result.ok).toBe(true);
    expect(result.missingScopes).toEqual([]);
    expect(result.message).toContain('can publish');
    expect(depositionCount()).toBe(before);
  });

  it('refuses a read-only token and names both missing scopes', async () => {
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.readonly);
    expect(result.ok).toBe(false);
    expect(result.missingScopes).toEqual(['deposit:write', 'deposit:actions']);
    expect(result.message).toContain('deposit:write');
    expect(result.message).toContain('deposit:actions');
    expect(result.message).not.toContain('works');
    expect(result.message).not.toContain(TOKENS.readonly);
    expect(depositionCount()).toBe(before);
  });

  it('refuses a token without deposit:actions, names only that one, and removes its test draft', async () => {
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.writeonly);
    expect(result.ok).toBe(false);
    expect(result.missingScopes).toEqual(['deposit:actions']);
    expect(result.message).toContain('deposit:actions');
    expect(result.message).not.toMatch(/lacks[^.]*deposit:write/);
    expect(depositionCount()).toBe(before);
  });

  it('refuses a token issued with deposit:actions only', async () => {
    const { token } = standin.issueToken(['deposit:actions']);
    const result = await checkToken(standin.url, token);
    expect(result.ok).toBe(false);
    expect(result.missingScopes).toEqual(['deposit:write']);
  });

  it('says an unknown token is unknown (401) without echoing it', async () => {
    const result = await checkToken(standin.url, 'not-a-real-token-123');
    expect(result.ok).toBe(false);
    expect(result.message).toContain('401');
    expect(result.message).not.toContain('not-a-real-token-123');
  });

  it('says Zenodo could not be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as any).port;
    await new Promise<void>(resolve => server.close(() => resolve()));
    const result = await checkToken(`http://127.0.0.1:${port}`, TOKENS.write);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('Could not reach');
  });
});
