/**
 * planExtraction / extractArchive: hostile archives made by the test itself
 * are refused with the entry named; good ones plan and extract exactly.
 */
import './streams';
import { gzipSync } from 'fflate';

import {
  ARCHIVE_CODES,
  ArchiveError,
  DEFAULT_EXTRACTION_LIMITS,
  extractArchive,
  IExtractionLimits,
  planExtraction
} from '../extract';
import {
  enc,
  file,
  fixTarChecksums,
  lieAboutSizes,
  makeTar,
  makeTgz,
  makeZip,
  patchBytes
} from './archives';

import { archiveErrorText } from '../words';
import { trans } from '../../__tests__/marking';

// The shared generator of hostile archives, which pytest reads too.
import * as hostile from '../../../dev/hostile/archives';

describe('planExtraction: every case of the shared hostile-archive generator', () => {
  it('assumes the extension’s default limits', () => {
    expect(hostile.LIMITS).toEqual(DEFAULT_EXTRACTION_LIMITS);
  });

  it.each(hostile.cases().map(c => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const data = new Uint8Array(c.bytes);
      if (c.expect === 'ok') {
        const plan = await planExtraction(
          data,
          c.file,
          DEFAULT_EXTRACTION_LIMITS
        );
        expect(plan.entries.map(e => e.path).sort()).toEqual(
          [...c.entries!].sort()
        );
        return;
      }
      let error: unknown = null;
      try {
        await planExtraction(data, c.file, DEFAULT_EXTRACTION_LIMITS);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as Error).message.toLowerCase()).toContain(c.reason);
      // The same code the companion's planner must raise for this case.
      expect((error as ArchiveError).problem.code).toBe(c.code);
      // Its words, in English, are the reader's message.
      const { problem, entry, message } = error as ArchiveError;
      expect(archiveErrorText(problem, entry, trans)).toBe(message);
    }
  );

  it('gives every refused case a code the archive reader knows', () => {
    const refused = hostile.cases().filter(c => c.expect === 'refuse');
    expect(refused.length).toBeGreaterThan(50);
    for (const c of refused) {
      expect([c.name, Object.keys(ARCHIVE_CODES)]).toEqual([
        c.name,
        expect.arrayContaining([c.code])
      ]);
    }
  });
});

const limits: IExtractionLimits = {
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 1000,
  maxRatio: 100
};

/**
 * Expect the plan to be refused, with the error naming `entry` (when given)
 * and matching `reason`.
 */
async function expectRefused(
  data: Uint8Array,
  name: string,
  entry: string | undefined,
  reason: RegExp,
  custom: IExtractionLimits = limits
): Promise<ArchiveError> {
  let error: unknown = null;
  try {
    await planExtraction(data, name, custom);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ArchiveError);
  const archiveError = error as ArchiveError;
  if (entry !== undefined) {
    expect(archiveError.entry).toBe(entry);
    expect(archiveError.message).toContain(JSON.stringify(entry));
  }
  expect(archiveError.reason).toMatch(reason);
  return archiveError;
}

const zeros = (n: number) => new Uint8Array(n);
const random = (n: number) => {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};

