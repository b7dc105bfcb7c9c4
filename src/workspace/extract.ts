/**
 * Safe extraction of `.zip`, `.tar.gz`/`.tgz` and `.tar` archives.
 *
 * Everything is read and checked before anything is written: names, entry
 * types, sizes (as actually inflated, not as the archive declares them),
 * entry count and compression ratio. An archive that breaks a rule is refused
 * with an {@link ArchiveError} naming the entry and the reason.
 *
 * @packageDocumentation
 * @module workspace/extract
 */
import { SCHEMA_DEFAULTS } from '../schemas';
import { throwIfAborted } from './abort';
import { ProblemError } from './errors';
import { archiveErrorText, archiveProblemText, ENGLISH } from './words';
import { Gunzip, Inflate } from 'fflate';

/**
 * Caps that protect the server from hostile or accidental archive bombs.
 */
export interface IExtractionLimits {
  /**
   * Largest total size of the extracted files, in bytes.
   */
  maxTotalBytes: number;
  /**
   * Most entries (files, folders, anything) an archive may hold.
   */
  maxEntries: number;
  /**
   * Largest ratio of inflated to compressed size, per entry and overall.
   *
   * #### Notes
   * Entries (and archives) that inflate to less than {@link RATIO_FLOOR_BYTES}
   * are exempt: a tiny, very compressible file harms no one.
   */
  maxRatio: number;
}

/**
 * The defaults of the catalogue settings (schema/catalogue.json):
 * 2,000,000,000 bytes extracted, 20,000 entries, ratio 200.
 */
export const DEFAULT_EXTRACTION_LIMITS: IExtractionLimits = Object.freeze({
  maxTotalBytes: SCHEMA_DEFAULTS.catalogue.maxExtractedBytes,
  maxEntries: SCHEMA_DEFAULTS.catalogue.maxEntries,
  maxRatio: SCHEMA_DEFAULTS.catalogue.maxRatio
});

/**
 * Below this inflated size the compression ratio is not checked.
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * The longest file or folder name (one path segment), in UTF-8 bytes, that
 * the common Linux file systems store.
 */
export const MAX_NAME_BYTES = 255;

/**
 * The longest relative path accepted, in UTF-8 bytes.
 */
export const MAX_PATH_BYTES = 1024;

/**
 * One file the archive will produce.
 */
export interface IPlannedEntry {
  /**
   * Relative path inside the target folder, `/`-separated.
   */
  path: string;
  /**
   * Size in bytes, as inflated.
   */
  size: number;
}

/**
 * An entry left out on purpose, with why.
 */
export interface ISkippedEntry {
  path: string;
  reason: string;
}

/**
 * The result of planning: the files that will be written and their total.
 */
export interface IExtractionPlan {
  entries: IPlannedEntry[];
  totalBytes: number;
  /**
   * Entries that are harmless but cannot be written through the Contents API
   * (hidden files such as `.gitignore` or `__MACOSX/._x`), left out and listed.
   */
  skipped: ISkippedEntry[];
  /**
   * Folders the archive declares (including empty ones), relative paths.
   */
  folders: string[];
}

/**
 * A planned file with its bytes.
 */
export interface IExtractedEntry extends IPlannedEntry {
  data: Uint8Array;
}

/**
 * The result of an extraction: the plan plus every file's bytes.
 */
export interface IExtraction extends IExtractionPlan {
  entries: IExtractedEntry[];
}

/**
 * What kind of special entry an archive held: a symbolic link, a hard link,
 * or a device (which covers sockets and pipes too).
 */
export type SpecialEntryKind = 'symlink' | 'hardlink' | 'device';

/**
 * Why an archive (or one of its entries) is refused, as a code with the
 * parameters a sentence about it needs; `workspace/words.ts` says it
 * ({@link archiveProblemText}). The server companion's planner
 * (jupyterlab_artifacts/extract.py) emits the same codes with the same
 * parameters, and its failed jobs carry them, so one set of words says both.
 *
 * #### Notes
 * A `detail` (of `zip-unreadable`, `tar-unreadable`, `gzip-unreadable`,
 * `data-corrupt`) is the reader's own technical diagnostic, in English, and
 * is shown as it is inside the translated sentence, like a system's own
 * message: there are dozens of them, each naming a field of the format, and
 * they matter to someone debugging the archive, not to the sentence's sense
 * ("this is not a readable zip archive").
 */
export type ArchiveProblem =
  // Names and paths (checkEntryName; the companion's check_folder_name).
  | { code: 'name-not-utf8' }
  | { code: 'name-control' }
  | { code: 'name-backslash' }
  | { code: 'path-absolute' }
  | { code: 'path-drive' }
  | { code: 'path-climbs' }
  | { code: 'name-windows-reserved'; segment: string }
  | { code: 'name-windows-trailing'; segment: string }
  | { code: 'name-windows-character'; segment: string; character: string }
  | { code: 'path-too-long'; maxBytes: number }
  | { code: 'name-too-long'; maxBytes: number }
  | { code: 'name-not-single' }
  | { code: 'name-hidden' }
  // The whole archive, and rules that do not depend on the format.
  | { code: 'not-archive'; name: string }
  | { code: 'too-many-entries'; maxEntries: number }
  | { code: 'special-entry'; kind: SpecialEntryKind }
  | { code: 'empty-name' }
  | { code: 'over-total'; maxBytes: number }
  | {
      code: 'archive-bomb';
      maxRatio: number;
      archiveBytes: number;
      totalBytes: number;
    }
  | { code: 'name-unicode-twin'; other: string }
  | { code: 'name-case-twin'; other: string }
  | { code: 'file-and-folder'; path: string }
  | { code: 'duplicate-file' }
  | { code: 'outside-folder' }
  | { code: 'parent-not-folder' }
  // Zip.
  | { code: 'zip-unreadable'; detail: string }
  | { code: 'zip-folder-data'; size: number }
  | { code: 'encrypted' }
  | { code: 'unsupported-method' }
  | { code: 'stored-size-mismatch'; declared: number; stored: number }
  | { code: 'lying-size'; declared: number }
  | { code: 'entry-bomb'; maxRatio: number }
  | { code: 'inflated-size-mismatch'; declared: number; actual: number }
  | { code: 'data-corrupt'; detail: string }
  | { code: 'crc-mismatch' }
  | { code: 'zip-unicode-path-mismatch' }
  | { code: 'zip-overlap' }
  | { code: 'zip-local-name-mismatch' }
  | { code: 'zip-local-header-mismatch'; what: 'method' | 'sizes' }
  // The gzip stream of a .tar.gz.
  | { code: 'gzip-unreadable'; detail: string }
  | { code: 'unpacks-over-total'; maxBytes: number }
  | { code: 'stream-bomb'; maxRatio: number }
  // Tar.
  | { code: 'tar-unreadable'; detail: string }
  | { code: 'tar-checksum' }
  | { code: 'tar-prefix-not-ustar' }
  | { code: 'tar-data-after-end' }
  | { code: 'pax-too-large' }
  | { code: 'pax-sparse' }
  | { code: 'pax-global'; keys: string[] }
  | { code: 'tar-extended-twice' }
  | { code: 'pax-size-mismatch'; paxSize: number; headerSize: number }
  | { code: 'file-name-slash' }
  | { code: 'tar-old-folder-size'; size: number }
  | { code: 'tar-folder-size'; size: number }
  | { code: 'tar-entry-type'; type: string }
  | { code: 'pax-malformed' };

