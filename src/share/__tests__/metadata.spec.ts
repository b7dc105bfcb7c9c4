import {
  bumpVersion,
  emptyMetadata,
  formFieldFor,
  fromCitation,
  fromZenodoMetadata,
  isValidDate,
  isValidOrcid,
  textToHtml,
  toCitation,
  toZenodoMetadata,
  validateMetadata
} from '../metadata';
import { writeCitation } from '../../workspace/citation';

const good = emptyMetadata({
  title: 'Soil respiration',
  description: 'Notebooks & data <raw>.\n\nSecond paragraph.',
  creators: [
    {
      family: 'Lovelace',
      given: 'Ada',
      affiliation: 'AE',
      orcid: '0000-0002-1825-0097'
    }
  ],
  keywords: ['soil'],
  version: '1.0'
});

const fields = (m: any) => validateMetadata(m, '2025-06-01').map(e => e.field);

describe('ORCID checksum (ISO 7064 MOD 11-2)', () => {
  it('accepts real iDs including an X check digit and URL form', () => {
    expect(isValidOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('0000-0002-1694-233X')).toBe(true);
    expect(isValidOrcid('https://orcid.org/0000-0001-5109-3700')).toBe(true);
  });
  it('rejects a wrong check digit and bad shapes', () => {
    expect(isValidOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isValidOrcid('0000-0002-1694-2330')).toBe(false);
    expect(isValidOrcid('0000000218250097')).toBe(false);
    expect(isValidOrcid('')).toBe(false);
  });
});

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2024-13-01')).toBe(false);
    expect(isValidDate('1/2/2024')).toBe(false);
  });
});

describe('validateMetadata', () => {
  it('passes a complete form', () => {
    expect(validateMetadata(good, '2025-06-01')).toEqual([]);
  });
  it('requires title, description and creators, with a code on each field', () => {
    const errors = validateMetadata(
      emptyMetadata({ creators: [] }),
      '2025-06-01'
    );
    expect(errors).toEqual([
      { field: 'title', code: 'title-required' },
      { field: 'description', code: 'description-required' },
      { field: 'creators', code: 'creators-required' }
    ]);
  });
  it('tells an embargo that ends today from a badly written date', () => {
    const codes = (embargoDate: string) =>
      validateMetadata(
        { ...good, accessRight: 'embargoed', embargoDate },
        '2025-06-01'
      ).map(e => e.code);
    expect(codes('2025-06-01')).toEqual(['embargo-past']);
    expect(codes('1 June 2026')).toEqual(['embargo-date-format']);
  });
  it('checks each creator: family name and ORCID', () => {
    expect(
      fields({
        ...good,
        creators: [
          { family: '', given: 'X', affiliation: '', orcid: '' },
          {
            family: 'Y',
            given: '',
            affiliation: '',
            orcid: '0000-0002-1825-0098'
          }
        ]
      })
    ).toEqual(['creators.0.family', 'creators.1.orcid']);
  });
  it('requires publication_type for publications and image_type for images', () => {
    expect(fields({ ...good, uploadType: 'publication' })).toEqual([
      'publicationType'
    ]);
    expect(
      fields({ ...good, uploadType: 'publication', publicationType: 'article' })
    ).toEqual([]);
    expect(fields({ ...good, uploadType: 'image' })).toEqual(['imageType']);
    expect(fields({ ...good, uploadType: 'image', imageType: 'plot' })).toEqual(
      []
    );
    expect(fields({ ...good, uploadType: 'spreadsheet' })).toEqual([
      'uploadType'
    ]);
  });
  it('requires an embargo date in the future, access conditions for restricted, a licence when open', () => {
    expect(fields({ ...good, accessRight: 'embargoed' })).toEqual([
      'embargoDate'
    ]);
    expect(
      fields({ ...good, accessRight: 'embargoed', embargoDate: '2025-06-01' })
    ).toEqual(['embargoDate']);
    expect(
      fields({ ...good, accessRight: 'embargoed', embargoDate: '2026-01-01' })
    ).toEqual([]);
    expect(fields({ ...good, accessRight: 'restricted' })).toEqual([
      'accessConditions'
    ]);
    expect(fields({ ...good, license: '' })).toEqual(['license']);
    expect(fields({ ...good, license: '', accessRight: 'closed' })).toEqual([]);
    expect(fields({ ...good, publicationDate: '2025-02-30' })).toEqual([
      'publicationDate'
    ]);
  });
  it('checks related identifiers', () => {
    expect(
      fields({
        ...good,
        relatedIdentifiers: [
          { identifier: '10.1/x', relation: 'isDerivedFromm' }
        ]
      })
    ).toEqual(['relatedIdentifiers.0.relation']);
  });
});

