/**
 * The catalogue's words: every problem code becomes a sentence that went
 * through the translation bundle with its parameters in place, and the
 * layers' errors are said by their own words modules.
 */
import { marking, trans } from '../../__tests__/marking';
import { CompanionError } from '../../workspace/companion';
import { checkEntryName, type ArchiveProblem } from '../../workspace/extract';
import { archiveProblemText } from '../../workspace/words';
import { WorkspaceError } from '../../workspace/errors';
import { kindHint, ZenodoError } from '../../zenodo/errors';
import { CatalogueError, CatalogueProblem } from '../errors';
import { catalogueErrorText, problemText, setAsideText } from '../words';

// Every code at least once: the compiler refuses a code missing here.
const PROBLEMS: Record<CatalogueProblem['code'], CatalogueProblem[]> = {
  'import-cancelled': [{ code: 'import-cancelled' }],
  'no-source': [{ code: 'no-source' }],
  'no-files': [{ code: 'no-files' }],
  'too-large': [{ code: 'too-large', bytes: 2_000_000, maxBytes: 1000 }],
  'file-too-large': [
    { code: 'file-too-large', bytes: 2_000_000, maxBytes: 1000 }
  ],
  'name-clash': [{ code: 'name-clash', first: 'A.txt', second: 'a.txt' }],
  'larger-than-record': [
    { code: 'larger-than-record', key: 'data.zip', size: 1000 }
  ],
  'over-limit': [{ code: 'over-limit', key: 'data.zip', maxBytes: 1000 }],
  'archive-refused': [
    {
      code: 'archive-refused',
      key: 'data.zip',
      archive: { code: 'path-climbs' },
      entry: '../evil.sh'
    },
    {
      code: 'archive-refused',
      key: 'data.zip',
      archive: { code: 'tar-unreadable', detail: 'the archive ends' }
    }
  ],
  'bad-file-name': [
    { code: 'bad-file-name', key: '.x', why: 'hidden' },
    { code: 'bad-file-name', key: 'a/b', why: 'not-plain' },
    {
      code: 'bad-file-name',
      key: 'CON',
      why: 'entry',
      archive: { code: 'name-windows-reserved', segment: 'CON' }
    }
  ],
  'server-cannot-download': [
    { code: 'server-cannot-download', key: 'a.zip', host: 'https://h/files' }
  ],
  'server-refused': [
    {
      code: 'server-refused',
      key: 'a.zip',
      detail: 'No room.',
      serverCode: 'disk-full'
    },
    {
      code: 'server-refused',
      key: 'a.zip',
      detail: 'Stopped.',
      serverCode: 'cancelled'
    },
    {
      code: 'server-refused',
      key: 'a.zip',
      detail: 'Odd.',
      serverCode: 'something-new'
    },
    {
      code: 'server-refused',
      key: 'a.zip',
      detail: 'The archive was refused: "x/y": the name is bad.',
      archive: { code: 'special-entry', kind: 'symlink' },
      entry: 'x/y',
      serverCode: 'unsafe-entry'
    }
  ],
  'index-too-large': [{ code: 'index-too-large', url: 'https://i/', mib: 50 }],
  'index-unreadable': [
    {
      code: 'index-unreadable',
      url: 'https://i/',
      status: 404,
      statusText: 'Not Found'
    }
  ],
  'index-not-json': [
    { code: 'index-not-json', url: 'https://i/', detail: 'Unexpected <' }
  ],
  'index-no-list': [{ code: 'index-no-list', url: 'https://i/' }],
  'index-no-artifact': [
    { code: 'index-no-artifact', index: 'Course', id: '42' }
  ],
  'index-not-listed': [{ code: 'index-not-listed', index: 'Course' }],
  'download-failed': [
    {
      code: 'download-failed',
      key: 'a.csv',
      status: 500,
      statusText: 'Oops'
    }
  ],
  'download-larger': [{ code: 'download-larger', key: 'a.csv', size: 12 }],
  'version-too-large': [
    {
      code: 'version-too-large',
      version: 'v2',
      bytes: 2_000_000,
      maxBytes: 1000
    }
  ],
  'version-archive-refused': [
    {
      code: 'version-archive-refused',
      key: 'a.zip',
      version: 'v2',
      archive: { code: 'entry-bomb', maxRatio: 200 },
      entry: 'bomb.bin'
    }
  ],
  'not-web-address': [{ code: 'not-web-address', address: 'nowhere' }],
  'not-http': [{ code: 'not-http', address: 'ftp://x' }],
  'path-home': [{ code: 'path-home' }],
  'path-entry': [{ code: 'path-entry', archive: { code: 'path-climbs' } }],
  'path-hidden': [{ code: 'path-hidden' }],
  'path-empty': [{ code: 'path-empty' }]
};

/** What a parameter looks like in the sentence. */
function shown(key: string, value: unknown, problem: CatalogueProblem): string {
  if (key === 'bytes' || key === 'maxBytes' || key === 'size') {
    // Sizes are formatted ("2.0 MB"), except an index download's bytes.
    return '';
  }
  if (key === 'archive') {
    // An archive problem, said by the workspace's words (translated too).
    return archiveProblemText(value as ArchiveProblem, marking, {
      place: problem.code === 'path-entry' ? 'your-files' : 'new-folder'
    });
  }
  if (key === 'entry') {
    return JSON.stringify(value);
  }
  if (key === 'detail' && 'archive' in problem && problem.archive) {
    // The server's English, said in words instead.
    return '';
  }
  return String(value);
}