/**
 * The type of a parameter of an {@link ArchiveProblem}: a string, a number,
 * a list of strings, or one of a few strings.
 */
type ParameterType = 'string' | 'number' | 'strings' | readonly string[];

/**
 * Every {@link ArchiveProblem} code with its parameters' names and types:
 * the run-time side of the type, to check a problem that arrives from
 * elsewhere (a worker, the server companion). The companion's
 * `ARCHIVE_CODES` holds the same codes and parameter names.
 */
export const ARCHIVE_CODES: {
  readonly [C in ArchiveProblem['code']]: {
    readonly [
      K in Exclude<keyof Extract<ArchiveProblem, { code: C }>, 'code'>
    ]: ParameterType;
  };
} = Object.freeze({
  'name-not-utf8': {},
  'name-control': {},
  'name-backslash': {},
  'path-absolute': {},
  'path-drive': {},
  'path-climbs': {},
  'name-windows-reserved': { segment: 'string' },
  'name-windows-trailing': { segment: 'string' },
  'name-windows-character': { segment: 'string', character: 'string' },
  'path-too-long': { maxBytes: 'number' },
  'name-too-long': { maxBytes: 'number' },
  'name-not-single': {},
  'name-hidden': {},
  'not-archive': { name: 'string' },
  'too-many-entries': { maxEntries: 'number' },
  'special-entry': { kind: ['symlink', 'hardlink', 'device'] },
  'empty-name': {},
  'over-total': { maxBytes: 'number' },
  'archive-bomb': {
    maxRatio: 'number',
    archiveBytes: 'number',
    totalBytes: 'number'
  },
  'name-unicode-twin': { other: 'string' },
  'name-case-twin': { other: 'string' },
  'file-and-folder': { path: 'string' },
  'duplicate-file': {},
  'outside-folder': {},
  'parent-not-folder': {},
  'zip-unreadable': { detail: 'string' },
  'zip-folder-data': { size: 'number' },
  encrypted: {},
  'unsupported-method': {},
  'stored-size-mismatch': { declared: 'number', stored: 'number' },
  'lying-size': { declared: 'number' },
  'entry-bomb': { maxRatio: 'number' },
  'inflated-size-mismatch': { declared: 'number', actual: 'number' },
  'data-corrupt': { detail: 'string' },
  'crc-mismatch': {},
  'zip-unicode-path-mismatch': {},
  'zip-overlap': {},
  'zip-local-name-mismatch': {},
  'zip-local-header-mismatch': { what: ['method', 'sizes'] },
  'gzip-unreadable': { detail: 'string' },
  'unpacks-over-total': { maxBytes: 'number' },
  'stream-bomb': { maxRatio: 'number' },
  'tar-unreadable': { detail: 'string' },
  'tar-checksum': {},
  'tar-prefix-not-ustar': {},
  'tar-data-after-end': {},
  'pax-too-large': {},
  'pax-sparse': {},
  'pax-global': { keys: 'strings' },
  'tar-extended-twice': {},
  'pax-size-mismatch': { paxSize: 'number', headerSize: 'number' },
  'file-name-slash': {},
  'tar-old-folder-size': { size: 'number' },
  'tar-folder-size': { size: 'number' },
  'tar-entry-type': { type: 'string' },
  'pax-malformed': {}
});

/**
 * The {@link ArchiveProblem} that `value` is (a known code with every
 * parameter of the right type), or null: for a problem that crossed a
 * boundary (a worker's message, the server companion's JSON), where a newer
 * sender may use a code this page does not know. Only the code and its
 * parameters are kept.
 */
export function asArchiveProblem(value: unknown): ArchiveProblem | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const code = (value as { code?: unknown }).code;
  if (
    typeof code !== 'string' ||
    !Object.prototype.hasOwnProperty.call(ARCHIVE_CODES, code)
  ) {
    return null;
  }
  const parameters = ARCHIVE_CODES[code as ArchiveProblem['code']] as Record<
    string,
    ParameterType
  >;
  const problem: Record<string, unknown> = { code };
  for (const [name, type] of Object.entries(parameters)) {
    const v = (value as Record<string, unknown>)[name];
    const fits =
      type === 'strings'
        ? Array.isArray(v) && v.every(s => typeof s === 'string')
        : type === 'number'
          ? typeof v === 'number' && Number.isFinite(v)
          : type === 'string'
            ? typeof v === 'string'
            : typeof v === 'string' && type.includes(v);
    if (!fits) {
      return null;
    }
    problem[name] = Array.isArray(v) ? [...v] : v;
  }
  return problem as ArchiveProblem;
}

/**
 * Why an archive was refused, naming the entry when one is at fault:
 * `problem` is what a view words (`workspace/words.ts`), `reason` the same
 * in English (for logs), and the message is `"entry": reason`.
 */
