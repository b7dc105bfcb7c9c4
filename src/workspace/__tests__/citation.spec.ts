import type { Contents } from '@jupyterlab/services';
import { parse } from 'yaml';

import { FakeContents, Tree } from '../../__tests__/contents';
import {
  findArtifactDoi,
  readCitation,
  readFolderCitation,
  writeCitation
} from '../citation';

const sample = `# Kept: a comment the user wrote
cff-version: 1.2.0
message: Please cite this.
title: Soil respiration notebooks
authors:
  - family-names: Lovelace
    given-names: Ada
    affiliation: Analytical Engines Ltd
    orcid: https://orcid.org/0000-0002-1825-0097
  - name: The ICOS team
doi: 10.5281/zenodo.1234
version: '1.2'
date-released: 2024-03-01
license: CC-BY-4.0
keywords: [soil, CO2]
preferred-citation:
  type: article
  title: Kept as it is
`;

describe('CITATION.cff', () => {
  it('reads authors, DOI, version, date, licence and keywords', () => {
    const fields = readCitation(sample);
    expect(fields).toEqual({
      title: 'Soil respiration notebooks',
      doi: '10.5281/zenodo.1234',
      authors: [
        {
          familyNames: 'Lovelace',
          givenNames: 'Ada',
          affiliation: 'Analytical Engines Ltd',
          orcid: '0000-0002-1825-0097'
        },
        { name: 'The ICOS team' }
      ],
      version: '1.2',
      dateReleased: '2024-03-01',
      license: 'CC-BY-4.0',
      keywords: ['soil', 'CO2'],
      message: 'Please cite this.'
    });
  });

  it('round-trips: what it writes reads back the same, valid against cff 1.2.0 keys', () => {
    const fields = {
      title: 'A: title with "quotes" and a colon',
      doi: 'https://doi.org/10.5281/zenodo.99',
      authors: [
        {
          familyNames: 'Curie',
          givenNames: 'Marie',
          orcid: '0000-0002-1694-233X'
        }
      ],
      version: '2',
      dateReleased: '2025-01-31',
      license: 'MIT',
      keywords: ['yes', 'no', '1.0'],
      identifiers: [
        {
          type: 'doi' as const,
          value: '10.5281/zenodo.98',
          description: 'All versions'
        }
      ]
    };
    const text = writeCitation(fields);
    const raw = parse(text);
    expect(raw['cff-version']).toBe('1.2.0');
    expect(raw.message).toBeTruthy();
    expect(raw.authors[0]).toEqual({
      'family-names': 'Curie',
      'given-names': 'Marie',
      orcid: 'https://orcid.org/0000-0002-1694-233X'
    });
    expect(raw.doi).toBe('10.5281/zenodo.99');
    // 'yes'/'no' stay strings and the version is a string, not a number.
    expect(raw.keywords).toEqual(['yes', 'no', '1.0']);
    expect(raw.version).toBe('2');
    const back = readCitation(text);
    expect(back).toMatchObject({
      ...fields,
      doi: '10.5281/zenodo.99'
    });
  });

  it('keeps keys and comments it does not manage when rewriting a file', () => {
    const text = writeCitation(
      { ...readCitation(sample), doi: '10.5281/zenodo.5678', version: '1.3' },
      sample
    );
    expect(text).toContain('# Kept: a comment the user wrote');
    const raw = parse(text);
    expect(raw['preferred-citation']).toEqual({
      type: 'article',
      title: 'Kept as it is'
    });
    expect(raw.doi).toBe('10.5281/zenodo.5678');
    expect(raw.version).toBe('1.3');
    expect(raw.message).toBe('Please cite this.');
  });

  it('finds the artifact DOI from doi or identifiers, and nothing in bad files', () => {
    expect(findArtifactDoi(sample)).toBe('10.5281/zenodo.1234');
    expect(
      findArtifactDoi(
        'cff-version: 1.2.0\ntitle: x\nidentifiers:\n  - type: url\n    value: https://x\n  - type: doi\n    value: https://doi.org/10.1/abc\n'
      )
    ).toBe('10.1/abc');
    expect(findArtifactDoi('title: [unclosed')).toBeUndefined();
    expect(findArtifactDoi('title: no doi')).toBeUndefined();
  });

  it('with `only`, writes just those fields and keeps the authors as written', () => {
    const own = `${sample}  doi: 10.1000/paper\n`.replace(
      '  - name: The ICOS team',
      '  - name: The ICOS team\n    email: team@example.org'
    );
    const text = writeCitation(
      { authors: [], doi: 'https://doi.org/10.5281/zenodo.77', title: 'gone?' },
      own,
      { only: ['doi'] }
    );
    const raw = parse(text);
    expect(raw.doi).toBe('10.5281/zenodo.77');
    expect(raw.title).toBe('Soil respiration notebooks');
    expect(raw.authors[1]).toEqual({
      name: 'The ICOS team',
      email: 'team@example.org'
    });
    expect(raw.message).toBe('Please cite this.');
    expect(raw.type).toBeUndefined();
    expect(text).toContain('# Kept: a comment the user wrote');
    expect(() =>
      writeCitation({ authors: [], doi: '10.1/x' }, '- a list', {
        only: ['doi']
      })
    ).toThrow(/mapping/);
  });

  it('finds preferred-citation DOIs and skips rejected candidates when asked', () => {
    const text =
      'title: x\ndoi: not-a-doi\npreferred-citation:\n  doi: doi:10.1000/abc\n';
    expect(findArtifactDoi(text)).toBe('not-a-doi');
    expect(
      findArtifactDoi(text, {
        preferredCitation: true,
        accept: doi => doi.startsWith('10.')
      })
    ).toBe('10.1000/abc');
    expect(
      findArtifactDoi(text, { accept: doi => doi.startsWith('10.') })
    ).toBeUndefined();
  });

  it('says clearly when the file is not YAML', () => {
    expect(() => readCitation('a: [b')).toThrow(/not valid YAML/);
  });
});

