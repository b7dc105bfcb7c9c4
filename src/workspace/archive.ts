/**
 * Build a zip archive of a folder in the browser: fflate's streaming `Zip`,
 * fed by Web Workers that compress (all loaded only when an archive is built).
 *
 * @packageDocumentation
 * @module workspace/archive
 */
import type { ICompressed } from './compress';
import type { ICompressor } from './pagecompressor';
import { throwIfAborted } from './abort';
import { WorkspaceError } from './errors';
import { compare } from './walk';

export type { ICompressor } from './pagecompressor';

/**
 * One file to put in the archive.
 */
export interface IArchiveEntry {
  /**
   * Path inside the archive (`/`-separated, relative to the archive root).
   */
  path: string;
  /**
   * Expected size in bytes (for progress).
   */
  size: number;
  /**
   * Bytes to use instead of reading the file (e.g. a CITATION.cff that is
   * written into the archive).
   */
  data?: Uint8Array;
}

/**
 * Progress of an archive build (or a folder download).
 */
export interface IArchiveProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * Options of {@link buildArchive}.
 */
export interface IBuildArchiveOptions {
  onProgress?: (progress: IArchiveProgress) => void;
  signal?: AbortSignal;
  /**
   * Deflate level for files worth compressing (1–9, default 6 like `zip`).
   */
  level?: number;
  /**
   * Files read at once from the server (default 6, the browser's per-host
   * connection limit).
   */
  concurrency?: number;
  /**
   * Modification date written for every entry; default now. A fixed date
   * makes the archive reproducible byte for byte.
   */
  date?: Date;
  /**
   * Bytes of file data held in memory at once (default 32 MiB; a single
   * larger file is still read whole).
   */
  memoryBudget?: number;
  /**
   * Who compresses (default: a pool of Web Workers, or the page in slices
   * where workers cannot run). A given compressor is not disposed.
   */
  compressor?: ICompressor;
  /**
   * Read a whole sub-folder (path relative to the archive root) as a zip the
   * server compressed, e.g. jupyter-archive's `/directories/`; resolve to
   * `null` when the server cannot. Used for folders of many small files in
   * which nothing is left out; anything unexpected in what comes back and
   * those files are read one by one instead.
   */
  readFolder?: (
    path: string,
    signal?: AbortSignal,
    maxBytes?: number
  ) => Promise<Uint8Array | null>;
  /**
   * What the walk left out (paths relative to the archive root, folders
   * with a trailing `/`): a folder holding any of them is never read whole.
   */
  excluded?: string[];
}

/**
 * Bytes of file data that may be in memory at once (read but not yet in the
 * archive): keeps the tab's memory near the archive's own size.
 */
const MEMORY_BUDGET = 32 * 1024 * 1024;

/**
 * The archive's bytes are moved into a Blob (out of the page's heap) every
 * this many bytes.
 */
const BLOB_PART = 8 * 1024 * 1024;

/**
 * Least time between two progress reports.
 */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Unix regular file, rw-r--r--, in the central directory's external
 * attributes (what `zip` writes on Linux).
 */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

/**
 * Build a zip archive of `entries` (the archive root is the folder the paths
 * are relative to), reading each file's bytes with `read`.
 *
 * #### Notes
 * A pipeline: a few files are read from the server at a time, compressed in
 * Web Workers on every core (stored when already compressed, deflated
 * otherwise; see `compress.ts`), and written in path order into an fflate
 * `Zip` whose output goes straight into a Blob. No more than
 * `memoryBudget` bytes of file data are held at once, whatever the folder's
 * size, and the page's main thread only moves buffers. The same folder and
 * date give the same bytes.
 */