export class ArchiveError extends ProblemError<ArchiveProblem> {
  constructor(
    problem: ArchiveProblem,
    readonly entry?: string
  ) {
    super(problem, archiveErrorText(problem, entry, ENGLISH));
    this.reason = archiveProblemText(problem, ENGLISH);
  }

  /**
   * Why, in English, without the entry.
   */
  readonly reason: string;

  name = 'ArchiveError';
}

/**
 * The kinds of archive that are extracted; anything else is saved as it is.
 */
export type ArchiveKind = 'zip' | 'tar.gz' | 'tar';

/**
 * Which kind of archive a file name says it is, or null for none.
 */
export function archiveKind(name: string): ArchiveKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) {
    return 'zip';
  }
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) {
    return 'tar.gz';
  }
  if (lower.endsWith('.tar')) {
    return 'tar';
  }
  return null;
}

/**
 * Plan the extraction of an archive without writing anything.
 *
 * @param data - the archive's bytes
 * @param archiveName - its file name; the extension selects the format
 * @param limits - size, count and ratio caps
 * @returns the files it would produce, their total size and what is skipped
 * @throws {@link ArchiveError} naming the offending entry and the reason
 *
 * #### Notes
 * Every entry is inflated (and the bytes dropped) so that sizes an archive
 * lies about cannot slip through.
 */
export async function planExtraction(
  data: Uint8Array,
  archiveName: string,
  limits: IExtractionLimits
): Promise<IExtractionPlan> {
  const result = await readArchive(data, archiveName, limits, false);
  return {
    entries: result.entries.map(({ path, size }) => ({ path, size })),
    totalBytes: result.totalBytes,
    skipped: result.skipped,
    folders: result.folders
  };
}

/**
 * Extract an archive in memory, with the same checks as {@link planExtraction}.
 *
 * @returns the plan plus each file's bytes, in archive order
 */
export async function extractArchive(
  data: Uint8Array,
  archiveName: string,
  limits: IExtractionLimits,
  options: { signal?: AbortSignal } = {}
): Promise<IExtraction> {
  return readArchive(data, archiveName, limits, true, options.signal);
}

async function readArchive(
  data: Uint8Array,
  archiveName: string,
  limits: IExtractionLimits,
  keep: boolean,
  signal?: AbortSignal
): Promise<IExtraction> {
  const kind = archiveKind(archiveName);
  if (!kind) {
    throw new ArchiveError({ code: 'not-archive', name: archiveName });
  }
  const collector = new Private.Collector(limits, data.byteLength);
  if (kind === 'zip') {
    await Private.readZip(data, collector, keep, signal);
  } else {
    const tar =
      kind === 'tar.gz' ? await Private.gunzip(data, limits, signal) : data;
    await Private.readTar(tar, collector, keep, signal);
  }
  return collector.finish();
}

/**
 * Check one entry name and return it normalised (`./` and empty segments
 * dropped), or throw an {@link ArchiveError} saying why it is refused.
 *
 * @param name - the name as stored in the archive
 * @returns the relative `/`-separated path, or '' for the archive's root
 */
export function checkEntryName(name: string): string {
  if (name.includes('\uFFFD')) {
    throw new ArchiveError({ code: 'name-not-utf8' }, name);
  }
  if (hasControlCharacters(name)) {
    throw new ArchiveError({ code: 'name-control' }, name);
  }
  if (name.includes('\\')) {
    throw new ArchiveError({ code: 'name-backslash' }, name);
  }
  if (name.startsWith('/')) {
    throw new ArchiveError({ code: 'path-absolute' }, name);
  }
  if (/^[a-zA-Z]:/.test(name)) {
    throw new ArchiveError({ code: 'path-drive' }, name);
  }
  const segments = name.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new ArchiveError({ code: 'path-climbs' }, name);
  }
  for (const segment of segments) {
    const problem = windowsProblem(segment);
    if (problem) {
      throw new ArchiveError(problem, name);
    }
  }
  const path = segments.join('/');
  const encoder = new TextEncoder();
  if (encoder.encode(path).byteLength > MAX_PATH_BYTES) {
    throw new ArchiveError(
      { code: 'path-too-long', maxBytes: MAX_PATH_BYTES },
      name
    );
  }
  for (const segment of segments) {
    if (encoder.encode(segment).byteLength > MAX_NAME_BYTES) {
      throw new ArchiveError(
        { code: 'name-too-long', maxBytes: MAX_NAME_BYTES },
        name
      );
    }
  }
  return path;
}

/**
 * Names Windows reserves for devices, with or without an extension
 * (`CON`, `con.txt`, `COM1.tar.gz`, `LPT¹`).
 */
const WINDOWS_RESERVED =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])\s*(\..*)?$/i;

/**
 * Characters Windows does not allow in a name (besides the backslash and control
 * characters, refused for every system).
 */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/**
 * Why Windows cannot hold this one name (a path segment), or null: a
 * `name-windows-*` {@link ArchiveProblem}.
 *
 * #### Notes
 * The server may run on Windows or macOS, and a folder imported on Linux is
 * often downloaded to one of them: a name that changes meaning there (a
 * device, a trailing dot Windows strips, an alternate data stream after `:`)
 * is refused everywhere, so the same archive gives the same files.
 */
export function windowsProblem(segment: string): Extract<
  ArchiveProblem,
  {
    code:
      | 'name-windows-reserved'
      | 'name-windows-trailing'
      | 'name-windows-character';
  }
> | null {
  if (WINDOWS_RESERVED.test(segment)) {
    return { code: 'name-windows-reserved', segment };
  }
  if (/[. ]$/.test(segment)) {
    return { code: 'name-windows-trailing', segment };
  }
  const bad = WINDOWS_FORBIDDEN.exec(segment);
  if (bad) {
    return { code: 'name-windows-character', segment, character: bad[0] };
  }
  return null;
}

/**
 * The key two names collide under on case-insensitive and
 * normalisation-insensitive file systems (macOS, Windows): Unicode NFC, then
 * case folded (upper then lower case, so that `ς`/`σ` and `ß`/`ss` meet).
 */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * One entry of a zip's central directory (see {@link readZipDirectory}).
 */
