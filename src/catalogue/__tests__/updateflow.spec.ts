/**
 * Updating an imported artifact to a newer version, against versions
 * published on the Zenodo stand-in over real HTTP (zip and tar.gz), with
 * the folder in an in-memory Contents API.
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

import { Blob as NodeBlobClass } from 'buffer';

import { readCitation } from '../../workspace/citation';
import { DEFAULT_EXTRACTION_LIMITS } from '../../workspace/extract';
import {
  makeTgz,
  makeZip,
  file as tarFile
} from '../../workspace/__tests__/archives';
import { FakeContents } from '../../__tests__/contents';
import { startStandin, TOKENS } from '../../../dev/standin/server';
import { Artifact, DepositionMetadata, ZenodoClient } from '../../zenodo';
import { ImportWorkflow } from '../import';
import { findPreviousImports, matchFolder } from '../previous';
import { ZenodoSource } from '../sources';
import { UpdateWorkflow } from '../updateflow';
import { creatingTarget } from '../updates';

jest.setTimeout(60000);

let standin: any;
let client: ZenodoClient;
let source: ZenodoSource;

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'none' });
  client = new ZenodoClient({
    baseUrl: standin.url,
    token: TOKENS.write,
    fetch
  });
  source = new ZenodoSource(
    new ZenodoClient({ baseUrl: standin.url, fetch }),
    { id: 'z', label: 'Zenodo', kind: 'zenodo' },
    false
  );
});

afterAll(async () => {
  await standin?.close();
});

type Files = Record<string, string>;

async function archive(kind: string, files: Files): Promise<Uint8Array> {
  return kind === 'zip'
    ? makeZip(Object.entries(files).map(([name, data]) => ({ name, data })))
    : makeTgz(Object.entries(files).map(([name, body]) => tarFile(name, body)));
}

const metadata = (version: string): DepositionMetadata => ({
  upload_type: 'dataset',
  title: 'Course material',
  creators: [{ name: 'Teacher, Tom' }],
  description: '<p>Lessons.</p>',
  access_right: 'open',
  license: 'cc-by-4.0',
  version
});

/** Publish v1 and v2 of one artifact, each one archive of `kind`. */
async function publishVersions(
  kind: string,
  v1: Files,
  v2: Files
): Promise<[Artifact, Artifact]> {
  const key = kind === 'zip' ? 'course.zip' : 'course.tar.gz';
  const blob = async (files: Files) =>
    new NodeBlobClass([await archive(kind, files)]) as unknown as Blob;
  const draft = await client.createDeposition(metadata('1'));
  await client.uploadFile(draft, key, await blob(v1));
  const first = await client.publish(draft);
  const next = await client.newVersion(first.id);
  await client.deleteFile(next, key);
  await client.uploadFile(next, key, await blob(v2));
  await client.updateMetadata(next.id, metadata('2'));
  const second = await client.publish(next.id);
  return [await client.getRecord(first.id), await client.getRecord(second.id)];
}

async function importInto(contents: FakeContents, artifact: Artifact) {
  const flow = new ImportWorkflow({
    artifact,
    download: (f, o) => source.download(f, o),
    contents,
    parent: 'work',
    maxBytes: 10_000_000,
    limits: DEFAULT_EXTRACTION_LIMITS
  });
  return (await flow.run()).folder;
}

function update(
  contents: FakeContents,
  folder: string,
  from: Artifact,
  to: Artifact
) {
  return new UpdateWorkflow({
    folder,
    from,
    to,
    download: (f, o) => source.download(f, o),
    contents,
    maxBytes: 10_000_000,
    limits: DEFAULT_EXTRACTION_LIMITS
  });
}

const text = (contents: FakeContents, path: string) =>
  contents.files.get(path)?.toString('utf-8');

