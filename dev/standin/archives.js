'use strict';
/**
 * Deterministic generators for the stand-in's seed files: notebooks, CSV
 * tables, PNG images, zip and tar.gz archives. Seeds are test data, so the
 * writers here are deliberately small: they only need to produce archives
 * that real readers (jszip, fflate, modern-tar, `unzip`, `tar`) accept, and
 * the same bytes on every run so that sizes and checksums are stable.
 */
const zlib = require('zlib');

/** A fast deterministic PRNG (mulberry32) seeded from a string. */
function prng(seedText) {
  let h = 1779033703 ^ seedText.length;
  for (let i = 0; i < seedText.length; i++) {
    h = Math.imul(h ^ seedText.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return next;
}

/** Fills a buffer with pseudo-random bytes quickly (xorshift32 on words). */
function noiseBytes(size, seedText) {
  const buf = Buffer.allocUnsafe(size);
  let x = Math.floor(prng(seedText)() * 0xffffffff) | 1;
  const words = Math.floor(size / 4);
  const view = new Uint32Array(buf.buffer, buf.byteOffset, words);
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view[i] = x >>> 0;
  }
  for (let i = words * 4; i < size; i++) {
    buf[i] = i & 0xff;
  }
  return buf;
}

function crc32(buf) {
  return zlib.crc32(buf) >>> 0;
}

/** A minimal but valid Jupyter notebook (nbformat 4.5). */
function notebook({ title, seed, cells = 6 }) {
  const rnd = prng(seed);
  const nb = {
    cells: [
      {
        cell_type: 'markdown',
        id: 'intro',
        metadata: {},
        source: [
          `# ${title}\n`,
          '\n',
          'This notebook reproduces the figures of the accompanying dataset.\n'
        ]
      }
    ],
    metadata: {
      kernelspec: {
        display_name: 'Python 3 (ipykernel)',
        language: 'python',
        name: 'python3'
      },
      language_info: { name: 'python', version: '3.11.6' }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
  const snippets = [
    'import pandas as pd\nimport numpy as np\nimport matplotlib.pyplot as plt',
    "df = pd.read_csv('data/observations.csv', parse_dates=['date'])\ndf.describe()",
    "df.groupby('site')['value'].mean().plot(kind='bar')\nplt.tight_layout()",
    "rolling = df.set_index('date')['value'].rolling('30D').mean()\nrolling.plot()",
    "model = np.polyfit(df['temperature'], df['value'], deg=2)\nmodel",
    "plt.savefig('figures/summary.png', dpi=150)"
  ];
  for (let i = 0; i < cells; i++) {
    const src = snippets[i % snippets.length];
    nb.cells.push({
      cell_type: 'code',
      execution_count: i + 1,
      id: `cell-${i + 1}`,
      metadata: {},
      outputs:
        i % 3 === 1
          ? [
              {
                name: 'stdout',
                output_type: 'stream',
                text: [`mean value: ${(rnd() * 100).toFixed(3)}\n`]
              }
            ]
          : [],
      source: src
        .split('\n')
        .map((l, j, all) => (j < all.length - 1 ? `${l}\n` : l))
    });
  }
  return Buffer.from(JSON.stringify(nb, null, 1) + '\n');
}

/** A CSV table of plausible measurements with about `rows` rows. */
function csv({
  seed,
  rows = 200,
  columns = ['site', 'date', 'temperature', 'value']
}) {
  const rnd = prng(seed);
  const sites = ['north', 'south', 'east', 'west', 'ridge', 'valley'];
  const lines = [columns.join(',')];
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < rows; i++) {
    const cells = columns.map(c => {
      if (c === 'site') {
        return sites[Math.floor(rnd() * sites.length)];
      }
      if (c === 'date') {
        return new Date(start + i * 86400000).toISOString().slice(0, 10);
      }
      if (c === 'id') {
        return String(i + 1);
      }
      return (rnd() * 40 - 5).toFixed(3);
    });
    lines.push(cells.join(','));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function pngFromRaw(width, height, raw, level) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw, { level })),
    pngChunk('IEND', Buffer.alloc(0))
  ]);
}