describe('planExtraction: good archives', () => {
  const files = {
    'README.md': '# Hello\n',
    'notebooks/analysis.ipynb': '{"cells": []}',
    'data/values.csv': 'a,b\n1,2\n',
    'data/blob.bin': random(200_000),
    'empty.txt': ''
  };
  const expected = Object.entries(files)
    .map(([path, body]) => ({
      path,
      size: typeof body === 'string' ? enc(body).length : body.length
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const total = expected.reduce((n, e) => n + e.size, 0);
  const sorted = (entries: { path: string; size: number }[]) =>
    [...entries].sort((a, b) => a.path.localeCompare(b.path));

  it.each([0, 6, 9] as const)('plans a zip (level %s)', async level => {
    const zip = makeZip(
      Object.entries(files).map(([name, data]) => ({ name, data })),
      level
    );
    const plan = await planExtraction(zip, 'x.zip', limits);
    expect(sorted(plan.entries)).toEqual(expected);
    expect(plan.totalBytes).toBe(total);
    expect(plan.skipped).toEqual([]);
  });

  it('plans a zip with folder entries and ./ prefixes, keeping empty folders', async () => {
    const zip = makeZip([
      { name: 'top/', unix: 0o040755 },
      { name: 'top/empty/', unix: 0o040755 },
      { name: './top/a.txt', data: 'a', unix: 0o100644 }
    ]);
    const plan = await planExtraction(zip, 'x.ZIP', limits);
    expect(plan.entries).toEqual([{ path: 'top/a.txt', size: 1 }]);
    expect(plan.folders).toEqual(['top/empty']);
  });

  it.each(['x.tar.gz', 'x.tgz'])('plans a %s', async name => {
    const tgz = await makeTgz([
      { header: { name: 'top/', type: 'directory', size: 0 } },
      ...Object.entries(files).map(([n, body]) => file(`top/${n}`, body))
    ]);
    const plan = await planExtraction(tgz, name, limits);
    expect(sorted(plan.entries)).toEqual(
      expected.map(e => ({ ...e, path: `top/${e.path}` }))
    );
    expect(plan.totalBytes).toBe(total);
  });

  it('plans a plain tar, long (PAX) names and non-ASCII names', async () => {
    const long = 'd'.repeat(120) + '/' + 'é'.repeat(100) + '.txt';
    const tar = await makeTar([file(long, 'x'), file('données/ü.csv', 'y')]);
    const plan = await planExtraction(tar, 'x.tar', limits);
    expect(sorted(plan.entries)).toEqual(
      sorted([
        { path: long, size: 1 },
        { path: 'données/ü.csv', size: 1 }
      ])
    );
  });

  it('skips hidden files (the Contents API cannot write them) and lists them', async () => {
    const zip = makeZip([
      { name: 'a.txt', data: 'a' },
      { name: '.gitignore', data: '*.pyc' },
      { name: '__MACOSX/._a.txt', data: 'junk' }
    ]);
    const plan = await planExtraction(zip, 'x.zip', limits);
    expect(plan.entries).toEqual([{ path: 'a.txt', size: 1 }]);
    expect(plan.skipped.map(s => s.path)).toEqual([
      '.gitignore',
      '__MACOSX/._a.txt'
    ]);
  });

  it('extractArchive yields every file byte for byte', async () => {
    const blob = random(3_000_000);
    for (const [name, data] of [
      [
        'x.zip',
        makeZip([
          { name: 'b/blob.bin', data: blob },
          { name: 'r.md', data: 'hi' }
        ])
      ],
      ['x.tgz', await makeTgz([file('b/blob.bin', blob), file('r.md', 'hi')])]
    ] as const) {
      const result = await extractArchive(data, name, limits);
      const byPath = Object.fromEntries(result.entries.map(e => [e.path, e]));
      expect(
        Buffer.from(byPath['b/blob.bin'].data).equals(Buffer.from(blob))
      ).toBe(true);
      expect(new TextDecoder().decode(byPath['r.md'].data)).toBe('hi');
      expect(result.totalBytes).toBe(blob.length + 2);
    }
  });

  it('refuses a zip whose compressed data is corrupt, naming the entry', async () => {
    const zip = makeZip([{ name: 'data.csv', data: 'x,y\n'.repeat(5000) }], 9);
    // Overwrite the start of the DEFLATE stream (after the 30-byte local
    // header and the 8-byte name) with an invalid block type.
    const broken = zip.slice();
    broken.fill(0xff, 38, 48);
    await expectRefused(broken, 'x.zip', 'data.csv', /corrupt|says/);
  });

  it('plans a zip written by Python (data descriptors, no Unix modes)', async () => {
    const { execFileSync } = await import('child_process');
    const script =
      'import io,sys,zipfile\n' +
      'b=io.BytesIO()\n' +
      "with zipfile.ZipFile(b,'w',zipfile.ZIP_DEFLATED) as z:\n" +
      "  z.writestr('a/b.txt','hello '*100)\n" +
      "  with z.open('c.bin','w') as f: f.write(bytes(range(256))*40)\n" +
      'sys.stdout.buffer.write(b.getvalue())';
    const zip = new Uint8Array(execFileSync('python3', ['-c', script]));
    const plan = await planExtraction(zip, 'py.zip', limits);
    expect(plan.entries).toEqual([
      { path: 'a/b.txt', size: 600 },
      { path: 'c.bin', size: 10240 }
    ]);
  });

  it('refuses a file that is not an archive it knows', async () => {
    await expectRefused(enc('x'), 'x.rar', undefined, /not a \.zip/);
    await expectRefused(
      enc('not a zip'),
      'x.zip',
      undefined,
      /not a readable zip/
    );
    await expectRefused(
      enc('not gzip'),
      'x.tgz',
      undefined,
      /not a readable gzip/
    );
  });
});

describe('planExtraction: zip slip and absolute paths', () => {
  it.each([
    ['../evil.sh', /climb out/],
    ['a/../../evil.sh', /climb out/],
    ['a/b/../../../evil', /climb out/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/evil.dll', /drive letter/],
    ['c:evil', /drive letter/],
    ['..\\evil.sh', /backslash/],
    ['a\\..\\..\\evil', /backslash/]
  ])('refuses zip entry %s', async (name, reason) => {
    const zip = makeZip([
      { name: 'fine.txt', data: 'ok' },
      { name, data: 'pwned' }
    ]);
    await expectRefused(zip, 'x.zip', name, reason);
  });

  it.each([
    ['../evil.sh', /climb out/],
    ['ok/../../evil', /climb out/],
    ['/etc/cron.d/evil', /absolute/],
    ['D:\\evil', /backslash|drive/]
  ])('refuses tar.gz entry %s', async (name, reason) => {
    const tgz = await makeTgz([file('fine.txt', 'ok'), file(name, 'pwned')]);
    await expectRefused(tgz, 'x.tar.gz', name, reason);
  });
});

describe('planExtraction: links and devices', () => {
  it('refuses a zip symlink', async () => {
    const zip = makeZip([
      { name: 'ok.txt', data: 'ok', unix: 0o100644 },
      { name: 'link', data: '/etc/passwd', unix: 0o120777 }
    ]);
    await expectRefused(zip, 'x.zip', 'link', /symbolic links/);
  });

  it('refuses a zip device entry', async () => {
    const zip = makeZip([{ name: 'dev', data: '', unix: 0o020666 }]);
    await expectRefused(zip, 'x.zip', 'dev', /devices/);
  });

  it.each([
    [{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }, /symbolic/],
    [
      { name: 'hard', type: 'link', linkname: '../../etc/shadow' },
      /hard links/
    ],
    [{ name: 'tty', type: 'character-device' }, /devices/],
    [{ name: 'disk', type: 'block-device' }, /devices/],
    [{ name: 'pipe', type: 'fifo' }, /devices/]
  ] as const)('refuses tar entry %o', async (header, reason) => {
    const tgz = await makeTgz([
      file('ok.txt', 'ok'),
      { header: { ...header, size: 0 } as any }
    ]);
    await expectRefused(tgz, 'x.tgz', header.name, reason);
  });
});

describe('planExtraction: bombs', () => {
  it('refuses a zip entry that inflates beyond the ratio', async () => {
    const zip = makeZip([{ name: 'bomb.bin', data: zeros(20_000_000) }], 9);
    await expectRefused(zip, 'x.zip', 'bomb.bin', /times its compressed size/);
  });

  it('refuses a zip whose entries lie about their size, while inflating', async () => {
    // Declares 1,000 bytes; really 5 MB of zeros. A ratio cap high enough to
    // let it through shows that the lie itself is caught.
    const zip = lieAboutSizes(
      makeZip([{ name: 'liar.bin', data: zeros(5_000_000) }], 9),
      1000
    );
    await expectRefused(
      zip,
      'x.zip',
      'liar.bin',
      /lying size|says 1000 bytes/,
      {
        ...limits,
        maxRatio: 1_000_000
      }
    );
  });

  it('refuses a zip entry that inflates to less than it declares', async () => {
    const zip = lieAboutSizes(
      makeZip([{ name: 'short.bin', data: random(1000) }]),
      5000
    );
    await expectRefused(zip, 'x.zip', 'short.bin', /says 5000 bytes/);
  });

  it('refuses a zip whose total passes the size cap', async () => {
    const zip = makeZip([
      { name: 'a.bin', data: random(600_000) },
      { name: 'b.bin', data: random(600_000) }
    ]);
    await expectRefused(zip, 'x.zip', 'b.bin', /exceed/, {
      ...limits,
      maxTotalBytes: 1_000_000
    });
  });

  it('refuses too many entries, naming the first one past the cap', async () => {
    const zip = makeZip(
      Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }))
    );
    await expectRefused(zip, 'x.zip', 'f10.txt', /more than 10 entries/, {
      ...limits,
      maxEntries: 10
    });
  });

  it('refuses a tar.gz bomb while gunzipping, before reading the tar', async () => {
    const tgz = await makeTgz([file('zeros.bin', zeros(30_000_000))]);
    const error = await expectRefused(
      tgz,
      'x.tgz',
      undefined,
      /inflates more than 100 times/
    );
    expect(error.entry).toBeUndefined();
  });

  it('refuses a tar.gz beyond the total cap', async () => {
    const small = { ...limits, maxTotalBytes: 1_000_000 };
    // Far beyond: stopped while gunzipping.
    const huge = await makeTgz([file('a.bin', random(4_000_000))]);
    await expectRefused(
      huge,
      'x.tgz',
      undefined,
      /unpacks to more than/,
      small
    );
    // Just beyond (within tar's header allowance): stopped at the entry.
    const near = await makeTgz([file('a.bin', random(1_200_000))]);
    await expectRefused(near, 'x.tgz', 'a.bin', /exceed/, small);
  });

  it('refuses a plain tar beyond the total cap, naming the entry', async () => {
    const tar = await makeTar([
      file('a.bin', random(600_000)),
      file('b.bin', random(600_000))
    ]);
    await expectRefused(tar, 'x.tar', 'b.bin', /exceed/, {
      ...limits,
      maxTotalBytes: 1_000_000
    });
  });
});

describe('planExtraction: names', () => {
  it('refuses duplicate zip entries', async () => {
    const zip = patchBytes(
      makeZip([
        { name: 'data/one.csv', data: '1' },
        { name: 'data/two.csv', data: '2' }
      ]),
      enc('data/two.csv'),
      enc('data/one.csv')
    );
    await expectRefused(zip, 'x.zip', 'data/one.csv', /more than once/);
  });

  it('refuses duplicate tar entries', async () => {
    const tgz = await makeTgz([file('a.txt', '1'), file('a.txt', '2')]);
    await expectRefused(tgz, 'x.tgz', 'a.txt', /more than once/);
  });

  it.each([
    [['README.md', 'readme.md'], 'readme.md'],
    [['Data/a.csv', 'data/b.csv'], 'data/b.csv']
  ])('refuses case-colliding names %o', async (names, entry) => {
    const zip = makeZip(names.map(name => ({ name, data: 'x' })));
    await expectRefused(zip, 'x.zip', entry, /differs only in case/);
    const tgz = await makeTgz(names.map(name => file(name, 'x')));
    await expectRefused(tgz, 'x.tgz', entry, /differs only in case/);
  });

  it('refuses a name that is both a file and a folder', async () => {
    const tgz = await makeTgz([file('a', 'x'), file('a/b', 'y')]);
    await expectRefused(tgz, 'x.tgz', 'a/b', /both a file and a folder/);
  });

  it('refuses a name longer than the file system stores', async () => {
    const name = 'n'.repeat(300) + '.txt';
    await expectRefused(
      makeZip([{ name, data: 'x' }]),
      'x.zip',
      name,
      /longer than 255 bytes/
    );
    await expectRefused(
      await makeTgz([file(name, 'x')]),
      'x.tgz',
      name,
      /longer than 255 bytes/
    );
    const deep = Array.from({ length: 12 }, () => 'p'.repeat(100)).join('/');
    await expectRefused(
      makeZip([{ name: deep, data: 'x' }]),
      'x.zip',
      deep,
      /longer than 1024/
    );
  });

  it('refuses a zip name that is not UTF-8', async () => {
    const zip = patchBytes(
      makeZip([{ name: 'caf_.txt', data: 'x' }]),
      enc('caf_'),
      new Uint8Array([0x63, 0x61, 0x66, 0xe9])
    );
    const error = await expectRefused(
      zip,
      'x.zip',
      undefined,
      /not valid UTF-8/
    );
    expect(error.entry).toBe('caf\uFFFD.txt');
  });

  it('refuses a tar name that is not UTF-8', async () => {
    const tar = fixTarChecksums(
      patchBytes(
        await makeTar([file('caf_.txt', 'x')]),
        enc('caf_'),
        new Uint8Array([0x63, 0x61, 0x66, 0xe9])
      )
    );
    const error = await expectRefused(
      gzipSync(tar),
      'x.tgz',
      undefined,
      /not valid UTF-8/
    );
    expect(error.entry).toBe('caf\uFFFD.txt');
  });

  it('refuses control characters in names', async () => {
    const name = 'bad\u0001name.txt';
    await expectRefused(
      makeZip([{ name, data: 'x' }]),
      'x.zip',
      name,
      /control characters/
    );
  });
});
