/**
 * Normalisation of every body recorded in fixtures/ (copied from the shared
 * zenodo/fixtures, see fixtures/SOURCES.md), plus the two shapes that have no
 * recording there (legacy before Oct 2023, native InvenioRDM), built from
 * the description in API.md §2.2.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
  Artifact,
  errorFromResponse,
  normaliseDeposition,
  normaliseFiles,
  normaliseRecord,
  normaliseSearch,
  normaliseUploadedFile,
  parseRecordReference,
  RetryInfo,
  ZenodoClient,
  ZenodoError
} from '../index';

const FIXTURES = path.join(__dirname, 'fixtures');

function load(name: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'));
}

/** Each fixture file and the test that covers it. */
const covered: Record<string, string> = {
  'records-search-zenodojson-2023-10.json': 'search page (Oct 2023 shape)',
  'records-search-one-hit-zenodojson-2023-10.json': 'search one hit',
  'rdm-draft-publish-202.zenodojson.json': 'record today (Zenodo JSON)',
  'rdm-draft-create-201.zenodojson.json': 'RDM draft',
  'rdm-draft-reserve-doi-201.zenodojson.json': 'RDM draft with DOI',
  'rdm-draft-update-put-200.zenodojson.json': 'RDM draft updated',
  'rdm-record-new-version-201.zenodojson.json': 'RDM new version',
  'rdm-record-versions-past-end-200.json': 'versions past the end',
  'rdm-draft-files-init-201.json': 'RDM files list',
  'rdm-draft-file-content-put-200.json': 'RDM file content',
  'rdm-draft-file-commit-200.json': 'RDM file commit',
  'deposition-create-201.json': 'deposition created',
  'deposition-publish-202.json': 'deposition published',
  'docs-deposition-create-201.json': 'docs deposition',
  'bucket-put-201.json': 'bucket PUT',
  'docs-bucket-put-201.json': 'docs bucket PUT',
  'docs-files-multipart-post-201.json': 'docs multipart',
  'records-search-size-400.server-test.json': 'error: size',
  'bucket-put-400-too-many-files.reported-2026.json': 'error: 101st file',
  'bucket-put-403.legacy-2021.json': 'error: 403',
  'bucket-put-415-content-type.reported.json': 'error: 415',
  'docs-error-401.json': 'error: 401',
  'docs-error-404.json': 'error: 404 legacy',
  'rdm-error-404-pid.json': 'error: 404 RDM',
  'docs-error-validation-400.json': 'error: legacy validation',
  'rdm-flow-http-headers-sandbox-2025-10.txt': 'rate-limit headers',
  'SOURCES.md': 'provenance, not a body'
};

describe('fixtures', () => {
  it('every recorded body is covered below', () => {
    const files = fs.readdirSync(FIXTURES).sort();
    expect(files).toEqual(Object.keys(covered).sort());
    // Still the same bodies as the shared recordings (reformatted only).
    // The team's shared recordings sit beside the checkout, where present.
    const shared =
      process.env.ZENODO_SHARED_FIXTURES ||
      path.resolve(__dirname, '../../../../shared/zenodo/fixtures');
    if (fs.existsSync(shared)) {
      for (const f of files.filter(f => f.endsWith('.json'))) {
        expect(load(f)).toEqual(
          JSON.parse(fs.readFileSync(path.join(shared, f), 'utf-8'))
        );
      }
    }
  });
});