export type IZipDirectoryEntry = Private.IZipEntry;

/**
 * Read a zip's central directory, every field bounds-checked: names, method,
 * CRC, sizes and where each entry's data starts. Nothing is inflated.
 */
export function readZipDirectory(data: Uint8Array): IZipDirectoryEntry[] {
  return Private.readCentralDirectory(data);
}

/**
 * Module-private helpers.
 */
namespace Private {
  /**
   * Lets the browser paint between slices of work so that no task runs long.
   */
  const SLICE_MS = 30;

  /**
   * The size of the compressed pieces fed to the inflater.
   */
  const PIECE = 256 * 1024;

  let lastYield = Date.now();

  /**
   * Yield to the event loop when the current task has run for a while.
   */
  export async function breathe(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (Date.now() - lastYield > SLICE_MS) {
      await new Promise(resolve => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }

  /**
   * Gathers entries, applying every rule that does not depend on the format.
   */
  export class Collector {
    constructor(
      readonly limits: IExtractionLimits,
      readonly archiveBytes: number
    ) {}

    /**
     * Count one entry of any kind against `maxEntries`.
     */
    count(name: string): void {
      this._count++;
      if (this._count > this.limits.maxEntries) {
        throw new ArchiveError(
          { code: 'too-many-entries', maxEntries: this.limits.maxEntries },
          name
        );
      }
    }

    /**
     * Bytes still allowed before `maxTotalBytes` is passed.
     */
    get remaining(): number {
      return this.limits.maxTotalBytes - this._total;
    }

    /**
     * Refuse a link, device or other special entry.
     */
    refuseType(name: string, kind: SpecialEntryKind): never {
      throw new ArchiveError({ code: 'special-entry', kind }, name);
    }

    /**
     * Record a folder entry.
     */
    addFolder(name: string): void {
      this.count(name);
      const path = checkEntryName(name);
      if (path === '') {
        return;
      }
      if (this.isHidden(path)) {
        this._skipped.push({ path, reason: Private.HIDDEN });
        return;
      }
      this.claim(path, name, true);
      this._folders.push(path);
    }

    /**
     * Check a file's name before its bytes are read; returns the path, or
     * null when the file is skipped.
     */
    checkFile(name: string): string | null {
      this.count(name);
      const path = checkEntryName(name);
      if (path === '') {
        throw new ArchiveError({ code: 'empty-name' }, name);
      }
      if (this.isHidden(path)) {
        this._skipped.push({ path, reason: Private.HIDDEN });
        return null;
      }
      this.claim(path, name, false);
      return path;
    }

    /**
     * Add the bytes of a file checked with {@link checkFile}.
     */
    addFile(path: string, size: number, data: Uint8Array | null): void {
      this._total += size;
      if (this._total > this.limits.maxTotalBytes) {
        throw new ArchiveError(
          { code: 'over-total', maxBytes: this.limits.maxTotalBytes },
          path
        );
      }
      this._entries.push(
        data ? { path, size, data } : { path, size, data: EMPTY }
      );
    }

    /**
     * Check the overall ratio and return the result.
     */
    finish(): IExtraction {
      const { maxRatio } = this.limits;
      if (
        this._total > RATIO_FLOOR_BYTES &&
        this._total > maxRatio * Math.max(1, this.archiveBytes)
      ) {
        throw new ArchiveError({
          code: 'archive-bomb',
          maxRatio,
          archiveBytes: this.archiveBytes,
          totalBytes: this._total
        });
      }
      return {
        entries: this._entries,
        totalBytes: this._total,
        skipped: this._skipped,
        folders: this._folders.filter(
          f => !this._entries.some(e => e.path.startsWith(f + '/'))
        )
      };
    }

    private isHidden(path: string): boolean {
      return path.split('/').some(s => s.startsWith('.'));
    }

    /**
     * Refuse duplicates, names differing only in case, and a file where a
     * folder is needed (or the other way round).
     */
    private claim(path: string, name: string, isFolder: boolean): void {
      const segments = path.split('/');
      for (let i = 1; i <= segments.length; i++) {
        const prefix = segments.slice(0, i).join('/');
        const folder = i < segments.length || isFolder;
        const key = collisionKey(prefix);
        const seen = this._names.get(key);
        if (seen === undefined) {
          this._names.set(key, { path: prefix, folder });
          continue;
        }
        if (
          seen.path !== prefix &&
          seen.path.normalize('NFC') === prefix.normalize('NFC')
        ) {
          throw new ArchiveError(
            { code: 'name-unicode-twin', other: seen.path },
            name
          );
        }
        if (seen.path !== prefix) {
          throw new ArchiveError(
            { code: 'name-case-twin', other: seen.path },
            name
          );
        }
        if (seen.folder !== folder) {
          throw new ArchiveError(
            { code: 'file-and-folder', path: prefix },
            name
          );
        }
        if (i === segments.length && !folder) {
          throw new ArchiveError({ code: 'duplicate-file' }, name);
        }
      }
    }

    private _count = 0;
    private _total = 0;
    private _entries: IExtractedEntry[] = [];
    private _skipped: ISkippedEntry[] = [];
    private _folders: string[] = [];
    private _names = new Map<string, { path: string; folder: boolean }>();
  }

  export const HIDDEN =
    'hidden files and folders cannot be written through the Contents API';

  const EMPTY = new Uint8Array(0);

  /**
   * Inflate raw DEFLATE data in pieces, refusing as soon as it produces more
   * than `cap` bytes (a bomb, or a size the archive lied about).
   */
  export async function inflateCapped(
    name: string,
    compressed: Uint8Array,
    cap: number,
    keep: boolean,
    onExceed: (produced: number) => never,
    signal?: AbortSignal
  ): Promise<{ size: number; data: Uint8Array | null }> {
    const chunks: Uint8Array[] = [];
    let produced = 0;
    const inflater = new Inflate((chunk: Uint8Array) => {
      produced += chunk.byteLength;
      if (produced > cap) {
        onExceed(produced);
      }
      if (keep) {
        chunks.push(chunk);
      }
    });
    if (compressed.byteLength === 0) {
      inflater.push(compressed, true);
    }
    for (let start = 0; start < compressed.byteLength; start += PIECE) {
      const end = Math.min(compressed.byteLength, start + PIECE);
      try {
        inflater.push(
          compressed.subarray(start, end),
          end === compressed.byteLength
        );
      } catch (reason) {
        if (reason instanceof ArchiveError) {
          throw reason;
        }
        throw new ArchiveError(
          { code: 'data-corrupt', detail: (reason as Error).message },
          name
        );
      }
      await breathe(signal);
    }
    return { size: produced, data: keep ? concat(chunks, produced) : null };
  }

  /**
   * Join chunks into one array.
   */
  export function concat(chunks: Uint8Array[], size: number): Uint8Array {
    if (chunks.length === 1) {
      return chunks[0];
    }
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }

  const S_IFMT = 0o170000;
  const S_IFLNK = 0o120000;
  const S_IFREG = 0o100000;
  const S_IFDIR = 0o040000;

  /**
   * One entry of a zip's central directory.
   */
  export interface IZipEntry {
    name: string;
    flags: number;
    method: number;
    /** CRC-32 of the uncompressed data, as the central directory says. */
    crc: number;
    compressedSize: number;
    declaredSize: number;
    /** Unix mode when the entry was made on Unix, else 0. */
    unixMode: number;
    dosDirectory: boolean;
    dataStart: number;
  }

  /**
   * Read a zip's central directory: names, sizes, types and where each
   * entry's data starts.
   *
   * #### Notes
   * JSZip's public `loadAsync` merges entries of the same name and rewrites
   * `../` away, hiding exactly what must be refused, and its internal entry
   * reader cannot be bundled for the browser without Node's `stream`; fflate's
   * unzip gives no entry types (symlinks). So the central directory (a list
   * of fixed-layout records, APPNOTE 4.3.12) is read here, every field
   * bounds-checked, and the data is inflated with fflate under a cap.
   *
   * The reading is strict: zip readers disagree wherever the end record, the
   * central directory and the local headers disagree (Python walks the
   * directory past the end record's count; streaming readers follow local
   * headers), so an archive is accepted only when they all tell one story:
   * the end record's count and size match the directory exactly, the
   * directory ends where the end record starts, each local header repeats
   * its entry's name, method and sizes, and the entries' data tile the
   * archive from its first byte to the directory with no gap or overlap.
   */
  export function readCentralDirectory(data: Uint8Array): IZipEntry[] {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const u16 = (at: number) => view.getUint16(at, true);
    const u32 = (at: number) => view.getUint32(at, true);
    const u64 = (at: number) => u32(at) + u32(at + 4) * 0x100000000;
    // The structural diagnostics stay English: see ArchiveProblem's notes.
    const corrupt = (detail: string, entry?: string): never => {
      throw new ArchiveError({ code: 'zip-unreadable', detail }, entry);
    };
    // End of central directory: the last signature within 64 KiB + 22 bytes.
    let eocd = -1;
    for (
      let i = data.byteLength - 22;
      i >= Math.max(0, data.byteLength - 65557);
      i--
    ) {
      if (u32(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      corrupt('no end of central directory');
    }
    if (eocd + 22 + u16(eocd + 20) !== data.byteLength) {
      corrupt('the end of central directory record does not end the file');
    }
    if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) {
      corrupt('archives split over several disks are not supported');
    }
    let count = u16(eocd + 10);
    let size = u32(eocd + 12);
    let offset = u32(eocd + 16);
    if (u16(eocd + 8) !== count) {
      corrupt('the end record gives two different entry counts');
    }
    // Where the central directory must end: right before the end record, or
    // before the zip64 end record when there is one.
    let directoryEnd = eocd;
    // Zip64: the locator sits right before the end record.
    if (eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
      const at = u64(eocd - 12);
      if (at + 56 > data.byteLength || u32(at) !== 0x06064b50) {
        corrupt('bad zip64 end of central directory');
      }
      if (at + 12 + u64(at + 4) !== eocd - 20) {
        corrupt('the zip64 end record does not meet its locator');
      }
      if (u64(at + 24) !== u64(at + 32)) {
        corrupt('the zip64 end record gives two different entry counts');
      }
      count = u64(at + 32);
      size = u64(at + 40);
      offset = u64(at + 48);
      directoryEnd = at;
    } else if (
      count === 0xffff ||
      size === 0xffffffff ||
      offset === 0xffffffff
    ) {
      corrupt('zip64 values without a zip64 end record');
    }
    if (offset + size !== directoryEnd) {
      corrupt(
        `the central directory should end where the end record starts (byte ${directoryEnd}), but the end record places it at ${offset} + ${size} bytes`
      );
    }
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const sameBytes = (a: number, b: number, length: number) => {
      for (let i = 0; i < length; i++) {
        if (data[a + i] !== data[b + i]) {
          return false;
        }
      }
      return true;
    };
    const entries: IZipEntry[] = [];
    const spans: { start: number; ends: number[]; name: string }[] = [];
    let at = offset;
    for (let n = 0; n < count; n++) {
      if (at + 46 > directoryEnd || u32(at) !== 0x02014b50) {
        corrupt(
          `the end record counts ${count} entries but the central directory holds ${n}`
        );
      }
      const madeBy = u16(at + 4) >> 8;
      const flags = u16(at + 8);
      const method = u16(at + 10);
      const crc = u32(at + 16);
      let compressedSize = u32(at + 20);
      let declaredSize = u32(at + 24);
      const nameLength = u16(at + 28);
      const extraLength = u16(at + 30);
      const commentLength = u16(at + 32);
      const external = u32(at + 38);
      let local = u32(at + 42);
      const nameStart = at + 46;
      const extraStart = nameStart + nameLength;
      if (extraStart + extraLength + commentLength > directoryEnd) {
        corrupt(`central directory entry ${n + 1} runs past its end`);
      }
      const name = decoder.decode(data.subarray(nameStart, extraStart));
      let zip64 = false;
      // Zip64 extra field: 64-bit values replace those set to 0xFFFFFFFF.
      for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
        const id = u16(e);
        const len = u16(e + 2);
        if (id === 0x0001) {
          zip64 = true;
          let p = e + 4;
          if (declaredSize === 0xffffffff && p + 8 <= e + 4 + len) {
            declaredSize = u64(p);
            p += 8;
          }
          if (compressedSize === 0xffffffff && p + 8 <= e + 4 + len) {
            compressedSize = u64(p);
            p += 8;
          }
          if (local === 0xffffffff && p + 8 <= e + 4 + len) {
            local = u64(p);
          }
        }
        e += 4 + len;
      }
      checkUnicodePath(data, extraStart, extraLength, name, corrupt);
      if (local + 30 > offset || u32(local) !== 0x04034b50) {
        corrupt(`no local header for ${JSON.stringify(name)}`, name);
      }
      // The local header must tell the same story as the directory.
      const localNameLength = u16(local + 26);
      const localExtraLength = u16(local + 28);
      if (
        localNameLength !== nameLength ||
        !sameBytes(local + 30, nameStart, nameLength)
      ) {
        throw new ArchiveError({ code: 'zip-local-name-mismatch' }, name);
      }
      if (
        u16(local + 8) !== method ||
        (u16(local + 6) & 0x9) !== (flags & 0x9)
      ) {
        throw new ArchiveError(
          { code: 'zip-local-header-mismatch', what: 'method' },
          name
        );
      }
      const localCrc = u32(local + 14);
      const localCompressed = u32(local + 18);
      const localSize = u32(local + 22);
      const agrees = (value: number, central: number) =>
        value === central ||
        (zip64 && value === 0xffffffff) ||
        ((flags & 0x8) !== 0 && value === 0);
      if (
        !agrees(localCrc, crc) ||
        !agrees(localCompressed, compressedSize) ||
        !agrees(localSize, declaredSize)
      ) {
        throw new ArchiveError(
          { code: 'zip-local-header-mismatch', what: 'sizes' },
          name
        );
      }
      checkUnicodePath(
        data,
        local + 30 + localNameLength,
        localExtraLength,
        name,
        corrupt
      );
      const dataStart = local + 30 + localNameLength + localExtraLength;
      if (dataStart + compressedSize > offset) {
        corrupt(`the data of ${JSON.stringify(name)} runs past its end`, name);
      }
      const dataEnd = dataStart + compressedSize;
      // Where the next entry may start: right after the data, or after a
      // data descriptor (optional signature, CRC, two 4- or 8-byte sizes;
      // writers differ on the sizes' width when the entry is small).
      let ends = [dataEnd];
      if (flags & 0x8) {
        const signed = dataEnd + 4 <= offset && u32(dataEnd) === 0x08074b50;
        const base = dataEnd + (signed ? 4 : 0) + 4;
        ends = zip64 ? [base + 16] : [base + 8, base + 16];
      }
      spans.push({ start: local, ends, name });
      entries.push({
        name,
        flags,
        method,
        crc,
        compressedSize,
        declaredSize,
        unixMode: madeBy === 3 ? external >>> 16 : 0,
        dosDirectory: (external & 0x10) !== 0,
        dataStart
      });
      at = extraStart + extraLength + commentLength;
    }
    if (at !== offset + size) {
      corrupt(
        `the end record counts ${count} entries in ${size} bytes, but the central directory holds ${at < offset + size ? 'more' : 'fewer'}`
      );
    }
    // The entries tile the archive: no bytes before, between or after them
    // that a streaming reader could take for more entries.
    spans.sort((a, b) => a.start - b.start);
    let expected = [0];
    for (const span of spans) {
      if (!expected.includes(span.start)) {
        const nearest = expected[0];
        if (span.start < nearest) {
          throw new ArchiveError({ code: 'zip-overlap' }, span.name);
        }
        corrupt(
          `${span.start - nearest} bytes before ${JSON.stringify(span.name)} are not in the central directory`,
          span.name
        );
      }
      expected = span.ends;
    }
    if (!expected.includes(offset)) {
      corrupt(
        `${offset - expected[0]} bytes before the central directory belong to no entry it lists`
      );
    }
    return entries;
  }

  /**
   * Refuse an Info-ZIP Unicode Path field (0x7075) naming the entry other
   * than its name: some readers use that field, others the name.
   */
  function checkUnicodePath(
    data: Uint8Array,
    start: number,
    length: number,
    name: string,
    corrupt: (what: string, entry?: string) => never
  ): void {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let e = start; e + 4 <= start + length;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (e + 4 + len > start + length) {
        corrupt('an extra field runs past its end', name);
      }
      if (id === 0x7075 && len >= 5) {
        const other = new TextDecoder('utf-8', { fatal: false }).decode(
          data.subarray(e + 9, e + 4 + len)
        );
        if (other !== name) {
          throw new ArchiveError({ code: 'zip-unicode-path-mismatch' }, name);
        }
      }
      e += 4 + len;
    }
  }

  /**
   * Read a zip, checking every entry and inflating it under a cap.
   */
  export async function readZip(
    data: Uint8Array,
    collector: Collector,
    keep: boolean,
    signal?: AbortSignal
  ): Promise<void> {
    const entries = readCentralDirectory(data);
    const { maxRatio } = collector.limits;
    for (const entry of entries) {
      const name = entry.name;
      const type = entry.unixMode & S_IFMT;
      if (type === S_IFLNK) {
        collector.count(name);
        checkEntryName(name);
        collector.refuseType(name, 'symlink');
      }
      if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
        collector.count(name);
        collector.refuseType(name, 'device');
      }
      if (type === S_IFDIR || entry.dosDirectory || name.endsWith('/')) {
        if (
          entry.declaredSize !== 0 ||
          (entry.method === 0 && entry.compressedSize !== 0)
        ) {
          throw new ArchiveError(
            {
              code: 'zip-folder-data',
              size: entry.declaredSize || entry.compressedSize
            },
            name
          );
        }
        collector.addFolder(name);
        continue;
      }
      const path = collector.checkFile(name);
      if (entry.flags & 0x1) {
        throw new ArchiveError({ code: 'encrypted' }, name);
      }
      const compressed = data.subarray(
        entry.dataStart,
        entry.dataStart + entry.compressedSize
      );
      const declared = entry.declaredSize;
      const cap = Math.min(
        declared,
        collector.remaining,
        Math.max(RATIO_FLOOR_BYTES, maxRatio * Math.max(1, compressed.length))
      );
      let result: { size: number; data: Uint8Array | null };
      if (entry.method === 0) {
        result = { size: compressed.byteLength, data: compressed };
        if (result.size !== declared) {
          throw new ArchiveError(
            { code: 'stored-size-mismatch', declared, stored: result.size },
            name
          );
        }
      } else if (entry.method === 8) {
        result = await inflateCapped(
          name,
          compressed,
          cap,
          keep && path !== null,
          produced => {
            if (produced > declared) {
              throw new ArchiveError({ code: 'lying-size', declared }, name);
            }
            if (produced > collector.remaining) {
              throw new ArchiveError(
                {
                  code: 'over-total',
                  maxBytes: collector.limits.maxTotalBytes
                },
                name
              );
            }
            throw new ArchiveError({ code: 'entry-bomb', maxRatio }, name);
          },
          signal
        );
        if (result.size !== declared) {
          throw new ArchiveError(
            { code: 'inflated-size-mismatch', declared, actual: result.size },
            name
          );
        }
      } else {
        throw new ArchiveError({ code: 'unsupported-method' }, name);
      }
      if (path !== null) {
        collector.addFile(path, result.size, keep ? result.data : null);
      }
      await breathe(signal);
    }
  }

