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
