/**
 * The one reader of DOIs and record references (parseRecordReference itself
 * is covered with the client in normalise.spec.ts).
 */
import {
  bareDoi,
  doiUrl,
  isRecordId,
  originOf,
  parseDoi,
  recordIdFromUrl,
  zenodoDoiRecordId
} from '../references';

describe('bareDoi', () => {
  it.each([
    ['10.5281/zenodo.1', '10.5281/zenodo.1'],
    ['  doi:10.5281/zenodo.1 ', '10.5281/zenodo.1'],
    ['DOI: 10.5281/zenodo.1', '10.5281/zenodo.1'],
    ['https://doi.org/10.1234/abc', '10.1234/abc'],
    ['http://dx.doi.org/10.1234/abc', '10.1234/abc'],
    // Not checked: a citation file's own value survives.
    ['not-a-doi', 'not-a-doi']
  ])('reads %s', (value, expected) => {
    expect(bareDoi(value)).toBe(expected);
  });

  it('gives nothing for what is not a non-empty string', () => {
    expect(bareDoi(undefined)).toBeUndefined();
    expect(bareDoi('  ')).toBeUndefined();
    expect(bareDoi(42)).toBeUndefined();
  });
});

describe('parseDoi', () => {
  it('accepts well-formed DOIs in every written form, decoded', () => {
    expect(parseDoi('https://doi.org/10.1000/xyz%28a%29')).toBe(
      '10.1000/xyz(a)'
    );
    expect(parseDoi('doi:10.5281/zenodo.7')).toBe('10.5281/zenodo.7');
  });

  it.each(['10.1/short-registrant', 'zenodo.7', '10.5281/', '10.5281/a%zz'])(
    'refuses %s',
    value => {
      expect(parseDoi(value)).toBeUndefined();
    }
  );
});

describe('record ids', () => {
  it('knows both id shapes', () => {
    expect(isRecordId('8250015')).toBe(true);
    expect(isRecordId('abcde-12345')).toBe(true);
    expect(isRecordId('../etc')).toBe(false);
    expect(isRecordId('10.5281/zenodo.1')).toBe(false);
  });

  it('finds record ids in record URLs', () => {
    expect(recordIdFromUrl('https://zenodo.org/records/42?preview=1')).toBe(
      '42'
    );
    expect(recordIdFromUrl('https://zenodo.org/record/42')).toBe('42');
    expect(recordIdFromUrl('https://zenodo.org/api/records/42/files')).toBe(
      '42'
    );
    expect(recordIdFromUrl('https://example.org/other/42')).toBeUndefined();
    expect(recordIdFromUrl('https://zenodo.org/records/4%2')).toBeUndefined();
    expect(recordIdFromUrl('not a url')).toBeUndefined();
  });

  it("finds the record id in Zenodo's own DOIs only", () => {
    expect(zenodoDoiRecordId('10.5281/zenodo.42')).toBe('42');
    expect(zenodoDoiRecordId('https://doi.org/10.5072/zenodo.42')).toBe('42');
    expect(zenodoDoiRecordId('10.1234/zenodo.42')).toBeUndefined();
    expect(zenodoDoiRecordId('10.1234/other.42')).toBeUndefined();
  });

  it('links a DOI to its resolver', () => {
    expect(doiUrl('10.5281/zenodo.42')).toBe(
      'https://doi.org/10.5281/zenodo.42'
    );
  });
});

describe('originOf', () => {
  it.each([
    ['https://zenodo.org/records/1?x=1', 'https://zenodo.org'],
    ['http://127.0.0.1:9888/', 'http://127.0.0.1:9888'],
    ['HTTPS://Sandbox.Zenodo.org', 'https://sandbox.zenodo.org'],
    ['zenodo.org', undefined],
    ['', undefined]
  ])('%j → %j', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});
