import { inspectFiles, LINK_MAX_BYTES } from '../inspect';

const enc = (text: string) => new TextEncoder().encode(text);

describe('inspectFiles', () => {
  const disk: Record<string, Uint8Array> = {
    'a.txt': enc('a'.repeat(10)),
    'b.txt': enc('b'.repeat(10)),
    'c.txt': enc('c'.repeat(10)),
    // Listed with the link's own size, read as its target.
    'link.txt': enc('target'.repeat(100)),
    'big.bin': new Uint8Array(LINK_MAX_BYTES + 1000).fill(7)
  };
  const listed = [
    { path: 'a.txt', size: 10 },
    { path: 'b.txt', size: 10 },
    { path: 'big.bin', size: LINK_MAX_BYTES + 1000 },
    { path: 'c.txt', size: 10 },
    { path: 'link.txt', size: 12 }
  ];
  const reader = (reads: string[]) => async (path: string, max: number) => {
    reads.push(path);
    return disk[path].slice(0, max);
  };

  it('keeps the bytes it read within the budget, never those of a refused file', async () => {
    const reads: string[] = [];
    const found = await inspectFiles(listed, reader(reads), {
      keepBytes: 25,
      concurrency: 1
    });
    expect(found.refused.map(r => r.path)).toEqual(['link.txt']);
    // big.bin is larger than a link but small enough to be searched for
    // secrets, so it is read too; it does not fit in what is left.
    expect([...found.bytes.keys()].sort()).toEqual(['a.txt', 'b.txt']);
    expect(found.bytes.get('a.txt')).toEqual(disk['a.txt']);
    expect(reads.sort()).toEqual([
      'a.txt',
      'b.txt',
      'big.bin',
      'c.txt',
      'link.txt'
    ]);
  });

  it('keeps nothing unless asked, and counts what a cache already holds', async () => {
    const reads: string[] = [];
    expect((await inspectFiles(listed, reader(reads))).bytes.size).toBe(0);
    const cache = new Map();
    await inspectFiles(listed.slice(0, 2), reader(reads), {
      cache,
      keepBytes: 25,
      concurrency: 1
    });
    reads.length = 0;
    const again = await inspectFiles(listed, reader(reads), {
      cache,
      keepBytes: 25,
      concurrency: 1
    });
    // a and b come from the cache (not read again) and fill the budget.
    expect(reads.sort()).toEqual(['big.bin', 'c.txt', 'link.txt']);
    expect([...again.bytes.keys()].sort()).toEqual(['a.txt', 'b.txt']);
  });
});
