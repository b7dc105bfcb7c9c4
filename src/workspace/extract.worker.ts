/**
 * The Web Worker that checks and unpacks archives off the page's main thread
 * (see `offthread.ts`): `planExtraction` or `extractArchive`, exactly, on the
 * bytes it is handed. Every buffer is transferred both ways.
 *
 * @packageDocumentation
 * @module workspace/extract.worker
 */
import {
  ArchiveError,
  extractArchive,
  IExtractionLimits,
  planExtraction
} from './extract';

interface IWorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as IWorkerScope;

scope.onmessage = async (
  event: MessageEvent<{
    op: 'plan' | 'extract';
    data: Uint8Array;
    name: string;
    limits: IExtractionLimits;
  }>
) => {
  const { op, data, name, limits } = event.data as any;
  if ((op as string) === 'ping') {
    scope.postMessage({ pong: true });
    return;
  }
  try {
    if (op === 'plan') {
      const plan = await planExtraction(data, name, limits);
      scope.postMessage({ plan, data }, [data.buffer as ArrayBuffer]);
      return;
    }
    const extraction = await extractArchive(data, name, limits);
    // One buffer for every file's bytes: a message with thousands of small
    // buffers takes the page hundreds of milliseconds to receive.
    const total = extraction.entries.reduce((n, e) => n + e.data.byteLength, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    const entries = extraction.entries.map(entry => {
      all.set(entry.data, offset);
      const meta = { path: entry.path, size: entry.size, offset };
      offset += entry.data.byteLength;
      return meta;
    });
    scope.postMessage({ extraction: { ...extraction, entries }, all, data }, [
      all.buffer as ArrayBuffer,
      data.buffer as ArrayBuffer
    ]);
  } catch (error) {
    scope.postMessage(
      {
        // A refusal travels as its problem (a code with parameters) and
        // entry; the page rebuilds the ArchiveError from them.
        error:
          error instanceof ArchiveError
            ? { problem: error.problem, entry: error.entry }
            : { message: String(error) },
        data
      },
      [data.buffer as ArrayBuffer]
    );
  }
};