describe('catalogue words', () => {
  it.each(Object.values(PROBLEMS).flat())(
    'says %o with its parameters',
    problem => {
      const text = problemText(problem, marking);
      expect(text).toMatch(/^«.+»$/);
      expect(text).not.toMatch(/%\d/);
      for (const [key, value] of Object.entries(problem)) {
        if (key !== 'code' && key !== 'why') {
          expect(text).toContain(shown(key, value, problem));
        }
      }
    }
  );

  it('fills in sizes as sizes', () => {
    expect(
      problemText(
        { code: 'too-large', bytes: 2_000_000, maxBytes: 1000 },
        trans
      )
    ).toBe(
      'This artifact is 2.0 MB, more than the 1.0 KB this server accepts for an import. Nothing was downloaded.'
    );
    expect(
      problemText({ code: 'download-larger', key: 'a.csv', size: 1 }, trans)
    ).toBe(
      'a.csv is larger than its record says (1 byte); the download was stopped.'
    );
  });

  it('says each layer’s errors with that layer’s words', () => {
    expect(
      catalogueErrorText(
        new CatalogueError({ code: 'no-files' }, 'English'),
        marking
      )
    ).toBe('«This artifact has no files to import.»');
    expect(
      catalogueErrorText(
        new WorkspaceError(
          { code: 'no-free-name', name: 'study', parent: '/' },
          'English'
        ),
        marking
      )
    ).toBe('«No free folder name for "study" in "/".»');
    const zenodo = new ZenodoError({
      status: 410,
      message: 'PID has been deleted.',
      ...kindHint('gone', 410, [], {})
    });
    expect(catalogueErrorText(zenodo, marking)).toBe(
      'PID has been deleted. «This record was deleted from Zenodo and its files can no longer be downloaded.»'
    );
    const lost = CompanionError.of(
      { code: 'job-lost', detail: 'gone' },
      'The server no longer knows this job (gone); it may have restarted.',
      'lost'
    );
    expect(catalogueErrorText(lost, marking)).toBe(
      '«The server no longer knows this job (gone); it may have restarted.»'
    );
    expect(
      problemText(
        {
          code: 'server-refused',
          key: 'a.zip',
          detail: lost.message,
          detailProblem: lost.problem,
          serverCode: 'lost'
        },
        marking
      )
    ).toBe(
      '«a.zip was not imported: «The server no longer knows this job (gone); it may have restarted.» (lost).» ' +
        '«Check that the server still runs (reload the page), then import again.»'
    );
    // The system's own words pass as they are.
    expect(catalogueErrorText(new TypeError('Failed to fetch'), marking)).toBe(
      'Failed to fetch'
    );
    expect(catalogueErrorText(null, marking)).toBe('');
  });

  it('says an archive refusal as the reader’s English says it, in words', () => {
    let refusal: any = null;
    try {
      checkEntryName('docs/../../evil.sh');
    } catch (e) {
      refusal = e;
    }
    expect(refusal?.problem).toEqual({ code: 'path-climbs' });
    const problem: CatalogueProblem = {
      code: 'archive-refused',
      key: 'data.zip',
      archive: refusal.problem,
      entry: refusal.entry
    };
    // In English, what the import said before the codes: the error's message.
    expect(problemText(problem, trans)).toBe(
      `data.zip was not imported: ${refusal.message} Nothing was written.`
    );
    // Translated through and through: the sentence, the entry, the reason.
    expect(problemText(problem, marking)).toBe(
      '«data.zip was not imported: «"docs/../../evil.sh": «".." would climb out of the new folder (zip slip); refused.»» Nothing was written.»'
    );
    // A launch link's path must stay inside the person's files.
    expect(
      problemText({ code: 'path-entry', archive: refusal.problem }, trans)
    ).toBe(
      '".." would climb out of your files; refused. Only folders inside your files can be named.'
    );
  });

  it('says a companion’s archive refusal in words, its English without one', () => {
    const withCode: CatalogueProblem = {
      code: 'server-refused',
      key: 'data.zip',
      detail: 'The archive was refused: "evil": symbolic links are refused.',
      archive: { code: 'special-entry', kind: 'symlink' },
      entry: 'evil',
      serverCode: 'unsafe-entry'
    };
    expect(problemText(withCode, marking)).toBe(
      '«data.zip was not imported: «"evil": «symbolic links are refused: they could point outside the new folder or at the server\'s devices.»» (unsafe-entry).» ' +
        '«The archive holds something that could harm your files, so nothing was written.»'
    );
    // An older companion sends only its English message.
    const older: CatalogueProblem = {
      code: 'server-refused',
      key: 'data.zip',
      detail: withCode.detail,
      serverCode: 'unsafe-entry'
    };
    expect(problemText(older, marking)).toBe(
      '«data.zip was not imported: The archive was refused: "evil": symbolic links are refused. (unsafe-entry).» ' +
        '«The archive holds something that could harm your files, so nothing was written.»'
    );
  });

  it('says a launch link’s set-aside part', () => {
    expect(
      setAsideText(
        { name: 'into', value: '.ssh', problem: { code: 'path-hidden' } },
        marking
      )
    ).toBe(
      '«The link\'s "into=.ssh" was set aside: «hidden files and folders (starting with ".") are refused.»»'
    );
  });
});
