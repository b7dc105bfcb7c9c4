/**
 * The Share preview's checks on the server: with a companion that zips and
 * can inspect, the preview asks it instead of reading the files; without
 * the capability, or when the request fails, the page reads and searches as
 * before. The companion is a fake; the Contents API the tests' one fake.
 */
import type { Contents } from '@jupyterlab/services';

import { Companion, CompanionError } from '../../workspace/companion';
import { MISMATCH_REASON, UNREADABLE_REASON } from '../../workspace/inspect';
import { emptyMetadata } from '../metadata';
import { PublishWorkflow } from '../workflow';
import { FakeContents } from '../../__tests__/contents';
import { startStandin, TOKENS } from '../../../dev/standin/server';

const AWS = 'aws_access_key_id = AKIAIOSFODNN7ABCDEFG\n';

class FakeCompanion {
  constructor(
    readonly capabilities: Companion.Capability[],
    readonly answer: (
      files: { path: string; size: number }[]
    ) => Companion.IInspection | Promise<Companion.IInspection>
  ) {}
  calls: { folder: string; files: { path: string; size: number }[] }[] = [];
  async info(): Promise<Partial<Companion.IInfo>> {
    return {
      capabilities: this.capabilities,
      limits: {
        maxEntries: 2,
        maxImportBytes: 1,
        maxExtractedBytes: 1,
        maxRatio: 1
      }
    };
  }
  async can(capability: Companion.Capability): Promise<boolean> {
    return this.capabilities.includes(capability);
  }
  async startPublish(): Promise<Companion.IJob> {
    // The server may upload only to its own Zenodo, not the page's.
    throw new CompanionError('not that Zenodo', 'host-not-allowed', 403);
  }
  async inspect(
    folder: string,
    files: { path: string; size: number }[]
  ): Promise<Companion.IInspection> {
    this.calls.push({ folder, files });
    return this.answer(files);
  }
}