  /**
   * Gunzip, refusing output beyond the total cap (plus tar's own headers) or
   * beyond the ratio cap, while it is being produced.
   */
  export async function gunzip(
    data: Uint8Array,
    limits: IExtractionLimits,
    signal?: AbortSignal
  ): Promise<Uint8Array> {
    // A tar adds a 512-byte header per entry, padding and two end blocks.
    const overhead = (limits.maxEntries + 2) * 1024 + 10240;
    const byTotal = limits.maxTotalBytes + overhead;
    const byRatio = Math.max(
      RATIO_FLOOR_BYTES + overhead,
      limits.maxRatio * data.byteLength + overhead
    );
    const cap = Math.min(byTotal, byRatio);
    const chunks: Uint8Array[] = [];
    let produced = 0;
    const stream = new Gunzip((chunk: Uint8Array) => {
      produced += chunk.byteLength;
      if (produced > cap) {
        throw new ArchiveError(
          cap === byTotal
            ? { code: 'unpacks-over-total', maxBytes: limits.maxTotalBytes }
            : { code: 'stream-bomb', maxRatio: limits.maxRatio }
        );
      }
      chunks.push(chunk);
    });
    try {
      for (let start = 0; start < data.byteLength; start += PIECE) {
        const end = Math.min(data.byteLength, start + PIECE);
        stream.push(data.subarray(start, end), end === data.byteLength);
        await breathe(signal);
      }
    } catch (reason) {
      if (reason instanceof ArchiveError || isAbort(reason)) {
        throw reason;
      }
      // The inflater's own message stays English: see ArchiveProblem's notes.
      throw new ArchiveError({
        code: 'gzip-unreadable',
        detail: String((reason as Error)?.message ?? reason ?? '')
      });
    }
    return concat(chunks, produced);
  }

