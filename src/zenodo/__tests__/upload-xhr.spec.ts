/**
 * The browser upload path: XMLHttpRequest (jsdom's, doing real HTTP with
 * CORS preflights) against the Zenodo stand-in. jsdom reports upload
 * progress only at the end; progress on the way and an abort in the middle
 * of the bytes are checked in real Chromium by browser.spec.ts.
 */
import { createHash } from 'crypto';

import { RetryInfo, ZenodoClient, ZenodoError } from '../index';

import { startStandin, TOKENS } from '../../../dev/standin/server';

jest.setTimeout(60000);

let standin: any;

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'none' });
});

afterEach(() => {
  standin.clearFaults();
});

afterAll(async () => {
  await standin?.close();
});

function pattern(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + 7) % 256);
}

function md5(bytes: Uint8Array): string {
  return 'md5:' + createHash('md5').update(bytes).digest('hex');
}

function storedFiles(
  id: number
): { key: string; size: number; checksum: string }[] {
  const dep = standin.state.depositions.find((d: any) => d.id === id);
  return dep ? dep.files : [];
}

function makeClient(
  options: Partial<ZenodoClient.IOptions> = {}
): ZenodoClient {
  // No `fetch` given and XMLHttpRequest exists: uploads go through XHR.
  return new ZenodoClient({
    baseUrl: standin.url,
    token: TOKENS.write,
    sleep: async () => undefined,
    ...options
  });
}

describe('uploads through XMLHttpRequest', () => {
  it('uses XHR and reports the bytes sent', async () => {
    expect(typeof XMLHttpRequest).toBe('function');
    const client = makeClient();
    const draft = await client.createDeposition({ title: 'XHR upload' });
    const bytes = pattern(4_000_000);
    const progress: [number, number | undefined][] = [];
    const before = standin.state.requests.length;
    const result = await client.uploadFile(
      draft,
      'big.bin',
      new Blob([bytes]),
      {
        onProgress: (loaded, total) => progress.push([loaded, total])
      }
    );
    expect(result).toEqual(
      expect.objectContaining({
        key: 'big.bin',
        size: 4_000_000,
        checksum: md5(bytes)
      })
    );
    expect(storedFiles(draft.id)).toEqual([
      expect.objectContaining({
        key: 'big.bin',
        size: 4_000_000,
        checksum: md5(bytes)
      })
    ]);
    expect(progress[0]).toEqual([0, 4_000_000]);
    expect(progress[progress.length - 1]).toEqual([4_000_000, 4_000_000]);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
    }
    // A CORS preflight then the PUT: the browser's path.
    const methods = standin.state.requests
      .slice(before)
      .map((r: any) => r.method);
    expect(methods).toEqual(['OPTIONS', 'PUT']);
  });

  it('aborts an upload in flight at once', async () => {
    const client = makeClient();
    const draft = await client.createDeposition({ title: 'XHR abort' });
    // The stand-in holds the PUT, so the abort lands while it is in flight.
    standin.inject({
      rules: [{ method: 'PUT', path: '/api/files/', latencyMs: 2000 }]
    });
    const controller = new AbortController();
    const pending = client.uploadFile(
      draft,
      'aborted.bin',
      new Blob([pattern(2_000_000)]),
      { signal: controller.signal }
    );
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(ZenodoError);
    expect((error as ZenodoError).aborted).toBe(true);
    expect((error as ZenodoError).name).toBe('AbortError');
    expect(String(error)).not.toContain(TOKENS.write);
    // Rejected on the abort, not when the held answer finally comes.
    expect(Date.now() - started).toBeLessThan(1500);
    // All bytes had reached the server before the abort, so Zenodo (and the
    // stand-in) may still store the file: an abort does not undo bytes
    // already sent. browser.spec.ts aborts in the middle of the bytes.
  });

  it('retries after the connection is cut mid-upload', async () => {
    const infos: RetryInfo[] = [];
    const client = makeClient({ onRetry: i => infos.push(i) });
    const draft = await client.createDeposition({ title: 'XHR cut' });
    standin.inject({
      rules: [{ method: 'PUT', path: '/api/files/', cutAfterBytes: 100_000 }]
    });
    const bytes = pattern(1_000_000);
    const result = await client.uploadFile(draft, 'cut.bin', new Blob([bytes]));
    expect(result.checksum).toBe(md5(bytes));
    expect(infos.map(i => [i.reason, i.method])).toEqual([
      ['network-error', 'PUT']
    ]);
    expect(storedFiles(draft.id).map(f => f.size)).toEqual([1_000_000]);
  });

  it('waits out a 429 on the bucket and retries', async () => {
    const infos: RetryInfo[] = [];
    const client = makeClient({ onRetry: i => infos.push(i) });
    const draft = await client.createDeposition({ title: 'XHR 429' });
    standin.inject({
      rules: [{ method: 'PUT', path: '/api/files/', rateLimitResetSeconds: 2 }]
    });
    const result = await client.uploadFile(
      draft,
      'limited.bin',
      new Blob(['abc'])
    );
    expect(result.size).toBe(3);
    expect(infos).toHaveLength(1);
    expect(infos[0].reason).toBe('rate-limit');
    expect(infos[0].delayMs).toBeGreaterThanOrEqual(1000);
    expect(infos[0].delayMs).toBeLessThanOrEqual(3000);
  });

  it('reports a 403 from the bucket with the scope hint', async () => {
    const owner = makeClient();
    const draft = await owner.createDeposition({ title: 'XHR 403' });
    const intruder = makeClient({ token: TOKENS.other });
    const error = await intruder
      .uploadFile(draft, 'x.bin', new Blob(['x']))
      .then(
        () => undefined,
        (e: unknown) => e as ZenodoError
      );
    expect(error?.status).toBe(403);
    expect(error?.kind).toBe('forbidden');
    expect(error?.hint).toContain('deposit:write');
    expect(error?.describe()).not.toContain(TOKENS.other);
  });
});
