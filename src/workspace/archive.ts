/**
 * Build a zip archive of a folder in the browser with jszip (loaded only when
 * an archive is actually built).
 *
 * @packageDocumentation
 * @module workspace/archive
 */
import { compare, throwIfAborted } from './walk';

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
}

/**
 * File name extensions whose content is already compressed: deflating them
 * again costs time and gains nothing, so they are stored.
 */
const COMPRESSED_EXTENSIONS = new Set(
  (
    '7z apk avif br bz2 docx epub flac gif gz h5 heic jar jpeg jpg lz4 lzma ' +
    'm4a m4v mkv mov mp3 mp4 npz odp ods odt ogg opus parquet pdf png pptx ' +
    'rar tbz2 tgz txz webm webp whl woff woff2 xlsx xz zip zst'
  ).split(' ')
);

/**
 * Whether a file should be stored rather than deflated: by its extension,
 * else by trying to deflate a sample of it.
 */
export function shouldStore(
  path: string,
  data: Uint8Array,
  deflateSample?: (sample: Uint8Array) => number
): boolean {
  const ext = path.split('/').pop()!.split('.').slice(1).pop()?.toLowerCase();
  if (ext && COMPRESSED_EXTENSIONS.has(ext)) {
    return true;
  }
  if (data.byteLength < 128) {
    return false;
  }
  if (deflateSample) {
    // Random-looking data (encrypted, packed binaries) does not shrink.
    const sample = data.subarray(0, 64 * 1024);
    return deflateSample(sample) > sample.byteLength * 0.95;
  }
  return false;
}

/**
 * Build a zip archive of `entries` (the archive root is the folder the paths
 * are relative to), reading each file's bytes with `read`.
 *
 * #### Notes
 * Entries are written in path order whatever order `entries` came in, so the
 * same folder gives the same entry order every time. Text, notebooks and
 * other compressible files are deflated; already-compressed files are stored.
 * jszip works in 16 KiB slices between which the page stays responsive.
 */
export async function buildArchive(
  entries: IArchiveEntry[],
  read: (path: string, signal?: AbortSignal) => Promise<Uint8Array>,
  options: IBuildArchiveOptions = {}
): Promise<Blob> {
  const { signal, onProgress } = options;
  const level = options.level ?? 6;
  const date = options.date ?? new Date();
  const [{ default: JSZip }, { deflateSync }] = await Promise.all([
    import('jszip'),
    import('fflate')
  ]);
  throwIfAborted(signal);

  const sorted = [...entries].sort((a, b) => compare(a.path, b.path));
  const sizeOf = new Map(sorted.map(e => [e.path, e.size]));
  const bytesTotal = sorted.reduce((sum, e) => sum + e.size, 0);
  const progress: IArchiveProgress = {
    filesDone: 0,
    filesTotal: sorted.length,
    bytesDone: 0,
    bytesTotal
  };
  const report = () => onProgress?.({ ...progress });
  report();

  // Read every file first (a few at a time), deciding how to store each.
  const datas: Uint8Array[] = new Array(sorted.length);
  const store: boolean[] = new Array(sorted.length);
  let nextRead = 0;
  const reader = async () => {
    while (nextRead < sorted.length) {
      const index = nextRead++;
      const entry = sorted[index];
      const data = entry.data ?? (await read(entry.path, signal));
      throwIfAborted(signal);
      datas[index] = data;
      store[index] = shouldStore(
        entry.path,
        data,
        sample => deflateSync(sample, { level: 1 }).byteLength
      );
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(options.concurrency ?? 6, sorted.length) },
      reader
    )
  );

  const zip = new JSZip();
  sorted.forEach((entry, index) => {
    zip.file(entry.path, datas[index], {
      binary: true,
      date,
      createFolders: false,
      compression: store[index] ? 'STORE' : 'DEFLATE',
      compressionOptions: store[index] ? null : { level }
    });
  });
  datas.length = 0;

  const chunks: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    let current = '';
    const stream = zip.generateInternalStream({
      type: 'uint8array',
      streamFiles: true,
      platform: 'UNIX'
    });
    const onAbort = () => {
      stream.pause();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream
      .on('data', (chunk: Uint8Array, meta: { currentFile: string | null }) => {
        chunks.push(chunk);
        if (meta.currentFile !== current) {
          if (current) {
            progress.filesDone++;
            progress.bytesDone += sizeOf.get(current) ?? 0;
            report();
          }
          current = meta.currentFile ?? '';
        }
      })
      .on('error', (error: Error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      })
      .on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        progress.filesDone = progress.filesTotal;
        progress.bytesDone = bytesTotal;
        report();
        resolve();
      })
      .resume();
  });
  return new Blob(chunks as BlobPart[], { type: 'application/zip' });
}
