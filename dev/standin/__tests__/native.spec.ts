/**
 * The InvenioRDM-native draft API compared with the flow recorded on the
 * sandbox in 2025 (fixtures `rdm-*`): create, reserve DOI, file init,
 * content, commit, update, publish, new version.
 */
import { startStandin, TOKENS, IStandin } from '../server';
import { expectZenodoHeaders, fixture, json, shapeDiff } from './helpers';

let s: IStandin;
const W = { Authorization: `Bearer ${TOKENS.write}` };
const JSON_W = { ...W, 'Content-Type': 'application/json' };

beforeAll(async () => {
  s = await startStandin({ port: 0, seed: 'none' });
});
afterAll(async () => {
  await s.close();
});

const METADATA = {
  resource_type: { id: 'workflow' },
  title: 'Water bodies detection based on NDWI and the otsu threshold',
  publication_date: '2025-10-09',
  description: 'Water bodies detection based on NDWI',
  creators: [
    {
      person_or_org: {
        type: 'personal',
        family_name: 'Brito',
        given_name: 'Fabrice',
        identifiers: [{ scheme: 'orcid', identifier: '0009-0000-1342-9736' }]
      },
      affiliations: [{ name: 'Terradue Srl' }]
    },
    {
      person_or_org: {
        type: 'personal',
        family_name: 'Tripodi',
        given_name: 'Simone',
        identifiers: [{ scheme: 'orcid', identifier: '0009-0006-2063-618X' }]
      },
      affiliations: [{ name: 'Terradue Srl' }]
    }
  ],
  version: '1.0.0'
};

