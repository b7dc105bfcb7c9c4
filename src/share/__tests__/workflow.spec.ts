/**
 * The publish workflow against the real Zenodo stand-in over HTTP. The
 * Jupyter server side is the tests' one Contents fake.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Contents } from '@jupyterlab/services';

import { nullTranslator } from '@jupyterlab/translation';

import { TRANSLATION_DOMAIN } from '../../i18n';

import { emptyMetadata, IArtifactMetadata } from '../metadata';
import { messageText, waitingText } from '../words';
import { PublishWorkflow } from '../workflow';
import { startStandin, TOKENS } from '../../../dev/standin/server';
import { ZenodoClient } from '../../zenodo';
import { FakeContents } from '../../__tests__/contents';

/** The words a person reads, in English. */
const trans = nullTranslator.load(TRANSLATION_DOMAIN);

const metadata: IArtifactMetadata = emptyMetadata({
  title: 'Soil respiration notebooks',
  description: 'Notebooks and data for the soil respiration study.',
  creators: [
    {
      family: 'Lovelace',
      given: 'Ada',
      affiliation: 'Analytical Engines',
      orcid: '0000-0002-1825-0097'
    }
  ],
  keywords: ['soil', 'CO2'],
  version: '1.0',
  communities: ['artifacts-demo']
});

/** A new artifact, published at once, with its CITATION.cff. */
const publishNew: PublishWorkflow.IRequest = {
  mode: 'new',
  metadata,
  writeCitation: true,
  publish: true
};

