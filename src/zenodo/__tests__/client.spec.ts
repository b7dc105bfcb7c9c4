/**
 * The client against the Zenodo stand-in over real HTTP (Node's fetch).
 *
 * The project's jest setup needs jsdom, whose Blob Node's fetch cannot send
 * or read, so the bytes here are Node's Blobs (`NodeBlob`) and downloaded
 * Blobs are read with FileReader.
 */
import { Blob as NodeBlobClass } from 'buffer';
import { createHash } from 'crypto';
import * as http from 'http';

import {
  Deposition,
  DepositionMetadata,
  RetryInfo,
  ZenodoClient,
  ZenodoError
} from '../index';

import { startStandin, TOKENS } from '../../../dev/standin/server';

jest.setTimeout(60000);

let standin: any;
/** Every error any test saw, checked for the token at the end. */
const seenErrors: unknown[] = [];
/** Every URL and header set the client gave fetch. */
const sent: { url: string; headers: Record<string, string> }[] = [];

const recordingFetch: typeof fetch = (input: any, init?: any) => {
  sent.push({ url: String(input), headers: { ...(init?.headers ?? {}) } });
  return fetch(input, init);
};

/** No real waiting in tests: the waits are recorded instead. */
function makeClient(
  options: Partial<ZenodoClient.IOptions> & { waits?: number[] } = {}
): ZenodoClient {
  const waits = options.waits;
  return new ZenodoClient({
    baseUrl: standin.url,
    fetch: recordingFetch,
    sleep: async (ms: number) => {
      waits?.push(ms);
    },
    ...options
  });
}

async function failure(promise: Promise<unknown>): Promise<ZenodoError> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    expect(error).toBeInstanceOf(ZenodoError);
    return error as ZenodoError;
  }
  throw new Error('expected a ZenodoError, got success');
}

function requestsSince(
  n: number
): { method: string; path: string; status: number }[] {
  return standin.state.requests.slice(n);
}

/** A Blob Node's fetch can send, typed as the DOM Blob the client takes. */
function nodeBlob(parts: (string | Uint8Array)[]): Blob {
  return new NodeBlobClass(parts) as unknown as Blob;
}

/** The bytes of a Blob the client made (a jsdom Blob here). */
async function bytesOf(b: Blob): Promise<Uint8Array> {
  if (typeof (b as any).arrayBuffer === 'function') {
    return new Uint8Array(await b.arrayBuffer());
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(b);
  });
}

async function textOf(b: Blob): Promise<string> {
  return new TextDecoder().decode(await bytesOf(b));
}

function md5(bytes: Uint8Array): string {
  return 'md5:' + createHash('md5').update(bytes).digest('hex');
}

const today = new Date().toISOString().slice(0, 10);
const metadata: DepositionMetadata = {
  upload_type: 'dataset',
  title: 'Client test artifact',
  creators: [{ name: 'Tester, Tina', affiliation: 'Test Lab' }],
  description: '<p>Made by the client tests.</p>',
  publication_date: today,
  access_right: 'open',
  license: 'cc-by-4.0',
  keywords: ['test'],
  communities: [{ identifier: 'artifacts-demo' }]
};

beforeAll(async () => {
  standin = await startStandin({ port: 0, seed: 'demo' });
});

afterEach(() => {
  standin.clearFaults();
});

afterAll(async () => {
  await standin?.close();
});