describe('normaliseSearch', () => {
  it('reads the Oct 2023 Zenodo JSON search page', () => {
    const result = normaliseSearch(
      load('records-search-zenodojson-2023-10.json'),
      1,
      10
    );
    expect(result.total).toBe(29);
    expect(result.hits).toHaveLength(10);
    // No `links` in the recording: the next page comes from the count.
    expect(result.nextPage).toBe(2);
    expect(result.hits.map(h => h.id)).toEqual([
      '8250015',
      '8250324',
      '8250303',
      '8249989',
      '8250130',
      '8250053',
      '7371912',
      '8250175',
      '8250307',
      '8249894'
    ]);
    const first = result.hits[0];
    expect(first).toEqual<Artifact>({
      id: '8250015',
      conceptRecId: '8250014',
      doi: '10.5281/zenodo.8250015',
      conceptDoi: '10.5281/zenodo.8250014',
      title:
        "Phlorest phylogeny derived from Chang et al. 2015 'Ancestry-constrained phylogenetic analysis supports the Indo-European steppe hypothesis'",
      creators: [
        { name: 'Chang, Will' },
        { name: 'Cathcart, Chundra' },
        { name: 'Hall, David' },
        { name: 'Garrett, Andrew' }
      ],
      description: expect.stringContaining(
        '<p>Cite the source of the dataset as:</p>'
      ),
      publicationDate: '2023-08-15',
      version: 'v1.0',
      keywords: ['cldf:Generic', 'linguistics'],
      license: { id: 'cc-by-4.0' },
      resourceType: { type: 'dataset', title: 'Dataset' },
      communities: ['dplace', 'phlorest'],
      accessRight: 'open',
      files: [
        {
          key: 'phlorest/chang_et_al2015-v1.0.zip',
          size: 56054523,
          checksum: 'md5:fbe30139de78919af8016d5494b280c5',
          downloadUrl:
            'https://zenodo.org/api/records/8250015/files/phlorest/chang_et_al2015-v1.0.zip/content'
        }
      ],
      stats: {
        views: 2,
        downloads: 0,
        uniqueViews: 2,
        uniqueDownloads: 0,
        versionViews: 2,
        versionDownloads: 0
      },
      links: {
        html: 'https://zenodo.org/records/8250015',
        doi: 'https://doi.org/10.5281/zenodo.8250015',
        latest: 'https://zenodo.org/api/records/8250015/versions/latest',
        latestHtml: 'https://zenodo.org/records/8250015/latest',
        self: 'https://zenodo.org/api/records/8250015',
        versions: 'https://zenodo.org/api/records/8250015/versions'
      },
      isLatest: true,
      created: '2023-08-15T14:11:51.001290+00:00',
      updated: '2023-08-16T02:26:53.957938+00:00'
    });
    const imtvault = result.hits[6];
    expect(imtvault.title).toBe('IMTVault');
    expect(imtvault.communities).toEqual([]);
    expect(imtvault.creators).toEqual([
      { name: 'Sebastian Nordhoff' },
      { name: 'Robert Forkel' }
    ]);
    expect(imtvault.files[0].size).toBe(7055111);
    expect(imtvault.stats).toMatchObject({ views: 10, downloads: 3 });
  });

  it('reads a one-hit page: an older version with all-version stats', () => {
    const result = normaliseSearch(
      load('records-search-one-hit-zenodojson-2023-10.json'),
      1,
      10
    );
    expect(result.total).toBe(1);
    expect(result.nextPage).toBeUndefined();
    const [hit] = result.hits;
    expect(hit.id).toBe('5173799');
    expect(hit.conceptRecId).toBe('4691101');
    expect(hit.conceptDoi).toBe('10.5281/zenodo.4691101');
    expect(hit.creators).toHaveLength(8);
    expect(hit.creators[0]).toEqual({ name: 'Greenhill, Simon J.' });
    expect(hit.version).toBe('v1.1');
    expect(hit.isLatest).toBe(false);
    expect(hit.communities).toEqual(['lexibank']);
    expect(hit.stats).toEqual({
      views: 415,
      downloads: 27,
      uniqueViews: 406,
      uniqueDownloads: 27,
      versionViews: 137,
      versionDownloads: 10
    });
    expect(hit.files).toEqual([
      {
        key: 'lexibank/utoaztecan-v1.1.zip',
        size: 805940,
        checksum: 'md5:43e15e8115e5610cb029dce137cbea6f',
        downloadUrl:
          'https://zenodo.org/api/records/5173799/files/lexibank/utoaztecan-v1.1.zip/content'
      }
    ]);
  });

  it('reads a versions page past the end: no hits, no next page', () => {
    const result = normaliseSearch(
      load('rdm-record-versions-past-end-200.json'),
      3,
      25
    );
    expect(result).toEqual({ total: 47, hits: [], nextPage: undefined });
  });

  it('takes the next page from links.next when Zenodo gives it', () => {
    const body = {
      hits: { hits: [], total: { value: 60, relation: 'eq' } },
      links: { next: 'https://zenodo.org/api/records?page=3&size=25' }
    };
    expect(normaliseSearch(body, 2, 25)).toEqual({
      total: 60,
      hits: [],
      nextPage: 3
    });
  });

  it('refuses a body that is not a search page', () => {
    expect(() => normaliseSearch({ message: 'x' }, 1, 10)).toThrow(ZenodoError);
  });
});

