import { execFileSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import { deflateSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { buildArchive, planFolderReads } from '../archive';
import { shouldStore } from '../compress';

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
  it('holds no more file data than the memory budget (plus one file) at once', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({
      path: `f${String(i).padStart(2, '0')}.txt`,
      size: 10_000 + (i % 7) * 3_000
    }));
    const size = new Map(entries.map(e => [e.path, e.size]));
    let held = 0;
    let peak = 0;
    let written = 0;
    const order = [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));
    // Every progress report gets through the 100 ms throttle.
    let clock = 0;
    const now = jest
      .spyOn(Date, 'now')
      .mockImplementation(() => (clock += 1000));
    const blob = await buildArchive(
      entries,
      async path => {
        held += size.get(path)!;
        peak = Math.max(peak, held);
        await new Promise(r => setTimeout(r, Math.random() * 3));
        return new TextEncoder().encode('y'.repeat(size.get(path)!));
      },
      {
        memoryBudget: 50_000,
        concurrency: 6,
        onProgress: p => {
          while (written < p.filesDone) {
            held -= order[written++].size;
          }
        }
      }
    );
    now.mockRestore();
    expect(written).toBe(40);
    expect(peak).toBeGreaterThan(20_000); // it does read ahead…
    expect(peak).toBeLessThanOrEqual(50_000 + 28_000); // …within the budget
    const zipPath = join(dir, 'budget.zip');
    writeFileSync(zipPath, await bytesOf(blob));
    expect(pythonList(zipPath).map(e => e.name)).toEqual(
      order.map(e => e.path)
    );
  });

  it('reports progress at most every 100 ms, and always the end', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({
      path: `n${i}.txt`,
      size: 3
    }));
    const reports: number[] = [];
    await buildArchive(entries, async () => new TextEncoder().encode('abc'), {
      onProgress: p => reports.push(p.filesDone)
    });
    expect(reports[0]).toBe(0);
    expect(reports[reports.length - 1]).toBe(300);
    expect(reports.length).toBeLessThan(60);
  });

  it('writes path order whatever order the compressor finishes in', async () => {
    const { compressFile } = await import('../compress');
    const slowFirst = {
      kind: 'workers' as const,
      compress: async (task: any) => {
        const delay = task.path === 'a.txt' ? 30 : 0;
        await new Promise(r => setTimeout(r, delay));
        return compressFile(task);
      },
      dispose: () => undefined
    };
    const files: Record<string, string> = {
      'a.txt': 'first '.repeat(1000),
      'b.txt': 'second',
      'c/d.txt': ''
    };
    const blob = await buildArchive(
      Object.keys(files).map(path => ({ path, size: files[path].length })),
      async path => new TextEncoder().encode(files[path]),
      { compressor: slowFirst }
    );
    const zipPath = join(dir, 'order.zip');
    writeFileSync(zipPath, await bytesOf(blob));
    const listed = pythonList(zipPath);
    expect(listed.map(e => e.name)).toEqual(['a.txt', 'b.txt', 'c/d.txt']);
    for (const entry of listed) {
      expect(entry.sha).toBe(sha(new TextEncoder().encode(files[entry.name])));
    }
  });

  it('refuses a file whose bytes differ from its listed size (a link), reading at most one byte more', async () => {
    const asked: (number | undefined)[] = [];
    await expect(
      buildArchive(
        [
          { path: 'a.txt', size: 1 },
          { path: 'notes.txt', size: 24 }
        ],
        async (path, _signal, maxBytes) => {
          asked.push(maxBytes);
          // notes.txt is listed with its link's size but reads as the target.
          return path === 'a.txt'
            ? new Uint8Array([65])
            : new Uint8Array(Math.min(maxBytes ?? 1e6, 1e6));
        }
      )
    ).rejects.toThrow(
      '“notes.txt” is not what the folder listing said (24 bytes listed, more than that read)'
    );
    expect(asked).toEqual([2, 25]);
  });

  it('names the file a compressor fails on', async () => {
    const failing = {
      kind: 'workers' as const,
      compress: async (task: any) => {
        throw new Error(`Could not compress “${task.path}”: out of memory`);
      },
      dispose: () => undefined
    };
    await expect(
      buildArchive(
        [
          { path: 'a.txt', size: 1 },
          { path: 'b.txt', size: 1 }
        ],
        async () => new Uint8Array([65]),
        { compressor: failing }
      )
    ).rejects.toThrow('Could not compress “a.txt”: out of memory');
  });
});

