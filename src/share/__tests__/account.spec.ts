/**
 * The token check against the Zenodo stand-in over real HTTP, through the
 * Zenodo client: a token is accepted only with the scopes publishing needs,
 * the check says which are missing and leaves nothing behind on Zenodo, waits
 * out a short rate limit, and never sends (nor echoes) a token no token can
 * be.
 */
import * as http from 'http';

import { nullTranslator } from '@jupyterlab/translation';

import { TRANSLATION_DOMAIN } from '../../i18n';

import { IStandin, startStandin, TOKENS } from '../../../dev/standin/server';
import { checkToken, ITokenCheck, REQUIRED_SCOPES } from '../account';
import { tokenCheckText } from '../words';

const trans = nullTranslator.load(TRANSLATION_DOMAIN);

let standin: IStandin;

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

/** What the person reads. */
function words(check: ITokenCheck): string {
  return tokenCheckText(check, standin.url, trans);
}

describe('checkToken', () => {
  it('needs deposit:write and deposit:actions', () => {
    expect(REQUIRED_SCOPES).toEqual(['deposit:write', 'deposit:actions']);
  });

  it('accepts a token with both scopes and leaves no draft behind', async () => {
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.write);
    expect(result).toEqual({ ok: true, code: 'ok', missingScopes: [] });
    expect(words(result)).toContain('can publish');
    expect(depositionCount()).toBe(before);
  });

  it('refuses a read-only token and names both missing scopes', async () => {
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.readonly);
    expect(result.ok).toBe(false);
    expect(result.code).toBe('lacks-scopes');
    expect(result.missingScopes).toEqual(['deposit:write', 'deposit:actions']);
    expect(words(result)).toContain(
      'lacks the scopes deposit:write and deposit:actions'
    );
    expect(words(result)).not.toContain(TOKENS.readonly);
    expect(depositionCount()).toBe(before);
  });

  it('refuses a token without deposit:actions, names only that one, and removes its test draft', async () => {
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.writeonly);
    expect(result).toEqual({
      ok: false,
      code: 'lacks-scopes',
      missingScopes: ['deposit:actions']
    });
    expect(words(result)).toContain('lacks the scope deposit:actions.');
    expect(depositionCount()).toBe(before);
    // Removed with the DELETE deposit:write allows, not a discard.
    expect(
      standin
        .getState()
        .requests.some(
          r =>
            r.method === 'DELETE' &&
            /^\/api\/deposit\/depositions\/\d+$/.test(r.path) &&
            r.status === 204
        )
    ).toBe(true);
  });

  it('refuses a token issued with deposit:actions only', async () => {
    const { token } = standin.issueToken(['deposit:actions']);
    const result = await checkToken(standin.url, token);
    expect(result.ok).toBe(false);
    expect(result.missingScopes).toEqual(['deposit:write']);
  });

  it('says an unknown token is unknown (401) without echoing it', async () => {
    const result = await checkToken(standin.url, 'not-a-real-token-123');
    expect(result.code).toBe('unknown-token');
    expect(words(result)).toContain('401');
    expect(words(result)).not.toContain('not-a-real-token-123');
  });

  it('says a token with characters no token has is not a token, sends nothing and never echoes it', async () => {
    const token = 'abc€déf-τoken';
    const result = await checkToken(standin.url, token);
    expect(result).toEqual({
      ok: false,
      code: 'invalid-token',
      missingScopes: []
    });
    expect(words(result)).toContain(
      'holds characters a Zenodo token cannot have'
    );
    expect(words(result)).not.toContain('Could not reach');
    expect(words(result)).not.toContain(token);
    expect(standin.getState().requests).toHaveLength(0);
  });

  it('waits out a short rate limit (429), then checks', async () => {
    standin.inject({
      rules: [
        {
          method: 'POST',
          path: '^/api/deposit/depositions$',
          rateLimitResetSeconds: 1
        }
      ]
    });
    const before = depositionCount();
    const result = await checkToken(standin.url, TOKENS.write);
    expect(result.code).toBe('ok');
    const statuses = standin
      .getState()
      .requests.filter(
        r => r.method === 'POST' && r.path === '/api/deposit/depositions'
      )
      .map(r => r.status);
    expect(statuses).toEqual([429, 201]);
    expect(depositionCount()).toBe(before);
  });

  it('says Zenodo asks to slow down when the rate limit lasts longer than a person waits', async () => {
    standin.inject({
      rules: [
        {
          method: 'POST',
          path: '^/api/deposit/depositions$',
          rateLimitResetSeconds: 600
        }
      ]
    });
    const result = await checkToken(standin.url, TOKENS.write);
    expect(result).toEqual({
      ok: false,
      code: 'rate-limited',
      missingScopes: []
    });
    expect(words(result)).toContain('asks to slow down (429)');
  });

  it('says Zenodo could not be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as any).port;
    await new Promise<void>(resolve => server.close(() => resolve()));
    const url = `http://127.0.0.1:${port}`;
    const result = await checkToken(url, TOKENS.write);
    expect(result.code).toBe('unreachable');
    expect(tokenCheckText(result, url, trans)).toContain('Could not reach');
  });

  it('names the test draft it could not remove', () => {
    expect(
      tokenCheckText(
        {
          ok: false,
          code: 'lacks-scopes',
          missingScopes: ['deposit:actions'],
          leftOverDraft: 42
        },
        'https://zenodo.org',
        trans
      )
    ).toBe(
      'https://zenodo.org knows this token, but it cannot publish: it lacks the scope deposit:actions. Create a new token with deposit:write and deposit:actions ticked. The empty draft made for the check (deposition 42) could not be removed: delete it on Zenodo.'
    );
  });
});