describe('normaliseRecord', () => {
  it('reads a record of today (Zenodo JSON, sandbox)', () => {
    const a = normaliseRecord(load('rdm-draft-publish-202.zenodojson.json'));
    expect(a).toEqual<Artifact>({
      id: '346365',
      conceptRecId: '346364',
      doi: '10.5072/zenodo.346365',
      conceptDoi: '10.5072/zenodo.346364',
      title: 'Water bodies detection based on NDWI and the otsu threshold',
      creators: [
        { name: 'Brito, Fabrice', affiliation: 'Terradue Srl' },
        { name: 'Tripodi, Simone', affiliation: 'Terradue Srl' }
      ],
      description:
        'Water bodies detection based on NDWI and otsu threshold applied to a single Landsat-8/9 acquisition',
      publicationDate: '2025-10-09',
      version: '1.0.0',
      keywords: [],
      license: undefined,
      resourceType: { type: 'workflow', title: 'Workflow' },
      communities: [],
      accessRight: 'open',
      files: [
        {
          key: 'pattern-1_v1.0.0.cwl',
          size: 3738,
          checksum: 'md5:7e479156b3545479cefae3e95c42ddbf',
          downloadUrl:
            'https://sandbox.zenodo.org/api/records/346365/files/pattern-1_v1.0.0.cwl/content'
        },
        {
          key: 'codemeta.json',
          size: 2026,
          checksum: 'md5:f586238a27856ecdb6e9cb24da286f36',
          downloadUrl:
            'https://sandbox.zenodo.org/api/records/346365/files/codemeta.json/content'
        }
      ],
      stats: {
        views: 0,
        downloads: 0,
        uniqueViews: 0,
        uniqueDownloads: 0,
        versionViews: 0,
        versionDownloads: 0
      },
      links: {
        html: 'https://sandbox.zenodo.org/records/346365',
        doi: 'https://handle.test.datacite.org/10.5072/zenodo.346365',
        latest: 'https://sandbox.zenodo.org/api/records/346365/versions/latest',
        latestHtml: 'https://sandbox.zenodo.org/records/346365/latest',
        self: 'https://sandbox.zenodo.org/api/records/346365',
        versions: 'https://sandbox.zenodo.org/api/records/346365/versions'
      },
      isLatest: true,
      created: '2025-10-09T14:24:38.442546+00:00',
      updated: '2025-10-09T14:24:38.826080+00:00'
    });
  });

  it('reads RDM drafts served as Zenodo JSON without inventing fields', () => {
    const created = normaliseRecord(
      load('rdm-draft-create-201.zenodojson.json')
    );
    expect(created.id).toBe('346365');
    expect(created.title).toBe('');
    expect(created.doi).toBeUndefined();
    expect(created.conceptDoi).toBeUndefined();
    expect(created.creators).toEqual([]);
    expect(created.files).toEqual([]);
    expect(created.stats).toBeUndefined();
    expect(created.publicationDate).toBeUndefined();
    expect(created.links.html).toBe(
      'https://sandbox.zenodo.org/uploads/346365'
    );
    expect(created.links.doi).toBeUndefined();
    expect(created.isLatest).toBe(false);

    const reserved = normaliseRecord(
      load('rdm-draft-reserve-doi-201.zenodojson.json')
    );
    expect(reserved.doi).toBe('10.5072/zenodo.346365');
    expect(reserved.links.doi).toBe(
      'https://handle.test.datacite.org/10.5072/zenodo.346365'
    );

    const updated = normaliseRecord(
      load('rdm-draft-update-put-200.zenodojson.json')
    );
    expect(updated.title).toBe(
      'Water bodies detection based on NDWI and the otsu threshold'
    );
    expect(updated.version).toBe('1.0.0');
    // A draft's files are under /draft: their links already say so.
    expect(updated.files.map(f => f.downloadUrl)).toEqual([
      'https://sandbox.zenodo.org/api/records/346365/draft/files/pattern-1_v1.0.0.cwl/content',
      'https://sandbox.zenodo.org/api/records/346365/draft/files/codemeta.json/content'
    ]);
  });

  it('reads a new-version draft: ORCIDs kept, cleared date undefined', () => {
    const a = normaliseRecord(
      load('rdm-record-new-version-201.zenodojson.json')
    );
    expect(a.id).toBe('393433');
    expect(a.conceptRecId).toBe('393401');
    expect(a.conceptDoi).toBe('10.5072/zenodo.393401');
    expect(a.doi).toBeUndefined();
    expect(a.publicationDate).toBeUndefined();
    expect(a.creators).toEqual([
      {
        name: 'Brito, Fabrice',
        affiliation: 'Terradue (Italy)',
        orcid: '0009-0000-1342-9736'
      },
      {
        name: 'Re, Alice',
        affiliation: 'Terradue (Italy)',
        orcid: '0000-0001-7068-5533'
      },
      {
        name: 'Tripodi, Simone',
        affiliation: 'Terradue (Italy)',
        orcid: '0009-0006-2063-618X'
      }
    ]);
  });

  it('reads a deposition body as an artifact (licence string, upload_type)', () => {
    const a = normaliseRecord(load('deposition-publish-202.json'));
    expect(a.id).toBe('143439');
    expect(a.license).toEqual({ id: 'cc-zero' });
    expect(a.resourceType).toEqual({ type: 'dataset' });
    expect(a.keywords).toEqual(['rmp, epa']);
    expect(a.creators).toEqual([
      { name: 'Fitzgerald, Will', affiliation: 'EDGI' }
    ]);
    expect(a.files).toEqual([
      {
        key: 'michigan.zip',
        size: 2674827,
        checksum: 'md5:4440ee3b2a33f0b5af20da2c1f015306',
        downloadUrl:
          'https://sandbox.zenodo.org/api/records/143439/draft/files/michigan.zip/content'
      }
    ]);
    expect(a.links.html).toBe('https://sandbox.zenodo.org/records/143439');
    expect(a.links.doi).toBe('https://doi.org/10.5072/zenodo.143439');
  });

  it('reads the legacy (before Oct 2023) shape as API.md describes it', () => {
    // Built from API.md §2.2 C; no recording is in fixtures/.
    const legacy = {
      id: 1234567,
      conceptrecid: '1234566',
      doi: '10.5281/zenodo.1234567',
      conceptdoi: '10.5281/zenodo.1234566',
      created: '2018-05-01T10:00:00+00:00',
      updated: '2019-01-01T10:00:00+00:00',
      metadata: {
        title: 'Ocean carbon notebooks',
        publication_date: '2018-05-01',
        description: '<p>Notebooks &amp; data</p>',
        access_right: 'open',
        creators: [
          {
            name: 'Doe, Jane',
            affiliation: 'ICOS',
            orcid: '0000-0002-1825-0097'
          }
        ],
        keywords: ['carbon'],
        license: { id: 'CC-BY-4.0' },
        resource_type: {
          type: 'publication',
          subtype: 'article',
          title: 'Journal article'
        },
        communities: [{ id: 'icos' }],
        relations: { version: [{ index: 2, is_last: true, count: 3 }] },
        version: '3'
      },
      files: [
        {
          bucket: 'a0b1c2d3-0000-4000-8000-000000000000',
          key: 'notebooks.zip',
          size: 2048,
          type: 'zip',
          checksum: 'md5:0123456789abcdef0123456789abcdef',
          links: {
            self: 'https://zenodo.org/api/files/a0b1c2d3-0000-4000-8000-000000000000/notebooks.zip'
          }
        }
      ],
      links: {
        self: 'https://zenodo.org/api/records/1234567',
        html: 'https://zenodo.org/record/1234567',
        doi: 'https://doi.org/10.5281/zenodo.1234567',
        bucket:
          'https://zenodo.org/api/files/a0b1c2d3-0000-4000-8000-000000000000',
        latest: 'https://zenodo.org/api/records/1234567',
        latest_html: 'https://zenodo.org/record/1234567'
      },
      stats: { views: 12, downloads: 4, version_views: 5, version_downloads: 1 }
    };
    const a = normaliseRecord(legacy);
    expect(a.id).toBe('1234567');
    expect(a.license).toEqual({ id: 'cc-by-4.0' });
    expect(a.resourceType).toEqual({
      type: 'publication',
      subtype: 'article',
      title: 'Journal article'
    });
    expect(a.communities).toEqual(['icos']);
    expect(a.creators).toEqual([
      { name: 'Doe, Jane', affiliation: 'ICOS', orcid: '0000-0002-1825-0097' }
    ]);
    expect(a.links.html).toBe('https://zenodo.org/record/1234567');
    expect(a.links.latest).toBe('https://zenodo.org/api/records/1234567');
    // The bucket object URL is not reliably CORS-enabled: use the records
    // API content URL instead.
    expect(a.files).toEqual([
      {
        key: 'notebooks.zip',
        size: 2048,
        checksum: 'md5:0123456789abcdef0123456789abcdef',
        downloadUrl:
          'https://zenodo.org/api/records/1234567/files/notebooks.zip/content'
      }
    ]);
    expect(a.stats).toEqual({
      views: 12,
      downloads: 4,
      versionViews: 5,
      versionDownloads: 1
    });
    expect(a.isLatest).toBe(true);
    expect(a.version).toBe('3');
  });

  it('reads the native InvenioRDM shape as API.md describes it', () => {
    // Built from API.md §2.2 "Native InvenioRDM"; no recording in fixtures/.
    const rdm = {
      id: 'abcd1-ef234',
      pids: {
        doi: { identifier: '10.1234/rdm.abcd1-ef234', provider: 'datacite' }
      },
      parent: {
        id: 'zyxw9-87654',
        pids: { doi: { identifier: '10.1234/rdm.zyxw9-87654' } },
        communities: {
          ids: ['6f3b6c41-0000-4000-8000-000000000000'],
          entries: [
            {
              id: '6f3b6c41-0000-4000-8000-000000000000',
              slug: 'artifacts-demo'
            }
          ]
        }
      },
      versions: { index: 2, is_latest: false },
      access: { record: 'public', files: 'public', status: 'open' },
      metadata: {
        title: 'Soil moisture analysis',
        publication_date: '2024-03-01',
        description: '<p>Analysis</p>',
        creators: [
          {
            person_or_org: {
              type: 'personal',
              name: 'Smith, Ann',
              given_name: 'Ann',
              family_name: 'Smith',
              identifiers: [
                { scheme: 'orcid', identifier: '0000-0001-2345-6789' }
              ]
            },
            affiliations: [{ name: 'CERN' }, { name: 'ICOS ERIC' }]
          },
          {
            person_or_org: {
              type: 'personal',
              given_name: 'Bo',
              family_name: 'Lee'
            }
          }
        ],
        resource_type: {
          id: 'publication-article',
          title: { en: 'Journal article' }
        },
        rights: [
          {
            id: 'cc-by-4.0',
            title: { en: 'Creative Commons Attribution 4.0 International' },
            props: {
              url: 'https://creativecommons.org/licenses/by/4.0/legalcode'
            }
          }
        ],
        subjects: [{ subject: 'soil' }, { subject: 'hydrology' }],
        version: 'v2'
      },
      files: {
        enabled: true,
        count: 1,
        total_bytes: 1000,
        entries: {
          'data.tar.gz': {
            key: 'data.tar.gz',
            size: 1000,
            checksum: 'md5:ffffffffffffffffffffffffffffffff',
            mimetype: 'application/gzip',
            ext: 'gz'
          }
        }
      },
      stats: {
        this_version: {
          views: 3,
          downloads: 1,
          unique_views: 3,
          unique_downloads: 1
        },
        all_versions: {
          views: 30,
          downloads: 9,
          unique_views: 25,
          unique_downloads: 8
        }
      },
      links: {
        self: 'https://rdm.example.org/api/records/abcd1-ef234',
        self_html: 'https://rdm.example.org/records/abcd1-ef234',
        files: 'https://rdm.example.org/api/records/abcd1-ef234/files',
        latest:
          'https://rdm.example.org/api/records/abcd1-ef234/versions/latest'
      }
    };
    const a = normaliseRecord(rdm);
    expect(a).toMatchObject({
      id: 'abcd1-ef234',
      conceptRecId: 'zyxw9-87654',
      doi: '10.1234/rdm.abcd1-ef234',
      conceptDoi: '10.1234/rdm.zyxw9-87654',
      title: 'Soil moisture analysis',
      creators: [
        {
          name: 'Smith, Ann',
          affiliation: 'CERN; ICOS ERIC',
          orcid: '0000-0001-2345-6789'
        },
        { name: 'Lee, Bo' }
      ],
      keywords: ['soil', 'hydrology'],
      license: {
        id: 'cc-by-4.0',
        title: 'Creative Commons Attribution 4.0 International',
        url: 'https://creativecommons.org/licenses/by/4.0/legalcode'
      },
      resourceType: {
        type: 'publication',
        subtype: 'article',
        title: 'Journal article'
      },
      communities: ['artifacts-demo'],
      accessRight: 'open',
      isLatest: false,
      stats: {
        views: 30,
        downloads: 9,
        uniqueViews: 25,
        uniqueDownloads: 8,
        versionViews: 3,
        versionDownloads: 1
      },
      links: {
        html: 'https://rdm.example.org/records/abcd1-ef234',
        doi: 'https://doi.org/10.1234/rdm.abcd1-ef234'
      }
    });
    expect(a.files).toEqual([
      {
        key: 'data.tar.gz',
        size: 1000,
        checksum: 'md5:ffffffffffffffffffffffffffffffff',
        mimetype: 'application/gzip',
        downloadUrl:
          'https://rdm.example.org/api/records/abcd1-ef234/files/data.tar.gz/content'
      }
    ]);
    // A restricted record lists no entries.
    const restricted = normaliseRecord({
      ...rdm,
      files: { enabled: true },
      access: { record: 'public', files: 'restricted' }
    });
    expect(restricted.files).toEqual([]);
    expect(restricted.accessRight).toBe('restricted');
  });

  it('tolerates unknown shapes as long as id and title exist', () => {
    const odd = {
      id: 42,
      title: 'Odd',
      metadata: 'not an object',
      files: [null, 7, { nothing: true }, { key: 'a b.csv', size: 5 }],
      links: 'nope',
      stats: { something: 1 },
      surprise: { deeply: ['nested'] }
    };
    const a = normaliseRecord(odd, { baseUrl: 'http://127.0.0.1:5555/' });
    expect(a.id).toBe('42');
    expect(a.title).toBe('Odd');
    expect(a.creators).toEqual([]);
    expect(a.keywords).toEqual([]);
    expect(a.communities).toEqual([]);
    expect(a.stats).toBeUndefined();
    expect(a.license).toBeUndefined();
    expect(a.files).toEqual([
      {
        key: 'a b.csv',
        size: 5,
        downloadUrl:
          'http://127.0.0.1:5555/api/records/42/files/a%20b.csv/content'
      }
    ]);
    expect(a.links.html).toBe('http://127.0.0.1:5555/records/42');
  });

  it('throws a clear error without id or title', () => {
    expect(() => normaliseRecord({ title: 'x' })).toThrow(/no id or title/);
    expect(() => normaliseRecord({ id: 1 })).toThrow(ZenodoError);
    expect(() => normaliseRecord('<html>')).toThrow(ZenodoError);
  });
});