describe.each(['zip', 'tar.gz'])('UpdateWorkflow (%s)', kind => {
  it('replaces, keeps, adds, deletes and leaves files as the plan says, then names the new version', async () => {
    const [v1, v2] = await publishVersions(
      kind,
      {
        'lesson1.ipynb': '{"cells": 1}',
        'lesson2.ipynb': '{"cells": 2}',
        'data/old.csv': 'a,b',
        'data/kept.csv': 'x',
        'notes.md': 'notes'
      },
      {
        'lesson1.ipynb': '{"cells": 1, "fixed": true}',
        'lesson2.ipynb': '{"cells": 2, "fixed": true}',
        'data/kept.csv': 'x',
        'data/new.csv': 'c,d',
        'lesson3.ipynb': '{"cells": 3}'
      }
    );
    const contents = new FakeContents();
    contents.dirs.add('work');
    const folder = await importInto(contents, v1);
    // The user edits one notebook and the notes (which v2 removes), and
    // adds a file of their own.
    contents.files.set(`${folder}/lesson2.ipynb`, Buffer.from('my work'));
    contents.files.set(`${folder}/notes.md`, Buffer.from('my notes'));
    contents.files.set(`${folder}/mine.txt`, Buffer.from('mine'));

    const flow = update(contents, folder, v1, v2);
    const plan = await flow.prepare();
    expect(flow.phase).toBe('planned');
    // Preparing writes nothing.
    expect(text(contents, `${folder}/lesson1.ipynb`)).toBe('{"cells": 1}');
    const byPath = Object.fromEntries(
      plan.steps.map(s => [s.path, [s.action, s.writeTo]])
    );
    expect(byPath).toEqual({
      'lesson1.ipynb': ['replaced', 'lesson1.ipynb'],
      'lesson2.ipynb': ['kept-beside', 'lesson2.v2.ipynb'],
      'lesson3.ipynb': ['added', 'lesson3.ipynb'],
      'data/old.csv': ['deleted', undefined],
      'data/kept.csv': ['unchanged', undefined],
      'data/new.csv': ['added', 'data/new.csv'],
      'notes.md': ['left', undefined]
    });

    const report = await flow.apply();
    expect(flow.phase).toBe('done');
    expect(report.steps).toEqual(plan.steps);
    expect(text(contents, `${folder}/lesson1.ipynb`)).toBe(
      '{"cells": 1, "fixed": true}'
    );
    // The edit survives; the new version's copy is beside it.
    expect(text(contents, `${folder}/lesson2.ipynb`)).toBe('my work');
    expect(text(contents, `${folder}/lesson2.v2.ipynb`)).toBe(
      '{"cells": 2, "fixed": true}'
    );
    expect(text(contents, `${folder}/lesson3.ipynb`)).toBe('{"cells": 3}');
    expect(text(contents, `${folder}/data/new.csv`)).toBe('c,d');
    expect(contents.files.has(`${folder}/data/old.csv`)).toBe(false);
    expect(text(contents, `${folder}/notes.md`)).toBe('my notes');
    expect(text(contents, `${folder}/mine.txt`)).toBe('mine');
    const citation = readCitation(text(contents, `${folder}/CITATION.cff`)!);
    expect(citation.doi).toBe(v2.doi);
    expect(citation.version).toBe('2');
  });

  it('reads none of your files whose size already says you changed them', async () => {
    const [v1, v2] = await publishVersions(
      kind,
      { 'lesson.ipynb': '{"cells": 1}', 'data.csv': 'a,b' },
      { 'lesson.ipynb': '{"cells": 1, "fixed": true}', 'data.csv': 'a,b' }
    );
    const contents = new FakeContents();
    contents.dirs.add('work');
    const folder = await importInto(contents, v1);
    // The user ran the analysis: the data file is now far larger (think
    // gigabytes), the notebook has the same size but other bytes.
    contents.files.set(`${folder}/data.csv`, Buffer.alloc(100_000, 'x'));
    contents.files.set(`${folder}/lesson.ipynb`, Buffer.from('{"cells": 9}'));
    contents.reads = [];
    const plan = await update(contents, folder, v1, v2).prepare();
    const byPath = Object.fromEntries(plan.steps.map(s => [s.path, s.action]));
    expect(byPath).toEqual({
      'lesson.ipynb': 'kept-beside',
      'data.csv': 'kept'
    });
    // Same size as a version's copy: read to compare. Another size: not read.
    expect(contents.reads).toContain(`${folder}/lesson.ipynb`);
    expect(contents.reads).not.toContain(`${folder}/data.csv`);
  });

  it('finds the folder imported before from any version of the artifact', async () => {
    const [v1, v2] = await publishVersions(
      kind,
      { 'a.txt': '1' },
      {
        'a.txt': '2'
      }
    );
    const contents = new FakeContents();
    contents.dirs.add('work');
    contents.dirs.add('work/unrelated');
    const folder = await importInto(contents, v1);
    const versions = await source.versions(v2);
    const found = await findPreviousImports(
      contents,
      ['work'],
      v2,
      versions.map(v => v.doi!)
    );
    expect(found).toEqual([{ folder, doi: v1.doi, version: '1' }]);
    // Another artifact is not mistaken for it.
    const [other] = await publishVersions(
      kind,
      { 'b.txt': '1' },
      {
        'b.txt': '2'
      }
    );
    expect(
      await findPreviousImports(contents, ['work'], other, [other.doi!])
    ).toEqual([]);
    // A copy renamed and moved elsewhere is no longer found by looking, but
    // is when a person points at it (a DOI badge's menu).
    const moved = 'elsewhere/my course';
    for (const [path, data] of [...contents.files]) {
      if (path.startsWith(`${folder}/`)) {
        contents.write(`${moved}/${path.slice(folder.length + 1)}`, data);
        contents.files.delete(path);
      }
    }
    contents.dirs.delete(folder);
    const dois = versions.map(v => v.doi!);
    expect(await findPreviousImports(contents, ['work', ''], v2, dois)).toEqual(
      []
    );
    expect(await matchFolder(contents, moved, v2, dois)).toEqual({
      folder: moved,
      doi: v1.doi,
      version: '1'
    });
    expect(await matchFolder(contents, moved, other, [other.doi!])).toBe(null);
    expect(await matchFolder(contents, 'work/unrelated', v2, dois)).toBe(null);
  });
});

