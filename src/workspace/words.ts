/**
 * The workspace layer's words: why a file is left out or flagged, and what
 * failed, put into the person's language. The layer itself emits only codes
 * with parameters; Share and the catalogue call these functions with their
 * translation bundle. The archive reader itself takes its English from here
 * (with {@link ENGLISH}), and Web Workers load this module: it imports
 * nothing at run time but the pure `format.ts`.
 *
 * @packageDocumentation
 * @module workspace/words
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes, type IWordBundle } from '../format';
import type { WorkspaceProblem } from './errors';
import type { ArchiveProblem } from './extract';
import type { SecretCode } from './secrets';
import type { ExclusionCode } from './walk';

/**
 * Why a file or folder is left out, in words (a fragment after its path).
 */
export function exclusionText(
  code: ExclusionCode,
  trans: TranslationBundle
): string {
  switch (code) {
    case 'jupyter-checkpoints':
      return trans.__('Jupyter checkpoints');
    case 'python-cache':
      return trans.__('Python cache');
    case 'node-packages':
      return trans.__('Node.js packages');
    case 'git-data':
      return trans.__('Git repository data');
    case 'virtual-environment':
      return trans.__('virtual environment');
    case 'too-deep':
      return trans.__('too deeply nested (a link that loops?)');
    case 'hidden-folder':
      return trans.__('hidden folder');
    case 'hidden-file':
      return trans.__('hidden file');
    case 'pattern':
      return trans.__('matches an exclusion pattern');
    case 'skipped':
      return trans.__('left out by you');
    case 'size-mismatch':
      return trans.__(
        'a link (its target is not shared) or a file that changed: its bytes differ from the size listed'
      );
    case 'unreadable':
      return trans.__(
        'not a regular file the server can send (a link to a device or a missing file?)'
      );
    case 'secret':
      return trans.__(
        'looks like a secret: left out unless you tick it in the warning'
      );
  }
}

/**
 * Why a file looks like it holds a secret, in words.
 */
export function secretText(code: SecretCode, trans: TranslationBundle): string {
  switch (code) {
    case 'key':
      return trans.__('private key or certificate');
    case 'ssh':
      return trans.__('SSH key');
    case 'credentials':
      return trans.__('credentials file');
    case 'env':
      return trans.__('environment or login file');
    case 'jupyter':
      return trans.__(
        'Jupyter server or kernel connection file (holds its token or key)'
      );
    case 'name':
      return trans.__('name suggests a secret');
    case 'privateKey':
      return trans.__('holds a private key');
    case 'aws':
      return trans.__('holds an AWS access key id');
    case 'github':
      return trans.__('holds a GitHub token');
    case 'zenodo':
      return trans.__('holds what looks like an access token');
    case 'jupyterUrl':
      return trans.__('holds a Jupyter server address with its token');
  }
}

/**
 * What failed in the workspace layer, in words. `detail` parameters are the
 * system's own text and stay as they are.
 */
export function workspaceProblemText(
  problem: WorkspaceProblem,
  trans: TranslationBundle
): string {
  switch (problem.code) {
    case 'archive-entry':
      return trans.__(
        'Could not add “%1” to the archive: %2',
        problem.path,
        problem.detail
      );
    case 'archive-unfinished':
      return trans.__('Could not finish the archive: %1', problem.detail);
    case 'citation-not-yaml':
      return trans.__('CITATION.cff is not valid YAML: %1', problem.detail);
    case 'citation-not-mapping':
      return trans.__('CITATION.cff does not hold a mapping of fields.');
    case 'nothing-to-download':
      return trans.__(
        'There is nothing to download in “%1”: it has no files that are not left out.',
        problem.folder
      );
    case 'folder-unreadable':
      return problem.status !== undefined
        ? trans.__(
            'Could not read the folder “%1” (HTTP %2).',
            problem.folder,
            problem.status
          )
        : trans.__(
            'Could not read the folder “%1”: %2',
            problem.folder,
            problem.detail ?? ''
          );
    case 'file-unreadable':
      return problem.status !== undefined
        ? trans.__(
            'Could not read “%1” from the server (HTTP %2).',
            problem.path,
            [problem.status, problem.statusText].filter(s => s).join(' ')
          )
        : trans.__(
            'Could not read “%1” from the server: %2',
            problem.path,
            problem.detail ?? ''
          );
    case 'compressor-stopped':
      return trans.__('The compressor was stopped.');
    case 'compress-failed':
      return trans.__(
        'Could not compress “%1”: %2',
        problem.path,
        problem.detail
      );
    case 'check-failed':
      return trans.__('Could not check %1: %2', problem.name, problem.detail);
    case 'no-free-name':
      return trans.__(
        'No free folder name for "%1" in "%2".',
        problem.name,
        problem.parent
      );
    case 'server-no-answer':
      return trans.__(
        'The Jupyter server did not answer (%1).',
        problem.detail
      );
    case 'job-lost':
      return trans.__(
        'The server no longer knows this job (%1); it may have restarted.',
        problem.detail
      );
    case 'outside-folder':
      return trans.__(
        'Refusing to write %1: it would not stay inside %2.',
        JSON.stringify(problem.path),
        problem.root
      );
  }
}