describe('PublishWorkflow against the stand-in', () => {
  let standin: any;
  /** Where the archives downloaded from the stand-in go for Python. */
  let root: string;
  let contents: FakeContents;
  const folderFiles: Record<string, Buffer> = {};

  beforeAll(async () => {
    standin = await startStandin({ port: 0, seed: 'none' });
  });
  afterAll(async () => {
    await standin?.close();
  });

  beforeEach(() => {
    standin.reset();
    root = mkdtempSync(join(tmpdir(), 'publish-spec-'));
    contents = new FakeContents();
    const files: Record<string, string | Buffer> = {
      'study/analysis.ipynb': JSON.stringify({ cells: [], nbformat: 4 }),
      'study/data/table.csv': 'a,b\n1,2\n'.repeat(20000),
      'study/data/noise.bin': Buffer.from(
        Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)
      ),
      'study/.ipynb_checkpoints/analysis-checkpoint.ipynb': '{}'
    };
    for (const [p, data] of Object.entries(files)) {
      contents.write(p, data);
      folderFiles[p] = Buffer.from(data as any);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const make = (token: string = TOKENS.write) =>
    new PublishWorkflow({
      // The workflow calls only get, save and delete, which the fake has.
      contents: contents as unknown as Contents.IManager,
      folder: 'study',
      zenodo: { baseUrl: standin.url, token },
      read: async p => new Uint8Array(contents.files.get(p)!),
      clientOptions: { retries: 0, backoffMs: 10 },
      now: () => '2025-06-01'
    });

  /** Download the record's archive from the stand-in and list it with Python. */
  const archiveOf = async (recordId: number | string) => {
    const record = await (
      await fetch(`${standin.url}/api/records/${recordId}`)
    ).json();
    const file = record.files[0];
    const bytes = Buffer.from(
      await (
        await fetch(
          `${standin.url}/api/records/${recordId}/files/${file.key}/content`
        )
      ).arrayBuffer()
    );
    const zipPath = join(root, 'downloaded.zip');
    writeFileSync(zipPath, bytes);
    const listing = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json,sys,zipfile,base64\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))',
          zipPath
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
      )
    );
    return { record, key: file.key, bytes, listing };
  };

  it('publishes a folder: phases in order, one deposition, typed metadata, byte-identical archive, CITATION.cff with the DOI', async () => {
    const workflow = make();
    const phases: string[] = [];
    workflow.stateChanged.connect((_, s) => {
      if (phases[phases.length - 1] !== s.phase) {
        phases.push(s.phase);
      }
    });
    const preview = await workflow.preview();
    expect(preview.files.map(f => f.path)).toEqual([
      'analysis.ipynb',
      'data/noise.bin',
      'data/table.csv'
    ]);
    expect(preview.excluded).toEqual([
      {
        path: '.ipynb_checkpoints/',
        code: 'jupyter-checkpoints',
        reason: 'Jupyter checkpoints'
      }
    ]);
    expect(preview.citation.exists).toBe(false);

    const result = await workflow.run(publishNew);
    expect(workflow.state.error).toBeUndefined();
    expect(phases).toEqual([
      'preview',
      'idle',
      'draft',
      'metadata',
      'citation',
      'archive',
      'upload',
      'publish',
      'done'
    ]);
    expect(result!.published).toBe(true);
    expect(result!.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
    expect(result!.badgeMarkdown).toContain(`https://doi.org/${result!.doi}`);
    expect(result!.citation).toBe(
      `Lovelace, A. (2025). Soil respiration notebooks (Version 1.0) [Data set]. Zenodo. https://doi.org/${result!.doi}`
    );

    const state = standin.getState();
    expect(state.depositions).toHaveLength(1);
    expect(state.records).toHaveLength(1);
    const meta = state.depositions[0].metadata;
    expect(meta).toMatchObject({
      title: 'Soil respiration notebooks',
      upload_type: 'dataset',
      publication_date: '2025-06-01',
      version: '1.0',
      keywords: ['soil', 'CO2'],
      creators: [
        {
          name: 'Lovelace, Ada',
          affiliation: 'Analytical Engines',
          orcid: '0000-0002-1825-0097'
        }
      ],
      communities: [{ identifier: 'artifacts-demo' }]
    });

    const cff = contents.text('study/CITATION.cff')!;
    expect(cff).toContain(`doi: ${result!.doi}`);

    const { key, listing, bytes } = await archiveOf(state.records[0].id);
    expect(key).toBe('study.zip');
    expect(Object.keys(listing)).toEqual([
      'CITATION.cff',
      'analysis.ipynb',
      'data/noise.bin',
      'data/table.csv'
    ]);
    for (const p of ['analysis.ipynb', 'data/noise.bin', 'data/table.csv']) {
      expect(
        Buffer.from(listing[p], 'base64').equals(folderFiles[`study/${p}`])
      ).toBe(true);
    }
    expect(Buffer.from(listing['CITATION.cff'], 'base64').toString()).toBe(cff);
    // The token is in no archive, no URL the stand-in saw.
    expect(bytes.includes(Buffer.from(TOKENS.write))).toBe(false);
    expect(JSON.stringify(state.requests)).not.toContain(TOKENS.write);
  });

  it('reads a citation.cff written elsewhere and rewrites that file, not a second one', async () => {
    contents.write(
      'study/citation.cff',
      'cff-version: 1.2.0\ntitle: Older title\ndoi: 10.5281/zenodo.42\n'
    );
    const workflow = make();
    const preview = await workflow.preview();
    expect(preview.citation).toMatchObject({
      exists: true,
      doi: '10.5281/zenodo.42'
    });
    expect(preview.citation.fields?.title).toBe('Older title');
    const result = await workflow.run(publishNew);
    expect(workflow.state.error).toBeUndefined();
    expect(contents.files.has('study/CITATION.cff')).toBe(false);
    expect(contents.text('study/citation.cff')).toContain(
      `doi: ${result!.doi}`
    );
    const records = standin.getState().records;
    const { listing } = await archiveOf(records[0].id);
    expect(Object.keys(listing)).toEqual([
      'analysis.ipynb',
      'citation.cff',
      'data/noise.bin',
      'data/table.csv'
    ]);
  });

  it('leaves flagged secrets out unless the request includes them, and says which went in', async () => {
    contents.write('study/id_rsa', 'key\n');
    contents.write('study/data/api_token.txt', 'not a token\n');
    // Content: a notebook whose output printed a GitHub token.
    contents.write(
      'study/run.ipynb',
      JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            source: ['print(os.environ["GH"])'],
            outputs: [
              {
                output_type: 'stream',
                name: 'stdout',
                text: ['ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5\n']
              }
            ]
          }
        ],
        nbformat: 4
      })
    );
    const preview = await make().preview();
    expect(preview.secrets).toEqual([
      {
        path: 'data/api_token.txt',
        code: 'name',
        reason: 'name suggests a secret'
      },
      { path: 'id_rsa', code: 'ssh', reason: 'SSH key' },
      { path: 'run.ipynb', code: 'github', reason: 'holds a GitHub token' }
    ]);
    await contents.delete('study/run.ipynb');
    expect(preview.includedSecrets).toEqual([]);
    expect(preview.files.map(f => f.path)).not.toContain('id_rsa');
    expect(preview.excluded.map(e => e.path)).toEqual(
      expect.arrayContaining(['id_rsa', 'data/api_token.txt'])
    );

    // No preview first: the run walks itself and still leaves them out.
    const quiet = await make().run({
      mode: 'new',
      metadata,
      writeCitation: false,
      publish: true
    });
    expect(quiet!.includedDespiteWarning).toEqual([]);
    let records = standin.getState().records;
    expect(Object.keys((await archiveOf(records[0].id)).listing)).toEqual([
      'analysis.ipynb',
      'data/noise.bin',
      'data/table.csv'
    ]);

    const chosen = await make().run({
      mode: 'new',
      metadata,
      writeCitation: false,
      publish: true,
      includeFlagged: ['data/api_token.txt']
    });
    expect(chosen!.includedDespiteWarning).toEqual([
      {
        path: 'data/api_token.txt',
        code: 'name',
        reason: 'name suggests a secret'
      }
    ]);
    records = standin.getState().records;
    expect(Object.keys((await archiveOf(records[1].id)).listing)).toEqual([
      'analysis.ipynb',
      'data/api_token.txt',
      'data/noise.bin',
      'data/table.csv'
    ]);
  });

  it('keeps a draft when asked, with its reserved DOI and draft link', async () => {
    const workflow = make();
    await workflow.preview();
    const result = await workflow.run({
      mode: 'new',
      metadata,
      writeCitation: false,
      publish: false
    });
    expect(result!.published).toBe(false);
    expect(result!.draftUrl).toBeTruthy();
    expect(contents.files.has('study/CITATION.cff')).toBe(false);
    const state = standin.getState();
    expect(state.depositions.map((d: any) => d.state)).toEqual(['unsubmitted']);
    expect(state.records).toHaveLength(0);
  });

  it('cancel mid-upload discards the draft, says so, and removes the CITATION.cff it wrote', async () => {
    standin.inject({
      rules: [{ method: 'PUT', path: '^/api/files/', latencyMs: 3000 }]
    });
    const workflow = make();
    await workflow.preview();
    workflow.stateChanged.connect((_, s) => {
      if (s.phase === 'upload') {
        workflow.cancel();
      }
    });
    const result = await workflow.run(publishNew);
    expect(result).toBeUndefined();
    expect(workflow.state.phase).toBe('cancelled');
    expect(workflow.state.cancelOutcome).toBe('discarded');
    expect(workflow.state.message).toEqual({ code: 'cancelled-discarded' });
    expect(messageText(workflow.state.message, trans)).toBe(
      'Cancelled. The draft on Zenodo was discarded.'
    );
    expect(contents.files.has('study/CITATION.cff')).toBe(false);
    const state = standin.getState();
    expect(state.depositions).toHaveLength(0);
    expect(state.records).toHaveLength(0);
  });

  it('a connection cut mid-upload keeps the draft; Retry resumes it: exactly one deposition', async () => {
    standin.inject({
      rules: [{ method: 'PUT', path: '^/api/files/', cutAfterBytes: 1000 }]
    });
    const workflow = make();
    await workflow.preview();
    const first = await workflow.run(publishNew);
    expect(first).toBeUndefined();
    const failed = workflow.state;
    expect(failed.phase).toBe('failed');
    expect(failed.failedPhase).toBe('upload');
    // The cut connection is no refusal by Zenodo; and Zenodo was reached
    // (the draft exists): the upload's connection was lost.
    expect(failed.message).toEqual({
      code: 'unreachable',
      origin: new URL(standin.url).origin,
      kept: true,
      lost: 'upload'
    });
    expect(messageText(failed.message, trans)).toBe(
      `The upload failed. The connection to Zenodo at ${
        new URL(standin.url).origin
      } was lost, also after trying again. The draft is kept on Zenodo.`
    );
    expect(failed.error?.retry).toBe('upload');
    const draftId = failed.depositionId;
    expect(standin.getState().depositions).toHaveLength(1);

    const result = await workflow.retry();
    expect(result?.published).toBe(true);
    expect(result?.depositionId).toBe(draftId);
    const state = standin.getState();
    expect(state.depositions).toHaveLength(1);
    expect(state.records).toHaveLength(1);
    expect(
      state.requests.filter(
        (r: any) => r.method === 'POST' && r.path === '/api/deposit/depositions'
      )
    ).toHaveLength(1);
  });

  it('an answer lost after Zenodo created the draft: Retry finds that draft instead of making a second', async () => {
    standin.inject({
      rules: [
        {
          method: 'POST',
          path: '^/api/deposit/depositions$',
          cutResponseAfterBytes: 0,
          times: 1
        }
      ]
    });
    const workflow = make();
    await workflow.preview();
    const first = await workflow.run(publishNew);
    expect(first).toBeUndefined();
    expect(workflow.state.phase).toBe('failed');
    expect(workflow.state.failedPhase).toBe('draft');
    // Zenodo did create it: the answer was lost on the way.
    expect(standin.getState().depositions).toHaveLength(1);

    const result = await workflow.retry();
    expect(result?.published).toBe(true);
    const state = standin.getState();
    expect(state.depositions).toHaveLength(1);
    expect(state.records).toHaveLength(1);
    // The marker that found the draft is gone from the published record.
    expect(JSON.stringify(state.records[0])).not.toMatch(
      /jupyterlab-artifacts run/
    );
  });

  it('waits out a 429 and says so, then goes on', async () => {
    standin.inject({
      rules: [
        { method: 'POST', path: '/actions/publish$', rateLimitResetSeconds: 1 }
      ]
    });
    const workflow = make();
    const waits: string[] = [];
    workflow.stateChanged.connect((_, s) => {
      const words = s.waiting && waitingText(s.waiting, trans);
      if (words && !waits.includes(words)) {
        waits.push(words);
      }
    });
    await workflow.preview();
    const result = await workflow.run({
      mode: 'new',
      metadata,
      writeCitation: false,
      publish: true
    });
    expect(result?.published).toBe(true);
    expect(waits.some(w => /rate limit/.test(w))).toBe(true);
    expect(standin.getState().records).toHaveLength(1);
  });

  it('puts the field errors Zenodo returns on the form fields; Retry with fixes publishes the same draft', async () => {
    standin.inject({
      rules: [
        {
          method: 'POST',
          path: '/actions/publish$',
          status: 400,
          body: {
            status: 400,
            message: 'A validation error occurred.',
            errors: [
              {
                field: 'metadata.creators.0.affiliation',
                messages: ['Affiliation not recognised.']
              },
              { field: 'metadata.title', messages: ['Title too short.'] }
            ]
          }
        }
      ]
    });
    const workflow = make();
    await workflow.preview();
    await workflow.run({
      mode: 'new',
      metadata,
      writeCitation: false,
      publish: true
    });
    const s = workflow.state;
    expect(s.phase).toBe('failed');
    expect(s.failedPhase).toBe('publish');
    expect(s.error?.message).toBe('A validation error occurred.');
    expect(s.error?.fieldErrors).toEqual([
      {
        field: 'creators.0.affiliation',
        message: 'Affiliation not recognised.'
      },
      { field: 'title', message: 'Title too short.' }
    ]);
    const fixed = { ...metadata, title: 'Soil respiration notebooks, 2025' };
    const result = await workflow.retry(fixed);
    expect(result?.published).toBe(true);
    const state = standin.getState();
    expect(state.depositions).toHaveLength(1);
    expect(state.records[0].title).toBe('Soil respiration notebooks, 2025');
  });

  it('refuses to send a form that fails the checks, on its fields, before any request', async () => {
    const workflow = make();
    await workflow.preview();
    await workflow.run({
      mode: 'new',
      metadata: { ...metadata, uploadType: 'publication', title: '' },
      writeCitation: false,
      publish: true
    });
    expect(workflow.state.error?.fieldErrors).toEqual([
      { field: 'title', code: 'title-required' },
      { field: 'publicationType', code: 'publication-type' }
    ]);
    expect(workflow.state.error?.code).toBe('fields');
    expect(standin.getState().depositions).toHaveLength(0);
  });

  it('a new version holds only the new archive, not the previous version’s other files', async () => {
    const first = make();
    await first.preview();
    await first.run({
      mode: 'new',
      metadata,
      writeCitation: true,
      publish: false
    });
    expect(first.state.error).toBeUndefined();
    // The first version also carries a file uploaded beside the archive.
    const client = new ZenodoClient({
      baseUrl: standin.url,
      token: TOKENS.write,
      fetch
    });
    const draftId = first.state.depositionId!;
    await client.uploadFile(draftId, 'slides.pdf', new Blob(['%PDF-1.4 old']));
    await client.publish(draftId);
    let state = standin.getState();
    expect(state.records).toHaveLength(1);
    expect(state.records[0].files.map((f: any) => f.key).sort()).toEqual([
      'slides.pdf',
      'study.zip'
    ]);

    contents.write('study/new.txt', 'added in version 2');
    const second = make();
    const preview = await second.preview();
    const resolved = await second.resolve(preview.citation.doi!);
    const v2 = await second.run({
      mode: 'version',
      metadata: second.initialMetadata({}, resolved, 'version'),
      writeCitation: true,
      publish: true,
      previousId: resolved.latest.id
    });
    expect(second.state.error).toBeUndefined();
    state = standin.getState();
    const latest = state.records.find((r: any) => r.latest);
    expect(latest.doi).toBe(v2!.doi);
    expect(latest.files.map((f: any) => f.key)).toEqual(['study.zip']);
    const { listing } = await archiveOf(latest.id);
    expect(Object.keys(listing)).toContain('new.txt');
    // The previous version keeps its files.
    const previous = state.records.find((r: any) => !r.latest);
    expect(previous.files.map((f: any) => f.key).sort()).toEqual([
      'slides.pdf',
      'study.zip'
    ]);
  });

  it('a new version while an earlier new-version draft is open continues that draft: one version, no stray draft', async () => {
    const first = make();
    await first.preview();
    const v1 = await first.run(publishNew);
    expect(first.state.error).toBeUndefined();
    // A run cancelled after starting the new version left its draft open,
    // with a file of its own: Zenodo now refuses a second newversion.
    const client = new ZenodoClient({
      baseUrl: standin.url,
      token: TOKENS.write,
      fetch
    });
    const left = await client.newVersion(v1!.depositionId);
    await client.uploadFile(left, 'partial.bin', new Blob(['half an upload']));

    contents.write('study/new.txt', 'added in version 2');
    const second = make();
    const messages: string[] = [];
    second.stateChanged.connect((_, st) => {
      const words = messageText(st.message, trans);
      if (words && messages[messages.length - 1] !== words) {
        messages.push(words);
      }
    });
    const preview = await second.preview();
    const resolved = await second.resolve(preview.citation.doi!);
    const v2 = await second.run({
      mode: 'version',
      metadata: second.initialMetadata({}, resolved, 'version'),
      writeCitation: true,
      publish: true,
      previousId: resolved.latest.id
    });
    expect(second.state.error).toBeUndefined();
    expect(String(v2!.depositionId)).toBe(String(left.id));
    expect(messages).toContain(
      'Continuing the new version already open on Zenodo…'
    );
    const state = standin.getState();
    expect(state.records).toHaveLength(2);
    const latest = state.records.find((r: any) => r.latest);
    expect(latest.files.map((f: any) => f.key)).toEqual(['study.zip']);
    const { listing } = await archiveOf(latest.id);
    expect(Object.keys(listing)).toContain('new.txt');
    expect(
      state.depositions.filter((d: any) => d.state === 'unsubmitted')
    ).toEqual([]);
  });

  it('publishes a new version from the DOI in CITATION.cff, and edits metadata', async () => {
    const first = make();
    await first.preview();
    const v1 = await first.run(publishNew);
    contents.write('study/new.txt', 'added in version 2');

    const second = make();
    const preview = await second.preview();
    expect(preview.citation.doi).toBe(v1!.doi);
    const resolved = await second.resolve(preview.citation.doi!);
    expect(resolved.owned).toBe(true);
    const form = second.initialMetadata({}, resolved, 'version');
    expect(form.version).toBe('1.1');
    expect(form.title).toBe(metadata.title);
    const v2 = await second.run({
      mode: 'version',
      metadata: form,
      writeCitation: true,
      publish: true,
      previousId: resolved.latest.id
    });
    expect(second.state.error).toBeUndefined();
    expect(v2!.doi).not.toBe(v1!.doi);
    let state = standin.getState();
    expect(state.records).toHaveLength(2);
    const latest = state.records.find((r: any) => r.latest);
    expect(latest.version).toBe('1.1');
    expect(latest.conceptrecid).toBe(
      state.records.find((r: any) => !r.latest).conceptrecid
    );
    const { listing, key } = await archiveOf(latest.id);
    expect(key).toBe('study.zip');
    expect(Object.keys(listing)).toContain('new.txt');
    expect(Buffer.from(listing['CITATION.cff'], 'base64').toString()).toContain(
      v2!.doi
    );

    // Edit: the latest version's title changes, no new record.
    const third = make();
    await third.preview();
    const again = await third.resolve(v2!.doi);
    const edited = { ...again.metadata!, title: 'Soil respiration, corrected' };
    const done = await third.run({
      mode: 'edit',
      metadata: edited,
      writeCitation: false,
      publish: true,
      previousId: again.latest.id
    });
    expect(third.state.error).toBeUndefined();
    expect(done!.doi).toBe(v2!.doi);
    state = standin.getState();
    expect(state.records).toHaveLength(2);
    expect(state.records.find((r: any) => r.latest).title).toBe(
      'Soil respiration, corrected'
    );
  });

  it('says when the token does not own the artifact', async () => {
    const first = make();
    await first.preview();
    const v1 = await first.run({
      mode: 'new',
      metadata,
      writeCitation: false,
      publish: true
    });
    const other = make(TOKENS.other);
    const resolved = await other.resolve(v1!.doi);
    expect(resolved.owned).toBe(false);
    expect(resolved.record.title).toBe(metadata.title);
  });

  it('says no record has a DOI Zenodo does not know, as a code', async () => {
    const workflow = make();
    let error: unknown;
    try {
      await workflow.resolve('10.5281/zenodo.999999999');
    } catch (e) {
      error = e;
    }
    expect(PublishWorkflow.describeError(error)).toMatchObject({
      code: 'no-record',
      subject: '10.5281/zenodo.999999999'
    });
  });

  it('a bad token fails at the draft with a hint and no deposition', async () => {
    const workflow = make('not-a-token');
    await workflow.preview();
    await workflow.run(publishNew);
    const s = workflow.state;
    expect(s.phase).toBe('failed');
    expect(s.failedPhase).toBe('draft');
    expect(s.error?.status).toBe(401);
    expect(s.error?.hint).toMatch(/token/i);
    expect(JSON.stringify(s)).not.toContain('not-a-token');
    expect(contents.files.has('study/CITATION.cff')).toBe(false);
  });
});
