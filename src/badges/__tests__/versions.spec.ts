/**
 * Newer versions of artifact folders: the one-question-per-concept rule with
 * a hand-made lookup, and the Zenodo lookup against the stand-in over real
 * HTTP.
 */
import { Blob as NodeBlobClass } from 'buffer';

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

import { ContentsManager, Drive } from '@jupyterlab/services';

import { DepositionMetadata, ZenodoClient } from '../../zenodo';
import { ISignal } from '@lumino/signaling';
import { findCitationDois } from '../doi';
import { FolderBadges } from '../folders';
import { ICOS_RULES } from '../rules';
import {
  IArtifactRef,
  IPublishedVersion,
  NewerVersions,
  updateForSelection,
  zenodoLatestLookup
} from '../versions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStandin, TOKENS } = require('../../../dev/standin/server.js');

/**
 * The next emission of `signal` (JupyterLab's `signalToPromise`, without
 * loading its test utilities).
 */
function signalToPromise<T>(signal: ISignal<T, unknown>): Promise<void> {
  return new Promise(resolve => {
    const once = () => {
      signal.disconnect(once);
      resolve();
    };
    signal.connect(once);
  });
}

/**
 * A lookup that answers when told to, and counts the questions.
 */
class FakeLookup {
  asked: IArtifactRef[] = [];
  private _answers: {
    resolve: (v: IPublishedVersion | null) => void;
    reject: (e: unknown) => void;
  }[] = [];
  lookup = (ref: IArtifactRef) => {
    this.asked.push(ref);
    return new Promise<IPublishedVersion | null>((resolve, reject) =>
      this._answers.push({ resolve, reject })
    );
  };
  answer(value: IPublishedVersion | null): void {
    this._answers.shift()!.resolve(value);
  }
  fail(): void {
    this._answers.shift()!.reject(new Error('offline'));
  }
}

const V1 = '10.5281/zenodo.101';
const V2 = '10.5281/zenodo.102';
const CONCEPT = '10.5281/zenodo.100';

describe('NewerVersions', () => {
  it('asks once per concept, however many folders and checks', async () => {
    const fake = new FakeLookup();
    const versions = new NewerVersions(fake.lookup);
    const first = versions.check({ doi: V1, conceptDoi: CONCEPT });
    void versions.check({ doi: V1, conceptDoi: CONCEPT });
    // Another folder, another version of the same artifact.
    void versions.check({ doi: V2, conceptDoi: CONCEPT });
    expect(fake.asked).toHaveLength(1);
    expect(versions.newerThan(V1)).toBeNull();

    const changed = signalToPromise(versions.changed);
    fake.answer({ doi: V2, conceptDoi: CONCEPT, version: '2' });
    await first;
    await changed;
    expect(versions.newerThan(V1)).toEqual({ doi: V2, version: '2' });
    expect(versions.newerThan(V2)).toBeNull();

    await versions.check({ doi: V1, conceptDoi: CONCEPT });
    expect(fake.asked).toHaveLength(1);
    expect(versions.lookups).toBe(1);
  });

  it('without a concept DOI, keys on the version until the answer names the concept', async () => {
    const fake = new FakeLookup();
    const versions = new NewerVersions(fake.lookup);
    const asked = versions.check({ doi: V1, conceptDoi: null });
    fake.answer({ doi: V2, conceptDoi: CONCEPT, version: '2' });
    await asked;
    expect(versions.newerThan(V1)).toEqual({ doi: V2, version: '2' });
    // A folder naming the concept now shares the answer: no new question.
    await versions.check({ doi: V2, conceptDoi: CONCEPT });
    expect(fake.asked).toHaveLength(1);
    expect(versions.newerThan(V2)).toBeNull();
  });

  it('does not ask again after a failure, in this session', async () => {
    const fake = new FakeLookup();
    const versions = new NewerVersions(fake.lookup);
    const asked = versions.check({ doi: V1, conceptDoi: CONCEPT });
    fake.fail();
    await asked;
    await versions.check({ doi: V1, conceptDoi: CONCEPT });
    expect(fake.asked).toHaveLength(1);
    expect(versions.newerThan(V1)).toBeNull();
  });

  it('takes a version published here as the newest, and asks again after a reset', async () => {
    const fake = new FakeLookup();
    const versions = new NewerVersions(fake.lookup);
    const asked = versions.check({ doi: V1, conceptDoi: CONCEPT });
    fake.answer({ doi: V2, conceptDoi: CONCEPT, version: '2' });
    await asked;
    versions.notePublished(V1.toUpperCase());
    expect(versions.newerThan(V1)).toBeNull();

    versions.reset();
    const again = versions.check({ doi: V2, conceptDoi: CONCEPT });
    expect(fake.asked).toHaveLength(2);
    // An answer to a question asked before the reset is dropped.
    fake.answer({ doi: '10.5281/zenodo.103', conceptDoi: CONCEPT });
    await again;
    expect(versions.newerThan(V2)).toEqual({ doi: '10.5281/zenodo.103' });
  });
});

