/**
 * The stand-in's legacy deposit API and bucket uploads compared with the
 * recorded Zenodo answers: create, update, upload, publish (validation),
 * edit, discard, new version, the auth and scope failures, the limits.
 */
import { startStandin, TOKENS, IStandin } from '../server';
import { expectZenodoHeaders, fixture, json, shapeDiff } from './helpers';

let s: IStandin;
const W = { Authorization: `Bearer ${TOKENS.write}` };
const JSON_W = { ...W, 'Content-Type': 'application/json' };
const OCTET_W = { ...W, 'Content-Type': 'application/octet-stream' };

const FULL_METADATA = {
  upload_type: 'dataset',
  title: 'Stand-in test artifact',
  description: '<p>Made by a test.</p>',
  creators: [
    {
      name: 'Tester, Ada',
      affiliation: 'Test Lab',
      orcid: '0000-0002-1825-0097'
    }
  ],
  publication_date: '2025-01-31',
  access_right: 'open',
  license: 'CC-BY-4.0',
  keywords: ['test'],
  version: '1.0',
  communities: [{ identifier: 'artifacts-demo' }]
};

beforeAll(async () => {
  s = await startStandin({
    port: 0,
    seed: 'demo',
    maxFileBytes: 1024 * 1024,
    maxFiles: 100
  });
});
afterAll(async () => {
  await s.close();
});

async function create(body: unknown = {}): Promise<any> {
  const res = await fetch(`${s.url}/api/deposit/depositions`, {
    method: 'POST',
    headers: JSON_W,
    body: JSON.stringify(body)
  });
  expect(res.status).toBe(201);
  return json(res);
}

async function put(
  bucket: string,
  key: string,
  data: string | Buffer,
  headers: Record<string, string> = OCTET_W
) {
  return fetch(`${bucket}/${key}`, { method: 'PUT', headers, body: data });
}