describe('normaliseFiles', () => {
  it('reads the RDM files list answer (content links)', () => {
    const files = normaliseFiles(load('rdm-draft-files-init-201.json'), {
      recordUrl: 'https://sandbox.zenodo.org/api/records/346365/draft'
    });
    expect(files).toEqual([
      {
        key: 'pattern-1_v1.0.0.cwl',
        size: 3738,
        checksum: 'md5:7e479156b3545479cefae3e95c42ddbf',
        downloadUrl:
          'https://sandbox.zenodo.org/api/records/346365/draft/files/pattern-1_v1.0.0.cwl/content'
      },
      {
        key: 'codemeta.json',
        size: 2026,
        checksum: 'md5:f586238a27856ecdb6e9cb24da286f36',
        downloadUrl:
          'https://sandbox.zenodo.org/api/records/346365/draft/files/codemeta.json/content'
      }
    ]);
  });
});

describe('normaliseDeposition', () => {
  it('reads a created deposition (zenodo.org, 2023)', () => {
    const d = normaliseDeposition(load('deposition-create-201.json'));
    expect(d).toEqual({
      id: 10358181,
      conceptRecId: '10358180',
      state: 'unsubmitted',
      submitted: false,
      title: '',
      doi: undefined,
      conceptDoi: undefined,
      prereservedDoi: '10.5281/zenodo.10358181',
      metadata: {
        access_right: 'open',
        prereserve_doi: { doi: '10.5281/zenodo.10358181', recid: 10358181 }
      },
      files: [],
      links: {
        self: 'https://zenodo.org/api/deposit/depositions/10358181',
        html: 'https://zenodo.org/deposit/10358181',
        bucket:
          'https://zenodo.org/api/files/b40b73d8-7550-415d-b91e-b981b13e61be',
        files: 'https://zenodo.org/api/deposit/depositions/10358181/files',
        publish:
          'https://zenodo.org/api/deposit/depositions/10358181/actions/publish',
        edit: 'https://zenodo.org/api/deposit/depositions/10358181/actions/edit',
        discard:
          'https://zenodo.org/api/deposit/depositions/10358181/actions/discard',
        newversion:
          'https://zenodo.org/api/deposit/depositions/10358181/actions/newversion',
        latestDraft: 'https://zenodo.org/api/deposit/depositions/10358181',
        latestDraftHtml: 'https://zenodo.org/deposit/10358181',
        record: undefined,
        recordHtml: undefined,
        latest: undefined,
        latestHtml: undefined,
        doi: undefined
      },
      created: '2023-12-11T17:50:54.342124+00:00',
      modified: '2023-12-11T17:50:54.380509+00:00'
    });
  });

  it('reads a published deposition (sandbox, 2024)', () => {
    const d = normaliseDeposition(load('deposition-publish-202.json'));
    expect(d.id).toBe(143439);
    expect(d.state).toBe('done');
    expect(d.submitted).toBe(true);
    expect(d.doi).toBe('10.5072/zenodo.143439');
    expect(d.conceptDoi).toBe('10.5072/zenodo.143438');
    // Zenodo's quirk: the reserved DOI keeps the production prefix.
    expect(d.prereservedDoi).toBe('10.5281/zenodo.143439');
    expect(d.title).toBe('Testing dirctory');
    expect(d.metadata.license).toBe('cc-zero');
    expect(d.files).toEqual([
      {
        id: '9862289f-2086-4d6d-9dec-c2511a199f26',
        key: 'michigan.zip',
        size: 2674827,
        checksum: 'md5:4440ee3b2a33f0b5af20da2c1f015306',
        downloadUrl:
          'https://sandbox.zenodo.org/api/records/143439/draft/files/michigan.zip/content'
      }
    ]);
    expect(d.links.self).toBe('https://sandbox.zenodo.org/api/records/143439');
    expect(d.links.doi).toBe('https://doi.org/10.5072/zenodo.143439');
    expect(d.links.latest).toBe(
      'https://sandbox.zenodo.org/api/records/143439/versions/latest'
    );
    expect(d.links.record).toBe(
      'https://sandbox.zenodo.org/api/records/143439'
    );
  });

  it('reads the documentation example and the RDM drafts', () => {
    const docs = normaliseDeposition(load('docs-deposition-create-201.json'));
    expect(docs).toMatchObject({
      id: 542201,
      conceptRecId: '542200',
      state: 'unsubmitted',
      submitted: false,
      prereservedDoi: '10.5072/zenodo.542201',
      links: {
        bucket:
          'https://zenodo.org/api/files/568377dd-daf8-4235-85e1-a56011ad454b'
      }
    });
    const draft = normaliseDeposition(
      load('rdm-draft-create-201.zenodojson.json')
    );
    expect(draft).toMatchObject({
      id: 346365,
      state: 'unsubmitted',
      submitted: false,
      files: []
    });
    expect(draft.links.bucket).toBeUndefined();
    expect(draft.links.publish).toBe(
      'https://sandbox.zenodo.org/api/records/346365/draft/actions/publish'
    );
    const reserved = normaliseDeposition(
      load('rdm-draft-reserve-doi-201.zenodojson.json')
    );
    expect(reserved.doi).toBe('10.5072/zenodo.346365');
    const updated = normaliseDeposition(
      load('rdm-draft-update-put-200.zenodojson.json')
    );
    expect(updated.files.map(f => [f.key, f.size])).toEqual([
      ['pattern-1_v1.0.0.cwl', 3738],
      ['codemeta.json', 2026]
    ]);
    const published = normaliseDeposition(
      load('rdm-draft-publish-202.zenodojson.json')
    );
    expect(published).toMatchObject({ state: 'done', submitted: true });
    const newVersion = normaliseDeposition(
      load('rdm-record-new-version-201.zenodojson.json')
    );
    expect(newVersion).toMatchObject({
      id: 393433,
      conceptRecId: '393401',
      conceptDoi: '10.5072/zenodo.393401',
      state: 'unsubmitted'
    });
    expect(newVersion.metadata.publication_date).toBeUndefined();
  });

  it('refuses a body without id', () => {
    expect(() => normaliseDeposition({ title: 'x' })).toThrow(/no id/);
  });
});

