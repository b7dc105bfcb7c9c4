/**
 * The frontend's companion paths against the real thing: a Jupyter server
 * with the companion from this checkout, and the Zenodo stand-in, over real
 * HTTP. Publish and import run through the workflows the views use.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { Blob as NodeBlob } from 'buffer';
import { createHash, randomBytes } from 'crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ContentsManager, ServerConnection } from '@jupyterlab/services';

import { ImportWorkflow } from '../catalogue/import';
import { emptyMetadata } from '../share/metadata';
import { PublishWorkflow } from '../share/workflow';
import { Transfers } from '../transfers';
import { Companion, CompanionJob } from '../workspace/companion';
import { DEFAULT_EXTRACTION_LIMITS } from '../workspace/extract';
import { Artifact, ZenodoClient } from '../zenodo';

import { startStandin, TOKENS } from '../../dev/standin/server';

jest.setTimeout(120_000);

const REPO = resolve(__dirname, '../..');
const JUPYTER_TOKEN = randomBytes(12).toString('hex');

let standin: any;
let server: ChildProcess;
let serverLog = '';
let root: string;
let settings: ServerConnection.ISettings;
let contents: ContentsManager;
let transfers: Transfers;

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as any).port;
      s.close(() => ok(port));
    });
  });
}

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'demo' });
  root = mkdtempSync(join(tmpdir(), 'companion-real-'));
  const port = await freePort();
  server = spawn(
    'jupyter-server',
    [
      '--no-browser',
      `--port=${port}`,
      '--ServerApp.ip=127.0.0.1',
      '--ServerApp.allow_root=True',
      `--IdentityProvider.token=${JUPYTER_TOKEN}`,
      `--ServerApp.root_dir=${root}`,
      '--ServerApp.jpserver_extensions={"jupyterlab_artifacts": True}',
      `--ArtifactsCompanion.zenodo_url=${standin.url}`,
      '--log-level=INFO'
    ],
    {
      cwd: REPO,
      env: { ...process.env, PYTHONPATH: REPO, JUPYTER_CONFIG_DIR: root }
    }
  );
  server.stdout!.on('data', d => (serverLog += d));
  server.stderr!.on('data', d => (serverLog += d));
  settings = ServerConnection.makeSettings({
    baseUrl: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    token: JUPYTER_TOKEN
  });
  const end = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${settings.baseUrl}api/status`, {
        headers: { Authorization: `token ${JUPYTER_TOKEN}` }
      });
      if (r.ok) {
        break;
      }
    } catch {
      // Not up yet.
    }
    if (Date.now() > end) {
      throw new Error(`The Jupyter server did not start:\n${serverLog}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  contents = new ContentsManager({ serverSettings: settings });
  transfers = new Transfers({
    serverSettings: settings,
    storage: null,
    watchOptions: { interval: 100 }
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise(ok => server.once('exit', ok));
    server.kill();
    await exited;
  }
  await standin?.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => standin.reset());

afterEach(() => {
  // The Zenodo token never reaches the server's log.
  expect(serverLog).not.toContain(TOKENS.write);
});

/** A one-file zip record of the demo seeds. */
async function smallRecord(ext = '.zip'): Promise<Artifact> {
  const client = new ZenodoClient({ baseUrl: standin.url, fetch });
  const found = await client.searchRecords({
    community: 'artifacts-demo',
    size: 25
  });
  const hit = found.hits.find(
    a =>
      a.files.length === 1 &&
      a.files[0].key.endsWith(ext) &&
      a.files[0].size < 3_000_000
  );
  expect(hit).toBeDefined();
  return hit!;
}