describe('records', () => {
  it('searches a community with paging', async () => {
    const client = makeClient();
    const first = await client.searchRecords({
      community: 'artifacts-demo',
      size: 5
    });
    expect(first.total).toBeGreaterThanOrEqual(20);
    expect(first.hits).toHaveLength(5);
    expect(first.nextPage).toBe(2);
    for (const hit of first.hits) {
      expect(hit.communities).toContain('artifacts-demo');
      expect(hit.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
      expect(hit.files.length).toBeGreaterThan(0);
      expect(hit.files[0].downloadUrl).toMatch(
        new RegExp(`^${standin.url}/api/records/${hit.id}/files/.+/content$`)
      );
      expect(hit.creators[0].name).toBeTruthy();
      expect(hit.links.html).toBe(`${standin.url}/records/${hit.id}`);
    }
    const second = await client.searchRecords({
      community: 'artifacts-demo',
      size: 5,
      page: 2
    });
    expect(second.hits.map(h => h.id)).not.toEqual(first.hits.map(h => h.id));
    const last = Math.ceil(first.total / 5);
    const end = await client.searchRecords({
      community: 'artifacts-demo',
      size: 5,
      page: last
    });
    expect(end.nextPage).toBeUndefined();
  });

  it('lowers an anonymous page size to 25 instead of drawing a 400', async () => {
    const client = makeClient();
    const before = standin.state.requests.length;
    const page = await client.searchRecords({
      community: 'artifacts-demo',
      size: 80
    });
    expect(page.hits.length).toBeLessThanOrEqual(25);
    expect(requestsSince(before)[0].path).toContain('size=25');
    const withToken = makeClient({ token: TOKENS.readonly });
    await withToken.searchRecords({ size: 80 });
    expect(standin.state.requests.slice(-1)[0].path).toContain('size=80');
  });

  it('filters by query, type, all versions and sorts', async () => {
    const client = makeClient();
    const all = await client.searchRecords({
      community: 'artifacts-demo',
      size: 25
    });
    const target = all.hits.find(h => h.title.includes('Urban heat'))!;
    expect(target).toBeDefined();
    const byTitle = await client.searchRecords({ q: 'title:"Urban heat"' });
    expect(byTitle.hits.map(h => h.id)).toContain(target.id);
    const byDoi = await client.searchRecords({ q: `doi:"${target.doi}"` });
    expect(byDoi.hits.map(h => h.id)).toEqual([target.id]);
    const type = target.resourceType!.type;
    const typed = await client.searchRecords({
      community: 'artifacts-demo',
      type,
      size: 25
    });
    expect(typed.total).toBeGreaterThan(0);
    expect(typed.hits.every(h => h.resourceType?.type === type)).toBe(true);
    const versions = await client.searchRecords({
      community: 'artifacts-demo',
      allVersions: true,
      size: 25
    });
    expect(versions.total).toBeGreaterThan(all.total);
    const recent = await client.searchRecords({
      community: 'artifacts-demo',
      sort: 'mostrecent',
      size: 25
    });
    const dates = recent.hits.map(h => h.created ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('reads a record and its versions', async () => {
    const client = makeClient();
    const hits = await client.searchRecords({ q: 'title:"Urban heat"' });
    const latest = await client.getRecord(hits.hits[0].id);
    expect(latest.title).toBe(hits.hits[0].title);
    expect(latest.isLatest).toBe(true);
    expect(latest.license).toEqual(
      expect.objectContaining({ id: 'cc-by-4.0' })
    );
    expect(latest.stats?.views).toBeGreaterThan(0);
    const versions = await client.getVersions(latest);
    expect(versions.total).toBe(3);
    expect(versions.hits.map(h => h.version).sort()).toEqual([
      'v1.0',
      'v1.1',
      'v2.0'
    ]);
    expect(new Set(versions.hits.map(h => h.conceptRecId))).toEqual(
      new Set([latest.conceptRecId])
    );
    const paged = await client.getVersions(Number(latest.id), {
      size: 2,
      page: 2
    });
    expect(paged.hits).toHaveLength(1);
  });

  it('a Zenodo DOI resolves to its record directly; another DOI goes through search', async () => {
    const client = makeClient();
    const some = (await client.searchRecords({ size: 1 })).hits[0];
    let before = standin.state.requests.length;
    const found = await client.resolveRecord(some.doi!);
    expect(found.id).toBe(some.id);
    expect(requestsSince(before).map(r => r.path)).toEqual([
      `/api/records/${some.id}`
    ]);
    // DOIs of another registrant (here a stand-in minting 10.9999/…) are
    // looked up with a search on the doi field.
    const other = await startStandin({
      port: 0,
      seed: 'demo',
      doiPrefix: '10.9999'
    });
    try {
      const otherClient = makeClient({ baseUrl: other.url });
      const hit = (await otherClient.searchRecords({ size: 1 })).hits[0];
      expect(hit.doi).toMatch(/^10\.9999\//);
      before = other.state.requests.length;
      expect((await otherClient.resolveRecord(hit.doi!)).id).toBe(hit.id);
      const paths = other.state.requests
        .slice(before)
        .map((r: any) => decodeURIComponent(r.path));
      expect(paths[0]).toContain(`q=doi:"${hit.doi}"`);
    } finally {
      await other.close();
    }
  });

  it('a record URL counts only on the configured Zenodo; a malformed % is named', async () => {
    const client = makeClient();
    const some = (await client.searchRecords({ size: 1 })).hits[0];
    const before = standin.state.requests.length;
    for (const foreign of [
      `https://zenodo.org/records/${some.id}`,
      `https://evil.example/api/records/${some.id}`,
      `https://evil.example/doi/${some.doi}`
    ]) {
      const error = await failure(client.resolveRecord(foreign));
      expect(error.kind).toBe('invalid-input');
      expect(error.message).toContain(new URL(foreign).origin);
      expect(error.message).toContain(new URL(standin.url).origin);
    }
    // Nothing was looked up on our Zenodo for another site's id.
    expect(requestsSince(before)).toEqual([]);
    const bad = await failure(client.resolveRecord('10.5281/zenodo.%zz12'));
    expect(bad.kind).toBe('invalid-input');
    expect(bad.message).toMatch(/"%" that is not followed by two hexadecimal/);
    const cut = await failure(
      client.resolveRecord('https://doi.org/10.1000/abc%E2%82')
    );
    expect(cut.kind).toBe('invalid-input');
    expect(cut.hint).toMatch(/copy it again/);
  });

  it('resolves record ids, record URLs, DOIs and concept DOIs', async () => {
    const client = makeClient();
    const latest = (await client.searchRecords({ q: 'title:"Urban heat"' }))
      .hits[0];
    const versions = await client.getVersions(latest);
    const oldest = versions.hits.find(h => h.version === 'v1.0')!;
    expect(oldest.id).not.toBe(latest.id);
    const ids = async (refs: string[]) =>
      Promise.all(refs.map(async r => (await client.resolveRecord(r)).id));
    expect(
      await ids([
        oldest.id,
        ` ${standin.url}/records/${oldest.id} `,
        `${standin.url}/record/${oldest.id}?download=1`,
        `${standin.url}/api/records/${oldest.id}`,
        oldest.doi!,
        `https://doi.org/${oldest.doi}`,
        `doi:${oldest.doi}`,
        `${standin.url}/doi/${oldest.doi}`
      ])
    ).toEqual(Array(8).fill(oldest.id));
    // A concept DOI means the latest version.
    expect(
      await ids([latest.conceptDoi!, `https://doi.org/${latest.conceptDoi}`])
    ).toEqual([latest.id, latest.id]);
    const missing = await failure(
      client.resolveRecord('10.5281/zenodo.999999999')
    );
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toContain('10.5281/zenodo.999999999');
    const nonsense = await failure(client.resolveRecord('my notebook'));
    expect(nonsense.kind).toBe('invalid-input');
    expect(nonsense.hint).toMatch(/10\.5281\/zenodo/);
  });

  it('404 for an unknown record, 410 for a deleted one', async () => {
    const client = makeClient();
    const missing = await failure(client.getRecord('999999999'));
    expect(missing.status).toBe(404);
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe('The persistent identifier does not exist.');
    expect(missing.hint).toMatch(/Check the id/);
    const gone = await failure(client.getRecord(standin.deletedRecordId));
    expect(gone.status).toBe(410);
    expect(gone.kind).toBe('gone');
    expect(gone.hint).toMatch(/deleted from Zenodo/);
  });

  it.each(['legacy', 'zenodo2023', 'rdm'] as const)(
    'normalises the %s record shape the stand-in serves',
    async shape => {
      const other = await startStandin({
        port: 0,
        seed: 'demo',
        recordShape: shape
      });
      try {
        const client = new ZenodoClient({ baseUrl: other.url, fetch });
        const page = await client.searchRecords({
          community: 'artifacts-demo',
          size: 3
        });
        expect(page.hits).toHaveLength(3);
        const rec = await client.getRecord(page.hits[0].id);
        expect(rec.title).toBe(page.hits[0].title);
        expect(rec.doi).toMatch(/^10\.5281\/zenodo\.\d+$/);
        expect(rec.creators.length).toBeGreaterThan(0);
        expect(rec.files.length).toBeGreaterThan(0);
        expect(rec.communities).toContain('artifacts-demo');
        const blob = await client.downloadFile(rec.files[0]);
        expect(blob.size).toBe(rec.files[0].size);
        const bytes = await bytesOf(blob);
        expect(md5(bytes)).toBe(rec.files[0].checksum);
      } finally {
        await other.close();
      }
    }
  );
});

describe('downloads', () => {
  it('streams a file with progress; the bytes match the checksum', async () => {
    const client = makeClient();
    const page = await client.searchRecords({
      community: 'artifacts-demo',
      size: 25
    });
    const file = page.hits
      .flatMap(h => h.files)
      .sort((a, b) => b.size - a.size)[0];
    const progress: [number, number | undefined][] = [];
    const blob = await client.downloadFile(file, {
      onProgress: (loaded, total) => progress.push([loaded, total])
    });
    expect(blob.size).toBe(file.size);
    expect(md5(await bytesOf(blob))).toBe(file.checksum);
    expect(progress[0]).toEqual([0, file.size]);
    expect(progress[progress.length - 1]).toEqual([file.size, file.size]);
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
    }
  });

  it('can be aborted in the middle', async () => {
    const client = makeClient();
    const page = await client.searchRecords({
      community: 'artifacts-demo',
      size: 25
    });
    const file = page.hits
      .flatMap(h => h.files)
      .sort((a, b) => b.size - a.size)[0];
    expect(file.size).toBeGreaterThan(1_000_000);
    const controller = new AbortController();
    let aborted = false;
    const error = await failure(
      client.downloadFile(file, {
        signal: controller.signal,
        onProgress: loaded => {
          if (loaded > 0 && !aborted) {
            aborted = true;
            controller.abort();
          }
        }
      })
    );
    expect(error.aborted).toBe(true);
    expect(error.kind).toBe('aborted');
    expect(error.name).toBe('AbortError');
  });

  it('retries a 5xx before the body, and says so', async () => {
    const infos: RetryInfo[] = [];
    const waits: number[] = [];
    const client = makeClient({ onRetry: i => infos.push(i), waits });
    const rec = (await client.searchRecords({ community: 'artifacts-demo' }))
      .hits[0];
    standin.inject({
      rules: [{ method: 'GET', path: '/content$', status: 502 }]
    });
    const blob = await client.downloadFile(rec.files[0]);
    expect(blob.size).toBe(rec.files[0].size);
    expect(infos).toEqual([
      expect.objectContaining({
        reason: 'server-error',
        attempt: 1,
        status: 502,
        method: 'GET'
      })
    ]);
    expect(waits).toEqual([1000]);
  });
});

describe('deposit flow', () => {
  it('creates, describes, uploads, publishes, edits, versions and discards', async () => {
    const client = makeClient({ token: TOKENS.write });
    const draft = await client.createDeposition();
    expect(draft.state).toBe('unsubmitted');
    expect(draft.submitted).toBe(false);
    expect(draft.prereservedDoi).toMatch(/^10\.5281\/zenodo\.\d+$/);
    expect(draft.links.bucket).toMatch(
      new RegExp(`^${standin.url}/api/files/`)
    );

    const described = await client.updateMetadata(draft, metadata);
    expect(described.metadata.title).toBe('Client test artifact');
    expect(described.metadata.prereserve_doi).toEqual(
      expect.objectContaining({ doi: draft.prereservedDoi })
    );

    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    const progress: [number, number | undefined][] = [];
    const uploaded = await client.uploadFile(
      described,
      'artifact.zip',
      nodeBlob([bytes]),
      { onProgress: (l, t) => progress.push([l, t]) }
    );
    expect(uploaded).toEqual(
      expect.objectContaining({
        key: 'artifact.zip',
        size: 300_000,
        checksum: md5(bytes)
      })
    );
    // fetch cannot see upload progress: at least the start and the end.
    expect(progress[0]).toEqual([0, 300_000]);
    expect(progress[progress.length - 1]).toEqual([300_000, 300_000]);
    const put = sent.filter(s => s.url.includes('/api/files/')).slice(-1)[0];
    expect(put.headers['Content-Type']).toBe('application/octet-stream');

    const published = await client.publish(draft.id);
    expect(published.state).toBe('done');
    expect(published.submitted).toBe(true);
    expect(published.doi).toBe(draft.prereservedDoi);
    const record = await client.getRecord(published.id);
    expect(record.title).toBe('Client test artifact');
    expect(record.files.map(f => [f.key, f.size, f.checksum])).toEqual([
      ['artifact.zip', 300_000, md5(bytes)]
    ]);

    const editing = await client.edit(published);
    expect(editing.state).toBe('inprogress');
    const edited = await client.updateMetadata(editing.id, {
      ...metadata,
      title: 'Client test artifact (edited)'
    });
    expect(edited.metadata.title).toBe('Client test artifact (edited)');
    const republished = await client.publish(edited);
    expect(republished.state).toBe('done');
    expect((await client.getRecord(published.id)).title).toBe(
      'Client test artifact (edited)'
    );

    const next = await client.newVersion(published.id);
    expect(next.id).not.toBe(published.id);
    expect(next.state).toBe('unsubmitted');
    expect(next.conceptRecId).toBe(published.conceptRecId);
    expect(next.files.map(f => f.key)).toEqual(['artifact.zip']);
    expect(next.metadata.publication_date).toBeUndefined();
    // Asking again gives the same open draft.
    expect((await client.newVersion(published.id)).id).toBe(next.id);

    await client.discard(next);
    const gone = await failure(client.getDeposition(next.id));
    expect(gone.status).toBe(404);

    const mine = await client.listDepositions({
      status: 'published',
      size: 100
    });
    expect(mine.map(d => d.id)).toContain(published.id);
  });

  it('continues the new-version draft left open earlier (Zenodo answers 400 "Please remove all files first.")', async () => {
    const client = makeClient({ token: TOKENS.write });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'v1.zip', nodeBlob(['first version']));
    const v1 = await client.publish(draft);
    // A run that was cancelled after starting the new version: its draft stays.
    const left = await makeClient({ token: TOKENS.write }).newVersion(v1.id);
    expect(left.files.map(f => f.key)).toEqual(['v1.zip']);
    const before = standin.state.requests.length;
    const opened: number[] = [];
    const again = await client.newVersion(v1.id, {
      onOpenDraft: d => opened.push(Number(d.id))
    });
    expect(again.id).toBe(left.id);
    expect(again.state).toBe('unsubmitted');
    expect(opened).toEqual([Number(left.id)]);
    // Zenodo refused the second newversion; the client found the draft through
    // the record's links.latest_draft.
    const calls = requestsSince(before).map(r => `${r.method} ${r.status}`);
    expect(calls).toContain('POST 400');
    // Still one draft for the concept.
    const drafts = standin.state.depositions.filter(
      (d: any) => d.conceptrecid === v1.conceptRecId && d.state !== 'done'
    );
    expect(drafts.map((d: any) => d.id)).toEqual([Number(left.id)]);
  });

  it('says what to do when the open draft cannot be found, never the bare message', async () => {
    const client = makeClient({ token: TOKENS.write });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'v1.zip', nodeBlob(['first version']));
    const v1 = await client.publish(draft);
    standin.inject({
      rules: [
        {
          method: 'POST',
          path: `/api/deposit/depositions/${v1.id}/actions/newversion`,
          status: 400,
          body: {
            status: 400,
            message: 'A validation error occurred.',
            errors: [
              {
                field: 'files.enabled',
                messages: ['Please remove all files first.']
              }
            ]
          }
        }
      ]
    });
    const error = await failure(client.newVersion(v1.id));
    expect(error.kind).toBe('conflict');
    expect(error.message).not.toBe('Please remove all files first.');
    expect(error.message).toMatch(/new version .* already open/);
    expect(error.hint).toMatch(/Publish or discard/);
  });

  it('publishes a new version end to end', async () => {
    const client = makeClient({ token: TOKENS.write });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'v1.zip', nodeBlob(['first version']));
    const v1 = await client.publish(draft);
    const v2draft = await client.newVersion(v1);
    const v2meta = { ...metadata, version: 'v2', publication_date: today };
    await client.updateMetadata(v2draft, v2meta);
    // The new version starts with v1's file; replace it by another name.
    expect(v2draft.files.map(f => f.key)).toEqual(['v1.zip']);
    expect(await client.deleteFile(v2draft, 'v1.zip')).toBe(true);
    expect(await client.deleteFile(v2draft.id, 'v1.zip')).toBe(false);
    expect((await client.getDeposition(v2draft.id)).files).toEqual([]);
    // Published files are locked.
    const locked = await failure(client.deleteFile(v1, 'v1.zip'));
    expect(locked.status).toBe(403);
    await client.uploadFile(
      v2draft,
      'v1.zip',
      nodeBlob(['second version, same key'])
    );
    const v2 = await client.publish(v2draft.id);
    expect(v2.id).not.toBe(v1.id);
    expect(v2.conceptDoi).toBe(v1.conceptDoi);
    const versions = await client.getVersions(v2.id);
    expect(versions.total).toBe(2);
    const latest = await client.getRecord(v2.id);
    expect(latest.isLatest).toBe(true);
    const blob = await client.downloadFile(latest.files[0]);
    expect(await textOf(blob)).toBe('second version, same key');
  });

  it('reports validation errors on publish with the fields at fault', async () => {
    const client = makeClient({ token: TOKENS.write });
    const draft = await client.createDeposition({ title: 'Incomplete' });
    const noFiles = await failure(client.publish(draft));
    expect(noFiles.status).toBe(400);
    expect(noFiles.kind).toBe('validation');
    expect(noFiles.message).toBe('A validation error occurred.');
    const fields = noFiles.fieldErrors.map(f => f.metadataField);
    expect(fields).toEqual(expect.arrayContaining(['files', 'creators']));
    expect(noFiles.messagesFor('creators')).toEqual([
      'Missing data for required field.'
    ]);
    expect(noFiles.hint).toBe('Upload at least one file before publishing.');
    // Not published, and publish was not repeated.
    expect((await client.getDeposition(draft.id)).state).toBe('unsubmitted');
  });

  it('parses the legacy validation shape from a legacy-style server', async () => {
    const legacy = await startStandin({
      port: 0,
      seed: 'none',
      errorStyle: 'legacy'
    });
    try {
      const client = new ZenodoClient({
        baseUrl: legacy.url,
        token: TOKENS.write,
        fetch
      });
      const draft = await client.createDeposition({ title: 'Incomplete' });
      const error = await failure(client.publish(draft));
      expect(error.kind).toBe('validation');
      expect(error.fieldErrors.length).toBeGreaterThan(0);
      for (const f of error.fieldErrors) {
        expect(f.messages.length).toBeGreaterThan(0);
        expect(typeof f.messages[0]).toBe('string');
      }
      expect(error.messagesFor('creators').length).toBeGreaterThan(0);
    } finally {
      await legacy.close();
    }
  });
});

describe('uploads', () => {
  let client: ZenodoClient;
  let draft: Deposition;
  beforeEach(async () => {
    client = makeClient({ token: TOKENS.write });
    draft = await client.createDeposition(metadata);
  });

  it('refuses a key with "/" before sending anything', async () => {
    const before = standin.state.requests.length;
    const error = await failure(
      client.uploadFile(draft, 'folder/file.csv', nodeBlob(['x']))
    );
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toContain('cannot contain "/"');
    expect(error.hint).toMatch(/archive/);
    expect(requestsSince(before)).toEqual([]);
  });

  it('refuses empty files and files over the size limit', async () => {
    const empty = await failure(
      client.uploadFile(draft, 'empty.txt', nodeBlob([]))
    );
    expect(empty.message).toMatch(/empty/);
    const small = makeClient({ token: TOKENS.write, maxFileBytes: 10 });
    const big = await failure(
      small.uploadFile(draft, 'big.bin', nodeBlob(['12345678901']))
    );
    expect(big.kind).toBe('too-large');
    expect(big.message).toBe(
      '"big.bin" is 11 bytes, more than Zenodo accepts per file (10 bytes).'
    );
  });

  it('stops at the 100-file limit, client-side and from Zenodo', async () => {
    const two = makeClient({ token: TOKENS.write, maxFiles: 2 });
    await two.uploadFile(draft, 'a.txt', nodeBlob(['a']));
    await two.uploadFile(draft, 'b.txt', nodeBlob(['b']));
    const fresh = await two.getDeposition(draft.id);
    const local = await failure(
      two.uploadFile(fresh, 'c.txt', nodeBlob(['c']))
    );
    expect(local.kind).toBe('too-many-files');
    expect(local.message).toMatch(/at most 2/);
    // Replacing an existing key is fine.
    await two.uploadFile(fresh, 'b.txt', nodeBlob(['b2']));
    // Zenodo's own answer at the 101st file (the client's check skipped by
    // passing only the id, whose file list it does not know yet... it reads
    // it, so give it a deposition object with an outdated list instead).
    for (let i = 0; i < 98; i++) {
      await client.uploadFile(draft, `f${i}.txt`, nodeBlob([`${i}`]));
    }
    const stale = { ...draft, files: [] };
    const remote = await failure(
      client.uploadFile(stale, 'one-too-many.txt', nodeBlob(['x']))
    );
    expect(remote.status).toBe(400);
    expect(remote.kind).toBe('too-many-files');
    expect(remote.message).toBe(
      'Uploading selected files will result in exceeding the max amount per record.'
    );
  });

  it('retries an upload whose connection was cut, then succeeds', async () => {
    const infos: RetryInfo[] = [];
    const retrying = makeClient({
      token: TOKENS.write,
      onRetry: i => infos.push(i)
    });
    standin.inject({
      rules: [{ method: 'PUT', path: '/api/files/', cutAfterBytes: 50_000 }]
    });
    const before = standin.state.requests.length;
    const bytes = new Uint8Array(400_000).fill(42);
    const result = await retrying.uploadFile(
      draft,
      'cut.bin',
      nodeBlob([bytes])
    );
    expect(result.size).toBe(400_000);
    expect(result.checksum).toBe(md5(bytes));
    expect(infos.map(i => i.reason)).toEqual(['network-error']);
    const puts = requestsSince(before).filter(r => r.method === 'PUT');
    expect(puts).toHaveLength(2);
  });

  it('aborts an upload in the middle', async () => {
    const slow = makeClient({ token: TOKENS.write });
    standin.inject({ latencyMs: 300 });
    const controller = new AbortController();
    const pending = slow.uploadFile(
      draft,
      'aborted.bin',
      nodeBlob([new Uint8Array(100_000)]),
      {
        signal: controller.signal
      }
    );
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.aborted).toBe(true);
    expect(error.status).toBe(0);
    standin.clearFaults();
    const files = (await slow.getDeposition(draft.id)).files.map(f => f.key);
    expect(files).not.toContain('aborted.bin');
  });

  it("gives Zenodo's 415 as an error that says it is a client bug", async () => {
    // The client always sends octet-stream; a raw PUT shows the server's rule.
    const raw = await fetch(`${draft.links.bucket}/x.csv`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${TOKENS.write}`,
        'Content-Type': 'text/csv'
      },
      body: 'a,b'
    });
    expect(raw.status).toBe(415);
    standin.inject({
      rules: [
        {
          method: 'PUT',
          path: '/api/files/',
          status: 415,
          body: await raw.json()
        }
      ]
    });
    const error = await failure(
      client.uploadFile(draft, 'x.csv', nodeBlob(['a,b']))
    );
    expect(error.status).toBe(415);
    expect(error.kind).toBe('unsupported-media-type');
    expect(error.message).toContain(
      'Expected one of: application/octet-stream'
    );
    expect(error.hint).toMatch(/bug in the client/);
  });
});

describe('authentication', () => {
  it('401 for an unknown token, with how to make a new one', async () => {
    const client = makeClient({ token: 'not-a-real-token-value' });
    const error = await failure(client.createDeposition());
    expect(error.status).toBe(401);
    expect(error.kind).toBe('unauthorized');
    expect(error.hint).toContain(
      `${standin.url}/account/settings/applications/tokens/new/`
    );
    expect(error.hint).toContain('deposit:write');
    expect(error.hint).toContain('deposit:actions');
    expect(error.describe()).not.toContain('not-a-real-token-value');
  });

  it('refuses a mangled token without quoting it', async () => {
    const before = standin.state.requests.length;
    const client = makeClient({ token: 'abc déf\u00a0ghi' });
    const error = await failure(client.createDeposition());
    expect(error.kind).toBe('invalid-input');
    expect(error.hint).toContain('/account/settings/applications/tokens/new/');
    expect(error.describe()).not.toContain('déf');
    expect(requestsSince(before)).toEqual([]);
  });

  it('403 without a token, without the scopes, and for another owner', async () => {
    const anonymous = await failure(makeClient().createDeposition());
    expect(anonymous.status).toBe(403);
    expect(anonymous.hint).toMatch(/^This needs a Zenodo access token/);
    const readonly = await failure(
      makeClient({ token: TOKENS.readonly }).createDeposition()
    );
    expect(readonly.status).toBe(403);
    expect(readonly.kind).toBe('forbidden');
    expect(readonly.hint).toContain('deposit:write and deposit:actions');
    const owner = makeClient({ token: TOKENS.write });
    const draft = await owner.createDeposition();
    const other = await failure(
      makeClient({ token: TOKENS.other }).getDeposition(draft.id)
    );
    expect(other.status).toBe(403);
    expect(other.hint).toContain('you own');
  });

  it('sends the token only to the configured Zenodo, never in a URL', async () => {
    // A second server on another origin (another port) that a link points at.
    const seen: (string | undefined)[] = [];
    const foreign = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': '5'
      });
      res.end('hello');
    });
    await new Promise<void>(r => foreign.listen(0, '127.0.0.1', () => r()));
    const port = (foreign.address() as any).port;
    try {
      const client = makeClient({ token: TOKENS.write });
      const blob = await client.downloadFile({
        key: 'x.txt',
        size: 5,
        downloadUrl: `http://127.0.0.1:${port}/api/records/1/files/x.txt/content`
      });
      expect(await textOf(blob)).toBe('hello');
      expect(seen).toEqual([undefined]);
      // To the configured Zenodo it does go, in the header.
      await client.getDeposition((await client.createDeposition()).id);
      const own = sent.filter(s => s.url.startsWith(standin.url)).slice(-1)[0];
      expect(own.headers.Authorization).toBe(`Bearer ${TOKENS.write}`);
    } finally {
      await new Promise(r => foreign.close(r));
    }
  });
});

