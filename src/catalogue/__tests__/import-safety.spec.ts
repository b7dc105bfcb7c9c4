/**
 * ImportWorkflow against hostile artifacts (issue 10): archive keys that
 * would climb out of the new folder, names Windows cannot hold, downloads
 * larger than their record says, and the formats jupyter-archive failed on.
 * Writes go to an in-memory Contents API that normalises `..` in paths the
 * way the browser's URL handling does before a request reaches the server.
 */
import '../../workspace/__tests__/streams';

// jsdom picks yaml's ES-module browser build, which jest cannot load as is.
jest.mock('yaml', () =>
  jest.requireActual(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('path').resolve(
      __dirname,
      '../../../node_modules/yaml/dist/index.js'
    )
  )
);

import * as http from 'http';
import { AddressInfo } from 'net';
import { posix } from 'path';

import { Contents } from '@jupyterlab/services';

import { DEFAULT_EXTRACTION_LIMITS } from '../../workspace/extract';
import { FakeContents } from '../../__tests__/contents';
import { Artifact, ArtifactFile, ZenodoClient } from '../../zenodo';
import { ImportWorkflow } from '../import';
import { StaticIndexSource } from '../sources';

import * as hostile from '../../../dev/hostile/archives';
// Built once, outside any test's time budget.
hostile.cases();

/**
 * A Contents API that, like a browser request to `/api/contents/a/../b`,
 * resolves dot segments before acting.
 */
class NormalisingContents extends FakeContents {
  private norm(path: string): string {
    return posix.normalize('/' + path).replace(/^\/+|\/+$/g, '');
  }
  get(path: string, options?: Contents.IFetchOptions) {
    return super.get(this.norm(path), options);
  }
  save(path: string, options?: Partial<Contents.IModel>) {
    return super.save(this.norm(path), options);
  }
  delete(path: string) {
    return super.delete(this.norm(path));
  }
}

const enc = (s: string) => new TextEncoder().encode(s);

function zipOf(files: Record<string, string>): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { zipSync } = require('fflate');
  const input: Record<string, Uint8Array> = {};
  for (const [name, body] of Object.entries(files)) {
    input[name] = enc(body);
  }
  return zipSync(input);
}

function artifact(files: ArtifactFile[]): Artifact {
  return {
    id: '42',
    doi: '10.5281/zenodo.42',
    title: 'Course material',
    version: '1',
    creators: [{ name: 'Doe, Jane' }],
    keywords: [],
    communities: [],
    files,
    links: { html: 'https://zenodo.example/records/42' }
  };
}

/**
 * An import of the given files (bytes served from memory) into `course`,
 * which already holds the user's own README.md and utils.py.
 */
function setup(files: Record<string, Uint8Array>) {
  const contents = new NormalisingContents();
  contents.dirs.add('course');
  contents.files.set('course/README.md', Buffer.from('my own notes'));
  contents.files.set('course/utils.py', Buffer.from('# my code'));
  const record = artifact(
    Object.entries(files).map(([key, data]) => ({
      key,
      size: data.byteLength,
      downloadUrl: `memory:${key}`
    }))
  );
  const flow = new ImportWorkflow({
    artifact: record,
    download: async file => new Blob([files[file.key] as BlobPart]),
    contents,
    parent: 'course',
    maxBytes: 500_000_000,
    limits: DEFAULT_EXTRACTION_LIMITS
  });
  return { contents, flow };
}

function expectUserFilesUntouched(contents: FakeContents) {
  expect(contents.dirs.has('course')).toBe(true);
  expect(contents.files.get('course/README.md')!.toString()).toBe(
    'my own notes'
  );
  expect(contents.files.get('course/utils.py')!.toString()).toBe('# my code');
}