function pyZipListing(path: string): Record<string, string> {
  return JSON.parse(
    execFileSync(
      'python3',
      [
        '-c',
        'import hashlib,json,sys,zipfile,tarfile\np=sys.argv[1]\nif p.endswith(".zip"):\n  z=zipfile.ZipFile(p)\n  print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.is_dir()}))\nelse:\n  t=tarfile.open(p)\n  print(json.dumps({(m.name[2:] if m.name.startswith("./") else m.name): hashlib.sha256(t.extractfile(m).read()).hexdigest() for m in t.getmembers() if m.isfile()}))',
        path
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
    )
  );
}

function diskDigests(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(folder, rel), {
      withFileTypes: true
    })) {
      const r = rel ? `${rel}/${name.name}` : name.name;
      if (name.isDirectory()) {
        walk(r);
      } else {
        out[r] = createHash('sha256')
          .update(readFileSync(join(folder, r)))
          .digest('hex');
      }
    }
  };
  walk('');
  return out;
}

describe('the companion from this checkout', () => {
  it('is found, and runs an import job to the end', async () => {
    const companion = await transfers.companion();
    expect(companion).not.toBeNull();
    const info = await companion!.info();
    expect(info!.capabilities).toEqual(
      expect.arrayContaining(['import', 'publish', 'download'])
    );
    const record = await smallRecord();
    const file = record.files[0];
    const job = await companion!.startImport({
      url: file.downloadUrl,
      key: file.key,
      size: file.size,
      checksum: file.checksum ?? null,
      parent: '',
      name: 'direct'
    });
    const watcher = transfers.watch(job);
    expect(transfers.running).toBe(1);
    const done = await watcher.done;
    expect(done.phase).toBe('done');
    expect(done.result!.path).toBe('direct');
    expect(transfers.running).toBe(0);
    expect(transfers.isSeen(job.id)).toBe(true);
    expect(existsSync(join(root, 'direct'))).toBe(true);
    // The seen job is not announced again; a new running one would be.
    expect((await transfers.jobsToAnnounce()).map(j => j.id)).not.toContain(
      job.id
    );
    // Nor in another browser, which remembers nothing: the server knows a
    // page saw the job end.
    const elsewhere = new Transfers({
      serverSettings: settings,
      storage: null,
      watchOptions: { interval: 100 }
    });
    const listed = (await companion!.jobs()).find(j => j.id === job.id);
    expect(listed!.endShown).toBe(true);
    expect((await elsewhere.jobsToAnnounce()).map(j => j.id)).not.toContain(
      job.id
    );
  });

  it('publishes through the server: one job, the archive byte for byte with the generated CITATION.cff', async () => {
    mkdirSync(join(root, 'study/data'), { recursive: true });
    const files: Record<string, Buffer> = {
      'study/analysis.ipynb': Buffer.from('{"cells": [], "nbformat": 4}'),
      'study/data/table.csv': Buffer.from('a,b\n1,2\n'.repeat(20000)),
      'study/data/noise.bin': randomBytes(200_000)
    };
    for (const [p, data] of Object.entries(files)) {
      writeFileSync(join(root, p), data);
    }
    let jobs = 0;
    const counting = {
      companion: () => transfers.companion(),
      watch: (job: Companion.IJob, o?: CompanionJob.IOptions) => {
        jobs++;
        return transfers.watch(job, o);
      }
    };
    let previewing = true;
    const workflow = new PublishWorkflow({
      contents,
      folder: 'study',
      zenodo: { baseUrl: standin.url, token: TOKENS.write },
      transfers: counting,
      // The preview reads small files itself (links out of the folder,
      // secrets in content); the archive's bytes must never pass the browser.
      read: async (path: string) => {
        if (!previewing) {
          throw new Error(
            'The browser must not read files with the companion.'
          );
        }
        return new Uint8Array(readFileSync(join(root, path)));
      },
      clientOptions: { retries: 0, backoffMs: 10, fetch } as any,
      now: () => '2025-06-01'
    });
    await workflow.preview();
    previewing = false;
    const phases: string[] = [];
    const rates: number[] = [];
    workflow.stateChanged.connect((_, s) => {
      if (phases[phases.length - 1] !== s.phase) {
        phases.push(s.phase);
      }
      if (s.rateBytesPerSecond) {
        rates.push(s.rateBytesPerSecond);
      }
    });
    const result = await workflow.run({
      mode: 'new',
      metadata: emptyMetadata({
        title: 'Through the server',
        description: 'Zipped and sent by the companion.',
        creators: [
          { family: 'Lovelace', given: 'Ada', affiliation: '', orcid: '' }
        ],
        license: 'cc-by-4.0',
        uploadType: 'dataset'
      }),
      writeCitation: true,
      publish: true
    });
    expect(workflow.state.error).toBeUndefined();
    expect(result!.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
    expect(jobs).toBe(1);
    expect(phases).toEqual([
      'idle',
      'draft',
      'metadata',
      'citation',
      'archive',
      'upload',
      'publish',
      'done'
    ]);
    expect(result!.archiveBytes).toBeGreaterThan(0);

    const record = await (
      await fetch(`${standin.url}/api/records/${result!.depositionId}`)
    ).json();
    expect(record.files.map((f: any) => f.key)).toEqual(['study.zip']);
    const zip = join(root, 'downloaded.zip');
    writeFileSync(
      zip,
      Buffer.from(
        await (
          await fetch(
            `${standin.url}/api/records/${result!.depositionId}/files/study.zip/content`
          )
        ).arrayBuffer()
      )
    );
    const listing = pyZipListing(zip);
    rmSync(zip);
    const expected = diskDigests(join(root, 'study'));
    expect(Object.keys(listing).sort()).toEqual(Object.keys(expected).sort());
    expect(listing).toEqual(expected);
    expect(readFileSync(join(root, 'study/CITATION.cff'), 'utf8')).toContain(
      `doi: ${result!.doi}`
    );
  });

  it('publishes from the browser when the page’s Zenodo is not the server’s', async () => {
    mkdirSync(join(root, 'other'), { recursive: true });
    writeFileSync(join(root, 'other/a.csv'), 'x,y\n1,2\n');
    let jobs = 0;
    const workflow = new PublishWorkflow({
      contents,
      folder: 'other',
      // The same stand-in under another origin: not the companion's Zenodo.
      zenodo: {
        baseUrl: standin.url.replace('127.0.0.1', 'localhost'),
        token: TOKENS.write
      },
      transfers: {
        companion: () => transfers.companion(),
        watch: (job, o) => {
          jobs++;
          return transfers.watch(job, o);
        }
      },
      read: async p => new Uint8Array(readFileSync(join(root, p))),
      clientOptions: { retries: 0, backoffMs: 10, fetch } as any,
      now: () => '2025-06-01'
    });
    await workflow.preview();
    const result = await workflow.run({
      mode: 'new',
      metadata: emptyMetadata({
        title: 'Elsewhere',
        description: 'Zipped in the browser.',
        creators: [{ family: 'Doe', given: 'J', affiliation: '', orcid: '' }],
        license: 'cc-by-4.0',
        uploadType: 'dataset'
      }),
      writeCitation: false,
      publish: true
    });
    expect(workflow.state.error).toBeUndefined();
    expect(result!.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
    expect(jobs).toBe(0);
  });

  it('cancels a publish on the server; the draft is discarded', async () => {
    mkdirSync(join(root, 'slow'), { recursive: true });
    writeFileSync(join(root, 'slow/big.bin'), randomBytes(2_000_000));
    standin.inject({
      rules: [{ method: 'PUT', path: '^/api/files/', latencyMs: 5000 }]
    });
    const workflow = new PublishWorkflow({
      contents,
      folder: 'slow',
      zenodo: { baseUrl: standin.url, token: TOKENS.write },
      transfers,
      clientOptions: { retries: 0, backoffMs: 10, fetch } as any,
      now: () => '2025-06-01'
    });
    await workflow.preview();
    const running = workflow.run({
      mode: 'new',
      metadata: emptyMetadata({
        title: 'Cancelled',
        description: 'Never published.',
        creators: [{ family: 'Doe', given: 'J', affiliation: '', orcid: '' }],
        license: 'cc-by-4.0',
        uploadType: 'dataset'
      }),
      writeCitation: false,
      publish: true
    });
    await new Promise<void>(ok => {
      const check = () => {
        if (workflow.state.phase === 'upload') {
          workflow.stateChanged.disconnect(check);
          ok();
        }
      };
      workflow.stateChanged.connect(check);
    });
    workflow.cancel();
    expect(await running).toBeUndefined();
    expect(workflow.state.phase).toBe('cancelled');
    expect(workflow.state.cancelOutcome).toBe('discarded');
    const jobs = await (await transfers.companion())!.jobs();
    expect(
      jobs.some(j => j.kind === 'publish' && j.phase === 'cancelled')
    ).toBe(true);
    expect(transfers.running).toBe(0);
  });

  it('imports through ImportWorkflow: the server writes, the provenance is added', async () => {
    mkdirSync(join(root, 'imports'), { recursive: true });
    const record = await smallRecord('.tar.gz');
    const flow = new ImportWorkflow({
      artifact: record,
      download: () => {
        throw new Error('The browser must not download with the companion.');
      },
      contents,
      parent: 'imports',
      maxBytes: 1,
      limits: DEFAULT_EXTRACTION_LIMITS,
      server: { transfers, contents, zenodoUrl: standin.url }
    });
    const phases: string[] = [];
    flow.changed.connect(() => {
      if (phases[phases.length - 1] !== flow.phase) {
        phases.push(flow.phase);
      }
    });
    const result = await flow.run();
    expect(result.method).toBe('server');
    expect(result.folder.startsWith('imports/')).toBe(true);
    expect(phases[0]).toBe('checking');
    expect(phases).toContain('downloading');
    expect(phases.slice(-2)).toEqual(['finishing', 'done']);

    const archive = join(root, `a-${record.files[0].key}`);
    writeFileSync(
      archive,
      Buffer.from(
        await (await fetch(record.files[0].downloadUrl)).arrayBuffer()
      )
    );
    const expected = pyZipListing(archive);
    rmSync(archive);
    const actual = diskDigests(join(root, result.folder));
    for (const [p, digest] of Object.entries(expected)) {
      if (p !== 'CITATION.cff') {
        expect(actual[p]).toBe(digest);
      }
    }
    expect(
      readFileSync(join(root, result.folder, 'CITATION.cff'), 'utf8')
    ).toContain(`doi: ${record.doi}`);

    // The same artifact again: a free name, the first folder untouched.
    const again = new ImportWorkflow({
      artifact: record,
      download: () => Promise.reject(new Error('no')),
      contents,
      parent: 'imports',
      maxBytes: 1,
      limits: DEFAULT_EXTRACTION_LIMITS,
      server: { transfers, contents, zenodoUrl: standin.url }
    });
    const second = await again.run();
    expect(second.folder).toBe(`${result.folder} (2)`);
    expect(diskDigests(join(root, result.folder))).toEqual(actual);
  });

  it('falls back to the browser download when the server may not fetch from the host', async () => {
    const record = await smallRecord();
    // Same stand-in, another origin: not the companion's configured Zenodo.
    const elsewhere = record.files[0].downloadUrl.replace(
      '127.0.0.1',
      'localhost'
    );
    const artifact: Artifact = {
      ...record,
      files: [{ ...record.files[0], downloadUrl: elsewhere }]
    };
    let downloads = 0;
    const flow = new ImportWorkflow({
      artifact,
      download: async file => {
        downloads++;
        const data = await (await fetch(file.downloadUrl)).arrayBuffer();
        // Node's fetch sends Node's Blob, not jsdom's.
        return new NodeBlob([data]) as unknown as Blob;
      },
      contents,
      parent: '',
      maxBytes: 1,
      limits: DEFAULT_EXTRACTION_LIMITS,
      server: { transfers, contents, zenodoUrl: standin.url }
    });
    const result = await flow.run();
    expect(downloads).toBe(1);
    expect(result.method).toBe('server');
    const archive = join(root, 'fallback.zip');
    writeFileSync(
      archive,
      Buffer.from(await (await fetch(elsewhere)).arrayBuffer())
    );
    const expected = pyZipListing(archive);
    rmSync(archive);
    const actual = diskDigests(join(root, result.folder));
    for (const [p, digest] of Object.entries(expected)) {
      if (p !== 'CITATION.cff') {
        expect(actual[p]).toBe(digest);
      }
    }
  });
});