describe('normaliseUploadedFile', () => {
  it('reads bucket PUT answers (real and documented)', () => {
    expect(normaliseUploadedFile(load('bucket-put-201.json'), 'x', 1)).toEqual({
      key: 'random3.txt',
      size: 3080,
      checksum: 'md5:63533d0616e4b50af558d43a65c392e1',
      mimetype: 'text/plain',
      links: {
        self: 'https://sandbox.zenodo.org/api/files/1e7a283b-8bd0-48ff-b269-ba944d2bb5e2/random3.txt'
      }
    });
    expect(
      normaliseUploadedFile(load('docs-bucket-put-201.json'), 'x', 1)
    ).toMatchObject({
      key: 'my-file.zip',
      size: 13264,
      checksum: 'md5:2942bfabb3d05332b66eb128e0842cff',
      mimetype: 'application/zip'
    });
  });

  it('reads the old multipart answer (string size, bare md5)', () => {
    expect(
      normaliseUploadedFile(load('docs-files-multipart-post-201.json'), 'x', 1)
    ).toEqual({
      key: 'myfirstfile.csv',
      size: 27,
      checksum: 'md5:2b70e04bb31f2656ce967dc07103297f',
      mimetype: undefined,
      links: { self: undefined }
    });
  });

  it('reads the RDM file content and commit answers', () => {
    const put = normaliseUploadedFile(
      load('rdm-draft-file-content-put-200.json'),
      'x',
      1
    );
    expect(put).toMatchObject({
      key: 'pattern-1_v1.0.0.cwl',
      size: 3738,
      checksum: 'md5:7e479156b3545479cefae3e95c42ddbf'
    });
    const commit = normaliseUploadedFile(
      load('rdm-draft-file-commit-200.json'),
      'x',
      1
    );
    expect(commit).toEqual({
      key: 'pattern-1_v1.0.0.cwl',
      size: 3738,
      checksum: 'md5:7e479156b3545479cefae3e95c42ddbf',
      mimetype: 'application/octet-stream',
      links: {
        self: 'https://sandbox.zenodo.org/api/records/346365/draft/files/pattern-1_v1.0.0.cwl'
      }
    });
  });
});

