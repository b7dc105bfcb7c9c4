/**
 * jsdom lacks the WHATWG streams that browsers (and modern-tar) have; borrow
 * Node's own implementation for the tests.
 */
import * as web from 'stream/web';

for (const name of Object.keys(web)) {
  if (!(name in globalThis)) {
    (globalThis as any)[name] = (web as any)[name];
  }
}

// jsdom's Blob has no arrayBuffer(); Node's has, as browsers do.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as any).Blob = require('buffer').Blob;