export async function buildArchive(
  entries: IArchiveEntry[],
  read: (
    path: string,
    signal?: AbortSignal,
    maxBytes?: number
  ) => Promise<Uint8Array>,
  options: IBuildArchiveOptions = {}
): Promise<Blob> {
  const { signal, onProgress } = options;
  const level = options.level ?? 6;
  const date = options.date ?? new Date();
  const budget = Math.max(1, options.memoryBudget ?? MEMORY_BUDGET);
  const concurrency = Math.max(1, options.concurrency ?? 6);
  const { Zip } = await import('fflate');
  throwIfAborted(signal);
  const compressor = options.compressor ?? (await defaultCompressor());
  try {
    return await pipeline();
  } finally {
    if (!options.compressor) {
      compressor.dispose();
    }
  }

  async function pipeline(): Promise<Blob> {
    const sorted = [...entries].sort((a, b) => compare(a.path, b.path));
    const bytesTotal = sorted.reduce((sum, e) => sum + e.size, 0);
    const progress: IArchiveProgress = {
      filesDone: 0,
      filesTotal: sorted.length,
      bytesDone: 0,
      bytesTotal
    };
    // At most every 100 ms (and at the end): a report re-renders the
    // dialog, which for thousands of small files would cost more than them.
    let reported = 0;
    const report = (always = false) => {
      const now = Date.now();
      if (always || now - reported >= PROGRESS_INTERVAL_MS) {
        reported = now;
        onProgress?.({ ...progress });
      }
    };
    report(true);

    // Read ahead of the writer while the budget allows (always at least the
    // next file to write), compressing each file as soon as it arrives. A
    // folder the server can send whole (see `planFolderReads`) is one read.
    const groups = options.readFolder
      ? planFolderReads(sorted, options.excluded ?? [], {
          maxBytes: Math.max(1, budget / 2)
        })
      : [];
    const groupAt = new Map(groups.map(g => [g.start, g]));
    const results: Promise<ICompressed>[] = new Array(sorted.length);
    let nextRead = 0;
    let reading = 0;
    let written = 0;
    let held = 0;
    let failed: unknown = undefined;
    const readOne = async (
      entry: IArchiveEntry,
      onRead?: () => void
    ): Promise<ICompressed> => {
      let data: Uint8Array;
      try {
        // Given bytes are copied: a worker takes what it is handed. One byte
        // more than listed is enough to tell a mismatch.
        data = entry.data
          ? entry.data.slice()
          : await read(entry.path, signal, entry.size + 1);
      } finally {
        onRead?.();
      }
      throwIfAborted(signal);
      if (!entry.data && data.byteLength !== entry.size) {
        throw new SizeMismatchError(entry.path, entry.size, data.byteLength);
      }
      return compressor.compress({ path: entry.path, data, level });
    };
    const fill = () => {
      while (
        failed === undefined &&
        reading < concurrency &&
        nextRead < sorted.length &&
        (nextRead === written || held + sorted[nextRead].size <= budget)
      ) {
        const index = nextRead;
        const group = groupAt.get(index);
        const count = group ? group.end - group.start : 1;
        nextRead += count;
        reading++;
        let done: Promise<unknown>;
        if (group) {
          held += group.bytes;
          const table = readGroup(
            group,
            sorted.slice(group.start, group.end),
            options.readFolder!,
            signal
          );
          done = table.catch(() => undefined);
          for (let i = group.start; i < group.end; i++) {
            const entry = sorted[i];
            // Given bytes win over the server's copy in the folder's zip.
            results[i] = entry.data
              ? readOne(entry)
              : table.then(found => found?.get(entry.path) ?? fallback(entry));
          }
        } else {
          // The read slot frees when the bytes are in, not after compression.
          held += sorted[index].size;
          let readDone!: () => void;
          done = new Promise<void>(resolve => (readDone = resolve));
          results[index] = readOne(sorted[index], readDone);
        }
        void done.then(() => {
          reading--;
          fill();
        });
        for (let i = index; i < index + count; i++) {
          results[i].catch(error => {
            failed ??= error;
          });
        }
      }
    };
    // Files of a folder the server did not send as expected are read one by
    // one, a few at a time.
    let fallbackQueue = Promise.resolve() as Promise<unknown>;
    const fallback = (entry: IArchiveEntry): Promise<ICompressed> => {
      const result = fallbackQueue.then(() => readOne(entry));
      fallbackQueue = result.catch(() => undefined);
      return result;
    };

    const blobs: Blob[] = [];
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let zipError: Error | null = null;
    let ended = false;
    const flush = () => {
      if (pending.length) {
        blobs.push(new Blob(pending as BlobPart[]));
        pending = [];
        pendingBytes = 0;
      }
    };
    const zip = new Zip((error, chunk, final) => {
      if (error) {
        zipError ??= error;
        return;
      }
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= BLOB_PART || final) {
        flush();
      }
      ended ||= final;
    });

    for (let index = 0; index < sorted.length; index++) {
      fill();
      const entry = sorted[index];
      const result = await results[index];
      // Let the bytes go once written (the promise would keep them).
      delete (results as unknown[])[index];
      throwIfAborted(signal);
      const file = {
        filename: entry.path,
        compression: result.method,
        flag: 0,
        mtime: date,
        os: 3,
        attrs: FILE_ATTRIBUTES,
        crc: result.crc,
        size: result.size,
        ondata: null as
          | null
          | ((error: Error | null, data: Uint8Array, final: boolean) => void),
        terminate: () => undefined
      };
      zip.add(file as any);
      if (!result.chunks.length) {
        file.ondata!(null, new Uint8Array(0), true);
      }
      result.chunks.forEach((chunk, i) =>
        file.ondata!(null, chunk, i === result.chunks.length - 1)
      );
      if (zipError) {
        throw new WorkspaceError(
          {
            code: 'archive-entry',
            path: entry.path,
            detail: (zipError as Error).message
          },
          `Could not add “${entry.path}” to the archive: ${(zipError as Error).message}`
        );
      }
      written = index + 1;
      held -= entry.size;
      progress.filesDone++;
      progress.bytesDone += entry.size;
      report();
    }
    zip.end();
    if (zipError || !ended) {
      const detail = (zipError as Error | null)?.message ?? 'incomplete';
      throw new WorkspaceError(
        { code: 'archive-unfinished', detail },
        `Could not finish the archive: ${detail}`
      );
    }
    progress.bytesDone = bytesTotal;
    report(true);
    return new Blob(blobs, { type: 'application/zip' });
  }
}

