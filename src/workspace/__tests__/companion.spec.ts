/**
 * The companion client and the job watcher over real HTTP, against a small
 * in-process server that answers as the REST contract says (a stand-in for
 * the Python companion: the requests, headers and bodies are checked here).
 */
import { Blob as NodeBlobClass } from 'buffer';
import * as http from 'http';
import { AddressInfo } from 'net';
import { ServerConnection } from '@jupyterlab/services';

import {
  Companion,
  CompanionError,
  CompanionJob,
  companionFor
} from '../companion';
import { trans } from '../../__tests__/marking';
import { archiveErrorText, workspaceProblemText } from '../words';

interface ISeen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A companion speaking the contract, with its jobs driven by the test. */
class FakeCompanion {
  seen: ISeen[] = [];
  jobs = new Map<string, any>();
  present = true;
  /** Job ids that vanish (as after a server restart). */
  lost = new Set<string>();
  server: http.Server;
  url = '';
  next = 1;

  constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        this.seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body
        });
        this.answer(req, body, res);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>(r => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/user/ada/`;
  }

  stop(): Promise<void> {
    return new Promise(r => this.server.close(() => r()));
  }

  job(id: string, patch: any = {}): any {
    const job = {
      id,
      kind: 'import',
      phase: 'queued',
      bytesDone: 0,
      bytesTotal: 100,
      filesDone: 0,
      filesTotal: null,
      rate: null,
      secondsLeft: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      label: 'data.zip',
      result: null,
      error: null,
      ...this.jobs.get(id),
      ...patch
    };
    this.jobs.set(id, job);
    return job;
  }

  private answer(
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse
  ): void {
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const path = new URL(req.url!, 'http://x').pathname.replace(
      '/user/ada/jupyterlab-artifacts/api/',
      ''
    );
    if (!this.present) {
      return send(404, { message: 'Not Found' });
    }
    if (path === 'info' && req.method === 'GET') {
      return send(200, {
        version: '0.1.0',
        capabilities: ['import', 'import-upload', 'publish', 'download'],
        limits: {
          maxImportBytes: 5e9,
          maxExtractedBytes: 2e10,
          maxEntries: 50000,
          maxRatio: 200
        },
        allowedHosts: ['https://zenodo.org']
      });
    }
    if (path === 'jobs' && req.method === 'POST') {
      const request = JSON.parse(body.toString());
      if (request.name === 'CON') {
        // A newer companion: the name's problem as a code, with the name.
        return send(400, {
          message: 'The new folder name "CON": "CON" is a device name.',
          code: 'bad-name',
          reason: { code: 'name-windows-reserved', segment: 'CON' },
          entry: 'CON'
        });
      }
      if (request.name === 'taken') {
        return send(409, {
          message: "'taken' already exists.",
          code: 'exists'
        });
      }
      const id = `j${this.next++}`;
      return send(
        202,
        this.job(id, {
          kind: request.kind,
          phase: request.source === 'upload' ? 'waiting-for-data' : 'queued',
          label: request.name ?? request.key
        })
      );
    }
    if (path === 'jobs' && req.method === 'GET') {
      return send(200, { jobs: [...this.jobs.values()] });
    }
    const match = /^jobs\/([^/]+)(\/data)?$/.exec(path);
    if (match) {
      const id = match[1];
      if (!this.jobs.has(id) || this.lost.has(id)) {
        return send(404, { message: 'No such job.', code: 'not-found' });
      }
      if (match[2] && req.method === 'PUT') {
        return send(
          202,
          this.job(id, { phase: 'checking', bytesDone: body.length })
        );
      }
      if (req.method === 'DELETE') {
        return send(
          202,
          this.job(id, { phase: 'cancelled', finishedAt: 'now' })
        );
      }
      return send(200, this.job(id));
    }
    send(404, { message: 'Not Found' });
  }
}

let fake: FakeCompanion;
let settings: ServerConnection.ISettings;

beforeEach(async () => {
  fake = new FakeCompanion();
  await fake.start();
  settings = ServerConnection.makeSettings({
    baseUrl: fake.url,
    token: 'jupyter-token'
  });
});

afterEach(() => fake.stop());

describe('Companion', () => {
  it('detects the companion once, and its absence on 404 or no answer', async () => {
    const companion = new Companion(settings);
    const info = await companion.info();
    expect(info?.capabilities).toContain('publish');
    expect(await companion.can('download')).toBe(true);
    await companion.info();
    expect(fake.seen.filter(s => s.url.includes('/api/info'))).toHaveLength(1);
    // Through Jupyter's own request path: the server's token is sent.
    expect(fake.seen[0].headers.authorization).toBe('token jupyter-token');

    fake.present = false;
    expect(await new Companion(settings).info()).toBeNull();
    expect(await companion.info({ refresh: true })).toBeNull();

    const nowhere = ServerConnection.makeSettings({
      baseUrl: 'http://127.0.0.1:9/'
    });
    expect(await new Companion(nowhere).info()).toBeNull();
    expect(await new Companion(nowhere).can('import')).toBe(false);
  });

  it('shares one client per server', () => {
    expect(companionFor(settings)).toBe(companionFor(settings));
  });

  it('starts an import with the contract body, the token only in a header', async () => {
    const companion = new Companion(settings);
    const job = await companion.startImport(
      {
        url: 'https://zenodo.org/api/records/1/files/data.zip/content',
        key: 'data.zip',
        size: 100,
        checksum: 'md5:00000000000000000000000000000000',
        parent: 'work',
        name: 'data-v1'
      },
      { token: 'zenodo-secret' }
    );
    expect(job.phase).toBe('queued');
    const post = fake.seen.find(s => s.method === 'POST')!;
    expect(JSON.parse(post.body.toString())).toEqual({
      kind: 'import',
      url: 'https://zenodo.org/api/records/1/files/data.zip/content',
      key: 'data.zip',
      size: 100,
      checksum: 'md5:00000000000000000000000000000000',
      parent: 'work',
      name: 'data-v1'
    });
    expect(post.headers['x-zenodo-token']).toBe('zenodo-secret');
    expect(post.url).not.toContain('zenodo-secret');
    expect(post.body.toString()).not.toContain('zenodo-secret');

    await companion.job(job.id);
    expect(fake.seen[fake.seen.length - 1].headers['x-zenodo-token']).toBe(
      undefined
    );
  });

  it('sends a publish token in its one request only, never in the body', async () => {
    const companion = new Companion(settings);
    const job = await companion.startPublish(
      {
        path: 'soil',
        files: ['a.csv', 'nb/run.ipynb'],
        extra: [{ path: 'CITATION.cff', content: 'cff-version: 1.2.0\n' }],
        bucket: 'https://zenodo.org/api/files/b-1',
        key: 'soil.zip'
      },
      'zenodo-secret'
    );
    expect(job.kind).toBe('publish');
    const post = fake.seen.find(s => s.method === 'POST')!;
    expect(post.headers['x-zenodo-token']).toBe('zenodo-secret');
    expect(post.body.toString()).not.toContain('zenodo-secret');
    expect(JSON.parse(post.body.toString())).toMatchObject({
      kind: 'publish',
      files: ['a.csv', 'nb/run.ipynb'],
      key: 'soil.zip'
    });
    await companion.jobs();
    await companion.cancel(job.id);
    for (const s of fake.seen.slice(1)) {
      expect(s.headers['x-zenodo-token']).toBeUndefined();
    }
  });

  it('streams upload bytes raw, as application/octet-stream', async () => {
    const companion = new Companion(settings);
    const job = await companion.startImportUpload({
      key: 'data.zip',
      size: 5,
      checksum: null,
      parent: '',
      name: 'data'
    });
    expect(job.phase).toBe('waiting-for-data');
    const post = fake.seen.find(s => s.method === 'POST')!;
    expect(JSON.parse(post.body.toString()).source).toBe('upload');
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const blob = new NodeBlobClass([bytes]) as unknown as Blob;
    const after = await companion.sendImportData(job.id, blob);
    expect(after.bytesDone).toBe(5);
    const put = fake.seen.find(s => s.method === 'PUT')!;
    expect(put.url).toContain(`/jupyterlab-artifacts/api/jobs/${job.id}/data`);
    expect(put.headers['content-type']).toBe('application/octet-stream');
    expect([...put.body]).toEqual([0, 1, 2, 250, 255]);
  });

  it('turns the server’s refusal into an error with its message and code', async () => {
    const companion = new Companion(settings);
    const error = await companion
      .startImport({
        url: 'https://zenodo.org/x',
        key: 'a.zip',
        size: 1,
        checksum: null,
        parent: '',
        name: 'taken'
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error.code).toBe('exists');
    expect(error.status).toBe(409);
    expect(error.message).toBe("'taken' already exists.");
    expect(error.unreachable).toBe(false);
    expect(new CompanionError('x', 'host-not-allowed', 403).unreachable).toBe(
      true
    );
  });

  it('keeps the archive problem and entry of a refusal’s body', async () => {
    const companion = new Companion(settings);
    const error = await companion
      .startImport({
        url: 'https://zenodo.org/x',
        key: 'a.zip',
        size: 1,
        checksum: null,
        parent: '',
        name: 'CON'
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error.code).toBe('bad-name');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'The new folder name "CON": "CON" is a device name.'
    );
    expect(error.archiveProblem).toEqual({
      code: 'name-windows-reserved',
      segment: 'CON'
    });
    expect(error.entry).toBe('CON');
  });

  it('builds a download address with repeated exclusions', () => {
    const companion = new Companion(settings);
    const url = new URL(companion.downloadUrl('my work', ['*.tmp', '/a b/']));
    expect(url.pathname).toBe('/user/ada/jupyterlab-artifacts/api/download');
    expect(url.searchParams.get('path')).toBe('my work');
    expect(url.searchParams.getAll('exclude')).toEqual(['*.tmp', '/a b/']);
    expect(url.href).not.toContain('jupyter-token');
    expect(url.searchParams.has('filename')).toBe(false);
    const named = new URL(companion.downloadUrl('', [], 'ada-work.zip'));
    expect(named.searchParams.get('filename')).toBe('ada-work.zip');
    expect(Companion.literalPattern('data [raw]/')).toBe('/data [[]raw]/');
    expect(Companion.literalPattern('x*?.csv')).toBe('/x[*][?].csv');
  });
});

describe('CompanionJob', () => {
  it('follows a job to its end with its progress', async () => {
    const companion = new Companion(settings);
    const job = await companion.startImport({
      url: 'https://zenodo.org/x',
      key: 'a.zip',
      size: 100,
      checksum: null,
      parent: '',
      name: 'a'
    });
    const watcher = new CompanionJob(companion, job, { interval: 20 });
    const phases: string[] = [];
    watcher.changed.connect((_, j) => {
      if (phases[phases.length - 1] !== j.phase) {
        phases.push(j.phase);
      }
    });
    fake.job(job.id, {
      phase: 'downloading',
      bytesDone: 40,
      rate: 1000,
      secondsLeft: 3
    });
    await waitFor(() => watcher.bytesDone === 40);
    expect(watcher.rate).toBe(1000);
    expect(watcher.secondsLeft).toBe(3);
    expect(watcher.finished).toBe(false);
    fake.job(job.id, {
      phase: 'writing',
      bytesDone: 100,
      filesDone: 3,
      filesTotal: 7
    });
    await waitFor(() => watcher.filesDone === 3);
    expect(watcher.filesTotal).toBe(7);
    fake.job(job.id, {
      phase: 'done',
      finishedAt: 'now',
      result: { path: 'a', files: 7, bytes: 300 }
    });
    const done = await watcher.done;
    expect(done.result).toEqual({ path: 'a', files: 7, bytes: 300 });
    expect(watcher.finished).toBe(true);
    expect(phases).toEqual(['downloading', 'writing', 'done']);
    // No more polling once it ended.
    const polls = fake.seen.length;
    await new Promise(r => setTimeout(r, 100));
    expect(fake.seen.length).toBe(polls);
  });

  it('rejects with the server’s reason when the job fails', async () => {
    const companion = new Companion(settings);
    const job = fake.job('f1', { phase: 'downloading' });
    const watcher = new CompanionJob(companion, job, { interval: 20 });
    fake.job('f1', {
      phase: 'failed',
      error: { code: 'checksum-mismatch', message: 'The md5 differs.' }
    });
    const error = await watcher.done.catch(e => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error.code).toBe('checksum-mismatch');
    expect(error.message).toBe('The md5 differs.');
    expect(watcher.error?.code).toBe('checksum-mismatch');
  });

  it('keeps the archive problem a failed job’s error says why with', async () => {
    const companion = new Companion(settings);
    const job = fake.job('u1', { phase: 'checking' });
    const watcher = new CompanionJob(companion, job, { interval: 20 });
    fake.job('u1', {
      phase: 'failed',
      error: {
        code: 'unsafe-entry',
        message:
          'The archive was refused: "big.bin": the entry inflates more than 200 times its compressed size: refused as a likely archive bomb.',
        reason: { code: 'entry-bomb', maxRatio: 200 },
        entry: 'big.bin'
      }
    });
    const error = await watcher.done.catch(e => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error.code).toBe('unsafe-entry');
    expect(error.message).toMatch(/^The archive was refused: /);
    expect(error.archiveProblem).toEqual({ code: 'entry-bomb', maxRatio: 200 });
    expect(error.entry).toBe('big.bin');
    expect(archiveErrorText(error.archiveProblem, error.entry, trans)).toBe(
      '"big.bin": the entry inflates more than 200 times its compressed size: refused as a likely archive bomb.'
    );
    // The job as the transfers plugin reads it keeps them too.
    expect(watcher.error).toMatchObject({
      reason: { code: 'entry-bomb', maxRatio: 200 },
      entry: 'big.bin'
    });
  });

  it('keeps only the message of an older companion’s failed job', async () => {
    const companion = new Companion(settings);
    const job = fake.job('o1', { phase: 'checking' });
    const watcher = new CompanionJob(companion, job, { interval: 20 });
    fake.job('o1', {
      phase: 'failed',
      error: { code: 'unsafe-entry', message: 'The archive was refused.' }
    });
    const error = await watcher.done.catch(e => e);
    expect(error.code).toBe('unsafe-entry');
    expect(error.message).toBe('The archive was refused.');
    expect(error.archiveProblem).toBeUndefined();
    expect(error.entry).toBeUndefined();
  });

  it('cancels on the server when its signal aborts', async () => {
    const companion = new Companion(settings);
    const job = fake.job('c1', { phase: 'downloading' });
    const controller = new AbortController();
    const watcher = new CompanionJob(companion, job, {
      interval: 20,
      signal: controller.signal
    });
    controller.abort();
    const error = await watcher.done.catch(e => e);
    expect(error.code).toBe('cancelled');
    expect(watcher.phase).toBe('cancelled');
    const deletes = fake.seen.filter(s => s.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0].url).toContain('/jobs/c1');
  });

  it('says so when the server no longer knows the job', async () => {
    const companion = new Companion(settings);
    const job = fake.job('l1', { phase: 'downloading' });
    fake.lost.add('l1');
    const watcher = new CompanionJob(companion, job, { interval: 20 });
    const error = await watcher.done.catch(e => e);
    expect(error.code).toBe('lost');
    expect(error.message).toMatch(/no longer knows/);
    // The client's own words, as a code that workspace/words.ts says.
    expect(error.problem?.code).toBe('job-lost');
    expect(workspaceProblemText(error.problem, trans)).toBe(error.message);
    expect(watcher.finished).toBe(true);
  });
});

async function waitFor(test: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise(r => setTimeout(r, 10));
  }
}
