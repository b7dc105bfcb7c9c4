import { execFileSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import { deflateSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { buildArchive, shouldStore } from '../archive';

/**
 * Python's zipfile is the independent reader: it checks every CRC and tells
 * us each entry's compression method.
 */
function pythonList(zipPath: string): {
  name: string;
  method: number;
  size: number;
  sha: string;
}[] {
  const script = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([{"name": i.filename, "method": i.compress_type, "size": i.file_size,
                       "sha": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]))
`;
  return JSON.parse(
    execFileSync('python3', ['-c', script, zipPath], { encoding: 'utf8' })
  );
}

/** jsdom's Blob has no arrayBuffer(); FileReader reads it. */
function bytesOf(blob: Blob): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(Buffer.from(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

const sha = (data: Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

describe('buildArchive', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'archive-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a zip another reader opens, deflating text, storing compressed or random data, in path order', async () => {
    const csv = new TextEncoder().encode('a,b,c\n1,2,3\n'.repeat(5000));
    const notebook = new TextEncoder().encode(
      JSON.stringify({ cells: [], metadata: {}, nbformat: 4 }, null, 2).repeat(
        50
      )
    );
    const random = new Uint8Array(randomBytes(300_000));
    const png = new Uint8Array(randomBytes(1000));
    const files: Record<string, Uint8Array> = {
      'results/plot.png': png,
      'data/table.csv': csv,
      'analysis.ipynb': notebook,
      'data/blob.bin': random,
      'ünïcode name.txt': new TextEncoder().encode('héllo')
    };
    const progress: number[] = [];
    const reads: string[] = [];
    const blob = await buildArchive(
      Object.entries(files).map(([path, data]) => ({
        path,
        size: data.byteLength
      })),
      async path => {
        reads.push(path);
        return files[path];
      },
      { onProgress: p => progress.push(p.bytesDone), concurrency: 2 }
    );
    const zipPath = join(dir, 'out.zip');
    writeFileSync(zipPath, await bytesOf(blob));

    expect(
      execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })
    ).toMatch(/No errors detected/);
    const listed = pythonList(zipPath);
    expect(listed.map(e => e.name)).toEqual([
      'analysis.ipynb',
      'data/blob.bin',
      'data/table.csv',
      'results/plot.png',
      'ünïcode name.txt'
    ]);
    const method = Object.fromEntries(listed.map(e => [e.name, e.method]));
    expect(method['data/table.csv']).toBe(8); // deflated
    expect(method['analysis.ipynb']).toBe(8);
    expect(method['data/blob.bin']).toBe(0); // stored: random data
    expect(method['results/plot.png']).toBe(0); // stored: already compressed
    for (const entry of listed) {
      expect(entry.sha).toBe(sha(files[entry.name]));
      expect(entry.size).toBe(files[entry.name].byteLength);
    }
    // Text shrinks; the stored random and PNG bytes go in as they are.
    expect(blob.size).toBeLessThan(random.byteLength + png.byteLength + 20_000);
    expect(blob.size).toBeGreaterThan(random.byteLength + png.byteLength);
    const total = Object.values(files).reduce((s, f) => s + f.byteLength, 0);
    expect(progress[progress.length - 1]).toBe(total);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('uses given bytes instead of reading (the CITATION.cff written into the archive)', async () => {
    const blob = await buildArchive(
      [
        { path: 'a.txt', size: 1 },
        {
          path: 'CITATION.cff',
          size: 3,
          data: new TextEncoder().encode('cff')
        }
      ],
      async path => {
        if (path !== 'a.txt') {
          throw new Error(`unexpected read of ${path}`);
        }
        return new TextEncoder().encode('a');
      }
    );
    const zipPath = join(dir, 'c.zip');
    writeFileSync(zipPath, await bytesOf(blob));
    const out = execFileSync('unzip', ['-p', zipPath, 'CITATION.cff'], {
      encoding: 'utf8'
    });
    expect(out).toBe('cff');
  });

  it('gives the same bytes for the same folder and date', async () => {
    const entries = [
      { path: 'b.txt', size: 2 },
      { path: 'a.txt', size: 2 }
    ];
    const read = async (p: string) => new TextEncoder().encode(p.slice(0, 2));
    const date = new Date('2024-05-06T07:08:10Z');
    const one = await bytesOf(await buildArchive(entries, read, { date }));
    const two = await bytesOf(
      await buildArchive([...entries].reverse(), read, { date })
    );
    expect(one.equals(two)).toBe(true);
    void readFileSync;
  });

  it('stops with the abort reason when cancelled while reading', async () => {
    const controller = new AbortController();
    const promise = buildArchive(
      [
        { path: 'a', size: 1 },
        { path: 'b', size: 1 }
      ],
      async path => {
        controller.abort(new Error('cancelled by you'));
        return new Uint8Array([1]);
      },
      { signal: controller.signal, concurrency: 1 }
    );
    await expect(promise).rejects.toThrow('cancelled by you');
  });
});

describe('shouldStore', () => {
  it('stores known compressed formats and incompressible bytes, deflates the rest', () => {
    const size = (s: Uint8Array) => deflateSync(s, { level: 1 }).byteLength;
    const text = new TextEncoder().encode('x'.repeat(10000));
    expect(shouldStore('a/b.ZIP', text, size)).toBe(true);
    expect(shouldStore('x.parquet', text, size)).toBe(true);
    expect(shouldStore('x.txt', text, size)).toBe(false);
    expect(shouldStore('x.dat', new Uint8Array(randomBytes(10000)), size)).toBe(
      true
    );
  });
});
