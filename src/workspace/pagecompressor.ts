/**
 * Compress files on the page itself, in slices between which it stays
 * responsive: the fallback where Web Workers cannot run (and what the unit
 * tests use).
 *
 * @packageDocumentation
 * @module workspace/pagecompressor
 */
import { compressFile, ICompressed, ICompressTask } from './compress';
import { compressorStopped } from './errors';
import { nextTask } from './write';

/**
 * Something that compresses files for the archive.
 */
export interface ICompressor {
  /**
   * Where the work happens.
   */
  readonly kind: 'workers' | 'page';
  /**
   * Compress one file. The task's buffer may be transferred to a worker, so
   * the caller must not use `task.data` afterwards.
   */
  compress(task: ICompressTask): Promise<ICompressed>;
  /**
   * Stop: pending work is rejected, workers end.
   */
  dispose(): void;
}

/**
 * Bytes compressed between two yields to the browser (~10 ms of deflate).
 */
const SLICE = 256 * 1024;

/**
 * Compress one file at a time on the page, yielding every {@link SLICE}.
 */
export class PageCompressor implements ICompressor {
  readonly kind = 'page' as const;

  compress(task: ICompressTask): Promise<ICompressed> {
    const run = this._last.then(() => {
      if (this._disposed) {
        throw compressorStopped();
      }
      return compressFile(task, { slice: SLICE, pause: nextTask });
    });
    this._last = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this._disposed = true;
  }

  private _last: Promise<unknown> = Promise.resolve();
  private _disposed = false;
}
