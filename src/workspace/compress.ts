/**
 * Compress one file for a zip archive: decide store or deflate, compute the
 * CRC-32. Pure and DOM-free, so the same code runs in the archive's Web
 * Workers (`deflate.worker.ts`) and, where workers are unavailable, on the
 * page in slices.
 *
 * @packageDocumentation
 * @module workspace/compress
 */
import { deflateSync, ZipDeflate, ZipPassThrough } from 'fflate';

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
 * Size of the sample deflated to tell random-looking data from the rest.
 */
const SAMPLE = 64 * 1024;

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
    const sample = data.subarray(0, SAMPLE);
    return deflateSample(sample) > sample.byteLength * 0.95;
  }
  return false;
}

/**
 * One file to compress.
 */
export interface ICompressTask {
  /**
   * Path in the archive (its extension counts in the store/deflate choice).
   */
  path: string;
  /**
   * The file's bytes. A worker takes ownership (the buffer is transferred).
   */
  data: Uint8Array;
  /**
   * Deflate level, 1–9.
   */
  level: number;
}

/**
 * A file ready to be written into the zip.
 */
export interface ICompressed {
  /**
   * 0 (stored) or 8 (deflated).
   */
  method: 0 | 8;
  /**
   * CRC-32 of the uncompressed bytes.
   */
  crc: number;
  /**
   * Uncompressed size.
   */
  size: number;
  /**
   * The bytes to write (deflated, or the file as it is).
   */
  chunks: Uint8Array[];
}

/**
 * Options of {@link compressFile}.
 */
export interface ICompressOptions {
  /**
   * Feed the compressor this many bytes at a time and call `pause` between
   * slices (how the page keeps responsive without workers).
   */
  slice?: number;
  pause?: () => Promise<void>;
}

/**
 * Compress one file: stored if it is already compressed (by name, or a
 * deflated sample does not shrink, or deflating does not help), else
 * deflated at `task.level`.
 */
export async function compressFile(
  task: ICompressTask,
  options: ICompressOptions = {}
): Promise<ICompressed> {
  const { data, path, level } = task;
  const small = data.byteLength <= SAMPLE;
  // Small files are simply deflated and kept that way if that helps; for
  // big ones a sample decides, so random data is not deflated in full.
  const store =
    data.byteLength === 0 ||
    (small
      ? shouldStore(path, data)
      : shouldStore(
          path,
          data,
          sample => deflateSync(sample, { level: 1 }).byteLength
        ));
  if (!store) {
    const deflated = await run(
      new ZipDeflate('', { level: level as any }),
      data,
      options
    );
    const compressed = deflated.chunks.reduce((n, c) => n + c.byteLength, 0);
    if (!small || compressed < data.byteLength) {
      return { method: 8, ...deflated };
    }
  }
  return { method: 0, ...(await run(new ZipPassThrough(''), data, options)) };
}

/**
 * Push `data` through an fflate zip stream, collecting its output and CRC.
 */
async function run(
  stream: ZipPassThrough | ZipDeflate,
  data: Uint8Array,
  options: ICompressOptions
): Promise<Omit<ICompressed, 'method'>> {
  const chunks: Uint8Array[] = [];
  let error: Error | null = null;
  stream.ondata = (err, chunk) => {
    if (err) {
      error = err;
    } else if (chunk.byteLength) {
      chunks.push(chunk);
    }
  };
  const slice = options.slice ?? data.byteLength;
  if (data.byteLength === 0) {
    stream.push(data, true);
  }
  for (let at = 0; at < data.byteLength; at += slice) {
    const end = Math.min(at + slice, data.byteLength);
    stream.push(data.subarray(at, end), end === data.byteLength);
    if (end < data.byteLength && options.pause) {
      await options.pause();
    }
  }
  if (error) {
    throw error;
  }
  return { crc: stream.crc, size: stream.size, chunks };
}
