/**
 * Where the Web Workers come from: the build bundles each worker script as
 * its own file next to the extension's other chunks. Loaded only where
 * `Worker` exists (the unit tests run without).
 *
 * @packageDocumentation
 * @module workspace/workers
 */

/**
 * A worker that compresses files for the share archive.
 */
export function createDeflateWorker(): Worker {
  return new Worker(new URL('./deflate.worker.js', import.meta.url), {
    name: 'jupyterlab-artifacts-deflate'
  });
}

/**
 * A worker that checks and unpacks an archive for the catalogue's import.
 */
export function createExtractWorker(): Worker {
  return new Worker(new URL('./extract.worker.js', import.meta.url), {
    name: 'jupyterlab-artifacts-extract'
  });
}

/**
 * Start a worker and wait until it answers a ping. A worker whose script is
 * blocked (a Content-Security-Policy) or missing fails with an error event,
 * not an exception; the data handed to a worker is transferred, so it must
 * be known alive first. Rejects (and ends the worker) on its error event or
 * after ten seconds of silence.
 */
export async function startWorker(create: () => Worker): Promise<Worker> {
  const worker = create();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the worker did not start')),
        10_000
      );
      worker.onmessage = () => {
        clearTimeout(timer);
        resolve();
      };
      worker.onerror = event => {
        clearTimeout(timer);
        event.preventDefault();
        reject(new Error(event.message || 'the worker did not start'));
      };
      worker.postMessage({ op: 'ping' });
    });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return worker;
}