  /**
   * Read a tar, strictly, refusing links and devices.
   *
   * #### Notes
   * Tar readers disagree on headers the formats leave open, and an archive
   * checked by one reader but unpacked by another was shown to write entries
   * the check never saw (issue 10): an old-style folder entry with a size
   * (skipped as its body by some, read as more headers by Python), a ustar
   * prefix in a non-POSIX header (prepended by Python, ignored by GNU-aware
   * readers), a PAX global header setting a path. So the headers are read
   * here, in one pass that every later step relies on, and anything readers
   * disagree on is refused: wrong checksums, unknown magic or entry types,
   * prefix bytes outside POSIX ustar, folders or special entries with a
   * size, a PAX size other than the header's, two long names for one entry,
   * PAX global paths or sizes, GNU sparse files, bytes after the end.
   */
  export async function readTar(
    data: Uint8Array,
    collector: Collector,
    keep: boolean,
    signal?: AbortSignal
  ): Promise<void> {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    // The structural diagnostics stay English: see ArchiveProblem's notes.
    const corrupt = (detail: string, entry?: string): never => {
      throw new ArchiveError({ code: 'tar-unreadable', detail }, entry);
    };
    /** A NUL-terminated field's bytes. */
    const field = (at: number, length: number) => {
      const bytes = data.subarray(at, at + length);
      const nul = bytes.indexOf(0);
      return nul < 0 ? bytes : bytes.subarray(0, nul);
    };
    const text = (at: number, length: number) =>
      decoder.decode(field(at, length));
    /** An octal (or GNU base-256) number field; NaN when malformed. */
    const numeric = (at: number, length: number): number => {
      if (data[at] === 0x80) {
        let n = 0;
        for (let i = at + 1; i < at + length; i++) {
          n = n * 256 + data[i];
        }
        return n;
      }
      if (data[at] === 0xff) {
        return NaN;
      }
      const digits = String.fromCharCode(...field(at, length)).trim();
      return /^[0-7]*$/.test(digits) ? parseInt(digits || '0', 8) : NaN;
    };
    let pax: Record<string, string> = {};
    let paxHeaders = 0;
    let longName: string | null = null;
    let longNames = 0;
    let at = 0;
    for (;;) {
      if (at === data.byteLength) {
        // No end-of-archive blocks: tolerated, as every reader does.
        if (paxHeaders || longNames) {
          corrupt('the archive ends after an extended header');
        }
        break;
      }
      if (at + 512 > data.byteLength) {
        corrupt('the archive ends inside a header');
      }
      if (data.subarray(at, at + 512).every(b => b === 0)) {
        // The end. Anything but zeros after it is an entry some readers
        // (`tar -i`) would still unpack.
        if (data.subarray(at).some(b => b !== 0)) {
          throw new ArchiveError({ code: 'tar-data-after-end' });
        }
        if (paxHeaders || longNames) {
          corrupt('the archive ends after an extended header');
        }
        break;
      }
      const headerName = text(at, 100);
      const stored = numeric(at + 148, 8);
      let unsigned = 0;
      let signed = 0;
      for (let i = at; i < at + 512; i++) {
        const b = i >= at + 148 && i < at + 156 ? 0x20 : data[i];
        unsigned += b;
        signed += b > 127 ? b - 256 : b;
      }
      if (stored !== unsigned && stored !== signed) {
        throw new ArchiveError({ code: 'tar-checksum' }, headerName);
      }
      const magic = String.fromCharCode(...data.subarray(at + 257, at + 265));
      const posix = magic.startsWith('ustar\0');
      const gnu = magic === 'ustar  \0';
      const v7 = data.subarray(at + 257, at + 265).every(b => b === 0);
      if (!posix && !gnu && !v7) {
        corrupt('a header has an unknown format', headerName);
      }
      let name = headerName;
      if (posix) {
        const prefix = text(at + 345, 155);
        name = prefix ? `${prefix}/${headerName}` : headerName;
      } else if (data.subarray(at + 345, at + 500).some(b => b !== 0)) {
        throw new ArchiveError({ code: 'tar-prefix-not-ustar' }, headerName);
      }
      const type = String.fromCharCode(data[at + 156]);
      const size = numeric(at + 124, 12);
      if (!Number.isFinite(size) || size < 0) {
        corrupt('a header has an invalid size', headerName);
      }
      const bodyStart = at + 512;
      const bodyEnd = bodyStart + size;
      if (bodyEnd > data.byteLength) {
        corrupt('the archive ends inside an entry', headerName);
      }
      const next = bodyStart + Math.ceil(size / 512) * 512;
      if (type === 'x' || type === 'g') {
        if (size > 1024 * 1024) {
          throw new ArchiveError({ code: 'pax-too-large' });
        }
        const records = parsePax(data.subarray(bodyStart, bodyEnd), decoder);
        for (const key of Object.keys(records)) {
          if (key.startsWith('GNU.sparse.')) {
            throw new ArchiveError({ code: 'pax-sparse' }, headerName);
          }
        }
        if (type === 'g') {
          const risky = ['path', 'linkpath', 'size'].filter(k => k in records);
          if (risky.length) {
            throw new ArchiveError({ code: 'pax-global', keys: risky });
          }
        } else {
          pax = { ...pax, ...records };
          paxHeaders++;
        }
        at = next;
        continue;
      }
      if (type === 'L') {
        longName = decoder.decode(field(bodyStart, size));
        longNames++;
        at = next;
        continue;
      }
      if (type === 'K') {
        // A long link target: links are refused at their own header.
        at = next;
        continue;
      }
      // A member header: apply its extended headers, then check it.
      if (paxHeaders > 1 || longNames > 1 || (paxHeaders && longNames)) {
        throw new ArchiveError({ code: 'tar-extended-twice' }, name);
      }
      if (longName !== null) {
        name = longName;
      }
      if (pax.path !== undefined) {
        name = pax.path;
      }
      if (pax.size !== undefined && !/^[0-9]+$/.test(pax.size)) {
        throw new ArchiveError({ code: 'pax-malformed' }, name);
      }
      if (pax.size !== undefined && Number(pax.size) !== size) {
        throw new ArchiveError(
          {
            code: 'pax-size-mismatch',
            paxSize: Number(pax.size),
            headerSize: size
          },
          name
        );
      }
      pax = {};
      paxHeaders = 0;
      longName = null;
      longNames = 0;
      if (type === '0' || type === '\0') {
        if (name.endsWith('/')) {
          if (type === '0') {
            throw new ArchiveError({ code: 'file-name-slash' }, name);
          }
          // An old-style (V7) folder.
          if (size !== 0) {
            throw new ArchiveError({ code: 'tar-old-folder-size', size }, name);
          }
          collector.addFolder(name);
        } else {
          const path = collector.checkFile(name);
          if (path !== null) {
            collector.addFile(
              path,
              size,
              keep ? data.subarray(bodyStart, bodyEnd) : null
            );
          }
        }
      } else if (type === '5') {
        if (size !== 0) {
          throw new ArchiveError({ code: 'tar-folder-size', size }, name);
        }
        collector.addFolder(name);
      } else if (type === '2' || type === '1') {
        collector.count(name);
        checkEntryName(name);
        collector.refuseType(name, type === '2' ? 'symlink' : 'hardlink');
      } else if (type === '3' || type === '4' || type === '6') {
        collector.count(name);
        collector.refuseType(name, 'device');
      } else {
        throw new ArchiveError({ code: 'tar-entry-type', type }, name);
      }
      at = next;
      await breathe(signal);
    }
  }