describe('errorFromResponse', () => {
  const tokenUrl =
    'https://zenodo.org/account/settings/applications/tokens/new/';

  it('parses the InvenioRDM validation shape (messages list)', () => {
    const e = errorFromResponse({
      status: 400,
      body: load('records-search-size-400.server-test.json')
    });
    expect(e).toBeInstanceOf(ZenodoError);
    expect(e.status).toBe(400);
    expect(e.kind).toBe('validation');
    expect(e.message).toBe('A validation error occurred.');
    expect(e.fieldErrors).toEqual([
      {
        field: 'size',
        metadataField: 'size',
        messages: [
          'Page size cannot be greater than 25. Please use authenticated requests to increase the limit to 100.'
        ]
      }
    ]);
    expect(e.hint).toBe(
      'Zenodo rejected some values (size). Correct them and try again.'
    );
  });

  it('parses the legacy validation shape (message string)', () => {
    const e = errorFromResponse({
      status: 400,
      body: load('docs-error-validation-400.json')
    });
    expect(e.message).toBe('Validation error');
    expect(e.kind).toBe('validation');
    expect(e.fieldErrors).toEqual([
      {
        field: 'metadata.access_right',
        metadataField: 'access_right',
        messages: ['Not a valid choice']
      },
      {
        field: 'metadata.creators.0.name',
        metadataField: 'creators',
        index: 0,
        messages: ['Name is required.']
      },
      {
        field: 'non_existent',
        metadataField: 'non_existent',
        messages: ['Unknown field name.']
      }
    ]);
    expect(e.messagesFor('creators')).toEqual(['Name is required.']);
    expect(e.hint).toBe(
      'Zenodo rejected some metadata (access_right, creators, non_existent). Correct them and try again.'
    );
    expect(e.describe()).toContain(
      'metadata.creators.0.name: Name is required.'
    );
  });

  it('maps InvenioRDM field names to the deposit form names', () => {
    const e = errorFromResponse({
      status: 400,
      body: {
        status: 400,
        message: 'A validation error occurred.',
        errors: [
          {
            field: 'metadata.resource_type',
            messages: ['Missing data for required field.']
          },
          {
            field: 'metadata.creators.1.person_or_org.family_name',
            messages: ['Family name must be filled.']
          },
          { field: 'metadata.rights.0.id', messages: ['Invalid licence.'] },
          {
            field: 'metadata',
            messages: { publication_date: ['Missing data for required field.'] }
          },
          {
            field: 'files.enabled',
            messages: [
              'Missing uploaded files. To disable files for this record please mark it as metadata-only.'
            ]
          }
        ]
      }
    });
    expect(e.fieldErrors.map(f => [f.field, f.metadataField, f.index])).toEqual(
      [
        ['metadata.resource_type', 'upload_type', undefined],
        ['metadata.creators.1.person_or_org.family_name', 'creators', 1],
        ['metadata.rights.0.id', 'license', 0],
        ['metadata.publication_date', 'publication_date', undefined],
        ['files.enabled', 'files', undefined]
      ]
    );
    expect(e.messagesFor('upload_type')).toEqual([
      'Missing data for required field.'
    ]);
    expect(e.hint).toBe('Upload at least one file before publishing.');
  });

  it('explains 401 and 403 with the token page and the scopes', () => {
    const unauthorized = errorFromResponse({
      status: 401,
      body: load('docs-error-401.json'),
      hadToken: true,
      tokenUrl
    });
    expect(unauthorized.kind).toBe('unauthorized');
    expect(unauthorized.message).toMatch(/^The server could not verify/);
    expect(unauthorized.hint).toContain(tokenUrl);
    expect(unauthorized.hint).toContain('deposit:write');
    expect(unauthorized.hint).toContain('deposit:actions');
    expect(unauthorized.hint).toMatch(/did not accept your access token/);

    const forbidden = errorFromResponse({
      status: 403,
      body: load('bucket-put-403.legacy-2021.json'),
      hadToken: true,
      tokenUrl
    });
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.message).toMatch(/^You don't have the permission/);
    expect(forbidden.hint).toContain('deposit:actions');
    expect(forbidden.hint).toContain('you own');

    const anonymous = errorFromResponse({
      status: 403,
      body: load('bucket-put-403.legacy-2021.json'),
      hadToken: false,
      tokenUrl
    });
    expect(anonymous.hint).toMatch(/^This needs a Zenodo access token/);
  });

  it('explains 404 (both wordings), 415 and the 101st file', () => {
    const legacy = errorFromResponse({
      status: 404,
      body: load('docs-error-404.json')
    });
    expect([legacy.kind, legacy.message]).toEqual([
      'not-found',
      'Deposition not found'
    ]);
    const rdm = errorFromResponse({
      status: 404,
      body: load('rdm-error-404-pid.json')
    });
    expect([rdm.kind, rdm.message]).toEqual([
      'not-found',
      'The persistent identifier does not exist.'
    ]);
    expect(rdm.hint).toMatch(/no such record or deposition/);
    const media = errorFromResponse({
      status: 415,
      body: load('bucket-put-415-content-type.reported.json')
    });
    expect(media.kind).toBe('unsupported-media-type');
    expect(media.message).toBe(
      "Invalid 'Content-Type' header. Expected one of: application/octet-stream"
    );
    const many = errorFromResponse({
      status: 400,
      body: load('bucket-put-400-too-many-files.reported-2026.json')
    });
    expect(many.kind).toBe('too-many-files');
    expect(many.fieldErrors).toEqual([]);
    expect(many.hint).toMatch(/at most 100 files/);
  });

  it('explains 410, 413, 5xx without JSON, and 429 with its reset', () => {
    const gone = errorFromResponse({
      status: 410,
      body: {
        status: 410,
        message: 'Record deleted',
        tombstone: { removal_reason: { id: 'spam' } }
      }
    });
    expect([gone.kind, gone.message]).toEqual(['gone', 'Record deleted']);
    expect(gone.hint).toMatch(/deleted from Zenodo/);
    const large = errorFromResponse({
      status: 413,
      statusText: 'Request Entity Too Large',
      body: undefined
    });
    expect(large.kind).toBe('too-large');
    expect(large.message).toBe(
      'Zenodo answered HTTP 413 Request Entity Too Large.'
    );
    expect(large.hint).toMatch(/50 GB/);
    const conflict = errorFromResponse({
      status: 409,
      body: { status: 409, message: 'Deposition is being integrated.' }
    });
    expect(conflict.kind).toBe('conflict');
    expect(conflict.hint).toMatch(/still processing/);
    const method = errorFromResponse({ status: 405, body: undefined });
    expect(method.kind).toBe('http');
    expect(method.hint).toMatch(/HTTP 405/);
    const gateway = errorFromResponse({
      status: 504,
      statusText: 'Gateway Time-out',
      body: undefined
    });
    expect(gateway.kind).toBe('server');
    expect(gateway.hint).toMatch(/HTTP 504/);
    const headers = new Map([['x-ratelimit-reset', '1760019937']]);
    const limited = errorFromResponse({
      status: 429,
      body: undefined,
      headers: { get: (n: string) => headers.get(n) ?? null }
    });
    expect(limited.kind).toBe('rate-limited');
    expect(limited.retryAt).toBe(1760019937000);
  });

  it('removes the token from anything the server echoes', () => {
    const token = 'SECRET-TOKEN-123';
    const e = errorFromResponse({
      status: 400,
      body: {
        message: `Bad token ${token}`,
        errors: [{ field: 'x', message: `saw ${token}` }]
      },
      scrub: t => t.split(token).join('[token]')
    });
    expect(e.message).toBe('Bad token [token]');
    expect(e.fieldErrors[0].messages).toEqual(['saw [token]']);
    expect(String(e)).not.toContain(token);
  });
});

