/**
 * The client in a real browser (Debian's Chromium through playwright-core)
 * against the Zenodo stand-in on another origin: real CORS preflights with
 * the Authorization header, XMLHttpRequest upload progress, an abort in the
 * middle of an upload, a streamed download.
 *
 * Chromium is driven from a child process (browser/driver.js); the
 * scenarios that run in the page are in browser/scenarios.js.
 */
import { ChildProcess, fork } from 'child_process';
import * as path from 'path';

import { startStandin, TOKENS } from '../../../dev/standin/server';

jest.setTimeout(120000);

let standin: any;
let driver: ChildProcess;
let nextId = 1;
const pending = new Map<number, (message: any) => void>();
/** Uncaught exceptions in the page during the last scenario. */
let pageErrors: string[] = [];
/** Console errors (the browser logs failed requests) of the last scenario. */
let consoleErrors: string[] = [];

function run(scenario: string, args: Record<string, unknown>): Promise<any> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, message => {
      pageErrors = message.pageErrors ?? [];
      consoleErrors = message.consoleErrors ?? [];
      if (message.error) {
        reject(new Error(message.error));
      } else {
        resolve(message.result);
      }
    });
    driver.send({ id, scenario, args });
  });
}

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'demo' });
  driver = fork(path.join(__dirname, 'browser', 'driver.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  await new Promise<void>((resolve, reject) => {
    driver.once('message', (message: any) => {
      if (message.ready) {
        pageErrors = message.pageErrors;
        resolve();
      } else {
        reject(new Error(message.fatal));
      }
    });
    driver.once('exit', code => reject(new Error(`driver exited: ${code}`)));
  });
  driver.on('message', (message: any) => {
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
});

afterEach(() => {
  standin.clearFaults();
  expect(pageErrors).toEqual([]);
  expect(consoleErrors.join('\n')).not.toMatch(/standin-(write|other)-/);
});

afterAll(async () => {
  if (driver && driver.connected) {
    const exited = new Promise(r => driver.once('exit', r));
    driver.send('close');
    await exited;
  }
  await standin?.close();
});

describe('in Chromium, across origins', () => {
  it('uploads with XHR progress, then publishes', async () => {
    const before = standin.state.requests.length;
    // The stand-in reads the upload only after a pause: the bytes the
    // loopback's buffers take are sent and the rest waits, so the upload is
    // part-way for that long however fast (or loaded) the machine is.
    // Without it, a 24 MB upload over loopback could end before Chromium
    // reported a step in between, or the steps arrived together with the
    // end.
    standin.inject({
      rules: [{ method: 'PUT', path: '/api/files/', latencyMs: 2000 }]
    });
    const size = 24 * 1024 * 1024;
    const result = await run('uploadAndPublish', {
      url: standin.url,
      token: TOKENS.write,
      size
    });
    expect(result.uploaded.size).toBe(size);
    expect(result.state).toBe('done');
    expect(result.progress[0]).toBe(0);
    expect(result.progress[result.progress.length - 1]).toBe(size);
    const between = result.progress.filter((l: number) => l > 0 && l < size);
    expect(between.length).toBeGreaterThan(0);
    // Real preflights: the browser asked before the token went out.
    const log = standin.state.requests
      .slice(before)
      .map((r: any) => `${r.method} ${r.path}`);
    expect(log).toContain('OPTIONS /api/deposit/depositions');
    expect(log.some((l: string) => /^OPTIONS \/api\/files\//.test(l))).toBe(
      true
    );
    expect(log.some((l: string) => /^PUT \/api\/files\//.test(l))).toBe(true);
  });

  it('aborts an upload in the middle; nothing is stored', async () => {
    // A slow answer keeps the upload in flight long enough to see progress.
    standin.inject({
      rules: [{ method: 'PUT', path: '/api/files/', latencyMs: 3000 }]
    });
    const size = 64 * 1024 * 1024;
    const result = await run('abortUpload', {
      url: standin.url,
      token: TOKENS.write,
      size
    });
    expect(result.ok).toBe(false);
    expect(result.aborted).toBe(true);
    expect(result.kind).toBe('aborted');
    expect(result.name).toBe('AbortError');
    expect(result.abortedAt).toBeGreaterThan(0);
    expect(result.abortedAt).toBeLessThan(size);
    expect(result.text).not.toContain(TOKENS.write);
    const dep = standin.state.depositions.find((d: any) => d.id === result.id);
    expect(dep.files).toEqual([]);
  });

  it('searches and streams a download with progress', async () => {
    const result = await run('searchAndDownload', { url: standin.url });
    expect(result.total).toBeGreaterThanOrEqual(20);
    expect(result.blobSize).toBe(result.size);
    expect(result.progress.length).toBeGreaterThan(2);
    expect(result.progress[result.progress.length - 1]).toBe(result.size);
  });

  it('explains a bad token without showing it', async () => {
    const result = await run('badToken', {
      url: standin.url,
      token: 'wrong-secret-value'
    });
    expect(result.ok).toBe(false);
    expect(result.status).toBe(401);
    expect(result.kind).toBe('unauthorized');
    expect(result.hint).toContain('deposit:write');
    expect(result.text).not.toContain('wrong-secret-value');
    // The browser's own log line names the status, not the token.
    expect(consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)'
    ]);
  });
});
