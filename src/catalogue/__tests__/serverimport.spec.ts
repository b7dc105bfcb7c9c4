/**
 * A companion's refusal of an import, from its job error's JSON to the
 * catalogue's words: a newer companion says why an archive was refused as a
 * code (`reason`) with the entry, which the words say in the person's
 * language; an older one sends only its English message, said as it is.
 */
import { marking, trans } from '../../__tests__/marking';
import { CompanionError } from '../../workspace/companion';
import { CatalogueError } from '../errors';
import { explainServerError } from '../serverimport';
import { catalogueErrorText } from '../words';

/** A failed job's `error`, as the companion sends it. */
const unsafe = {
  code: 'unsafe-entry',
  message:
    'The archive was refused: "docs/../../evil.sh": ".." would climb out of the new folder (zip slip); refused.',
  reason: { code: 'path-climbs' },
  entry: 'docs/../../evil.sh'
};

describe('explainServerError', () => {
  it('says the archive problem a job error carries, in words', () => {
    const error = explainServerError(
      CompanionError.fromBody(JSON.parse(JSON.stringify(unsafe))),
      'data.zip'
    );
    expect(error).toBeInstanceOf(CatalogueError);
    const { problem } = error as CatalogueError;
    expect(problem).toMatchObject({
      code: 'server-refused',
      key: 'data.zip',
      archive: { code: 'path-climbs' },
      entry: 'docs/../../evil.sh',
      serverCode: 'unsafe-entry'
    });
    expect(catalogueErrorText(error, marking)).toBe(
      '«data.zip was not imported: «"docs/../../evil.sh": «".." would climb out of the new folder (zip slip); refused.»» (unsafe-entry).» ' +
        '«The archive holds something that could harm your files, so nothing was written.»'
    );
    expect(catalogueErrorText(error, trans)).toBe(
      'data.zip was not imported: "docs/../../evil.sh": ".." would climb out of the new folder (zip slip); refused. (unsafe-entry). ' +
        'The archive holds something that could harm your files, so nothing was written.'
    );
  });

  it('says a bad name’s problem, with parameters', () => {
    const error = explainServerError(
      CompanionError.fromBody({
        code: 'bad-name',
        message: 'The new folder name "CON": "CON" is a device name.',
        reason: { code: 'name-windows-reserved', segment: 'CON' },
        entry: 'CON'
      }),
      'CON.zip'
    );
    expect(catalogueErrorText(error, marking)).toMatch(
      /^«CON\.zip was not imported: «"CON": «the name is reserved for a device on Windows .*»» \(bad-name\)\.» «Try again\.»$/
    );
  });

  it('falls back to the English message of an older (or newer) companion', () => {
    const older = explainServerError(
      CompanionError.fromBody({ code: unsafe.code, message: unsafe.message }),
      'data.zip'
    );
    expect((older as CatalogueError).problem).not.toHaveProperty('archive');
    expect(catalogueErrorText(older, marking)).toBe(
      `«data.zip was not imported: ${unsafe.message} (unsafe-entry).» ` +
        '«The archive holds something that could harm your files, so nothing was written.»'
    );
    // A code this page does not know, or one missing its parameters.
    for (const reason of [
      { code: 'a-newer-code' },
      { code: 'path-too-long' },
      { code: 'special-entry', kind: 'portal' },
      'path-climbs'
    ]) {
      const error = CompanionError.fromBody({ ...unsafe, reason });
      expect(error.archiveProblem).toBeUndefined();
      expect(error.entry).toBeUndefined();
      expect(
        catalogueErrorText(explainServerError(error, 'data.zip'), trans)
      ).toContain(unsafe.message);
    }
  });

  it('passes other errors as they are', () => {
    const other = new TypeError('Failed to fetch');
    expect(explainServerError(other, 'data.zip')).toBe(other);
  });
});