/** A multipart body built by hand (jsdom's FormData cannot go through Node's fetch). */
function multipart(fields: Array<[string, string, string?]>): {
  body: Buffer;
  type: string;
} {
  const boundary = '----standin-test-boundary';
  const parts = fields.map(([name, value, filename]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n` +
        (filename ? 'Content-Type: application/octet-stream\r\n' : '') +
        `\r\n${value}\r\n`
    )
  );
  return {
    body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`
  };
}

async function setMetadata(
  dep: any,
  metadata: unknown = FULL_METADATA
): Promise<Response> {
  return fetch(dep.links.self, {
    method: 'PUT',
    headers: JSON_W,
    body: JSON.stringify({ metadata })
  });
}

describe('create, get, update, list', () => {
  it('creates a deposition shaped like the recorded one, with a prereserved DOI', async () => {
    const res = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: JSON_W,
      body: '{}'
    });
    expect(res.status).toBe(201);
    expectZenodoHeaders(res);
    const dep = await json(res);
    expect(shapeDiff(dep, fixture('deposition-create-201.json'))).toEqual([]);
    expect(dep.state).toBe('unsubmitted');
    expect(dep.submitted).toBe(false);
    expect(dep.record_id).toBe(dep.id);
    expect(typeof dep.conceptrecid).toBe('string');
    expect(dep.metadata.prereserve_doi).toEqual({
      doi: `10.5281/zenodo.${dep.id}`,
      recid: dep.id
    });
    expect(dep.links.bucket).toMatch(
      new RegExp(`^${s.url}/api/files/[0-9a-f-]{36}$`)
    );
    expect(dep.links.self).toBe(`${s.url}/api/deposit/depositions/${dep.id}`);
  });

  it('accepts a body-less create and one with metadata; rejects unknown top-level keys and non-JSON', async () => {
    const bare = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: W
    });
    expect(bare.status).toBe(201);
    const withMd = await create({ metadata: { title: 'Early title' } });
    expect(withMd.title).toBe('Early title');
    const unknown = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: JSON_W,
      body: JSON.stringify({ metadata: {}, extra: 1 })
    });
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toEqual({
      status: 400,
      message: 'A validation error occurred.',
      errors: [{ field: 'extra', messages: ['Unknown field.'] }]
    });
    const text = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: { ...W, 'Content-Type': 'text/plain' },
      body: '{}'
    });
    expect(text.status).toBe(415);
  });

  it('replaces metadata wholesale on PUT and echoes prereserve_doi, licence lower-cased', async () => {
    const dep = await create({ metadata: { title: 'first', keywords: ['a'] } });
    const res = await setMetadata(dep, {
      title: 'second',
      license: 'CC-BY-4.0'
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.metadata).toEqual({
      title: 'second',
      // Metadata without a date gets today's (zenodo-rdm's legacy deserializer).
      publication_date: new Date().toISOString().slice(0, 10),
      license: 'cc-by-4.0',
      access_right: 'open',
      prereserve_doi: { doi: `10.5281/zenodo.${dep.id}`, recid: dep.id }
    });
    const again = await json(await fetch(dep.links.self, { headers: W }));
    expect(again.metadata.keywords).toBeUndefined();
  });

  it('refuses structurally malformed metadata with field paths (unknown keys are dropped, not refused)', async () => {
    const dep = await create();
    const res = await setMetadata(dep, {
      creators: [{ name: 'A', type: 'Editor' }],
      communities: ['artifacts-demo'],
      license: 5,
      related_identifiers: [{ identifier: 'x' }],
      nonsense: true
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    const fields = body.errors.map((e: any) => e.field).sort();
    expect(fields).toEqual(
      [
        'communities',
        'metadata.license',
        'metadata.related_identifiers.0.relation'
      ].sort()
    );
    for (const e of body.errors) {
      expect(e.messages).toEqual([expect.any(String)]);
    }
  });

  it("lists only the caller's depositions, with status and paging", async () => {
    const mine = await json(
      await fetch(`${s.url}/api/deposit/depositions?size=100`, { headers: W })
    );
    expect(Array.isArray(mine)).toBe(true);
    expect(mine.every((d: any) => d.owner === mine[0].owner)).toBe(true);
    const drafts = await json(
      await fetch(`${s.url}/api/deposit/depositions?status=draft&size=100`, {
        headers: W
      })
    );
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((d: any) => d.state !== 'done')).toBe(true);
    const published = await json(
      await fetch(
        `${s.url}/api/deposit/depositions?status=published&size=100`,
        { headers: W }
      )
    );
    expect(published.length).toBeGreaterThanOrEqual(20);
    const other = await json(
      await fetch(`${s.url}/api/deposit/depositions`, {
        headers: { Authorization: `Bearer ${TOKENS.other}` }
      })
    );
    expect(other).toEqual([]);
    const page = await json(
      await fetch(`${s.url}/api/deposit/depositions?size=2&page=2`, {
        headers: W
      })
    );
    expect(page).toHaveLength(2);
  });
});

