/**
 * The seeded artifacts: real zip and tar.gz archives of notebooks, CSV and
 * PNG; the heavy ones generated lazily at first download with the size and
 * checksum that seed-manifest.json promised.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import JSZip from 'jszip';
import { startStandin, IStandin } from '../server';
import { json } from './helpers';

import * as seeds from '../seeds';

let s: IStandin;
let cacheDir: string;

beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-seeds-'));
  s = await startStandin({ port: 0, seed: 'demo', cacheDir });
});
afterAll(async () => {
  await s.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

function tarNames(gz: Buffer): string[] {
  const tar = zlib.gunzipSync(gz);
  const names: string[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every(b => b === 0)) {
      break;
    }
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header
      .subarray(345, 500)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    const size =
      parseInt(header.subarray(124, 136).toString('latin1').trim(), 8) || 0;
    names.push(prefix ? `${prefix}/${name}` : name);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

async function download(file: any): Promise<Buffer> {
  const res = await fetch(file.links.self);
  expect(res.status).toBe(200);
  expect(Number(res.headers.get('content-length'))).toBe(file.size);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(`md5:${crypto.createHash('md5').update(bytes).digest('hex')}`).toBe(
    file.checksum
  );
  return bytes;
}

describe('seeded artifacts', () => {
  it('zip seeds hold a valid notebook, a CSV with a header and a real PNG', async () => {
    const page = await json(
      await fetch(
        `${s.url}/api/records?q=${encodeURIComponent('"urban heat island"')}`
      )
    );
    const zip = await JSZip.loadAsync(
      await download(page.hits.hits[0].files[0])
    );
    const names = Object.keys(zip.files);
    expect(names).toEqual(
      expect.arrayContaining([
        'README.md',
        'CITATION.cff',
        'data/observations.csv'
      ])
    );
    const nbName = names.find(n => n.endsWith('.ipynb')) as string;
    const nb = JSON.parse(await zip.file(nbName)!.async('string'));
    expect(nb.nbformat).toBe(4);
    expect(nb.cells.length).toBeGreaterThan(1);
    expect(
      (await zip.file('data/observations.csv')!.async('string')).split('\n')[0]
    ).toBe('site,date,temperature,value');
    const png = await zip
      .file(names.find(n => n.endsWith('.png')) as string)!
      .async('nodebuffer');
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    );
  });

  it('tar.gz seeds have a top-level folder with notebooks, data and figures', async () => {
    const page = await json(
      await fetch(`${s.url}/api/records?q=${encodeURIComponent('title:coral')}`)
    );
    const file = page.hits.hits[0].files[0];
    expect(file.key).toMatch(/\.tar\.gz$/);
    const names = tarNames(await download(file));
    const top = file.key.replace(/\.tar\.gz$/, '');
    expect(names).toEqual(
      expect.arrayContaining([
        `${top}/`,
        `${top}/notebooks/01-analysis.ipynb`,
        `${top}/data/observations.csv`
      ])
    );
  });

  it('the heavy seeds are made at first download, exactly as seed-manifest.json says', async () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'seed-manifest.json'), 'utf-8')
    );
    const heavy = seeds.demoSpecs().filter(seeds.isHeavy);
    expect(heavy.length).toBe(4);
    for (const spec of heavy) {
      expect(manifest.files[seeds.specHash(spec)]).toBeDefined();
    }
    // Not generated at start...
    const cached = () =>
      fs
        .readdirSync(cacheDir)
        .filter(f => /confocal/.test(f) && !f.endsWith('.json'));
    expect(cached()).toEqual([]);
    const page = await json(await fetch(`${s.url}/api/records?q=microscopy`));
    const file = page.hits.hits[0].files[0];
    expect(file.size).toBeGreaterThan(45e6);
    // ...but at the first download, with the promised checksum (checked in download()).
    const bytes = await download(file);
    // A zip whose end record lists its 9 entries (4 raw tiles, notebook, CSV, figure, README, CITATION.cff).
    const end = bytes.subarray(bytes.length - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    expect(end.readUInt16LE(10)).toBe(9);
    expect(bytes.includes(Buffer.from('raw/tile-04.png'))).toBe(true);
    expect(cached()).toHaveLength(1);
  });

  it('the other heavy seeds also match the manifest', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'seed-manifest.json'), 'utf-8')
    );
    for (const spec of seeds.demoSpecs().filter(seeds.isHeavy)) {
      if (/confocal/.test(spec.name)) {
        continue;
      }
      const data: Buffer = seeds.buildFile(spec);
      const known = manifest.files[seeds.specHash(spec)];
      expect({
        name: spec.name,
        size: data.length,
        md5: crypto.createHash('md5').update(data).digest('hex')
      }).toEqual(known);
    }
  });

  it('one description carries a <script> and an onerror handler for the sanitiser', async () => {
    const page = await json(
      await fetch(
        `${s.url}/api/records?q=${encodeURIComponent('"weather diaries"')}`
      )
    );
    const description = page.hits.hits[0].metadata.description;
    expect(description).toContain('<script>');
    expect(description).toMatch(/onerror=/);
  });
});