/**
 * What jupyter-archive's `/directories/` sends: Python's zipfile writing
 * `folder` (entry names start with its own name) to a stream.
 */
function serverFolderZip(root: string, folder: string): Uint8Array {
  const script = `
import io, os, sys, zipfile
root, folder = sys.argv[1], sys.argv[2]
path = os.path.join(root, folder)
class Stream(io.RawIOBase):
    def __init__(self): self.data = bytearray()
    def writable(self): return True
    def write(self, b): self.data += b; return len(b)
out = Stream()
with zipfile.ZipFile(out, mode="w", compression=zipfile.ZIP_DEFLATED) as z:
    prefix = len(os.path.dirname(path)) + len(os.sep)
    for base, dirs, files in os.walk(path):
        for f in files:
            z.write(os.path.join(base, f), os.path.join(base[prefix:], f))
sys.stdout.buffer.write(out.data)
`;
  return new Uint8Array(
    execFileSync('python3', ['-c', script, root, folder], {
      maxBuffer: 1 << 28
    })
  );
}

describe('buildArchive with folders read whole', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'archive-folders-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) {
    files[`study/small/n${String(i).padStart(2, '0')}.txt`] =
      `note ${i} `.repeat(50 + i);
  }
  files['study/small/deep/a.csv'] = 'x,y\n'.repeat(300);
  files['study/README.md'] = '# Study';
  files['study/big.bin'] = 'b'.repeat(5000);

  const writeTree = () => {
    for (const [path, text] of Object.entries(files)) {
      const full = join(dir, 'root', path);
      execFileSync('mkdir', ['-p', full.slice(0, full.lastIndexOf('/'))]);
      writeFileSync(full, text);
    }
  };
  const entries = () =>
    Object.keys(files).map(path => ({
      path: path.slice('study/'.length),
      size: files[path].length
    }));

  it('takes a clean folder of many files from one server zip, byte-identical', async () => {
    writeTree();
    const folderReads: string[] = [];
    const fileReads: string[] = [];
    const blob = await buildArchive(
      entries(),
      async path => {
        fileReads.push(path);
        return new TextEncoder().encode(files[`study/${path}`]);
      },
      {
        readFolder: async path => {
          folderReads.push(path);
          return serverFolderZip(join(dir, 'root'), `study/${path}`);
        }
      }
    );
    expect(folderReads).toEqual(['small']);
    expect(fileReads.sort()).toEqual(['README.md', 'big.bin']);
    const zipPath = join(dir, 'out.zip');
    writeFileSync(zipPath, await bytesOf(blob));
    expect(
      execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8' })
    ).toMatch(/No errors detected/);
    const listed = pythonList(zipPath);
    expect(listed.map(e => e.name)).toEqual(
      entries()
        .map(e => e.path)
        .sort()
    );
    for (const entry of listed) {
      expect(entry.sha).toBe(
        sha(new TextEncoder().encode(files[`study/${entry.name}`]))
      );
    }
  });

  it('takes files given as bytes from those bytes: no read for them, even in a folder read whole', async () => {
    writeTree();
    const given = (path: string) =>
      new TextEncoder().encode(files[`study/${path}`].toUpperCase());
    const read = async (path: string) => {
      fileReads.push(path);
      return new TextEncoder().encode(files[`study/${path}`]);
    };
    const fileReads: string[] = [];
    const folderReads: string[] = [];
    const readFolder = async (path: string) => {
      folderReads.push(path);
      return serverFolderZip(join(dir, 'root'), `study/${path}`);
    };
    // Every file of small/ given (the preview read them): nothing is read
    // again, neither whole nor one by one.
    const all = entries().map(e =>
      e.path.startsWith('small/') ? { ...e, data: given(e.path) } : e
    );
    await buildArchive(all, read, { readFolder });
    expect(folderReads).toEqual([]);
    expect(fileReads.sort()).toEqual(['README.md', 'big.bin']);

    // Three given, eighteen not: the folder is still read whole, and the
    // three are taken from their given bytes, not the server's copy.
    fileReads.length = 0;
    const some = ['small/n00.txt', 'small/n01.txt', 'small/deep/a.csv'];
    const blob = await buildArchive(
      entries().map(e =>
        some.includes(e.path) ? { ...e, data: given(e.path) } : e
      ),
      read,
      { readFolder }
    );
    expect(folderReads).toEqual(['small']);
    expect(fileReads.sort()).toEqual(['README.md', 'big.bin']);
    const zipPath = join(dir, 'given.zip');
    writeFileSync(zipPath, await bytesOf(blob));
    const listed = pythonList(zipPath);
    expect(listed).toHaveLength(entries().length);
    for (const entry of listed) {
      expect(entry.sha).toBe(
        sha(
          some.includes(entry.name)
            ? given(entry.name)
            : new TextEncoder().encode(files[`study/${entry.name}`])
        )
      );
    }
  });

  it('reads file by file what the server did not send, and folders holding left-out files', async () => {
    writeTree();
    const fileReads: string[] = [];
    const blob = await buildArchive(
      entries(),
      async path => {
        fileReads.push(path);
        return new TextEncoder().encode(files[`study/${path}`]);
      },
      {
        // The server's zip lacks two files (changed on disk since the walk).
        readFolder: async path => {
          rmSync(join(dir, 'root/study/small/n03.txt'));
          rmSync(join(dir, 'root/study/small/deep/a.csv'));
          return serverFolderZip(join(dir, 'root'), `study/${path}`);
        }
      }
    );
    expect(fileReads.sort()).toEqual([
      'README.md',
      'big.bin',
      'small/deep/a.csv',
      'small/n03.txt'
    ]);
    const zipPath = join(dir, 'missing.zip');
    writeFileSync(zipPath, await bytesOf(blob));
    expect(pythonList(zipPath)).toHaveLength(entries().length);

    const reads: string[] = [];
    await buildArchive(
      entries(),
      async path => {
        reads.push(path);
        return new TextEncoder().encode(files[`study/${path}`]);
      },
      {
        excluded: ['small/__pycache__/'],
        readFolder: async () => {
          throw new Error('must not read a folder with left-out files');
        }
      }
    );
    expect(reads).toHaveLength(entries().length);
  });

  it('plans the largest clean folders within the byte limit, never the root', () => {
    const sorted = [
      'a.txt',
      ...Array.from({ length: 20 }, (_, i) => `big/${i}.dat`),
      ...Array.from({ length: 20 }, (_, i) => `many/x/${i}.txt`),
      ...Array.from({ length: 20 }, (_, i) => `many/y/${i}.txt`),
      ...Array.from({ length: 3 }, (_, i) => `few/${i}.txt`)
    ]
      .sort()
      .map(path => ({
        path,
        size: path.startsWith('big/') ? 1000 : 10
      }));
    const plan = planFolderReads(sorted, ['many/y/.hidden'], {
      maxBytes: 5000
    });
    expect(plan.map(p => p.folder)).toEqual(['many/x/']);
    expect(plan[0].end - plan[0].start).toBe(20);
    expect(plan[0].bytes).toBe(200);
    expect(
      planFolderReads(sorted, [], { maxBytes: 50_000 }).map(p => p.folder)
    ).toEqual(['big/', 'many/']);
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