describe('rate-limit headers recorded on the sandbox', () => {
  it('waits until X-RateLimit-Reset, as the recorded headers give it', async () => {
    // The first exchange of the recording, replayed as a 429.
    const text = fs.readFileSync(
      path.join(FIXTURES, 'rdm-flow-http-headers-sandbox-2025-10.txt'),
      'utf-8'
    );
    const first = text.split('### ')[1];
    const headers: [string, string][] = first
      .split('\n')
      .filter(l => l.startsWith('< '))
      .map(l => {
        const [name, ...rest] = l.slice(2).split(': ');
        return [name, rest.join(': ')];
      });
    const recorded = new Map(headers);
    expect(recorded.get('x-ratelimit-reset')).toBe('1760019937');
    expect(recorded.get('access-control-expose-headers')).toContain(
      'X-RateLimit-Reset'
    );
    const serverNow = Date.parse(recorded.get('date')!);
    const answers = [
      new Response('{"status":429,"message":"Too many requests"}', {
        status: 429,
        headers: [...headers.filter(([n]) => n !== 'content-length')]
      }),
      new Response(
        JSON.stringify(load('rdm-record-versions-past-end-200.json')),
        { status: 200, headers: { 'content-type': 'application/json' } }
      )
    ];
    const calls: string[] = [];
    const waits: number[] = [];
    const client = new ZenodoClient({
      baseUrl: 'https://sandbox.zenodo.org',
      fetch: (async (url: string) => {
        calls.push(url);
        return answers.shift()!;
      }) as unknown as typeof fetch,
      now: () => serverNow,
      sleep: async ms => {
        waits.push(ms);
      },
      onRetry: info => infos.push(info)
    });
    const infos: RetryInfo[] = [];
    const page = await client.getVersions('22705923', { page: 3, size: 25 });
    expect(page.total).toBe(47);
    expect(calls).toHaveLength(2);
    expect(waits).toEqual([61000]);
    expect(infos).toEqual([
      {
        reason: 'rate-limit',
        attempt: 1,
        delayMs: 61000,
        retryAt: 1760019937000,
        method: 'GET',
        status: 429
      }
    ]);
    expect(client.rateLimit).toEqual({
      limit: 1000,
      remaining: 999,
      reset: 1760019937
    });
  });
});