describe('conversions', () => {
  it('writes Zenodo deposit metadata with the fields its type needs', () => {
    const out = toZenodoMetadata(
      {
        ...good,
        uploadType: 'publication',
        publicationType: 'report',
        communities: ['artifacts-demo'],
        relatedIdentifiers: [
          { identifier: '10.1/x', relation: 'isDerivedFrom' }
        ]
      },
      '2025-06-01'
    );
    expect(out).toEqual({
      title: 'Soil respiration',
      description:
        '<p>Notebooks &amp; data &lt;raw&gt;.</p><p>Second paragraph.</p>',
      upload_type: 'publication',
      publication_type: 'report',
      publication_date: '2025-06-01',
      creators: [
        {
          name: 'Lovelace, Ada',
          affiliation: 'AE',
          orcid: '0000-0002-1825-0097'
        }
      ],
      access_right: 'open',
      license: 'cc-by-4.0',
      keywords: ['soil'],
      version: '1.0',
      communities: [{ identifier: 'artifacts-demo' }],
      related_identifiers: [{ identifier: '10.1/x', relation: 'isDerivedFrom' }]
    });
  });
  it('reads Zenodo metadata back into the form', () => {
    const back = fromZenodoMetadata(toZenodoMetadata(good, '2025-06-01'));
    expect(back).toEqual({ ...good, publicationDate: '2025-06-01' });
    expect(
      fromZenodoMetadata({
        license: { id: 'CC-BY-4.0' },
        resource_type: { type: 'software' }
      })
    ).toMatchObject({ license: 'cc-by-4.0', uploadType: 'software' });
  });
  it('goes to and from CITATION.cff fields', () => {
    const cff = toCitation(good, '10.5281/zenodo.7', {
      conceptDoi: '10.5281/zenodo.6',
      now: '2025-06-01'
    });
    expect(cff).toMatchObject({
      doi: '10.5281/zenodo.7',
      license: 'CC-BY-4.0',
      dateReleased: '2025-06-01',
      authors: [
        {
          familyNames: 'Lovelace',
          givenNames: 'Ada',
          orcid: '0000-0002-1825-0097'
        }
      ]
    });
    expect(cff.identifiers?.map(i => i.value)).toEqual([
      '10.5281/zenodo.7',
      '10.5281/zenodo.6'
    ]);
    const form = fromCitation(cff);
    expect(form).toMatchObject({
      title: good.title,
      license: 'cc-by-4.0',
      version: '1.0',
      creators: good.creators
    });
  });
  it('writes CITATION.cff type software for a software upload, over a file that said dataset', () => {
    const software = { ...good, uploadType: 'software' };
    expect(toCitation(software, '10.5281/zenodo.7').type).toBe('software');
    const before = 'cff-version: 1.2.0\ntype: dataset\ntitle: Old\n';
    expect(writeCitation(toCitation(software, undefined), before)).toMatch(
      /^type: software$/m
    );
    // Any other upload type is data in CFF's two kinds.
    expect(toCitation({ ...good, uploadType: 'poster' }, undefined).type).toBe(
      'dataset'
    );
    expect(
      writeCitation(
        toCitation(good, undefined),
        'cff-version: 1.2.0\ntype: software\n'
      )
    ).toMatch(/^type: dataset$/m);
  });
  it('maps Zenodo field paths (legacy and RDM) onto form fields', () => {
    expect(formFieldFor('metadata.title')).toBe('title');
    expect(formFieldFor('metadata.creators.0.orcid')).toBe('creators.0.orcid');
    expect(formFieldFor('metadata.creators')).toBe('creators');
    expect(formFieldFor('metadata.resource_type')).toBe('uploadType');
    expect(formFieldFor('metadata.embargo_date')).toBe('embargoDate');
    expect(formFieldFor('files.enabled')).toBe('files.enabled');
  });
  it('bumps versions', () => {
    expect(bumpVersion('1.2')).toBe('1.3');
    expect(bumpVersion('v3')).toBe('v4');
    expect(bumpVersion('2.0-beta')).toBe('2.1-beta');
    expect(bumpVersion('')).toBe('');
    expect(textToHtml('a\nb')).toBe('<p>a<br>b</p>');
  });
});
