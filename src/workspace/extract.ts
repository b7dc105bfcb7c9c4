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
import { formatBytes } from '../zenodo/client';

export { formatBytes };
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
 * Sensible defaults: 2 GiB extracted, 20,000 entries, ratio 200.
 */
export const DEFAULT_EXTRACTION_LIMITS: IExtractionLimits = {
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxEntries: 20000,
  maxRatio: 200
};

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
 * Why an archive was refused, naming the entry when one is at fault.
 */
export class ArchiveError extends Error {
  constructor(
    readonly reason: string,
    readonly entry?: string
  ) {
    super(entry === undefined ? reason : `${JSON.stringify(entry)}: ${reason}`);
    this.name = 'ArchiveError';
  }
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
    throw new ArchiveError(
      `"${archiveName}" is not a .zip, .tar.gz, .tgz or .tar archive.`
    );
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
    throw new ArchiveError(
      'the name is not valid UTF-8; the server cannot store it faithfully.',
      name
    );
  }
  if (hasControlCharacters(name)) {
    throw new ArchiveError('the name contains control characters.', name);
  }
  if (name.includes('\\')) {
    throw new ArchiveError(
      'the name contains a backslash, which could climb out of the folder on Windows and is refused.',
      name
    );
  }
  if (name.startsWith('/')) {
    throw new ArchiveError(
      'absolute paths are refused: every entry must stay inside the new folder.',
      name
    );
  }
  if (/^[a-zA-Z]:/.test(name)) {
    throw new ArchiveError('paths with a drive letter are refused.', name);
  }
  const segments = name.split('/').filter(s => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new ArchiveError(
      '".." would climb out of the new folder (zip slip); refused.',
      name
    );
  }
  const path = segments.join('/');
  const encoder = new TextEncoder();
  if (encoder.encode(path).byteLength > MAX_PATH_BYTES) {
    throw new ArchiveError(
      `the path is longer than ${MAX_PATH_BYTES} bytes.`,
      name
    );
  }
  for (const segment of segments) {
    if (encoder.encode(segment).byteLength > MAX_NAME_BYTES) {
      throw new ArchiveError(
        `a name is longer than ${MAX_NAME_BYTES} bytes, which the server's file system cannot store.`,
        name
      );
    }
  }
  return path;
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
    if (signal?.aborted) {
      throw signal.reason ?? new DOMException('Aborted', 'AbortError');
    }
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
          `the archive has more than ${this.limits.maxEntries} entries (the limit).`,
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
    refuseType(name: string, what: string): never {
      throw new ArchiveError(
        `${what} are refused: they could point outside the new folder or at the server's devices.`,
        name
      );
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
        throw new ArchiveError('a file entry has an empty name.', name);
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
          `the extracted files would exceed ${formatBytes(this.limits.maxTotalBytes)} (the limit).`,
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
        throw new ArchiveError(
          `the archive inflates more than ${maxRatio} times (${formatBytes(this.archiveBytes)} to ${formatBytes(this._total)}): refused as a likely archive bomb.`
        );
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
        const key = prefix.toLowerCase();
        const seen = this._names.get(key);
        if (seen === undefined) {
          this._names.set(key, { path: prefix, folder });
          continue;
        }
        if (seen.path !== prefix) {
          throw new ArchiveError(
            `the name differs only in case from "${seen.path}"; both cannot live on case-insensitive file systems and one would overwrite the other.`,
            name
          );
        }
        if (seen.folder !== folder) {
          throw new ArchiveError(
            `"${prefix}" is both a file and a folder in this archive.`,
            name
          );
        }
        if (i === segments.length && !folder) {
          throw new ArchiveError(
            'the archive holds this file more than once; one copy would overwrite the other.',
            name
          );
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
          `the data is corrupt (${(reason as Error).message}).`,
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
   */
  export function readCentralDirectory(data: Uint8Array): IZipEntry[] {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const u16 = (at: number) => view.getUint16(at, true);
    const u32 = (at: number) => view.getUint32(at, true);
    const u64 = (at: number) => u32(at) + u32(at + 4) * 0x100000000;
    const corrupt = (what: string): never => {
      throw new ArchiveError(`this is not a readable zip archive (${what}).`);
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
    let count = u16(eocd + 10);
    let size = u32(eocd + 12);
    let offset = u32(eocd + 16);
    // Zip64: the locator sits right before the end record.
    if (eocd >= 20 && u32(eocd - 20) === 0x07064b50) {
      const at = u64(eocd - 12);
      if (at + 56 > data.byteLength || u32(at) !== 0x06064b50) {
        corrupt('bad zip64 end of central directory');
      }
      count = u64(at + 32);
      size = u64(at + 40);
      offset = u64(at + 48);
    }
    if (offset + size > data.byteLength) {
      corrupt('central directory out of bounds');
    }
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const entries: IZipEntry[] = [];
    let at = offset;
    for (let n = 0; n < count; n++) {
      if (at + 46 > data.byteLength || u32(at) !== 0x02014b50) {
        corrupt(`bad central directory entry ${n + 1}`);
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
      if (extraStart + extraLength + commentLength > data.byteLength) {
        corrupt(`entry ${n + 1} runs past the end`);
      }
      const name = decoder.decode(data.subarray(nameStart, extraStart));
      // Zip64 extra field: 64-bit values replace those set to 0xFFFFFFFF.
      for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
        const id = u16(e);
        const len = u16(e + 2);
        if (id === 0x0001) {
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
      if (local + 30 > data.byteLength || u32(local) !== 0x04034b50) {
        corrupt(`no local header for ${JSON.stringify(name)}`);
      }
      const dataStart = local + 30 + u16(local + 26) + u16(local + 28);
      if (dataStart + compressedSize > data.byteLength) {
        corrupt(`the data of ${JSON.stringify(name)} runs past the end`);
      }
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
    return entries;
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
        collector.refuseType(name, 'symbolic links');
      }
      if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
        collector.count(name);
        collector.refuseType(name, 'devices, sockets and pipes');
      }
      if (type === S_IFDIR || entry.dosDirectory || name.endsWith('/')) {
        collector.addFolder(name);
        continue;
      }
      const path = collector.checkFile(name);
      if (entry.flags & 0x1) {
        throw new ArchiveError('encrypted entries are not supported.', name);
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
            `the archive says ${declared} bytes but stores ${result.size}.`,
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
              throw new ArchiveError(
                `the archive says ${declared} bytes but the entry inflates to more: a lying size, refused.`,
                name
              );
            }
            if (produced > collector.remaining) {
              throw new ArchiveError(
                `the extracted files would exceed ${formatBytes(collector.limits.maxTotalBytes)} (the limit).`,
                name
              );
            }
            throw new ArchiveError(
              `the entry inflates more than ${maxRatio} times its compressed size: refused as a likely archive bomb.`,
              name
            );
          },
          signal
        );
        if (result.size !== declared) {
          throw new ArchiveError(
            `the archive says ${declared} bytes but the entry inflates to ${result.size}.`,
            name
          );
        }
      } else {
        throw new ArchiveError(
          'the entry uses a compression method other than DEFLATE or none, which is not supported.',
          name
        );
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
            ? `the archive unpacks to more than ${formatBytes(limits.maxTotalBytes)} (the limit).`
            : `the archive inflates more than ${limits.maxRatio} times its size: refused as a likely archive bomb.`
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
      throw new ArchiveError(
        `this is not a readable gzip file (${(reason as Error).message}).`
      );
    }
    return concat(chunks, produced);
  }

  /**
   * Read a tar with modern-tar, refusing links and devices.
   */
  export async function readTar(
    data: Uint8Array,
    collector: Collector,
    keep: boolean,
    signal?: AbortSignal
  ): Promise<void> {
    const { unpackTar } = await import('modern-tar');
    let failure: unknown = null;
    const wanted = new Set<string>();
    let entries: Awaited<ReturnType<typeof unpackTar>>;
    try {
      entries = await unpackTar(data, {
        // The filter sees every header: names and types are checked here,
        // and only regular files (which are kept) get their bytes buffered.
        filter: header => {
          if (failure) {
            return false;
          }
          try {
            const type = header.type ?? 'file';
            const name = header.name;
            if (type === 'directory') {
              collector.addFolder(name);
              return false;
            }
            if (type === 'symlink') {
              collector.count(name);
              checkEntryName(name);
              collector.refuseType(name, 'symbolic links');
            }
            if (type === 'link') {
              collector.count(name);
              checkEntryName(name);
              collector.refuseType(name, 'hard links');
            }
            if (type !== 'file') {
              collector.count(name);
              collector.refuseType(name, 'devices, sockets and pipes');
            }
            const path = collector.checkFile(name);
            if (path === null) {
              return false;
            }
            if (header.size > collector.remaining) {
              collector.addFile(path, header.size, null);
            }
            wanted.add(path);
            return true;
          } catch (reason) {
            failure = reason;
            return false;
          }
        }
      });
    } catch (reason) {
      throw (
        failure ??
        new ArchiveError(
          `this is not a readable tar archive (${(reason as Error).message}).`
        )
      );
    }
    if (failure) {
      throw failure;
    }
    for (const entry of entries) {
      const path = checkEntryName(entry.header.name);
      const bytes = entry.data ?? new Uint8Array(0);
      collector.addFile(path, bytes.byteLength, keep ? bytes : null);
      await breathe(signal);
    }
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