/**
 * Options of {@link archiveProblemText}.
 */
export interface IArchiveWordsOptions {
  /**
   * Where a path must stay: `new-folder` (the default) for an archive's
   * entries, which go into a new folder; `your-files` for a path a person
   * or a link names among their own files (a launch link's folder).
   */
  place?: 'new-folder' | 'your-files';
}

/**
 * The English "translation": JupyterLab's bundle without a language pack
 * (placeholders `%1`… filled in, `%%` a percent sign), for the English
 * `reason` and `message` the workspace layer's errors carry for logs. One
 * function says a problem in every language, English included.
 */
export const ENGLISH: IWordBundle = {
  __: (msgid: string, ...args: any[]) => fill(msgid, args),
  _n: (one: string, other: string, n: number, ...args: any[]) =>
    fill(n === 1 ? one : other, [n, ...args])
};

function fill(format: string, args: any[]): string {
  return format
    .replace(/%%/g, '%% ')
    .replace(/%(\d+)/g, (_, i: string) => String(args[Number(i) - 1]))
    .replace(/%% /g, '%');
}

/**
 * Why an archive, or one of its entries, is refused, in words (a sentence
 * that starts in lower case: it follows a colon in the views' sentences).
 * `detail` parameters are a reader's own technical text and stay as they
 * are.
 */