describe('parseRecordReference', () => {
  it('recognises ids, record URLs, DOIs and DOI URLs', () => {
    const cases: [string, ReturnType<typeof parseRecordReference>][] = [
      ['8250015', { recordId: '8250015' }],
      [
        'https://zenodo.org/records/8250015',
        { recordId: '8250015', origin: 'https://zenodo.org' }
      ],
      [
        'https://zenodo.org/record/8250015#files',
        { recordId: '8250015', origin: 'https://zenodo.org' }
      ],
      [
        'https://zenodo.org/api/records/8250015/versions',
        { recordId: '8250015', origin: 'https://zenodo.org' }
      ],
      [
        'https://rdm.example.org/records/abcd1-ef234',
        { recordId: 'abcd1-ef234', origin: 'https://rdm.example.org' }
      ],
      ['10.5281/zenodo.8250015', { doi: '10.5281/zenodo.8250015' }],
      ['doi:10.5281/zenodo.8250015', { doi: '10.5281/zenodo.8250015' }],
      [
        'https://doi.org/10.5281/zenodo.8250014',
        { doi: '10.5281/zenodo.8250014' }
      ],
      ['http://dx.doi.org/10.1000/xyz%28a%29', { doi: '10.1000/xyz(a)' }],
      [
        'https://sandbox.zenodo.org/doi/10.5072/zenodo.346365',
        { doi: '10.5072/zenodo.346365', origin: 'https://sandbox.zenodo.org' }
      ],
      ['https://example.org/not/a/record', undefined],
      // A malformed escape cannot be read back: no reference (and no throw).
      ['10.5281/zenodo.%zz', undefined],
      ['https://doi.org/10.1000/abc%E2%82', undefined],
      ['my notebook', undefined],
      ['', undefined]
    ];
    for (const [text, expected] of cases) {
      expect([text, parseRecordReference(text)]).toEqual([text, expected]);
    }
  });
});
