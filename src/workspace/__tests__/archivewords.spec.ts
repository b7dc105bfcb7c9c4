/**
 * The archive reader's refusals in words: every ArchiveProblem code has a
 * sentence of its own that went through the translation bundle with its
 * parameters in place; the English bundle the reader's `reason` is made
 * with says what JupyterLab's English bundle says; and a problem that
 * crosses a boundary (a worker, the companion's JSON) is checked.
 */
import { marking, trans } from '../../__tests__/marking';
import { formatBytes } from '../../format';
import {
  ARCHIVE_CODES,
  ArchiveError,
  ArchiveProblem,
  asArchiveProblem,
  checkEntryName
} from '../extract';
import { archiveErrorText, archiveProblemText, ENGLISH } from '../words';

// Every code at least once: the compiler refuses a code missing here (and
// a parameter missing from a problem).
const PROBLEMS: { [C in ArchiveProblem['code']]: ArchiveProblem[] } = {
  'name-not-utf8': [{ code: 'name-not-utf8' }],
  'name-control': [{ code: 'name-control' }],
  'name-backslash': [{ code: 'name-backslash' }],
  'path-absolute': [{ code: 'path-absolute' }],
  'path-drive': [{ code: 'path-drive' }],
  'path-climbs': [{ code: 'path-climbs' }],
  'name-windows-reserved': [{ code: 'name-windows-reserved', segment: 'CON' }],
  'name-windows-trailing': [{ code: 'name-windows-trailing', segment: 'a.' }],
  'name-windows-character': [
    { code: 'name-windows-character', segment: 'a<b', character: '<' }
  ],
  'path-too-long': [{ code: 'path-too-long', maxBytes: 1024 }],
  'name-too-long': [{ code: 'name-too-long', maxBytes: 255 }],
  'name-not-single': [{ code: 'name-not-single' }],
  'name-hidden': [{ code: 'name-hidden' }],
  'not-archive': [{ code: 'not-archive', name: 'notes.rar' }],
  'too-many-entries': [{ code: 'too-many-entries', maxEntries: 20000 }],
  'special-entry': [
    { code: 'special-entry', kind: 'symlink' },
    { code: 'special-entry', kind: 'hardlink' },
    { code: 'special-entry', kind: 'device' }
  ],
  'empty-name': [{ code: 'empty-name' }],
  'over-total': [{ code: 'over-total', maxBytes: 2_000_000_000 }],
  'archive-bomb': [
    {
      code: 'archive-bomb',
      maxRatio: 200,
      archiveBytes: 65_000,
      totalBytes: 64_000_000
    }
  ],
  'name-unicode-twin': [{ code: 'name-unicode-twin', other: 'café.txt' }],
  'name-case-twin': [{ code: 'name-case-twin', other: 'README.md' }],
  'file-and-folder': [{ code: 'file-and-folder', path: 'a/b' }],
  'duplicate-file': [{ code: 'duplicate-file' }],
  'outside-folder': [{ code: 'outside-folder' }],
  'parent-not-folder': [{ code: 'parent-not-folder' }],
  'zip-unreadable': [
    { code: 'zip-unreadable', detail: 'no end of central directory' }
  ],
  'zip-folder-data': [{ code: 'zip-folder-data', size: 12 }],
  encrypted: [{ code: 'encrypted' }],
  'unsupported-method': [{ code: 'unsupported-method' }],
  'stored-size-mismatch': [
    { code: 'stored-size-mismatch', declared: 10, stored: 12 },
    { code: 'stored-size-mismatch', declared: 1, stored: 12 }
  ],
  'lying-size': [{ code: 'lying-size', declared: 1000 }],
  'entry-bomb': [{ code: 'entry-bomb', maxRatio: 200 }],
  'inflated-size-mismatch': [
    { code: 'inflated-size-mismatch', declared: 10, actual: 9 }
  ],
  'data-corrupt': [{ code: 'data-corrupt', detail: 'invalid block type' }],
  'crc-mismatch': [{ code: 'crc-mismatch' }],
  'zip-unicode-path-mismatch': [{ code: 'zip-unicode-path-mismatch' }],
  'zip-overlap': [{ code: 'zip-overlap' }],
  'zip-local-name-mismatch': [{ code: 'zip-local-name-mismatch' }],
  'zip-local-header-mismatch': [
    { code: 'zip-local-header-mismatch', what: 'method' },
    { code: 'zip-local-header-mismatch', what: 'sizes' }
  ],
  'gzip-unreadable': [
    { code: 'gzip-unreadable', detail: 'unexpected EOF' },
    { code: 'gzip-unreadable', detail: '' }
  ],
  'unpacks-over-total': [{ code: 'unpacks-over-total', maxBytes: 1_500_000 }],
  'stream-bomb': [{ code: 'stream-bomb', maxRatio: 150 }],
  'tar-unreadable': [
    { code: 'tar-unreadable', detail: 'the archive ends inside an entry' }
  ],
  'tar-checksum': [{ code: 'tar-checksum' }],
  'tar-prefix-not-ustar': [{ code: 'tar-prefix-not-ustar' }],
  'tar-data-after-end': [{ code: 'tar-data-after-end' }],
  'pax-too-large': [{ code: 'pax-too-large' }],
  'pax-sparse': [{ code: 'pax-sparse' }],
  'pax-global': [{ code: 'pax-global', keys: ['path', 'size'] }],
  'tar-extended-twice': [{ code: 'tar-extended-twice' }],
  'pax-size-mismatch': [
    { code: 'pax-size-mismatch', paxSize: 1024, headerSize: 1 }
  ],
  'file-name-slash': [{ code: 'file-name-slash' }],
  'tar-old-folder-size': [{ code: 'tar-old-folder-size', size: 3072 }],
  'tar-folder-size': [{ code: 'tar-folder-size', size: 2048 }],
  'tar-entry-type': [{ code: 'tar-entry-type', type: 'Z' }],
  'pax-malformed': [{ code: 'pax-malformed' }]
};