it('keeps a file the user changed between the plan and the update', async () => {
  const [v1, v2] = await publishVersions(
    'zip',
    { 'a.py': '1', 'b.py': '1' },
    { 'a.py': '2' }
  );
  const contents = new FakeContents();
  contents.dirs.add('work');
  const folder = await importInto(contents, v1);
  const flow = update(contents, folder, v1, v2);
  await flow.prepare();
  contents.files.set(`${folder}/a.py`, Buffer.from('edited meanwhile'));
  contents.files.set(`${folder}/b.py`, Buffer.from('edited too'));
  const report = await flow.apply();
  expect(text(contents, `${folder}/a.py`)).toBe('edited meanwhile');
  expect(text(contents, `${folder}/a.v2.py`)).toBe('2');
  expect(text(contents, `${folder}/b.py`)).toBe('edited too');
  expect(report.steps.map(s => [s.path, s.action])).toEqual([
    ['a.py', 'kept-beside'],
    ['b.py', 'left']
  ]);
});

describe('creatingTarget', () => {
  it('makes the link’s target folder only when it is listed and missing, and nothing else', async () => {
    const contents = new FakeContents();
    const wrapped = creatingTarget(contents, 'courses/ocean');
    await expect(wrapped.get('elsewhere')).rejects.toThrow(/No such file/);
    expect(contents.dirs.has('elsewhere')).toBe(false);
    expect(contents.saves).toEqual([]);
    const listing = await wrapped.get('courses/ocean', { content: true });
    expect(listing.type).toBe('directory');
    expect([...contents.dirs].sort()).toEqual(['', 'courses', 'courses/ocean']);
  });
});