describe('rate limits and retries', () => {
  it('waits until X-RateLimit-Reset on 429, tells onRetry, and retries', async () => {
    const infos: RetryInfo[] = [];
    const waits: number[] = [];
    const client = makeClient({ onRetry: i => infos.push(i), waits });
    standin.inject({
      rules: [
        { method: 'GET', path: '^/api/records$', rateLimitResetSeconds: 3 }
      ]
    });
    const perCall: RetryInfo[] = [];
    const page = await client.searchRecords({
      community: 'artifacts-demo',
      onRetry: i => perCall.push(i)
    });
    expect(page.total).toBeGreaterThan(0);
    expect(infos).toHaveLength(1);
    expect(perCall).toEqual(infos);
    expect(infos[0].reason).toBe('rate-limit');
    expect(infos[0].status).toBe(429);
    // Reset is whole epoch seconds: between 2 and 4 s from now.
    expect(infos[0].delayMs).toBeGreaterThanOrEqual(2000);
    expect(infos[0].delayMs).toBeLessThanOrEqual(4000);
    expect(waits).toEqual([infos[0].delayMs]);
  });

  it('retries even a create after 429 (Zenodo did not process it)', async () => {
    const client = makeClient({ token: TOKENS.write, waits: [] });
    standin.inject({
      rules: [
        {
          method: 'POST',
          path: '^/api/deposit/depositions$',
          rateLimitResetSeconds: 1
        }
      ]
    });
    const before = standin.state.depositions.length;
    const draft = await client.createDeposition();
    expect(draft.id).toBeGreaterThan(0);
    expect(standin.state.depositions.length).toBe(before + 1);
  });

  it('gives up on a reset beyond the cap, saying when to try again', async () => {
    const client = makeClient({ maxRateLimitWaitMs: 5000 });
    standin.inject({
      rules: [
        { method: 'GET', path: '^/api/records$', rateLimitResetSeconds: 600 }
      ]
    });
    const error = await failure(client.searchRecords({}));
    expect(error.status).toBe(429);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAt).toBeGreaterThan(Date.now() + 590_000);
    expect(error.hint).toMatch(/Try again after/);
  });

  it('a waiting retry is cancelled by the signal', async () => {
    const client = new ZenodoClient({ baseUrl: standin.url, fetch });
    standin.inject({
      rules: [
        { method: 'GET', path: '^/api/records$', rateLimitResetSeconds: 30 }
      ]
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.searchRecords({ signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const error = await failure(pending);
    expect(error.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('backs off exponentially on 5xx for reads, then gives up', async () => {
    const waits: number[] = [];
    const client = makeClient({ waits, retries: 3 });
    standin.inject({
      rules: [{ method: 'GET', path: '^/api/records/', status: 503, times: 10 }]
    });
    const error = await failure(client.getRecord('100004'));
    expect(error.status).toBe(503);
    expect(error.kind).toBe('server');
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('leaves no listener on a long-lived signal', async () => {
    // Node's own AbortController (jsdom's is the global here), whose
    // listeners Node can count.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vm = require('vm');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getEventListeners } = require('events');
    const controller = new (vm.runInThisContext('AbortController'))();
    const client = makeClient();
    const rec = (await client.searchRecords({ community: 'artifacts-demo' }))
      .hits[0];
    for (let i = 0; i < 5; i++) {
      await client.getRecord(rec.id, { signal: controller.signal });
      await client.downloadFile(rec.files[0], { signal: controller.signal });
    }
    await failure(client.getRecord('999999999', { signal: controller.signal }));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('counts a hung answer as a network error and retries a read', async () => {
    const infos: RetryInfo[] = [];
    const client = makeClient({ timeoutMs: 300, onRetry: i => infos.push(i) });
    standin.inject({
      rules: [{ method: 'GET', path: '^/api/records/', latencyMs: 3000 }]
    });
    const started = Date.now();
    const record = await client.getRecord('100004');
    expect(record.id).toBe('100004');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(infos.map(i => i.reason)).toEqual(['network-error']);
    // A create that hangs is not repeated; the error says what happened.
    const writer = makeClient({ token: TOKENS.write, timeoutMs: 300 });
    standin.inject({
      rules: [
        { method: 'POST', path: '^/api/deposit/depositions$', latencyMs: 3000 }
      ]
    });
    const error = await failure(writer.createDeposition());
    expect(error.kind).toBe('network');
    expect(error.detail).toBe('no answer within 300 ms');
  });

  it('never repeats a create after a 5xx or a network error', async () => {
    const client = makeClient({ token: TOKENS.write, waits: [] });
    for (const rule of [{ status: 500 }, { cutAfterBytes: 0 }]) {
      standin.inject({
        rules: [{ method: 'POST', path: '^/api/deposit/depositions$', ...rule }]
      });
      const before = standin.state.requests.length;
      const error = await failure(client.createDeposition(metadata));
      expect(['server', 'network']).toContain(error.kind);
      expect(error.hint).toContain('/me/uploads');
      const posts = requestsSince(before).filter(r => r.method === 'POST');
      expect(posts).toHaveLength(1);
    }
  });

  it('publish after a 5xx: checks the state, then publishes once', async () => {
    const infos: RetryInfo[] = [];
    const client = makeClient({
      token: TOKENS.write,
      waits: [],
      onRetry: i => infos.push(i)
    });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'data.zip', nodeBlob(['data']));
    standin.inject({
      rules: [{ method: 'POST', path: '/actions/publish$', status: 502 }]
    });
    const before = standin.state.requests.length;
    const published = await client.publish(draft);
    expect(published.state).toBe('done');
    const log = requestsSince(before).map(
      r => `${r.method} ${r.path.replace(/\?.*/, '')} ${r.status}`
    );
    expect(log).toEqual([
      `POST /api/deposit/depositions/${draft.id}/actions/publish 502`,
      `GET /api/deposit/depositions/${draft.id} 200`,
      `POST /api/deposit/depositions/${draft.id}/actions/publish 202`
    ]);
    expect(infos.map(i => i.reason)).toEqual(['server-error']);
  });

  it('publish whose answer was lost: finds it published, does not repeat', async () => {
    // Real HTTP, but the answer to the publish is dropped on the way back.
    let dropped = false;
    const lossy: typeof fetch = async (input: any, init?: any) => {
      const response = await fetch(input, init);
      if (!dropped && String(input).endsWith('/actions/publish')) {
        dropped = true;
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const client = makeClient({ token: TOKENS.write, fetch: lossy, waits: [] });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'data.zip', nodeBlob(['data']));
    const before = standin.state.requests.length;
    const published = await client.publish(draft.id);
    expect(published.state).toBe('done');
    expect(published.doi).toBe(draft.prereservedDoi);
    const posts = requestsSince(before).filter(r => r.method === 'POST');
    expect(posts).toHaveLength(1);
  });

  it('new version whose answer was lost: finds the draft instead of a second one', async () => {
    let dropped = false;
    const lossy: typeof fetch = async (input: any, init?: any) => {
      const response = await fetch(input, init);
      if (!dropped && String(input).endsWith('/actions/newversion')) {
        dropped = true;
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const client = makeClient({ token: TOKENS.write, fetch: lossy, waits: [] });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'data.zip', nodeBlob(['data']));
    const v1 = await client.publish(draft);
    const before = standin.state.requests.length;
    const v2 = await client.newVersion(v1.id);
    expect(v2.id).not.toBe(v1.id);
    expect(v2.state).toBe('unsubmitted');
    const posts = requestsSince(before).filter(r => r.method === 'POST');
    expect(posts).toHaveLength(1);
  });

  it('edit and discard whose answers were lost: state checked, not repeated', async () => {
    const drop = new Set(['/actions/edit', '/actions/discard']);
    const lossy: typeof fetch = async (input: any, init?: any) => {
      const response = await fetch(input, init);
      const action = [...drop].find(a => String(input).endsWith(a));
      if (action) {
        drop.delete(action);
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const client = makeClient({ token: TOKENS.write, fetch: lossy, waits: [] });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'data.zip', nodeBlob(['data']));
    const published = await client.publish(draft);
    const before = standin.state.requests.length;
    const editing = await client.edit(published.id);
    expect(editing.state).toBe('inprogress');
    await client.discard(published.id);
    expect((await client.getDeposition(published.id)).state).toBe('done');
    const posts = requestsSince(before).filter(r => r.method === 'POST');
    expect(posts.map(r => r.path)).toEqual([
      `/api/deposit/depositions/${published.id}/actions/edit`,
      `/api/deposit/depositions/${published.id}/actions/discard`
    ]);
    expect(drop.size).toBe(0);
  });

  it('follows links.latest_draft when newversion answers with the original (legacy docs)', async () => {
    // The documented legacy answer: the original deposition, whose
    // links.latest_draft points at the new draft.
    const legacyAnswer: typeof fetch = async (input: any, init?: any) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/actions/newversion') && response.ok) {
        const original = String(input).replace(/\/actions\/newversion$/, '');
        const body = await (
          await fetch(original, { headers: init.headers })
        ).text();
        return new Response(body, {
          status: 201,
          headers: { 'Content-Type': 'application/json' }
        });
      }
      return response;
    };
    const client = makeClient({ token: TOKENS.write, fetch: legacyAnswer });
    const draft = await client.createDeposition(metadata);
    await client.uploadFile(draft, 'data.zip', nodeBlob(['data']));
    const v1 = await client.publish(draft);
    const v2 = await client.newVersion(v1);
    expect(v2.id).not.toBe(v1.id);
    expect(v2.state).toBe('unsubmitted');
    expect(v2.conceptRecId).toBe(v1.conceptRecId);
  });

  it('a network error on a read is retried, and one that persists is explained', async () => {
    const waits: number[] = [];
    const down = new ZenodoClient({
      baseUrl: 'http://127.0.0.1:9', // discard port: nothing listens
      token: TOKENS.write,
      fetch,
      sleep: async ms => {
        waits.push(ms);
      }
    });
    const error = await failure(down.getRecord(1));
    expect(error.status).toBe(0);
    expect(error.kind).toBe('network');
    expect(error.hint).toMatch(/Check your network connection/);
    expect(error.hint).toContain('http://127.0.0.1:9');
    expect(waits).toEqual([1000, 2000, 4000]);
  });
});

describe('the token', () => {
  it('appears in no error, no URL, and no request log', () => {
    expect(seenErrors.length).toBeGreaterThan(20);
    const secrets = [TOKENS.write, TOKENS.readonly, TOKENS.other];
    for (const error of seenErrors as ZenodoError[]) {
      const text = [
        String(error),
        error.message,
        error.hint,
        error.describe(),
        error.stack ?? '',
        error.url ?? '',
        error.detail ?? '',
        JSON.stringify(error)
      ].join('\n');
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
      }
    }
    for (const s of sent) {
      for (const secret of secrets) {
        expect(s.url).not.toContain(secret);
      }
    }
    const log = JSON.stringify(standin.state.requests);
    for (const secret of secrets) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toContain('access_token');
  });
});