describe('native draft flow (as recorded on the sandbox, 2025-10)', () => {
  it('create → reserve DOI → init → content → commit → update → publish', async () => {
    const created = await fetch(`${s.url}/api/records`, {
      method: 'POST',
      headers: JSON_W,
      body: '{}'
    });
    expect(created.status).toBe(201);
    expectZenodoHeaders(created);
    const draft = await json(created);
    expect(
      shapeDiff(draft, fixture('rdm-draft-create-201.zenodojson.json'))
    ).toEqual([]);

    const reserved = await fetch(draft.links.reserve_doi, {
      method: 'POST',
      headers: W
    });
    expect(reserved.status).toBe(201);
    const withDoi = await json(reserved);
    expect(
      shapeDiff(withDoi, fixture('rdm-draft-reserve-doi-201.zenodojson.json'))
    ).toEqual([]);
    expect(withDoi.doi).toBe(`10.5281/zenodo.${draft.id}`);

    const init = await fetch(draft.links.files, {
      method: 'POST',
      headers: JSON_W,
      body: JSON.stringify([
        {
          key: 'pattern-1_v1.0.0.cwl',
          size: 11,
          checksum: 'md5:5eb63bbbe01eeed093cb22bb8f5acdc3'
        },
        {
          key: 'codemeta.json',
          size: 2,
          checksum: 'md5:99914b932bd37a50b983c5e7c90ae93b'
        }
      ])
    });
    expect(init.status).toBe(201);
    const listing = await json(init);
    expect(
      shapeDiff(listing, fixture('rdm-draft-files-init-201.json'))
    ).toEqual([]);
    expect(listing.entries.map((e: any) => e.status)).toEqual([
      'pending',
      'pending'
    ]);

    for (const [entry, bytes] of [
      [listing.entries[0], 'hello world'],
      [listing.entries[1], '{}']
    ]) {
      const put = await fetch(entry.links.content, {
        method: 'PUT',
        headers: { ...W, 'Content-Type': 'application/octet-stream' },
        body: bytes
      });
      expect(put.status).toBe(200);
      expect(
        shapeDiff(
          await json(put),
          fixture('rdm-draft-file-content-put-200.json')
        )
      ).toEqual([]);
      const commit = await fetch(entry.links.commit, {
        method: 'POST',
        headers: W
      });
      expect(commit.status).toBe(200);
      const committed = await json(commit);
      expect(
        shapeDiff(committed, fixture('rdm-draft-file-commit-200.json'))
      ).toEqual([]);
      expect(committed.status).toBe('completed');
    }

    const update = await fetch(draft.links.self, {
      method: 'PUT',
      headers: JSON_W,
      body: JSON.stringify({ metadata: METADATA })
    });
    expect(update.status).toBe(200);
    const updated = await json(update);
    expect(
      shapeDiff(updated, fixture('rdm-draft-update-put-200.zenodojson.json'), {
        extra: ['metadata.creators.*.orcid']
      })
    ).toEqual([]);
    expect(updated.metadata.creators).toEqual([
      {
        name: 'Brito, Fabrice',
        affiliation: 'Terradue Srl',
        orcid: '0009-0000-1342-9736'
      },
      {
        name: 'Tripodi, Simone',
        affiliation: 'Terradue Srl',
        orcid: '0009-0006-2063-618X'
      }
    ]);
    expect(updated.metadata.resource_type).toEqual({
      title: 'Workflow',
      type: 'workflow'
    });

    const publish = await fetch(updated.links.publish, {
      method: 'POST',
      headers: W
    });
    expect(publish.status).toBe(202);
    const record = await json(publish);
    expect(
      shapeDiff(record, fixture('rdm-draft-publish-202.zenodojson.json'), {
        extra: ['metadata.creators.*.orcid']
      })
    ).toEqual([]);
    expect(record).toMatchObject({
      status: 'published',
      state: 'done',
      submitted: true
    });
    // Identical to what GET /api/records/:id then serves (stats aside).
    const read = await json(await fetch(`${s.url}/api/records/${draft.id}`));
    expect({ ...read, stats: null }).toEqual({ ...record, stats: null });
    // Both APIs see the same object.
    const legacy = await json(
      await fetch(`${s.url}/api/deposit/depositions/${draft.id}`, {
        headers: W
      })
    );
    expect(legacy.state).toBe('done');
  });

  it('new version: a draft without files or date (as recorded), files-import copies the files', async () => {
    const dep = await json(
      await fetch(`${s.url}/api/records`, {
        method: 'POST',
        headers: JSON_W,
        body: '{}'
      })
    );
    const init = await json(
      await fetch(dep.links.files, {
        method: 'POST',
        headers: JSON_W,
        body: JSON.stringify([{ key: 'a.txt' }])
      })
    );
    // A string body would go as text/plain, which Zenodo refuses (415).
    const put = await fetch(init.entries[0].links.content, {
      method: 'PUT',
      headers: { ...W, 'Content-Type': 'application/octet-stream' },
      body: 'a'
    });
    expect(put.status).toBe(200);
    await fetch(init.entries[0].links.commit, { method: 'POST', headers: W });
    await fetch(dep.links.self, {
      method: 'PUT',
      headers: JSON_W,
      body: JSON.stringify({ metadata: METADATA })
    });
    expect(
      (await fetch(dep.links.publish, { method: 'POST', headers: W })).status
    ).toBe(202);

    const res = await fetch(`${s.url}/api/records/${dep.id}/versions`, {
      method: 'POST',
      headers: W
    });
    expect(res.status).toBe(201);
    const next = await json(res);
    expect(
      shapeDiff(next, fixture('rdm-record-new-version-201.zenodojson.json'))
    ).toEqual([]);
    expect(next.files).toEqual([]);
    expect(next.metadata.publication_date).toBeUndefined();
    expect(next.metadata.relations.version[0].index).toBe(1);
    const imported = await fetch(
      `${s.url}/api/records/${next.id}/draft/actions/files-import`,
      {
        method: 'POST',
        headers: W
      }
    );
    expect(imported.status).toBe(201);
    expect((await json(imported)).entries.map((e: any) => e.key)).toEqual([
      'a.txt'
    ]);
  });

  it('publishing an incomplete native draft gives the validation error shape', async () => {
    const dep = await json(
      await fetch(`${s.url}/api/records`, {
        method: 'POST',
        headers: JSON_W,
        body: '{}'
      })
    );
    const res = await fetch(dep.links.publish, { method: 'POST', headers: W });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.message).toBe('A validation error occurred.');
    expect(body.errors.map((e: any) => e.field)).toContain('files.enabled');
  });

  it('needs a token with scopes, and the owner', async () => {
    expect(
      (
        await fetch(`${s.url}/api/records`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}'
        })
      ).status
    ).toBe(403);
    const ro = {
      Authorization: `Bearer ${TOKENS.readonly}`,
      'Content-Type': 'application/json'
    };
    expect(
      (
        await fetch(`${s.url}/api/records`, {
          method: 'POST',
          headers: ro,
          body: '{}'
        })
      ).status
    ).toBe(403);
    const dep = await json(
      await fetch(`${s.url}/api/records`, {
        method: 'POST',
        headers: JSON_W,
        body: '{}'
      })
    );
    const other = { Authorization: `Bearer ${TOKENS.other}` };
    expect((await fetch(dep.links.self, { headers: other })).status).toBe(403);
  });
});
