/**
 * A small pool of Web Workers that compress files for the zip archive, so
 * deflate runs beside the page, on every core, instead of on its main thread.
 *
 * @packageDocumentation
 * @module workspace/pool
 */
import type { ICompressed, ICompressTask } from './compress';
import { compressorStopped, WorkspaceError } from './errors';
import { PageCompressor } from './pagecompressor';
import { createDeflateWorker, startWorker } from './workers';
import type { ICompressor } from './pagecompressor';

export type { ICompressor } from './pagecompressor';

/**
 * Files smaller than this travel to a worker together (one message for up
 * to {@link BATCH_BYTES}), since a message costs more than compressing them.
 */
const SMALL = 256 * 1024;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 128;

interface IJob {
  task: ICompressTask;
  resolve: (result: ICompressed) => void;
  reject: (error: Error) => void;
}

interface ISlot {
  worker: Worker;
  jobs: IJob[] | null;
}

/**
 * Compress in Web Workers; falls back to the page (in slices) when workers
 * cannot start, e.g. under a Content-Security-Policy without `worker-src`.
 */
export class WorkerCompressor implements ICompressor {
  /**
   * @param size - workers to start (default: the browser's core count, 1–4).
   */
  constructor(size?: number) {
    const cores =
      typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
    this._size = Math.max(1, Math.min(size ?? cores, 4));
  }

  get kind(): 'workers' | 'page' {
    return this._fallback ? 'page' : 'workers';
  }

  /**
   * Start the workers and check that they answer; resolves to `false` (and
   * the page does the work) when they cannot.
   */
  start(): Promise<boolean> {
    if (!this._ready) {
      this._ready = this._start();
    }
    return this._ready;
  }

  compress(task: ICompressTask): Promise<ICompressed> {
    if (this._disposed) {
      return Promise.reject(compressorStopped());
    }
    return this.start().then(ok => {
      if (!ok) {
        return this._fallback!.compress(task);
      }
      return new Promise<ICompressed>((resolve, reject) => {
        this._queue.push({ task, resolve, reject });
        this._pump();
      });
    });
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    for (const slot of this._slots) {
      slot.worker.terminate();
      slot.jobs?.forEach(job => job.reject(compressorStopped()));
    }
    this._queue.splice(0).forEach(job => job.reject(compressorStopped()));
    this._slots = [];
    this._fallback?.dispose();
  }

  private async _start(): Promise<boolean> {
    try {
      const started = await Promise.allSettled(
        Array.from({ length: this._size }, () =>
          startWorker(createDeflateWorker)
        )
      );
      const workers = started
        .filter(r => r.status === 'fulfilled')
        .map(r => (r as PromiseFulfilledResult<Worker>).value);
      const failed = started.find(r => r.status === 'rejected');
      if (failed) {
        workers.forEach(w => w.terminate());
        throw (failed as PromiseRejectedResult).reason;
      }
      if (this._disposed) {
        workers.forEach(w => w.terminate());
        return true;
      }
      this._slots = workers.map(worker => {
        const slot: ISlot = { worker, jobs: null };
        worker.onmessage = event => this._done(slot, event.data);
        worker.onerror = event => {
          event.preventDefault();
          this._failed(slot, new Error(event.message || 'worker error'));
        };
        return slot;
      });
      return true;
    } catch (error) {
      console.warn(
        'jupyterlab-artifacts: Web Workers unavailable, compressing on the page:',
        error
      );
      this._fallback = new PageCompressor();
      return false;
    }
  }

  private _pump(): void {
    for (const slot of this._slots) {
      if (slot.jobs || !this._queue.length) {
        continue;
      }
      const jobs = [this._queue.shift()!];
      let bytes = jobs[0].task.data.byteLength;
      while (
        bytes < SMALL &&
        this._queue.length &&
        jobs.length < BATCH_FILES &&
        this._queue[0].task.data.byteLength < SMALL &&
        bytes + this._queue[0].task.data.byteLength <= BATCH_BYTES
      ) {
        const job = this._queue.shift()!;
        bytes += job.task.data.byteLength;
        jobs.push(job);
      }
      slot.jobs = jobs;
      const buffers = new Set(jobs.map(j => j.task.data.buffer as ArrayBuffer));
      slot.worker.postMessage(
        { id: ++this._id, tasks: jobs.map(j => j.task) },
        [...buffers]
      );
    }
  }

  private _done(
    slot: ISlot,
    message: { results?: ICompressed[]; error?: string }
  ): void {
    const jobs = slot.jobs ?? [];
    slot.jobs = null;
    jobs.forEach((job, i) => {
      if (message.results) {
        job.resolve(message.results[i]);
      } else {
        job.reject(
          compressFailed(job.task.path, message.error ?? 'unknown error')
        );
      }
    });
    this._pump();
  }

  private _failed(slot: ISlot, error: Error): void {
    const jobs = slot.jobs ?? [];
    slot.jobs = null;
    jobs.forEach(job =>
      job.reject(compressFailed(job.task.path, error.message))
    );
    this._pump();
  }

  private _size: number;
  private _id = 0;
  private _ready: Promise<boolean> | null = null;
  private _slots: ISlot[] = [];
  private _queue: IJob[] = [];
  private _fallback: PageCompressor | null = null;
  private _disposed = false;
}

function compressFailed(path: string, detail: string): WorkspaceError {
  return new WorkspaceError(
    { code: 'compress-failed', path, detail },
    `Could not compress “${path}”: ${detail}`
  );
}