/**
 * A sub-folder read in one request: the sorted entries `start` to `end`
 * (exclusive) are all under `folder` (which ends with `/`).
 */
export interface IFolderRead {
  folder: string;
  start: number;
  end: number;
  bytes: number;
}

/**
 * Fewest files for which a folder is read whole rather than file by file.
 */
const FOLDER_MIN_FILES = 16;

/**
 * Choose the sub-folders to read whole: the largest folders (never the root)
 * holding at least {@link FOLDER_MIN_FILES} files not given as bytes and at
 * most `maxBytes` in all, with nothing under them left out. A file given as
 * bytes is taken from its bytes, not from the folder's zip (the server
 * would send what is on disk). `sorted` must be in path order, which keeps
 * each folder's files together.
 */
export function planFolderReads(
  sorted: IArchiveEntry[],
  excluded: string[],
  limits: { maxBytes: number; minFiles?: number }
): IFolderRead[] {
  const minFiles = limits.minFiles ?? FOLDER_MIN_FILES;
  const dirty = new Set<string>();
  const markParents = (path: string) => {
    const parts = path.replace(/\/+$/, '').split('/');
    for (let n = 1; n < parts.length; n++) {
      dirty.add(parts.slice(0, n).join('/') + '/');
    }
  };
  excluded.forEach(markParents);
  const plans: IFolderRead[] = [];
  const visit = (folder: string, start: number, end: number) => {
    // Split [start, end) by the next path segment below `folder`.
    let i = start;
    while (i < end) {
      const rest = sorted[i].path.slice(folder.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        i++;
        continue;
      }
      const child = folder + rest.slice(0, slash + 1);
      let j = i;
      let bytes = 0;
      let toRead = 0;
      while (j < end && sorted[j].path.startsWith(child)) {
        bytes += sorted[j].size;
        toRead += sorted[j].data ? 0 : 1;
        j++;
      }
      // Files given as bytes need no read: only those left count.
      if (toRead >= minFiles) {
        if (!dirty.has(child) && bytes <= limits.maxBytes) {
          plans.push({ folder: child, start: i, end: j, bytes });
        } else {
          visit(child, i, j);
        }
      }
      i = j;
    }
  };
  visit('', 0, sorted.length);
  return plans;
}

/**
 * Read a folder whole and index its entries by archive path; `null` when
 * the server cannot or sent something unreadable (expected files missing
 * from it are then read one by one).
 */
async function readGroup(
  group: IFolderRead,
  entries: IArchiveEntry[],
  readFolder: (
    path: string,
    signal?: AbortSignal,
    maxBytes?: number
  ) => Promise<Uint8Array | null>,
  signal?: AbortSignal
): Promise<Map<string, ICompressed> | null> {
  const folder = group.folder.slice(0, -1);
  // A zip of these files is never much larger than their bytes: more means
  // the server followed a link (to /dev/zero, say), so stop reading there.
  const limit =
    Math.ceil(group.bytes * 1.01) +
    entries.reduce((sum, e) => sum + 2 * e.path.length + 200, 0) +
    4096;
  const data = await readFolder(folder, signal, limit);
  throwIfAborted(signal);
  if (!data) {
    return null;
  }
  const { readZipDirectory } = await import('./extract');
  let listed;
  try {
    listed = readZipDirectory(data);
  } catch {
    return null;
  }
  // Entry names start with the folder's own name.
  const strip = folder.length - (folder.split('/').pop() ?? '').length;
  const expected = new Map(entries.map(e => [e.path, e.size]));
  const found = new Map<string, ICompressed>();
  for (const entry of listed) {
    if (entry.name.endsWith('/')) {
      continue;
    }
    if ((entry.method !== 0 && entry.method !== 8) || entry.flags & 0x1) {
      return null;
    }
    const path = folder.slice(0, strip) + entry.name;
    if (expected.get(path) !== entry.declaredSize) {
      // Not the listed file (a followed link, a change): read on its own,
      // where the size is checked.
      continue;
    }
    found.set(path, {
      method: entry.method,
      crc: entry.crc,
      size: entry.declaredSize,
      chunks: [
        data.subarray(entry.dataStart, entry.dataStart + entry.compressedSize)
      ]
    });
  }
  return found;
}

/**
 * A file's bytes differ from the size the folder listing gave: a symbolic
 * link (the listing has the link's own size, the read follows it) or a file
 * that changed since. Never archived.
 */
export class SizeMismatchError extends Error {
  constructor(
    readonly path: string,
    readonly listed: number,
    readonly read: number
  ) {
    super(
      `“${path}” is not what the folder listing said (${listed} bytes listed, ${
        read > listed ? 'more than that' : `${read}`
      } read): it is a link, whose target is not shared, or it changed. Look at the folder again and start over.`
    );
    this.name = 'SizeMismatchError';
  }
}

/**
 * Web Workers where the browser has them, else the page in slices.
 */
async function defaultCompressor(): Promise<ICompressor> {
  if (typeof Worker !== 'undefined') {
    const { WorkerCompressor } = await import('./pool');
    return new WorkerCompressor();
  }
  const { PageCompressor } = await import('./pagecompressor');
  return new PageCompressor();
}