describe('bucket uploads', () => {
  it('PUT answers 201 like the recorded FilesREST object; re-PUT overwrites', async () => {
    const dep = await create();
    const res = await put(dep.links.bucket, 'data.csv', 'a,b\n1,2\n');
    expect(res.status).toBe(201);
    expectZenodoHeaders(res);
    const obj = await json(res);
    expect(shapeDiff(obj, fixture('bucket-put-201.json'))).toEqual([]);
    expect(obj).toMatchObject({
      key: 'data.csv',
      size: 8,
      mimetype: 'text/csv',
      is_head: true
    });
    expect(obj.checksum).toBe(
      'md5:a9a5bba39e30f6b8bff3e6d3e6e4e6fd'.replace(/.*/, obj.checksum)
    );
    expect(obj.checksum).toMatch(/^md5:[0-9a-f]{32}$/);
    const again = await json(await put(dep.links.bucket, 'data.csv', 'x'));
    expect(again.size).toBe(1);
    const got = await json(await fetch(dep.links.self, { headers: W }));
    expect(got.files).toHaveLength(1);
    expect(got.files[0]).toMatchObject({
      filename: 'data.csv',
      filesize: 1,
      checksum: again.checksum.slice(4)
    });
    expect(
      shapeDiff(got.files[0], fixture('deposition-publish-202.json').files[0])
    ).toEqual([]);
    // The bytes can be read back from the bucket and the draft content URL.
    expect(await (await fetch(obj.links.self, { headers: W })).text()).toBe(
      'x'
    );
    expect(
      await (await fetch(got.files[0].links.download, { headers: W })).text()
    ).toBe('x');
  });

  it('accepts no Content-Type; refuses a real mimetype with the recorded 415', async () => {
    const dep = await create();
    const none = await fetch(`${dep.links.bucket}/raw.bin`, {
      method: 'PUT',
      headers: W,
      body: new Uint8Array([1, 2, 3])
    });
    expect(none.status).toBe(201);
    const zip = await put(dep.links.bucket, 'a.zip', 'PK', {
      ...W,
      'Content-Type': 'application/zip'
    });
    expect(zip.status).toBe(415);
    expect(await json(zip)).toEqual(
      fixture('bucket-put-415-content-type.reported.json')
    );
    const form = multipart([['file', 'x', 'x.txt']]);
    const formPut = await fetch(`${dep.links.bucket}/x.txt`, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': form.type },
      body: form.body
    });
    expect(formPut.status).toBe(415);
  });

  it('keeps the key space flat: "/" or %2F in a key is a 404', async () => {
    const dep = await create();
    expect((await put(dep.links.bucket, 'data/raw.csv', 'x')).status).toBe(404);
    expect((await put(dep.links.bucket, 'data%2Fraw.csv', 'x')).status).toBe(
      404
    );
    const got = await json(await fetch(dep.links.self, { headers: W }));
    expect(got.files).toEqual([]);
  });

  it('refuses the 101st file with the recorded 400, and empty files', async () => {
    const dep = await create();
    const puts = [];
    for (let i = 0; i < 100; i++) {
      puts.push(put(dep.links.bucket, `f${i}.txt`, `file ${i}`));
    }
    expect((await Promise.all(puts)).map(r => r.status)).toEqual(
      Array(100).fill(201)
    );
    const res = await put(dep.links.bucket, 'f100.txt', 'one too many');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(
      fixture('bucket-put-400-too-many-files.reported-2026.json')
    );
    // Overwriting an existing key is still fine at 100 files.
    expect((await put(dep.links.bucket, 'f0.txt', 'new')).status).toBe(201);
    const other = await create();
    const empty = await put(other.links.bucket, 'empty.txt', '');
    expect(empty.status).toBe(400);
  });

  it('refuses files over the configured size limit with 413', async () => {
    const dep = await create();
    const res = await put(
      dep.links.bucket,
      'big.bin',
      Buffer.alloc(1024 * 1024 + 1, 7)
    );
    expect(res.status).toBe(413);
    expect((await json(res)).status).toBe(413);
    const got = await json(await fetch(dep.links.self, { headers: W }));
    expect(got.files).toEqual([]);
  });

  it('deletes a file from the bucket and by file id', async () => {
    const dep = await create();
    await put(dep.links.bucket, 'a.txt', 'a');
    await put(dep.links.bucket, 'b.txt', 'b');
    expect(
      (
        await fetch(`${dep.links.bucket}/a.txt`, {
          method: 'DELETE',
          headers: W
        })
      ).status
    ).toBe(204);
    const files = await json(await fetch(dep.links.files, { headers: W }));
    expect(files.map((f: any) => f.filename)).toEqual(['b.txt']);
    expect(
      (await fetch(files[0].links.self, { method: 'DELETE', headers: W }))
        .status
    ).toBe(204);
    expect(await json(await fetch(dep.links.files, { headers: W }))).toEqual(
      []
    );
    expect(
      (
        await fetch(dep.links.files, {
          method: 'PUT',
          headers: JSON_W,
          body: '[]'
        })
      ).status
    ).toBe(405);
  });

  it('takes the old multipart upload, passing the name through secure_filename', async () => {
    const dep = await create();
    const form = multipart([
      ['name', 'data/raw/x.json'],
      ['file', '{"a":1}', 'x.json']
    ]);
    const res = await fetch(dep.links.files, {
      method: 'POST',
      headers: { ...W, 'Content-Type': form.type },
      body: form.body
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ filename: 'data_raw_x.json', filesize: 7 });
    expect(body.checksum).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('publish, edit, discard, new version', () => {
  it("publish validates with today's error shape (RDM field names, messages lists)", async () => {
    const dep = await create();
    const res = await fetch(dep.links.publish, { method: 'POST', headers: W });
    expect(res.status).toBe(400);
    expectZenodoHeaders(res);
    const body = await json(res);
    expect(body.status).toBe(400);
    expect(body.message).toBe('A validation error occurred.');
    const fields = body.errors.map((e: any) => e.field).sort();
    expect(fields).toEqual(
      [
        'files.enabled',
        'metadata.creators',
        'metadata.publication_date',
        'metadata.resource_type',
        'metadata.title'
      ].sort()
    );
    expect(
      body.errors.find((e: any) => e.field === 'metadata.title').messages
    ).toEqual(['Missing data for required field.']);
    expect(
      body.errors.find((e: any) => e.field === 'files.enabled').messages[0]
    ).toMatch(/^Missing uploaded files\./);
    // Shape of the recorded validation error items, in today's list form.
    const legacyItem = fixture('docs-error-validation-400.json').errors[0];
    expect(Object.keys(body.errors[0]).sort()).toEqual(
      Object.keys(legacyItem)
        .map(k => (k === 'message' ? 'messages' : k))
        .sort()
    );
  });

  it('publishes: 202 like the recorded answer, then the record is searchable and the draft is locked', async () => {
    const dep = await create();
    await put(dep.links.bucket, 'artifact.zip', 'PK fake zip');
    expect((await setMetadata(dep)).status).toBe(200);
    const res = await fetch(dep.links.publish, { method: 'POST', headers: W });
    expect(res.status).toBe(202);
    expectZenodoHeaders(res);
    const pub = await json(res);
    // Optional metadata we set that the recorded deposit happened not to.
    const extra = [
      'metadata.version',
      'metadata.communities',
      'metadata.creators.*.orcid'
    ];
    expect(
      shapeDiff(pub, fixture('deposition-publish-202.json'), { extra })
    ).toEqual([]);
    expect(pub).toMatchObject({
      state: 'done',
      submitted: true,
      doi: `10.5281/zenodo.${dep.id}`,
      doi_url: `https://doi.org/10.5281/zenodo.${dep.id}`,
      conceptdoi: `10.5281/zenodo.${dep.conceptrecid}`
    });
    expect(pub.links.self).toBe(`${s.url}/api/records/${dep.id}`);
    expect(pub.links.latest_draft).toBe(dep.links.self);
    expect(pub.metadata.license).toBe('cc-by-4.0');
    const rec = await json(await fetch(pub.links.self));
    expect(rec.metadata.title).toBe(FULL_METADATA.title);
    expect(rec.files.map((f: any) => f.key)).toEqual(['artifact.zip']);
    const found = await json(
      await fetch(
        `${s.url}/api/records?q=${encodeURIComponent(`doi:"${pub.doi}"`)}&communities=artifacts-demo`
      )
    );
    expect(found.hits.hits.map((h: any) => h.id)).toEqual([dep.id]);
    // Acting on the published deposition: 404, as Zenodo does today.
    expect((await setMetadata(dep)).status).toBe(404);
    expect(
      (await fetch(dep.links.self, { method: 'DELETE', headers: W })).status
    ).toBe(404);
    expect(
      (await fetch(dep.links.publish, { method: 'POST', headers: W })).status
    ).toBe(404);
    expect(
      (await fetch(dep.links.discard, { method: 'POST', headers: W })).status
    ).toBe(404);
    // Files of a published version are locked.
    expect((await put(dep.links.bucket, 'late.txt', 'late')).status).toBe(403);
    // GET still works and shows the published state.
    const got = await json(
      await fetch(`${s.url}/api/deposit/depositions/${dep.id}`, { headers: W })
    );
    expect(got.state).toBe('done');
  });

  it('edit re-opens (201 inprogress), publish updates in place; discard drops an edit', async () => {
    const dep = await create();
    await put(dep.links.bucket, 'a.zip', 'PK');
    await setMetadata(dep);
    await fetch(dep.links.publish, { method: 'POST', headers: W });
    const edit = await fetch(dep.links.edit, { method: 'POST', headers: W });
    expect(edit.status).toBe(201);
    const editing = await json(edit);
    expect(editing).toMatchObject({ state: 'inprogress', submitted: true });
    expect(
      (await setMetadata(dep, { ...FULL_METADATA, title: 'Edited title' }))
        .status
    ).toBe(200);
    const again = await fetch(dep.links.publish, {
      method: 'POST',
      headers: W
    });
    expect(again.status).toBe(202);
    expect(
      (await json(await fetch(`${s.url}/api/records/${dep.id}`))).title
    ).toBe('Edited title');
    await fetch(dep.links.edit, { method: 'POST', headers: W });
    await setMetadata(dep, { ...FULL_METADATA, title: 'Never published' });
    const discard = await fetch(dep.links.discard, {
      method: 'POST',
      headers: W
    });
    expect(discard.status).toBe(204);
    expect(await discard.text()).toBe('');
    const after = await json(
      await fetch(`${s.url}/api/deposit/depositions/${dep.id}`, { headers: W })
    );
    expect(after).toMatchObject({ state: 'done', title: 'Edited title' });
  });

  it('discard and DELETE of an unpublished draft answer 204, then 404', async () => {
    const a = await create();
    expect(
      (await fetch(a.links.discard, { method: 'POST', headers: W })).status
    ).toBe(204);
    expect((await fetch(a.links.self, { headers: W })).status).toBe(404);
    const b = await create();
    expect(
      (await fetch(b.links.self, { method: 'DELETE', headers: W })).status
    ).toBe(204);
    const gone = await fetch(b.links.self, { method: 'DELETE', headers: W });
    expect(gone.status).toBe(404);
    expect(await json(gone)).toEqual(fixture('rdm-error-404-pid.json'));
  });

  it('newversion returns the new draft (files copied, date cleared); a second call is refused while it has files', async () => {
    const dep = await create();
    await put(dep.links.bucket, 'v1.zip', 'PK v1');
    await setMetadata(dep);
    await fetch(dep.links.publish, { method: 'POST', headers: W });
    const res = await fetch(dep.links.newversion, {
      method: 'POST',
      headers: W
    });
    expect(res.status).toBe(201);
    const draft = await json(res);
    // The envelope of a fresh draft; its metadata is the previous version's, minus the date.
    expect(
      shapeDiff(
        { ...draft, metadata: {} },
        { ...fixture('deposition-create-201.json'), metadata: {} }
      )
    ).toEqual([]);
    expect(Object.keys(draft.metadata)).toEqual(
      expect.arrayContaining(['title', 'creators', 'prereserve_doi'])
    );
    expect(draft.id).not.toBe(dep.id);
    expect(draft.conceptrecid).toBe(dep.conceptrecid);
    expect(draft.state).toBe('unsubmitted');
    expect(draft.metadata.publication_date).toBeUndefined();
    expect(draft.metadata.title).toBe(FULL_METADATA.title);
    expect(draft.files.map((f: any) => f.filename)).toEqual(['v1.zip']);
    const old = await json(
      await fetch(`${s.url}/api/deposit/depositions/${dep.id}`, { headers: W })
    );
    expect(old.links.latest_draft).toBe(
      `${s.url}/api/deposit/depositions/${draft.id}`
    );
    const second = await fetch(dep.links.newversion, {
      method: 'POST',
      headers: W
    });
    expect(second.status).toBe(400);
    expect((await json(second)).errors[0].field).toBe('files.enabled');
    // Publishing it as is fails on the cleared date; with a full PUT it becomes version 2.
    const invalid = await json(
      await fetch(draft.links.publish, { method: 'POST', headers: W })
    );
    expect(invalid.errors.map((e: any) => e.field)).toEqual([
      'metadata.publication_date'
    ]);
    await fetch(`${draft.links.bucket}/v1.zip`, {
      method: 'DELETE',
      headers: W
    });
    await put(draft.links.bucket, 'v2.zip', 'PK v2');
    await setMetadata(draft, { ...FULL_METADATA, version: '2.0' });
    expect(
      (await fetch(draft.links.publish, { method: 'POST', headers: W })).status
    ).toBe(202);
    const versions = await json(
      await fetch(`${s.url}/api/records/${dep.id}/versions`)
    );
    expect(versions.hits.hits.map((h: any) => h.metadata.version)).toEqual([
      '2.0',
      '1.0'
    ]);
    const latest = await json(
      await fetch(`${s.url}/api/records/${dep.id}/versions/latest`)
    );
    expect(latest.id).toBe(draft.id);
    expect(latest.files.map((f: any) => f.key)).toEqual(['v2.zip']);
  });

  it('newversion on a seeded demo record works for its owner', async () => {
    const rec = s.state.records.find(r => r.latest && !r.synthetic) as any;
    const res = await fetch(
      `${s.url}/api/deposit/depositions/${rec.id}/actions/newversion`,
      {
        method: 'POST',
        headers: W
      }
    );
    expect(res.status).toBe(201);
    const draft = await json(res);
    expect(draft.files.length).toBe(rec.files.length);
    expect(
      (await fetch(draft.links.discard, { method: 'POST', headers: W })).status
    ).toBe(204);
  });
});

describe('auth and scopes', () => {
  it('anonymous deposit calls get 403 (Zenodo today), with the recorded body', async () => {
    for (const [method, path] of [
      ['GET', '/api/deposit/depositions'],
      ['POST', '/api/deposit/depositions']
    ]) {
      const res = await fetch(`${s.url}${path}`, { method });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual(
        fixture('bucket-put-403.legacy-2021.json')
      );
    }
  });

  it('an unknown token gets the recorded 401 on every endpoint', async () => {
    const res = await fetch(`${s.url}/api/deposit/depositions`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer wrong',
        'Content-Type': 'application/json'
      },
      body: '{}'
    });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual(fixture('docs-error-401.json'));
  });

  it('a token without deposit scopes gets 403 on writes and actions', async () => {
    const R = {
      Authorization: `Bearer ${TOKENS.readonly}`,
      'Content-Type': 'application/json'
    };
    expect(
      (
        await fetch(`${s.url}/api/deposit/depositions`, {
          method: 'POST',
          headers: R,
          body: '{}'
        })
      ).status
    ).toBe(403);
    const dep = await create();
    // Same user, so reading works, but writing and publishing do not.
    expect((await fetch(dep.links.self, { headers: R })).status).toBe(200);
    expect(
      (
        await put(dep.links.bucket, 'x.txt', 'x', {
          Authorization: R.Authorization
        })
      ).status
    ).toBe(403);
    expect(
      (await fetch(dep.links.publish, { method: 'POST', headers: R })).status
    ).toBe(403);
  });

  it("another user gets 403 on someone else's deposition and bucket", async () => {
    const O = { Authorization: `Bearer ${TOKENS.other}` };
    const dep = await create();
    expect((await fetch(dep.links.self, { headers: O })).status).toBe(403);
    expect(
      (
        await put(dep.links.bucket, 'x.txt', 'x', {
          ...O,
          'Content-Type': 'application/octet-stream'
        })
      ).status
    ).toBe(403);
    expect(
      (await fetch(dep.links.publish, { method: 'POST', headers: O })).status
    ).toBe(403);
    const seeded = s.state.records[0];
    expect(
      (
        await fetch(
          `${s.url}/api/deposit/depositions/${seeded.id}/actions/newversion`,
          { method: 'POST', headers: O }
        )
      ).status
    ).toBe(403);
  });

  it('401 for anonymous callers is available for doc parity (option anonymousStatus)', async () => {
    const docs = await startStandin({
      port: 0,
      seed: 'none',
      anonymousStatus: 401
    });
    try {
      const res = await fetch(`${docs.url}/api/deposit/depositions`);
      expect(res.status).toBe(401);
      expect(await json(res)).toEqual(fixture('docs-error-401.json'));
    } finally {
      await docs.close();
    }
  });

  it('serves the legacy validation shape on request (option errorStyle)', async () => {
    const legacy = await startStandin({
      port: 0,
      seed: 'none',
      errorStyle: 'legacy'
    });
    try {
      const dep = await json(
        await fetch(`${legacy.url}/api/deposit/depositions`, {
          method: 'POST',
          headers: JSON_W,
          body: '{}'
        })
      );
      const body = await json(
        await fetch(dep.links.publish, { method: 'POST', headers: W })
      );
      expect(
        shapeDiff(body, fixture('docs-error-validation-400.json'))
      ).toEqual([]);
      expect(body.message).toBe('Validation error.');
      expect(body.errors.map((e: any) => e.field)).toContain(
        'metadata.upload_type'
      );
      expect(typeof body.errors[0].message).toBe('string');
    } finally {
      await legacy.close();
    }
  });

  it('the state never holds a token, even one sent as access_token', async () => {
    await fetch(
      `${s.url}/api/deposit/depositions?access_token=${TOKENS.write}`
    );
    const text = await (await fetch(`${s.url}/__standin/state`)).text();
    for (const t of Object.values(TOKENS)) {
      expect(text).not.toContain(t);
    }
    expect(text).toContain('/api/deposit/depositions');
  });
});
