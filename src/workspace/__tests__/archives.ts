/**
 * Builders of good and hostile archives for the extraction tests. Archives are
 * made here, by the tests, so that every hostile trait is explicit.
 */
import './streams';
import { gzipSync, zipSync, Zippable } from 'fflate';
import { packTar, TarEntry } from 'modern-tar';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * A zip with the given files; `unix` gives an entry's Unix mode (e.g. a
 * symlink 0o120777).
 */
export function makeZip(
  files: { name: string; data?: Uint8Array | string; unix?: number }[],
  level: 0 | 6 | 9 = 6
): Uint8Array {
  const input: Zippable = {};
  for (const f of files) {
    const data = typeof f.data === 'string' ? enc(f.data) : (f.data ?? enc(''));
    input[f.name] =
      f.unix === undefined
        ? [data, { level }]
        : [data, { level, os: 3, attrs: (f.unix << 16) >>> 0 }];
  }
  return zipSync(input);
}

/**
 * Replace every occurrence of `from` with `to` (same length) in the bytes,
 * to forge what zip writers refuse to write (duplicate or invalid names).
 */
export function patchBytes(
  data: Uint8Array,
  from: Uint8Array,
  to: Uint8Array
): Uint8Array {
  if (from.length !== to.length) {
    throw new Error('patch must keep the length');
  }
  const out = data.slice();
  let hits = 0;
  for (let i = 0; i <= out.length - from.length; i++) {
    let match = true;
    for (let j = 0; j < from.length && match; j++) {
      match = out[i + j] === from[j];
    }
    if (match) {
      out.set(to, i);
      hits++;
    }
  }
  if (hits === 0) {
    throw new Error('nothing to patch');
  }
  return out;
}

/**
 * Make a zip lie: set every entry's declared uncompressed size (local and
 * central headers) to `size`.
 */
export function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) {
      view.setUint32(i + 22, size, true);
    } else if (sig === 0x02014b50) {
      view.setUint32(i + 24, size, true);
    }
  }
  return out;
}

/**
 * A tar of the given entries (any header type).
 */
export async function makeTar(entries: TarEntry[]): Promise<Uint8Array> {
  return packTar(entries);
}

/**
 * A tar.gz of the given entries.
 */
export async function makeTgz(entries: TarEntry[]): Promise<Uint8Array> {
  return gzipSync(await makeTar(entries));
}

/**
 * Recompute every tar header checksum after bytes were patched.
 */
export function fixTarChecksums(tar: Uint8Array): Uint8Array {
  const out = tar.slice();
  for (let off = 0; off + 512 <= out.length; off += 512) {
    const block = out.subarray(off, off + 512);
    const magic = new TextDecoder().decode(block.subarray(257, 262));
    if (magic !== 'ustar') {
      continue;
    }
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of block) {
      sum += b;
    }
    const text = sum.toString(8).padStart(6, '0');
    block.set(enc(text), 148);
    block[154] = 0;
    block[155] = 0x20;
  }
  return out;
}

export const file = (name: string, body: string | Uint8Array): TarEntry => ({
  header: {
    name,
    size: typeof body === 'string' ? enc(body).length : body.length,
    type: 'file'
  },
  body
});