export function archiveProblemText(
  problem: ArchiveProblem,
  trans: IWordBundle,
  options: IArchiveWordsOptions = {}
): string {
  const yours = options.place === 'your-files';
  switch (problem.code) {
    case 'name-not-utf8':
      return trans.__(
        'the name is not valid UTF-8; the server cannot store it faithfully.'
      );
    case 'name-control':
      return trans.__('the name contains control characters.');
    case 'name-backslash':
      return yours
        ? trans.__(
            'the name contains a backslash, which could climb out of your files on Windows and is refused.'
          )
        : trans.__(
            'the name contains a backslash, which could climb out of the folder on Windows and is refused.'
          );
    case 'path-absolute':
      return yours
        ? trans.__(
            'absolute paths are refused: every path must stay inside your files.'
          )
        : trans.__(
            'absolute paths are refused: every entry must stay inside the new folder.'
          );
    case 'path-drive':
      return trans.__('paths with a drive letter are refused.');
    case 'path-climbs':
      return yours
        ? trans.__('".." would climb out of your files; refused.')
        : trans.__(
            '".." would climb out of the new folder (zip slip); refused.'
          );
    case 'name-windows-reserved':
      // The segment is not repeated: the entry (or path) is named with it.
      return yours
        ? trans.__(
            'the name is reserved for a device on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension): Windows cannot store it, and your files may be downloaded or served there.'
          )
        : trans.__(
            'the name is reserved for a device on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension): Windows cannot store it, and the folder may be downloaded or served there.'
          );
    case 'name-windows-trailing':
      return yours
        ? trans.__(
            'the name ends with a dot or a space, which Windows removes: Windows cannot store it, and your files may be downloaded or served there.'
          )
        : trans.__(
            'the name ends with a dot or a space, which Windows removes: Windows cannot store it, and the folder may be downloaded or served there.'
          );
    case 'name-windows-character':
      return yours
        ? trans.__(
            'the name contains "%1", a character Windows does not allow in names: Windows cannot store it, and your files may be downloaded or served there.',
            problem.character
          )
        : trans.__(
            'the name contains "%1", a character Windows does not allow in names: Windows cannot store it, and the folder may be downloaded or served there.',
            problem.character
          );
    case 'path-too-long':
      return trans._n(
        'the path is longer than %1 byte.',
        'the path is longer than %1 bytes.',
        problem.maxBytes
      );
    case 'name-too-long':
      return trans._n(
        "a name is longer than %1 byte, which the server's file system cannot store.",
        "a name is longer than %1 bytes, which the server's file system cannot store.",
        problem.maxBytes
      );
    case 'name-not-single':
      return trans.__(
        'the name must be a single, non-empty file or folder name.'
      );
    case 'name-hidden':
      return trans.__(
        'hidden names are refused: hidden files and folders cannot be written through the Contents API.'
      );
    case 'not-archive':
      return trans.__(
        '"%1" is not a .zip, .tar.gz, .tgz or .tar archive.',
        problem.name
      );
    case 'too-many-entries':
      return trans._n(
        'the archive has more than %1 entry (the limit).',
        'the archive has more than %1 entries (the limit).',
        problem.maxEntries
      );
    case 'special-entry':
      switch (problem.kind) {
        case 'symlink':
          return trans.__(
            "symbolic links are refused: they could point outside the new folder or at the server's devices."
          );
        case 'hardlink':
          return trans.__(
            "hard links are refused: they could point outside the new folder or at the server's devices."
          );
        case 'device':
          return trans.__(
            "devices, sockets and pipes are refused: they could point outside the new folder or at the server's devices."
          );
      }
      break;
    case 'empty-name':
      return trans.__('a file entry has an empty name.');
    case 'over-total':
      return trans.__(
        'the extracted files would exceed %1 (the limit).',
        formatBytes(problem.maxBytes)
      );
    case 'archive-bomb':
      return trans.__(
        'the archive inflates more than %1 times (%2 to %3): refused as a likely archive bomb.',
        problem.maxRatio,
        formatBytes(problem.archiveBytes),
        formatBytes(problem.totalBytes)
      );
    case 'name-unicode-twin':
      return trans.__(
        'the name is "%1" written in another Unicode form (NFC/NFD); both cannot live on normalisation-insensitive file systems (macOS) and one would overwrite the other.',
        problem.other
      );
    case 'name-case-twin':
      return trans.__(
        'the name differs only in case or Unicode form from "%1"; both cannot live on case- or normalisation-insensitive file systems (macOS, Windows) and one would overwrite the other.',
        problem.other
      );
    case 'file-and-folder':
      return trans.__(
        '"%1" is both a file and a folder in this archive.',
        problem.path
      );
    case 'duplicate-file':
      return trans.__(
        'the archive holds this file more than once; one copy would overwrite the other.'
      );
    case 'outside-folder':
      return trans.__('the entry would be written outside the new folder.');
    case 'parent-not-folder':
      return trans.__('a folder on the way is not a folder.');
    case 'zip-unreadable':
      return trans.__(
        'this is not a readable zip archive: it is truncated, corrupt or ambiguous (%1).',
        problem.detail
      );
    case 'zip-folder-data':
      // The size is not said: that there is any is the problem.
      return trans.__(
        'a folder entry carries data, which some readers write as a file and others drop; refused.'
      );
    case 'encrypted':
      return trans.__('encrypted entries are not supported.');
    case 'unsupported-method':
      return trans.__(
        'the entry uses a compression method other than DEFLATE or none, which is not supported.'
      );
    case 'stored-size-mismatch':
      return trans._n(
        'the archive says %1 byte but stores %2.',
        'the archive says %1 bytes but stores %2.',
        problem.declared,
        problem.stored
      );
    case 'lying-size':
      return trans._n(
        'the archive says %1 byte but the entry inflates to more: a lying size, refused.',
        'the archive says %1 bytes but the entry inflates to more: a lying size, refused.',
        problem.declared
      );
    case 'entry-bomb':
      return trans.__(
        'the entry inflates more than %1 times its compressed size: refused as a likely archive bomb.',
        problem.maxRatio
      );
    case 'inflated-size-mismatch':
      return trans._n(
        'the archive says %1 byte but the entry inflates to %2.',
        'the archive says %1 bytes but the entry inflates to %2.',
        problem.declared,
        problem.actual
      );
    case 'data-corrupt':
      return trans.__('the data is corrupt (%1).', problem.detail);
    case 'crc-mismatch':
      return trans.__('the data does not match its CRC-32 checksum (corrupt).');
    case 'zip-unicode-path-mismatch':
      return trans.__(
        'the entry carries a second (Unicode Path) name that differs from its name; readers disagree on which one to use, so it is refused.'
      );
    case 'zip-overlap':
      return trans.__(
        "the entry's data overlaps another entry's (a zip bomb trick); refused."
      );
    case 'zip-local-name-mismatch':
      return trans.__(
        'the local header names the entry differently from the central directory; readers disagree on which one to use, so it is refused.'
      );
    case 'zip-local-header-mismatch':
      return problem.what === 'method'
        ? trans.__(
            'the local header disagrees with the central directory (method or encryption).'
          )
        : trans.__(
            'the local header disagrees with the central directory (sizes or checksum).'
          );
    case 'gzip-unreadable':
      return problem.detail
        ? trans.__(
            'this is not a readable gzip file: it is truncated or corrupt (%1).',
            problem.detail
          )
        : trans.__(
            'this is not a readable gzip file: it is truncated or corrupt.'
          );
    case 'unpacks-over-total':
      return trans.__(
        'the archive unpacks to more than %1 (the limit).',
        formatBytes(problem.maxBytes)
      );
    case 'stream-bomb':
      return trans.__(
        'the archive inflates more than %1 times its size: refused as a likely archive bomb.',
        problem.maxRatio
      );
    case 'tar-unreadable':
      return trans.__(
        'this is not a readable tar archive: it is truncated, corrupt or ambiguous (%1).',
        problem.detail
      );
    case 'tar-checksum':
      return trans.__(
        'the header checksum is wrong: the archive is corrupt, and readers differ on where it ends.'
      );
    case 'tar-prefix-not-ustar':
      return trans.__(
        'the header has bytes in the ustar prefix field but is not a POSIX ustar header: some readers prepend them to the name, others ignore them; refused.'
      );
    case 'tar-data-after-end':
      return trans.__(
        'the archive has bytes after its end, which some readers would still unpack; refused.'
      );
    case 'pax-too-large':
      return trans.__('a PAX header is larger than 1 MiB.');
    case 'pax-sparse':
      return trans.__('GNU sparse files (a PAX header) are not supported.');
    case 'pax-global':
      return trans.__(
        'a PAX global header sets %1, which readers apply differently to the entries that follow; refused.',
        problem.keys.join(', ')
      );
    case 'tar-extended-twice':
      return trans.__(
        'the entry has more than one extended header giving its name or size; readers pick different ones.'
      );
    case 'pax-size-mismatch':
      return trans.__(
        'a PAX header gives the size %1 but the header %2; readers take different ones.',
        problem.paxSize,
        problem.headerSize
      );
    case 'file-name-slash':
      return trans.__(
        'a file entry whose name ends with "/": readers make it a file or a folder; refused.'
      );
    case 'tar-old-folder-size':
      return trans._n(
        'an old-style folder entry declares %1 byte of content: some readers skip it, others read it as more entries; refused.',
        'an old-style folder entry declares %1 bytes of content: some readers skip them, others read them as more entries; refused.',
        problem.size
      );
    case 'tar-folder-size':
      return trans._n(
        'a folder entry declares %1 byte of content: some readers skip it, others read it as more entries; refused.',
        'a folder entry declares %1 bytes of content: some readers skip them, others read them as more entries; refused.',
        problem.size
      );
    case 'tar-entry-type':
      return trans.__(
        'the entry type %1 is not supported (some readers would write it as a file, others skip it).',
        JSON.stringify(problem.type)
      );
    case 'pax-malformed':
      return trans.__('a PAX header record is malformed.');
  }
  // Only a problem from outside the type checker (a newer companion's code
  // that slipped past asArchiveProblem) gets here.
  return String((problem as { code?: unknown }).code);
}

/**
 * An archive refusal in words, naming the entry when one is at fault: what
 * {@link ArchiveError}'s message says in English (`"entry": why`).
 */
export function archiveErrorText(
  problem: ArchiveProblem,
  entry: string | undefined,
  trans: IWordBundle,
  options: IArchiveWordsOptions = {}
): string {
  const text = archiveProblemText(problem, trans, options);
  return entry === undefined
    ? text
    : trans.__('%1: %2', JSON.stringify(entry), text);
}