  /**
   * Parse PAX records (`"%d %s=%s\n"`), strictly: each length must be exact.
   */
  function parsePax(
    body: Uint8Array,
    decoder: TextDecoder
  ): Record<string, string> {
    const out: Record<string, string> = {};
    let at = 0;
    while (at < body.byteLength) {
      if (body[at] === 0) {
        // Trailing NUL padding.
        if (body.subarray(at).every(b => b === 0)) {
          break;
        }
      }
      const space = body.indexOf(0x20, at);
      const digits =
        space < 0 ? '' : String.fromCharCode(...body.subarray(at, space));
      const length = /^[1-9][0-9]*$/.test(digits) ? Number(digits) : NaN;
      if (!Number.isFinite(length) || at + length > body.byteLength) {
        throw new ArchiveError({ code: 'pax-malformed' });
      }
      const record = body.subarray(space + 1, at + length);
      const equals = record.indexOf(0x3d);
      if (equals <= 0 || record[record.byteLength - 1] !== 0x0a) {
        throw new ArchiveError({ code: 'pax-malformed' });
      }
      const key = decoder.decode(record.subarray(0, equals));
      out[key] = decoder.decode(
        record.subarray(equals + 1, record.byteLength - 1)
      );
      at += length;
    }
    return out;
  }

  /**
   * Whether a rejection is a cancellation.
   */
  export function isAbort(reason: unknown): boolean {
    return (reason as Error)?.name === 'AbortError';
  }
}

/**
 * Whether a name holds control characters (U+0000–U+001F, U+007F), which no
 * file name should.
 */
export function hasControlCharacters(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}