describe('FolderBadges.checkNewerVersions', () => {
  const cff = [
    'cff-version: 1.2.0',
    'title: Course',
    `doi: ${V1}`,
    'identifiers:',
    '  - type: doi',
    `    value: ${V1}`,
    '    description: This version',
    '  - type: doi',
    `    value: ${CONCEPT}`,
    '    description: All versions',
    ''
  ].join('\n');

  it('reads the concept DOI from CITATION.cff', () => {
    expect(findCitationDois(cff)).toEqual({ doi: V1, conceptDoi: CONCEPT });
    // As an import writes it: the concept first, described in other words.
    const imported = [
      `doi: ${V1}`,
      'identifiers:',
      '  - type: url',
      '    value: https://example.org/course',
      '  - type: doi',
      `    value: ${CONCEPT}`,
      '    description: "The concept DOI: every version of this artifact."',
      ''
    ].join('\n');
    expect(findCitationDois(imported)).toEqual({
      doi: V1,
      conceptDoi: CONCEPT
    });
    expect(findCitationDois(`doi: ${V1}\n`)).toEqual({
      doi: V1,
      conceptDoi: null
    });
  });

  it('matches shared folders by the local path the Contents manager gives', () => {
    const badges = new FolderBadges(
      { list: async () => [], read: async () => '' },
      new FakeLookup().lookup,
      { localPath: path => path.replace(/^RTC:/, '') }
    );
    badges.updateSettings({ rules: ICOS_RULES });
    expect(badges.sharedFolderOf('RTC:project/abc')?.group).toBe('abc');
    expect(badges.sharedFolderOf('project/abc')?.group).toBe('abc');
  });

  it('asks only about artifact folders, once per concept, and only while artifact badges are on', async () => {
    const fake = new FakeLookup();
    const badges = new FolderBadges(
      {
        list: async path =>
          path === 'plain'
            ? []
            : [
                {
                  name: 'CITATION.cff',
                  path: `${path}/CITATION.cff`,
                  type: 'file',
                  last_modified: 'x'
                }
              ],
        read: async () => cff
      },
      fake.lookup
    );
    badges.updateSettings({ showArtifacts: false });
    badges.checkNewerVersions(['a']);
    await badges.observe('', [{ name: 'a', path: 'a', type: 'directory' }]);
    expect(badges.doiOf('a')).toBeNull();
    expect(fake.asked).toEqual([]);

    badges.updateSettings({ showArtifacts: true });
    await badges.observe('', [
      { name: 'a', path: 'a', type: 'directory' },
      { name: 'b', path: 'b', type: 'directory' },
      { name: 'plain', path: 'plain', type: 'directory' }
    ]);
    expect(badges.doiOf('a')).toBe(V1);
    badges.checkNewerVersions(['', 'a', 'b', 'plain']);
    expect(fake.asked).toEqual([{ doi: V1, conceptDoi: CONCEPT }]);
    const changed = signalToPromise(badges.changed);
    fake.answer({ doi: V2, conceptDoi: CONCEPT, version: '2' });
    await changed;
    expect(badges.newerVersionOf('a')).toEqual({ doi: V2, version: '2' });
    expect(badges.newerVersionOf('plain')).toBeNull();
  });
});

