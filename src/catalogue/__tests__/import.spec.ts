/**
 * ImportWorkflow against the Zenodo stand-in over real HTTP, writing into an
 * in-memory Contents API with the server's chunk rules.
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

import {
  DEFAULT_EXTRACTION_LIMITS,
  extractArchive
} from '../../workspace/extract';
import { FakeContents } from '../../__tests__/contents';
import { trans } from '../../__tests__/marking';
import { Artifact, ZenodoClient } from '../../zenodo';
import { ImportWorkflow, importFolderName } from '../import';
import { ZenodoSource } from '../sources';
import { catalogueErrorText } from '../words';

import { startStandin } from '../../../dev/standin/server';

let standin: any;
let source: ZenodoSource;
let zipRecord: Artifact;
let tgzRecord: Artifact;

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'demo' });
  const client = new ZenodoClient({ baseUrl: standin.url, fetch });
  source = new ZenodoSource(
    client,
    { id: 'demo', label: 'Demo', kind: 'zenodo', community: 'artifacts-demo' },
    false
  );
  const page = await source.search({
    q: '',
    sort: 'newest',
    page: 1,
    size: 25
  });
  const small = (a: Artifact, ext: string) =>
    a.files.length === 1 &&
    a.files[0].key.endsWith(ext) &&
    a.files[0].size < 5_000_000;
  zipRecord = page.hits.find(a => small(a, '.zip'))!;
  tgzRecord = page.hits.find(a => small(a, '.tar.gz'))!;
  expect(zipRecord).toBeDefined();
  expect(tgzRecord).toBeDefined();
}, 60000);

afterAll(async () => {
  await standin?.close();
});

afterEach(async () => {
  standin.clearFaults();
});

function workflow(
  artifact: Artifact,
  contents: FakeContents,
  extra: Partial<ConstructorParameters<typeof ImportWorkflow>[0]> = {}
) {
  return new ImportWorkflow({
    artifact,
    download: (file, options) => source.download(file, options),
    contents,
    parent: 'work',
    maxBytes: 500_000_000,
    limits: DEFAULT_EXTRACTION_LIMITS,
    ...extra
  });
}

async function archiveOf(artifact: Artifact) {
  const response = await fetch(artifact.files[0].downloadUrl);
  const data = new Uint8Array(await response.arrayBuffer());
  return extractArchive(data, artifact.files[0].key, DEFAULT_EXTRACTION_LIMITS);
}

function newContents(): FakeContents {
  const contents = new FakeContents();
  contents.dirs.add('work');
  return contents;
}

describe('ImportWorkflow', () => {
  it.each(['zip', 'tar.gz'])(
    'imports a %s artifact byte for byte into a new folder, with a CITATION.cff',
    async kind => {
      const record = kind === 'zip' ? zipRecord : tgzRecord;
      const contents = newContents();
      const flow = workflow(record, contents);
      const phases: string[] = [];
      flow.changed.connect(() => {
        if (phases[phases.length - 1] !== flow.phase) {
          phases.push(flow.phase);
        }
      });
      const result = await flow.run();
      expect(phases).toEqual([
        'checking',
        'downloading',
        'extracting',
        'writing',
        'finishing',
        'done'
      ]);
      expect(result.folder).toBe(`work/${importFolderName(record)}`);
      expect(result.method).toBe('browser');
      const expected = await archiveOf(record);
      for (const entry of expected.entries) {
        const written = contents.files.get(`${result.folder}/${entry.path}`);
        expect(written).toBeDefined();
        if (!entry.path.endsWith('CITATION.cff')) {
          expect(written!.equals(Buffer.from(entry.data))).toBe(true);
        }
      }
      const cffPath = contents.tree(result.folder).includes('CITATION.cff')
        ? `${result.folder}/CITATION.cff`
        : null;
      expect(cffPath).not.toBeNull();
      expect(contents.files.get(cffPath!)!.toString()).toContain(
        `doi: ${record.doi}`
      );
      expect(result.open).toMatch(/(README\.md|\.ipynb)$/);
    }
  );

  it('imports into a new folder with a suffix when the name is taken', async () => {
    const contents = newContents();
    const first = await workflow(zipRecord, contents).run();
    const before = contents.tree(first.folder);
    const second = await workflow(zipRecord, contents).run();
    expect(second.folder).toBe(`${first.folder} (2)`);
    expect(contents.tree(first.folder)).toEqual(before);
    expect(contents.tree(second.folder)).toEqual(before);
  });

  it('refuses an artifact above the limit before downloading anything', async () => {
    const contents = newContents();
    const before = (
      await (await fetch(`${standin.url}/__standin/state`)).json()
    ).requests.length;
    const flow = workflow(zipRecord, contents, { maxBytes: 1000 });
    await expect(flow.run()).rejects.toThrow(/more than the 1.0 KB/);
    expect(flow.phase).toBe('failed');
    // A code with parameters, said in the same words by catalogue/words.ts.
    expect(flow.error).toMatchObject({
      problem: { code: 'too-large', maxBytes: 1000 }
    });
    expect(catalogueErrorText(flow.error, trans)).toBe(flow.error!.message);
    const state = await (await fetch(`${standin.url}/__standin/state`)).json();
    const after = state.requests.slice(before);
    expect(after.filter((r: any) => /\/content/.test(r.path))).toEqual([]);
    expect(contents.saves).toEqual([]);
  });

  it('cancelled mid-download leaves nothing behind', async () => {
    standin.inject({ latencyMs: 3000 });
    const contents = newContents();
    const flow = workflow(zipRecord, contents);
    flow.changed.connect(() => {
      if (flow.phase === 'downloading') {
        setTimeout(() => flow.cancel(), 200);
      }
    });
    await expect(flow.run()).rejects.toThrow(/cancelled/);
    expect(flow.phase).toBe('cancelled');
    expect(catalogueErrorText(flow.error, trans)).toBe(
      'The import was cancelled.'
    );
    expect(contents.saves).toEqual([]);
    expect(contents.tree('work')).toEqual([]);
    expect(flow.remaining).toEqual([]);
  });

  it('removes what it wrote when a write fails, and says nothing remains', async () => {
    const contents = newContents();
    contents.failOnSave = 6;
    const flow = workflow(tgzRecord, contents);
    await expect(flow.run()).rejects.toThrow(/Disk quota/);
    expect(flow.phase).toBe('failed');
    expect(flow.remaining).toEqual([]);
    expect(contents.files.size).toBe(0);
    expect([...contents.dirs].sort()).toEqual(['', 'work']);
  });

  it('writes the checked files itself: the archive is never uploaded for another extractor', async () => {
    const contents = newContents();
    const result = await workflow(zipRecord, contents).run();
    expect(result.method).toBe('browser');
    const key = zipRecord.files[0].key;
    expect(contents.saves.filter(s => s.path.endsWith(key))).toEqual([]);
    const expected = await archiveOf(zipRecord);
    expect(contents.tree(result.folder).sort()).toEqual(
      [
        ...new Set([...expected.entries.map(e => e.path), 'CITATION.cff'])
      ].sort()
    );
  });
});

describe('ZenodoSource.resolve', () => {
  it('finds a launch link’s record by id, record URL, DOI and concept DOI', async () => {
    const id = String(zipRecord.id);
    expect((await source.resolve({ kind: 'id', id })).doi).toBe(zipRecord.doi);
    expect(
      (
        await source.resolve({
          kind: 'url',
          url: `${standin.url}/records/${id}`
        })
      ).doi
    ).toBe(zipRecord.doi);
    expect(
      String((await source.resolve({ kind: 'doi', doi: zipRecord.doi! })).id)
    ).toBe(id);
    const latest = await source.resolve({
      kind: 'doi',
      doi: zipRecord.conceptDoi!
    });
    expect(latest.conceptDoi).toBe(zipRecord.conceptDoi);
  });

  it('says which DOI was not found, with a hint', async () => {
    await expect(
      source.resolve({ kind: 'doi', doi: '10.5281/zenodo.999999999' })
    ).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining('10.5281/zenodo.999999999'),
      hint: expect.stringContaining('DOI')
    });
    await expect(
      source.resolve({ kind: 'url', url: 'https://example.org/about' })
    ).rejects.toMatchObject({ kind: 'invalid-input' });
  });
});
