/**
 * The archive's Web Worker: compresses batches of files off the page's main
 * thread (see `pool.ts`). Messages: `{ op: 'ping' }` (answered, see
 * `startWorker`), `{ id, tasks: ICompressTask[] }` in,
 * `{ id, results: ICompressed[] }` or `{ id, error }` out; every buffer is
 * transferred, never copied.
 *
 * @packageDocumentation
 * @module workspace/deflate.worker
 */
import { compressFile, ICompressTask } from './compress';

interface IWorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as IWorkerScope;

scope.onmessage = async (
  event: MessageEvent<{ id?: number; tasks?: ICompressTask[]; op?: 'ping' }>
) => {
  if (event.data.op === 'ping') {
    scope.postMessage({ pong: true });
    return;
  }
  const { id, tasks = [] } = event.data;
  try {
    const results = [];
    for (const task of tasks) {
      results.push(await compressFile(task));
    }
    // A stored file's chunks are views of its own buffer: transfer each
    // buffer once.
    const buffers = new Set<ArrayBuffer>();
    for (const result of results) {
      for (const chunk of result.chunks) {
        buffers.add(chunk.buffer as ArrayBuffer);
      }
    }
    scope.postMessage({ id, results }, [...buffers]);
  } catch (error) {
    scope.postMessage({
      id,
      error: String((error as Error)?.message ?? error)
    });
  }
};