describe('PublishWorkflow.preview with the server companion', () => {
  let contents: FakeContents;
  let reads: string[];

  beforeEach(() => {
    contents = new FakeContents();
    contents.write('study/README.md', '# Study\n');
    contents.write('study/conf/aws.txt', AWS);
    contents.write('study/id_rsa', 'key\n');
    contents.write('study/data/table.csv', 'a,b\n1,2\n'.repeat(100));
    contents.write('study/link.txt', 'x'.repeat(12));
    reads = [];
  });

  const make = (companion: FakeCompanion | null, token = 'tok') =>
    new PublishWorkflow({
      contents: contents as unknown as Contents.IManager,
      folder: 'study',
      zenodo: { baseUrl: 'http://127.0.0.1:1', token },
      read: async p => {
        reads.push(p);
        return new Uint8Array(contents.files.get(p)!);
      },
      transfers: {
        companion: async () => companion as unknown as Companion,
        watch: () => {
          throw new Error('no job in a preview');
        }
      }
    });

  /** What the server says of the folder above. */
  const serverAnswer = (): Companion.IInspection => ({
    refused: [{ path: 'link.txt', code: 'size-mismatch' }],
    secrets: [{ path: 'conf/aws.txt', code: 'aws' }]
  });

  it('asks the companion, in batches of its limit, and reads no file', async () => {
    const companion = new FakeCompanion(['publish', 'inspect'], serverAnswer);
    const workflow = make(companion);
    const preview = await workflow.preview();
    expect(reads).toEqual([]);
    expect(companion.calls.map(c => c.folder)).toEqual([
      'study',
      'study',
      'study'
    ]);
    expect(companion.calls.flatMap(c => c.files)).toEqual([
      { path: 'README.md', size: 8 },
      { path: 'conf/aws.txt', size: AWS.length },
      { path: 'data/table.csv', size: 800 },
      { path: 'id_rsa', size: 4 },
      { path: 'link.txt', size: 12 }
    ]);
    expect(preview.refused).toEqual([
      { path: 'link.txt', code: 'size-mismatch', reason: MISMATCH_REASON }
    ]);
    expect(preview.files.map(f => f.path)).toEqual([
      'README.md',
      'data/table.csv'
    ]);
    // Flags by name stay the page's; by content come from the server.
    expect(preview.secrets).toEqual([
      {
        path: 'conf/aws.txt',
        code: 'aws',
        reason: 'holds an AWS access key id'
      },
      { path: 'id_rsa', code: 'ssh', reason: 'SSH key' }
    ]);
    // A second preview (a box unticked) asks only about files not seen yet.
    contents.write('study/notes.txt', 'new\n');
    await workflow.preview();
    expect(companion.calls.slice(3).flatMap(c => c.files)).toEqual([
      { path: 'notes.txt', size: 4 }
    ]);
    expect(reads).toEqual([]);
  });

  it('refuses and flags with codes the page does not know yet', async () => {
    const companion = new FakeCompanion(['publish', 'inspect'], () => ({
      refused: [{ path: 'README.md', code: 'something-new' }],
      secrets: [{ path: 'data/table.csv', code: 'new-kind' }]
    }));
    const preview = await make(companion).preview();
    expect(preview.refused).toEqual([
      { path: 'README.md', code: 'unreadable', reason: UNREADABLE_REASON }
    ]);
    expect(preview.secrets.map(s => [s.path, s.code])).toContainEqual([
      'data/table.csv',
      'zenodo'
    ]);
  });

  it('reads and searches in the page when the companion cannot inspect', async () => {
    const companion = new FakeCompanion(['publish'], serverAnswer);
    const preview = await make(companion).preview();
    expect(companion.calls).toEqual([]);
    expect(reads).toContain('study/conf/aws.txt');
    expect(preview.secrets.map(s => [s.path, s.code])).toContainEqual([
      'conf/aws.txt',
      'aws'
    ]);
  });

  it('reads in the page when the server will not zip (no token)', async () => {
    const companion = new FakeCompanion(['publish', 'inspect'], serverAnswer);
    const preview = await make(companion, '').preview();
    expect(companion.calls).toEqual([]);
    expect(reads).toContain('study/conf/aws.txt');
    expect(preview.secrets.map(s => s.path)).toContain('conf/aws.txt');
  });

  it('falls back to the page when the inspection fails, and still finds the secrets', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const companion = new FakeCompanion(['publish', 'inspect'], () => {
        throw new CompanionError('404 Not Found', 'not-found', 404);
      });
      const preview = await make(companion).preview();
      expect(companion.calls.length).toBe(1);
      expect(reads).toContain('study/conf/aws.txt');
      expect(preview.secrets.map(s => [s.path, s.code])).toContainEqual([
        'conf/aws.txt',
        'aws'
      ]);
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('PublishWorkflow with a companion that may not upload there', () => {
  let standin: any;
  beforeAll(async () => {
    standin = await startStandin({ port: 0, seed: 'none' });
  });
  afterAll(async () => {
    await standin?.close();
  });

  it('checks the files again in the page before the page zips them', async () => {
    const contents = new FakeContents();
    contents.write('study/README.md', '# Study\n');
    contents.write('study/data.csv', 'a,b\n1,2\n');
    // A link inside the folder: listed with its own size, read as its
    // target. The server follows it; the page cannot send it as listed.
    contents.write('study/inside.txt', 'x'.repeat(9));
    const target = new TextEncoder().encode('the target, longer than the link');
    const companion = new FakeCompanion(['publish', 'inspect'], () => ({
      refused: [],
      secrets: []
    }));
    const workflow = new PublishWorkflow({
      contents: contents as unknown as Contents.IManager,
      folder: 'study',
      zenodo: { baseUrl: standin.url, token: TOKENS.write },
      read: async p =>
        p === 'study/inside.txt'
          ? target
          : new Uint8Array(contents.files.get(p)!),
      readFolder: async () => null,
      clientOptions: { retries: 0, backoffMs: 10 },
      now: () => '2025-06-01',
      transfers: {
        companion: async () => companion as unknown as Companion,
        watch: () => {
          throw new Error('no job: the server refused');
        }
      }
    });
    const preview = await workflow.preview();
    expect(preview.files.map(f => f.path)).toContain('inside.txt');
    const result = (await workflow.run({
      mode: 'new',
      metadata: emptyMetadata({
        title: 'Checked twice',
        description: 'A folder with a link inside.',
        creators: [
          { family: 'Lovelace', given: 'Ada', affiliation: '', orcid: '' }
        ],
        keywords: [],
        version: '1.0'
      }),
      writeCitation: false,
      publish: true
    }))!;
    expect(workflow.state.error).toBeUndefined();
    expect(result.published).toBe(true);
    // Once (in batches of two), in the preview.
    expect(companion.calls.flatMap(c => c.files)).toHaveLength(3);
    // The page checked again: the link is left out of what it zipped.
    const record = await (
      await fetch(`${standin.url}/api/records/${result.depositionId}`)
    ).json();
    const zip = Buffer.from(
      await (
        await fetch(
          `${standin.url}/api/records/${result.depositionId}/files/${record.files[0].key}/content`
        )
      ).arrayBuffer()
    );
    // Entry names are stored as they are in a zip's headers.
    expect(zip.includes('README.md')).toBe(true);
    expect(zip.includes('inside.txt')).toBe(false);
  });
});