/** A small line plot (a few curves on a white background) as a real PNG. */
function plotPng({ seed, width = 320, height = 200 }) {
  const rnd = prng(seed);
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height, 255);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0;
  }
  const put = (x, y, r, g, b) => {
    if (x >= 0 && x < width && y >= 0 && y < height) {
      const o = y * stride + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  };
  for (let x = 20; x < width - 10; x++) {
    put(x, height - 20, 40, 40, 40);
  }
  for (let y = 10; y < height - 20; y++) {
    put(20, y, 40, 40, 40);
  }
  const colours = [
    [31, 119, 180],
    [255, 127, 14],
    [44, 160, 44]
  ];
  colours.forEach(([r, g, b], k) => {
    const f = 0.02 + rnd() * 0.05;
    const phase = rnd() * 6;
    for (let x = 21; x < width - 10; x++) {
      const y = Math.round(
        height / 2 - 20 + Math.sin(x * f + phase) * (30 + k * 12)
      );
      put(x, y, r, g, b);
      put(x, y + 1, r, g, b);
    }
  });
  return pngFromRaw(width, height, raw, 9);
}

/**
 * A noisy "microscopy tile": incompressible pixels, so the archive holding it
 * really is as large as advertised. Deflate level 0 keeps generation fast.
 */
function noisePng({ seed, width, height }) {
  const stride = width * 3 + 1;
  const raw = noiseBytes(stride * height, seed);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0;
  }
  return pngFromRaw(width, height, raw, 0);
}

// Fixed timestamp so that archives are byte-identical on every run.
const DOS_TIME = 0x6000; // 12:00:00
const DOS_DATE = ((2024 - 1980) << 9) | (3 << 5) | 15; // 2024-03-15

/**
 * Writes a zip archive. Entries: `{ path, data }`. Data that compresses well
 * is deflated, incompressible data (PNG, noise) is stored.
 */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { path, data } of entries) {
    const name = Buffer.from(path, 'utf8');
    const crc = crc32(data);
    const storeOnly =
      /\.(png|zip|gz|bin)$/i.test(path) || data.length > 8 * 1024 * 1024;
    let body = data;
    let method = 0;
    if (!storeOnly) {
      const deflated = zlib.deflateRawSync(data, { level: 6 });
      if (deflated.length < data.length) {
        body = deflated;
        method = 8;
      }
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(0x031e, 4); // made by unix, 3.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(DOS_TIME, 12);
    cd.writeUInt16LE(DOS_DATE, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}

function tarHeader(path, size, type) {
  const h = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 154);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  h.write(name, 0, 100, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000644\0', 100);
  h.write('0001750\0', 108);
  h.write('0001750\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(
    (Date.UTC(2024, 2, 15, 12) / 1000).toString(8).padStart(11, '0') + '\0',
    136
  );
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write('jovyan', 265);
  h.write('users', 297);
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < 512; i++) {
    sum += h[i];
  }
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Writes a gzip-compressed ustar archive, with directory entries. */
function targz(entries) {
  const parts = [];
  const dirs = new Set();
  for (const { path, data } of entries) {
    const segs = path.split('/');
    for (let i = 1; i < segs.length; i++) {
      const dir = segs.slice(0, i).join('/') + '/';
      if (!dirs.has(dir)) {
        dirs.add(dir);
        parts.push(tarHeader(dir, 0, '5'));
      }
    }
    parts.push(tarHeader(path, data.length, '0'), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) {
      parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  const noisy = entries.some(
    e => e.data.length > 1024 * 1024 && /\.(png|bin)$/.test(e.path)
  );
  return zlib.gzipSync(tar, { level: noisy ? 1 : 6 });
}

module.exports = {
  prng,
  noiseBytes,
  notebook,
  csv,
  plotPng,
  noisePng,
  zip,
  targz,
  crc32
};