/**
 * The Contents fake with jupyter_server's answer to a `type` that is not
 * the path's (a 400 "bad type", nothing read), and every fetch's options.
 */
class TypedContents extends FakeContents {
  options: { path: string; options?: Contents.IFetchOptions }[] = [];

  async get(
    path: string,
    options?: Contents.IFetchOptions
  ): Promise<Contents.IModel> {
    this.options.push({ path, options });
    const isDir = this.dirs.has(path);
    if (
      (options?.type === 'directory' && this.files.has(path)) ||
      (options?.type && options.type !== 'directory' && isDir)
    ) {
      const error = new Error(`${path} is not a ${options.type}`) as any;
      error.response = { status: 400 };
      throw error;
    }
    return super.get(path, options);
  }

  static typed(tree: Tree): TypedContents {
    const contents = new TypedContents();
    const filled = FakeContents.fromTree(tree);
    contents.files = filled.files;
    contents.dirs = filled.dirs;
    return contents;
  }
}

describe('readFolderCitation', () => {
  it('lists a folder as a folder: given a file, reads none of it', async () => {
    const contents = TypedContents.typed({
      study: { 'CITATION.cff': sample, 'big.csv': 5_000_000 }
    });
    expect(await readFolderCitation(contents, 'study/big.csv')).toBeNull();
    expect(contents.reads).toEqual([]);
    expect(await readFolderCitation(contents, 'study')).toMatchObject({
      doi: '10.5281/zenodo.1234'
    });
    expect(contents.options.map(o => [o.path, o.options?.type])).toEqual([
      ['study/big.csv', 'directory'],
      ['study', 'directory'],
      ['study/CITATION.cff', 'file']
    ]);
    expect(contents.reads).toEqual(['study/CITATION.cff']);
  });

  it('reads the DOI, the fields and every DOI of a folder’s citation file', async () => {
    const contents = FakeContents.fromTree({
      study: { 'CITATION.cff': sample }
    });
    const found = await readFolderCitation(contents, 'study');
    expect(found).toMatchObject({
      path: 'study/CITATION.cff',
      doi: '10.5281/zenodo.1234',
      fields: { version: '1.2' }
    });
    expect(found!.dois[0]).toBe('10.5281/zenodo.1234');
    expect(found!.text).toBe(sample);
  });

  it('finds the file whatever its case, preferring the exact name', async () => {
    const contents = FakeContents.fromTree({
      a: { 'citation.CFF': 'doi: 10.5281/zenodo.1\n' },
      b: {
        'citation.cff': 'doi: 10.5281/zenodo.2\n',
        'CITATION.cff': 'doi: 10.5281/zenodo.3\n'
      }
    });
    expect((await readFolderCitation(contents, 'a'))?.doi).toBe(
      '10.5281/zenodo.1'
    );
    expect((await readFolderCitation(contents, 'b'))?.doi).toBe(
      '10.5281/zenodo.3'
    );
  });

  it('says why a file does not parse, and keeps its text', async () => {
    const contents = FakeContents.fromTree({ s: { 'CITATION.cff': 'doi: [' } });
    const found = await readFolderCitation(contents, 's');
    expect(found?.error).toMatch(/not valid YAML/);
    expect(found?.text).toBe('doi: [');
    expect(found?.fields).toBeUndefined();
  });

  it('gives null for a folder without one, a missing folder, or a folder named CITATION.cff', async () => {
    const contents = FakeContents.fromTree({
      empty: { 'README.md': 'x' },
      odd: { 'CITATION.cff': {} }
    });
    expect(await readFolderCitation(contents, 'empty')).toBeNull();
    expect(await readFolderCitation(contents, 'missing')).toBeNull();
    expect(await readFolderCitation(contents, 'odd')).toBeNull();
  });
});
