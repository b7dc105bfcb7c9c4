/**
 * The archive check in a Web Worker: a refusal crosses the worker boundary
 * (a structured clone, as the browser makes) as its problem and entry, and
 * the page rebuilds the same ArchiveError the reader threw. jsdom has no
 * Worker: a stand-in runs the real worker module (extract.worker.ts) and
 * clones every message both ways with Node's structured-clone serializer.
 */
import './streams';
import { deserialize, serialize } from 'v8';

import {
  ArchiveError,
  DEFAULT_EXTRACTION_LIMITS,
  planExtraction
} from '../extract';
import { planOffThread } from '../offthread';

// The shared generator of hostile archives.
import * as hostile from '../../../dev/hostile/archives';

const clone = <T>(value: T): T => deserialize(serialize(value));

/** The worker module's `postMessage` goes to the worker being run. */
let deliver: (answer: unknown) => void = () => undefined;
(self as any).postMessage = (answer: unknown) => deliver(answer);
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../extract.worker');
const onWorkerMessage: (event: { data: unknown }) => Promise<void> = (
  self as any
).onmessage;

let started = 0;

class StandInWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor() {
    started++;
  }
  postMessage(message: unknown): void {
    deliver = answer =>
      setTimeout(() => this.onmessage?.({ data: clone(answer) }), 0);
    void onWorkerMessage({ data: clone(message) });
  }
  terminate(): void {
    // Nothing runs in the background.
  }
}

jest.mock('../workers', () => ({
  createExtractWorker: () => new StandInWorker(),
  startWorker: async (create: () => unknown) => create()
}));

beforeAll(() => {
  (globalThis as any).Worker = StandInWorker;
});

afterAll(() => {
  delete (globalThis as any).Worker;
});

/** The error a promise rejects with (null when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  return null;
}

describe('planOffThread', () => {
  it.each([
    'zip-slip',
    'tar-pax-global-path',
    'tar-pax-size-disagrees',
    'zip-truncated',
    'tar-gz-truncated',
    'zip-symlink'
  ])('keeps the problem of a refusal (%s)', async name => {
    const c = hostile.cases().find(x => x.name === name)!;
    const onPage = await rejection(
      planExtraction(new Uint8Array(c.bytes), c.file, DEFAULT_EXTRACTION_LIMITS)
    );
    const before = started;
    const offThread = await rejection(
      planOffThread(new Uint8Array(c.bytes), c.file, DEFAULT_EXTRACTION_LIMITS)
    );
    expect(started).toBe(before + 1);
    expect(offThread).toBeInstanceOf(ArchiveError);
    expect(offThread.problem.code).toBe(c.code);
    expect(offThread.problem).toEqual(onPage.problem);
    expect(offThread.entry).toBe(onPage.entry);
    expect(offThread.reason).toBe(onPage.reason);
    expect(offThread.message).toBe(onPage.message);
  });

  it('plans a good archive the same', async () => {
    const c = hostile.cases().find(x => x.name === 'good-mixed-zip')!;
    const { plan } = await planOffThread(
      new Uint8Array(c.bytes),
      c.file,
      DEFAULT_EXTRACTION_LIMITS
    );
    expect(plan.entries.map(e => e.path).sort()).toEqual(
      [...c.entries!].sort()
    );
  });

  it('passes another failure as an Error with its text', async () => {
    // No limits: the reader fails on them, not on the archive.
    const c = hostile.cases().find(x => x.name === 'good-mixed-zip')!;
    const error = await rejection(
      planOffThread(new Uint8Array(c.bytes), c.file, undefined as any)
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ArchiveError);
    expect(error.message).toMatch(/TypeError/);
  });
});
