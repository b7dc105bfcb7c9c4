import { parse } from 'yaml';

import { findArtifactDoi, readCitation } from '../../workspace/citation';
import { Artifact } from '../../zenodo';
import { citationFor, withDoi } from '../provenance';

const artifact = {
  id: 7,
  conceptRecId: 6,
  doi: '10.5281/zenodo.7',
  conceptDoi: '10.5281/zenodo.6',
  title: 'Ocean carbon notebooks',
  creators: [
    { name: 'Lovelace, Ada', orcid: '0000-0002-1825-0097' },
    { name: 'ICOS', affiliation: 'ERIC' }
  ],
  description: '<p>x</p>',
  publicationDate: '2025-02-03',
  version: '1.1',
  keywords: ['ocean'],
  license: { id: 'cc-by-4.0' },
  resourceType: { type: 'software' },
  communities: [],
  files: [],
  links: { html: 'https://zenodo.org/records/7' }
} as unknown as Artifact;

describe('catalogue provenance', () => {
  it('writes a CFF 1.2.0 citation recording the DOI, concept DOI and people', () => {
    const text = citationFor(artifact);
    const raw = parse(text);
    expect(raw['cff-version']).toBe('1.2.0');
    expect(raw.type).toBe('software');
    expect(raw.authors).toEqual([
      {
        'family-names': 'Lovelace',
        'given-names': 'Ada',
        orcid: 'https://orcid.org/0000-0002-1825-0097'
      },
      { name: 'ICOS', affiliation: 'ERIC' }
    ]);
    expect(raw.identifiers).toEqual([
      {
        type: 'doi',
        value: '10.5281/zenodo.6',
        description: 'The concept DOI: every version of this artifact.'
      }
    ]);
    expect(findArtifactDoi(text)).toBe('10.5281/zenodo.7');
    expect(readCitation(text)).toMatchObject({
      version: '1.1',
      dateReleased: '2025-02-03',
      url: 'https://zenodo.org/records/7'
    });
  });

  it('adds the DOI to the authors’ own file and keeps the rest', () => {
    const own =
      '# ours\ncff-version: 1.2.0\ntitle: Ours\nauthors:\n  - name: Team\n    email: t@example.org\n';
    const text = withDoi(own, artifact)!;
    expect(text).toContain('# ours');
    const raw = parse(text);
    expect(raw.doi).toBe('10.5281/zenodo.7');
    expect(raw.version).toBe('1.1');
    expect(raw.authors).toEqual([{ name: 'Team', email: 't@example.org' }]);
    expect(withDoi(text, artifact)).toBeNull();
    expect(withDoi('doi: [broken', artifact)).toBeNull();
    expect(withDoi('# only a comment\n', artifact)).toBeNull();
  });
});