describe('ImportWorkflow: archive keys that could climb out', () => {
  it('refuses an archive named "...zip" (its subfolder would be "..") and touches nothing outside', async () => {
    const { contents, flow } = setup({
      'README.md': enc('# the artifact'),
      '...zip': zipOf({ 'README.md': 'pwned', 'utils.py': 'pwned' })
    });
    await expect(flow.run()).rejects.toThrow(/"\.\.\.zip"/);
    expectUserFilesUntouched(contents);
    // Nothing of the import is left either.
    expect([...contents.dirs].sort()).toEqual(['', 'course']);
    expect([...contents.files.keys()].sort()).toEqual([
      'course/README.md',
      'course/utils.py'
    ]);
  });

  it.each(['.hidden.zip', '.tar.gz', '..tgz', '.git.tar'])(
    'refuses the hidden archive key %s',
    async key => {
      const { contents, flow } = setup({
        [key]: zipOf({ 'a.txt': 'x' })
      });
      await expect(flow.run()).rejects.toThrow(key);
      expectUserFilesUntouched(contents);
    }
  );

  it('refuses an archive key Windows cannot hold, before making anything', async () => {
    const { contents, flow } = setup({
      'README.md': enc('# top'),
      'CON.zip': zipOf({ 'README.md': 'zip two' })
    });
    await expect(flow.run()).rejects.toThrow(/"CON\.zip"/);
    expectUserFilesUntouched(contents);
    expect([...contents.dirs].sort()).toEqual(['', 'course']);
  });

  it('unpacks colliding archives into subfolders inside the new folder only', async () => {
    const { contents, flow } = setup({
      'README.md': enc('# top'),
      'data.v1.zip': zipOf({ 'README.md': 'zip one' }),
      'data.v1.tar.gz': new Uint8Array(
        hostile.cases().find(c => c.name === 'good-mixed-tar-gz')!.bytes
      )
    });
    const result = await flow.run();
    expectUserFilesUntouched(contents);
    expect(result.files.every(f => f.startsWith(result.folder + '/'))).toBe(
      true
    );
    const tree = contents.tree(result.folder);
    expect(tree).toContain('README.md');
    expect(tree).toContain('data.v1/README.md');
    expect(tree).toContain('data.v1 (2)/top/README.md');
  });

  it('refuses a loose file whose name Windows cannot hold, naming it', async () => {
    const { contents, flow } = setup({ 'notes:stream.txt': enc('x') });
    await expect(flow.run()).rejects.toThrow('notes:stream.txt');
    expectUserFilesUntouched(contents);
  });

  it('refuses loose files that collide after Unicode normalisation', async () => {
    const { contents, flow } = setup({
      'caf\u00e9.txt': enc('nfc'),
      'cafe\u0301.txt': enc('nfd')
    });
    await expect(flow.run()).rejects.toThrow('cafe\u0301.txt');
    expectUserFilesUntouched(contents);
  });
});

describe('ImportWorkflow: formats jupyter-archive failed on', () => {
  it.each(['good-plain-tar', 'good-upper-case-zip-extension'])(
    'imports %s in the browser, every planned file written',
    async name => {
      const c = hostile.cases().find(x => x.name === name)!;
      const { contents, flow } = setup({ [c.file]: new Uint8Array(c.bytes) });
      const result = await flow.run();
      expect(result.method).toBe('browser');
      expect(contents.tree(result.folder).sort()).toEqual(
        [...c.entries!, 'CITATION.cff'].sort()
      );
    }
  );
});

describe('ImportWorkflow: downloads capped while they stream', () => {
  let server: http.Server;
  let url: string;
  /** Bytes the server produced for the last request. */
  let produced = 0;
  const TOTAL = 64 * 1024 * 1024;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      produced = 0;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = () => {
        while (produced < TOTAL) {
          produced += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve())
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections?.();
    await new Promise(resolve => server.close(resolve));
  });

  const lying: ArtifactFile = {
    key: 'data.csv',
    size: 1000,
    downloadUrl: ''
  };

  it.each(['zenodo', 'index'])(
    'stops reading a %s download as soon as it passes the declared size',
    async kind => {
      const file = { ...lying, downloadUrl: `${url}/files/data.csv` };
      const download =
        kind === 'zenodo'
          ? (f: ArtifactFile, o: any) =>
              new ZenodoClient({ baseUrl: url, fetch }).downloadFile(f, o)
          : (f: ArtifactFile, o: any) =>
              new StaticIndexSource({
                id: 'i',
                label: 'Index',
                kind: 'index',
                url: `${url}/index.json`
              }).download(f, o);
      const contents = new FakeContents();
      contents.dirs.add('work');
      const flow = new ImportWorkflow({
        artifact: artifact([file]),
        download,
        contents,
        parent: 'work',
        maxBytes: 500_000_000,
        limits: DEFAULT_EXTRACTION_LIMITS
      });
      await expect(flow.run()).rejects.toThrow(
        /data\.csv.*larger than (its|the artifact's) record says/
      );
      // Far less than the 64 MiB sent: reading stopped at once (what the
      // sockets buffered meanwhile is all that was produced).
      expect(produced).toBeLessThan(16 * 1024 * 1024);
      expect(contents.saves).toEqual([]);
    }
  );

  it('stops at the import limit when the record gives no size', async () => {
    const file = { ...lying, size: 0, downloadUrl: `${url}/files/data.csv` };
    const contents = new FakeContents();
    contents.dirs.add('work');
    const flow = new ImportWorkflow({
      artifact: artifact([file]),
      download: (f, o) =>
        new StaticIndexSource({
          id: 'i',
          label: 'Index',
          kind: 'index',
          url: `${url}/index.json`
        }).download(f, o),
      contents,
      parent: 'work',
      maxBytes: 2_000_000,
      limits: DEFAULT_EXTRACTION_LIMITS
    });
    await expect(flow.run()).rejects.toThrow(/2\.0 MB limit/);
    expect(produced).toBeLessThan(16 * 1024 * 1024);
  });
});
