/**
 * Check and unpack archives in a Web Worker, so that inflating hundreds of
 * megabytes never blocks the page; the same functions run on the page where
 * workers cannot start.
 *
 * @packageDocumentation
 * @module workspace/offthread
 */
import {
  ArchiveError,
  ArchiveProblem,
  extractArchive,
  IExtraction,
  IExtractionLimits,
  IExtractionPlan,
  planExtraction
} from './extract';
import { WorkspaceError } from './errors';

/**
 * What a worker answers.
 */
interface IAnswer {
  data: Uint8Array;
  /**
   * Every extracted file's bytes, one after another (entries carry offsets).
   */
  all?: Uint8Array;
  plan?: IExtractionPlan;
  extraction?: IExtraction;
  /**
   * A refusal's problem and entry, or another failure's text.
   */
  error?: { problem?: ArchiveProblem; entry?: string; message?: string };
}

/**
 * `planExtraction` in a worker. The bytes travel to the worker and back:
 * use the returned `data`, not the array passed in.
 */
export async function planOffThread(
  data: Uint8Array,
  archiveName: string,
  limits: IExtractionLimits,
  options: { signal?: AbortSignal } = {}
): Promise<{ plan: IExtractionPlan; data: Uint8Array }> {
  const answer = await run('plan', data, archiveName, limits, options.signal);
  if (!answer) {
    return { plan: await planExtraction(data, archiveName, limits), data };
  }
  return { plan: answer.plan!, data: answer.data };
}

/**
 * `extractArchive` in a worker (same checks, every file's bytes). Use the
 * returned `data`, not the array passed in.
 */
export async function extractOffThread(
  data: Uint8Array,
  archiveName: string,
  limits: IExtractionLimits,
  options: { signal?: AbortSignal } = {}
): Promise<{ extraction: IExtraction; data: Uint8Array }> {
  const answer = await run(
    'extract',
    data,
    archiveName,
    limits,
    options.signal
  );
  if (!answer) {
    const extraction = await extractArchive(data, archiveName, limits, options);
    return { extraction, data };
  }
  const all = answer.all!;
  const extraction = answer.extraction!;
  extraction.entries = (
    extraction.entries as unknown as {
      path: string;
      size: number;
      offset: number;
    }[]
  ).map(({ path, size, offset }) => ({
    path,
    size,
    data: all.subarray(offset, offset + size)
  }));
  return { extraction, data: answer.data };
}

/**
 * Run one job in a new worker; `null` when no worker could start (then the
 * caller runs it on the page, with `data` untouched).
 */
async function run(
  op: 'plan' | 'extract',
  data: Uint8Array,
  name: string,
  limits: IExtractionLimits,
  signal?: AbortSignal
): Promise<IAnswer | null> {
  if (typeof Worker === 'undefined') {
    return null;
  }
  let worker: Worker;
  try {
    const { createExtractWorker, startWorker } = await import('./workers');
    worker = await startWorker(createExtractWorker);
  } catch {
    console.warn(
      'jupyterlab-artifacts: Web Workers unavailable, checking archives on the page.'
    );
    return null;
  }
  try {
    return await new Promise<IAnswer>((resolve, reject) => {
      const onAbort = () =>
        reject(
          signal!.reason ??
            new DOMException('The operation was cancelled.', 'AbortError')
        );
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = (event: MessageEvent<IAnswer>) => {
        signal?.removeEventListener('abort', onAbort);
        const answer = event.data;
        if (answer.error) {
          const { problem, entry, message } = answer.error;
          reject(
            problem
              ? new ArchiveError(problem, entry)
              : new Error(message ?? String(answer.error))
          );
        } else {
          resolve(answer);
        }
      };
      worker.onerror = event => {
        event.preventDefault();
        signal?.removeEventListener('abort', onAbort);
        reject(
          new WorkspaceError(
            { code: 'check-failed', name, detail: event.message },
            `Could not check ${name}: ${event.message}`
          )
        );
      };
      worker.postMessage({ op, data, name, limits }, [
        data.buffer as ArrayBuffer
      ]);
    });
  } finally {
    worker.terminate();
  }
}