const ALL = Object.values(PROBLEMS).flat();

/**
 * Parameters the words leave out on purpose: the entry, named before the
 * words, holds the segment; that a folder carries any data is the problem.
 */
const UNSAID: Record<string, string[]> = {
  'name-windows-reserved': ['segment'],
  'name-windows-trailing': ['segment'],
  'name-windows-character': ['segment'],
  'zip-folder-data': ['size']
};

/** What a parameter looks like in the words. */
function shown(problem: ArchiveProblem, key: string, value: unknown): string {
  if (
    ['over-total', 'unpacks-over-total', 'archive-bomb'].includes(
      problem.code
    ) &&
    key !== 'maxRatio'
  ) {
    return formatBytes(value as number);
  }
  if (key === 'keys') {
    return (value as string[]).join(', ');
  }
  if (key === 'type') {
    return JSON.stringify(value);
  }
  if (key === 'kind') {
    return (
      { symlink: 'symbolic links', hardlink: 'hard links' }[value as string] ??
      'devices'
    );
  }
  if (key === 'what') {
    return value === 'method' ? 'method' : 'sizes';
  }
  return String(value);
}

describe('archiveProblemText', () => {
  it.each(ALL)('says %o with its parameters', problem => {
    const text = archiveProblemText(problem, marking);
    expect(text).toMatch(/^«[^«»]+»$/);
    expect(text).not.toMatch(/%\d|undefined|NaN|\[object/);
    for (const [key, value] of Object.entries(problem)) {
      if (key !== 'code' && !(UNSAID[problem.code] ?? []).includes(key)) {
        expect(text).toContain(shown(problem, key, value));
      }
    }
  });

  it('has its own words for each problem', () => {
    const texts = ALL.map(p => archiveProblemText(p, trans));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('says every problem in the English of JupyterLab’s own bundle', () => {
    for (const problem of ALL) {
      expect(archiveProblemText(problem, ENGLISH)).toBe(
        archiveProblemText(problem, trans)
      );
    }
    // Plurals and a percent sign as gettext has them.
    expect(ENGLISH._n('%1 file', '%1 files', 1)).toBe('1 file');
    expect(ENGLISH._n('%1 file', '%1 files', 2)).toBe('2 files');
    expect(ENGLISH.__('%1%% of %2', 5, 'x')).toBe(
      trans.__('%1%% of %2', 5, 'x')
    );
  });

  it('says where a path must stay for a path among the person’s files', () => {
    const names = ['a\\b', '/etc', '../x', 'CON', 'a.', 'ab:c'];
    for (const name of names) {
      let error: ArchiveError | null = null;
      try {
        checkEntryName(name);
      } catch (e) {
        error = e as ArchiveError;
      }
      expect(error).toBeInstanceOf(ArchiveError);
      const yours = archiveProblemText(error!.problem, marking, {
        place: 'your-files'
      });
      expect([name, yours]).toEqual([
        name,
        expect.stringContaining('your files')
      ]);
      expect(yours).not.toMatch(/new folder|the folder/);
      // The archive's own words name the new folder instead.
      expect(archiveProblemText(error!.problem, trans)).not.toMatch(
        /your files/
      );
    }
  });

  it('names the entry as the reader’s message does', () => {
    let error: ArchiveError | null = null;
    try {
      checkEntryName('data/CON.txt');
    } catch (e) {
      error = e as ArchiveError;
    }
    expect(error!.problem).toEqual({
      code: 'name-windows-reserved',
      segment: 'CON.txt'
    });
    expect(error!.entry).toBe('data/CON.txt');
    expect(archiveErrorText(error!.problem, error!.entry, trans)).toBe(
      error!.message
    );
    expect(archiveProblemText(error!.problem, trans)).toBe(error!.reason);
    expect(archiveErrorText(error!.problem, error!.entry, marking)).toMatch(
      /^«"data\/CON\.txt": «the name is reserved for a device on Windows/
    );
    expect(archiveErrorText({ code: 'pax-too-large' }, undefined, trans)).toBe(
      'a PAX header is larger than 1 MiB.'
    );
  });
});

describe('asArchiveProblem', () => {
  it('keeps every problem as it is, through JSON', () => {
    for (const problem of ALL) {
      expect(asArchiveProblem(JSON.parse(JSON.stringify(problem)))).toEqual(
        problem
      );
    }
    expect(Object.keys(ARCHIVE_CODES).sort()).toEqual(
      Object.keys(PROBLEMS).sort()
    );
  });

  it('refuses what is not a problem this page knows', () => {
    for (const value of [
      null,
      'path-climbs',
      42,
      {},
      { code: 'a-newer-code' },
      { code: 'toString' },
      { code: 'path-too-long' },
      { code: 'path-too-long', maxBytes: '1024' },
      { code: 'path-too-long', maxBytes: null },
      { code: 'special-entry', kind: 'portal' },
      { code: 'pax-global', keys: 'path' },
      { code: 'pax-global', keys: ['path', 3] },
      { code: 'name-windows-character', segment: 'a<b' }
    ]) {
      expect([value, asArchiveProblem(value)]).toEqual([value, null]);
    }
  });

  it('drops what is not a parameter', () => {
    expect(
      asArchiveProblem({ code: 'entry-bomb', maxRatio: 200, extra: '<b>' })
    ).toEqual({ code: 'entry-bomb', maxRatio: 200 });
  });
});