describe('updateForSelection', () => {
  const cff = `doi: ${V1}\n`;

  async function badgesWithNewer(): Promise<FolderBadges> {
    const fake = new FakeLookup();
    const badges = new FolderBadges(
      {
        list: async path =>
          path.endsWith('plain')
            ? []
            : [
                {
                  name: 'CITATION.cff',
                  path: `${path}/CITATION.cff`,
                  type: 'file',
                  last_modified: 'x'
                }
              ],
        read: async () => cff
      },
      fake.lookup
    );
    await badges.observe('course', [
      { name: 'old', path: 'course/old', type: 'directory' },
      { name: 'other', path: 'course/other', type: 'directory' },
      { name: 'plain', path: 'course/plain', type: 'directory' }
    ]);
    badges.checkNewerVersions(['course/old']);
    const changed = signalToPromise(badges.changed);
    fake.answer({ doi: V2, conceptDoi: CONCEPT, version: '2' });
    await changed;
    return badges;
  }

  it('offers the one selected artifact folder with a newer version', async () => {
    const badges = await badgesWithNewer();
    expect(
      updateForSelection(badges, [{ path: 'course/old', type: 'directory' }])
    ).toEqual({ folder: 'course/old', newer: { doi: V2, version: '2' } });
    // A drive's prefix is not part of the folder's server path: JupyterLab's
    // Contents manager knows which prefixes are drives (RTC's here).
    const contents = new ContentsManager();
    contents.addDrive(new Drive({ name: 'RTC' }));
    const localPath = (path: string) => contents.localPath(path);
    expect(
      updateForSelection(
        badges,
        [{ path: 'RTC:course/old', type: 'directory' }],
        localPath
      )?.folder
    ).toBe('course/old');
  });

  it('keeps a colon that is part of a folder’s name (data:2024)', async () => {
    const fake = new FakeLookup();
    const badges = new FolderBadges(
      {
        list: async path => [
          {
            name: 'CITATION.cff',
            path: `${path}/CITATION.cff`,
            type: 'file',
            last_modified: 'x'
          }
        ],
        read: async () => cff
      },
      fake.lookup
    );
    await badges.observe('data:2024', [
      { name: 'old', path: 'data:2024/old', type: 'directory' }
    ]);
    badges.checkNewerVersions(['data:2024/old']);
    const changed = signalToPromise(badges.changed);
    fake.answer({ doi: V2, conceptDoi: CONCEPT, version: '2' });
    await changed;
    const contents = new ContentsManager();
    contents.addDrive(new Drive({ name: 'RTC' }));
    const localPath = (path: string) => contents.localPath(path);
    for (const path of ['data:2024/old', 'RTC:data:2024/old']) {
      expect(
        updateForSelection(badges, [{ path, type: 'directory' }], localPath)
      ).toEqual({ folder: 'data:2024/old', newer: { doi: V2, version: '2' } });
    }
  });

  it('offers nothing for a plain folder, a file, no selection or two folders', async () => {
    const badges = await badgesWithNewer();
    expect(
      updateForSelection(badges, [{ path: 'course/plain', type: 'directory' }])
    ).toBeNull();
    expect(
      updateForSelection(badges, [{ path: 'course/old', type: 'file' }])
    ).toBeNull();
    expect(updateForSelection(badges, [])).toBeNull();
    expect(
      updateForSelection(badges, [
        { path: 'course/old', type: 'directory' },
        { path: 'course/other', type: 'directory' }
      ])
    ).toBeNull();
  });

  it('offers nothing while the newer version is not known', () => {
    const badges = { newerVersionOf: () => null };
    expect(
      updateForSelection(badges, [{ path: 'course/old', type: 'directory' }])
    ).toBeNull();
  });
});

describe('zenodoLatestLookup (stand-in)', () => {
  jest.setTimeout(60000);
  let standin: any;
  let requests: string[];
  let lookup: ReturnType<typeof zenodoLatestLookup>;
  let v1: { doi: string; conceptDoi: string };
  let v2doi: string;

  const metadata = (version: string): DepositionMetadata => ({
    upload_type: 'dataset',
    title: 'Course material',
    creators: [{ name: 'Teacher, Tom' }],
    description: '<p>Lessons.</p>',
    access_right: 'open',
    license: 'cc-by-4.0',
    version
  });

  beforeAll(async () => {
    standin = await startStandin({ port: 0, seed: 'none' });
    const writer = new ZenodoClient({
      baseUrl: standin.url,
      token: TOKENS.write,
      fetch
    });
    const blob = new NodeBlobClass(['lesson']) as unknown as Blob;
    const draft = await writer.createDeposition(metadata('1'));
    await writer.uploadFile(draft, 'course.txt', blob);
    const first = await writer.publish(draft);
    const next = await writer.newVersion(first.id);
    await writer.updateMetadata(next.id, metadata('2'));
    const second = await writer.publish(next.id);
    const r1 = await writer.getRecord(first.id);
    const r2 = await writer.getRecord(second.id);
    v1 = { doi: r1.doi!, conceptDoi: r1.conceptDoi! };
    v2doi = r2.doi!;
    requests = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(String(input));
      return fetch(input, init);
    };
    const reader = new ZenodoClient({ baseUrl: standin.url, fetch: counting });
    lookup = zenodoLatestLookup(() => reader);
  });

  afterAll(async () => {
    await standin?.close();
  });

  it('finds the newest version from the concept DOI', async () => {
    requests.length = 0;
    const latest = await lookup({ doi: v1.doi, conceptDoi: v1.conceptDoi });
    expect(latest).toEqual({
      doi: v2doi,
      conceptDoi: v1.conceptDoi,
      version: '2'
    });
    expect(requests.length).toBeGreaterThan(0);
  });

  it('finds it from a version DOI alone, through the concept it names', async () => {
    const latest = await lookup({ doi: v1.doi, conceptDoi: null });
    expect(latest?.doi).toBe(v2doi);
    expect(latest?.version).toBe('2');
  });

  it('says the newest version is itself', async () => {
    const latest = await lookup({ doi: v2doi, conceptDoi: null });
    expect(latest?.doi).toBe(v2doi);
  });

  it('asks nothing when no Zenodo is configured', async () => {
    const none = zenodoLatestLookup(() => null);
    expect(await none({ doi: v1.doi, conceptDoi: null })).toBeNull();
  });
});
