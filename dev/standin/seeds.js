'use strict';
/**
 * Seed content: turns the demo catalogue into files on disk (cached under
 * `<repo>/.cache/standin/`, keyed by a hash of the generator spec so that a
 * changed spec regenerates), and makes light synthetic records for load tests.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const gen = require('./archives');
const { CONCEPTS, archiveEntries } = require('./catalogue');

const GENERATOR_VERSION = 'standin-seeds-2';
const DEFAULT_CACHE = path.resolve(__dirname, '..', '..', '.cache', 'standin');
const MANIFEST = path.join(__dirname, 'seed-manifest.json');

function readManifest() {
  try {
    const m = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
    return m.version === GENERATOR_VERSION ? m.files : {};
  } catch {
    return {};
  }
}

function entryData(e, stored) {
  switch (e.gen) {
    case 'notebook':
      return gen.notebook({ title: e.title, seed: e.seed, cells: e.cells });
    case 'csv':
      return gen.csv({ seed: e.seed, rows: e.rows, columns: e.columns });
    case 'plot':
      return gen.plotPng({
        seed: e.seed,
        width: e.width,
        height: e.height,
        level: stored ? 0 : 6
      });
    case 'noise':
      return gen.noisePng({ seed: e.seed, width: e.width, height: e.height });
    case 'text':
      return Buffer.from(e.body);
    default:
      throw new Error(`unknown generator ${e.gen}`);
  }
}

/**
 * Heavy seeds (with big incompressible images) are built without zlib
 * compression, so their bytes, and hence the size and md5 recorded in
 * seed-manifest.json, are the same on every machine; they can then be
 * generated lazily, at first download, and startup stays fast.
 */
function isHeavy(spec) {
  return spec.entries.some(e => e.gen === 'noise');
}

function buildFile(spec) {
  const stored = isHeavy(spec);
  const entries = spec.entries.map(e => ({
    path: spec.prefix ? `${spec.prefix}/${e.path}` : e.path,
    data: entryData(e, stored)
  }));
  if (spec.kind === 'zip') {
    return gen.zip(entries, { store: stored });
  }
  if (spec.kind === 'tar.gz') {
    return gen.targz(entries, { store: stored });
  }
  return entries[0].data;
}

function specHash(spec) {
  return crypto
    .createHash('sha1')
    .update(GENERATOR_VERSION + JSON.stringify(spec))
    .digest('hex')
    .slice(0, 16);
}

/** Builds `spec` into `file` (atomically) and its sidecar; returns size and md5. */
function writeFile(spec, file) {
  const data = buildFile(spec);
  const md5 = crypto.createHash('md5').update(data).digest('hex');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
  const meta = `${file}.meta.json`;
  const tmpMeta = `${meta}.${process.pid}.tmp`;
  fs.writeFileSync(tmpMeta, JSON.stringify({ size: data.length, md5 }));
  fs.renameSync(tmpMeta, meta);
  return { size: data.length, md5 };
}

/**
 * Makes sure the file for `spec` exists in the cache; returns its path, size
 * and md5. Writes go through a temporary name and a rename so that parallel
 * processes (jest workers) never see half a file.
 */
function materialise(spec, cacheDir, manifest = readManifest()) {
  const hash = specHash(spec);
  const file = path.join(cacheDir, `${hash}-${spec.name}`);
  try {
    const m = JSON.parse(fs.readFileSync(`${file}.meta.json`, 'utf8'));
    if (fs.statSync(file).size === m.size) {
      return { path: file, size: m.size, md5: m.md5 };
    }
  } catch {
    // not cached yet
  }
  const known = manifest[hash];
  if (known && isHeavy(spec)) {
    // Generated at first download; the manifest says what it will be.
    const ensure = () => {
      if (fs.existsSync(file)) {
        return;
      }
      const made = writeFile(spec, file);
      if (made.md5 !== known.md5 || made.size !== known.size) {
        throw new Error(
          `seed ${spec.name}: generated md5 ${made.md5} (${made.size} bytes) but seed-manifest.json says ` +
            `${known.md5} (${known.size} bytes); run \`node dev/standin/seeds.js --write-manifest\``
        );
      }
    };
    return { path: file, size: known.size, md5: known.md5, ensure };
  }
  return { path: file, ...writeFile(spec, file) };
}

function specsFor(concept, ci, v, vi) {
  const base = `${concept.slug}-${v.version}`;
  const ext = v.archive === 'tar.gz' ? 'tar.gz' : 'zip';
  const files = [
    {
      name: `${base}.${ext}`,
      kind: v.archive,
      prefix: v.archive === 'tar.gz' ? base : '',
      entries: archiveEntries(concept, v, vi)
    }
  ];
  if (ci % 4 === 2) {
    // A few records carry a loose file next to the archive, as many do.
    files.push({
      name: 'README.md',
      kind: 'raw',
      entries: [
        {
          path: 'README.md',
          gen: 'text',
          body: `# ${concept.title}\n\nVersion ${v.version}. The archive holds notebooks, data and figures.\n`
        }
      ]
    });
  }
  return files;
}

/** Every file spec of the demo catalogue. */
function demoSpecs() {
  return CONCEPTS.flatMap((concept, ci) =>
    concept.versions.flatMap((v, vi) => specsFor(concept, ci, v, vi))
  );
}

/**
 * The demo concepts with their versions and materialised files:
 * `[{ concept, versions: [{ version, date, files: [{ key, path, size, md5, ensure? }] }] }]`.
 */
function demoSeeds(cacheDir = DEFAULT_CACHE) {
  const manifest = readManifest();
  return CONCEPTS.map((concept, ci) => ({
    concept,
    versions: concept.versions.map((v, vi) => ({
      ...v,
      files: specsFor(concept, ci, v, vi).map(spec => ({
        key: spec.name,
        ...materialise(spec, cacheDir, manifest)
      }))
    }))
  }));
}

const TOPICS = [
  ['hydrology', 'discharge', 'river'],
  ['genomics', 'sequencing', 'variants'],
  ['astronomy', 'photometry', 'light curves'],
  ['linguistics', 'corpus', 'annotation'],
  ['materials', 'diffraction', 'crystals'],
  ['neuroscience', 'eeg', 'signals'],
  ['economics', 'prices', 'panel data'],
  ['climate', 'reanalysis', 'temperature']
];
const KINDS = ['dataset', 'software', 'image', 'lesson', 'publication'];
const FAMILY = [
  'Smith',
  'Müller',
  'Rossi',
  'Kowalczyk',
  'Tanaka',
  'Silva',
  'Dubois',
  'Novak',
  'Ahmed',
  'Larsen'
];
const GIVEN = [
  'Alex',
  'Maria',
  'Jun',
  'Fatima',
  'Lars',
  'Ana',
  'Noah',
  'Ines',
  'Omar',
  'Eva'
];

/** Metadata of the i-th synthetic record: light, deterministic, searchable. */
function syntheticSpec(i) {
  const t = TOPICS[i % TOPICS.length];
  const k = KINDS[i % KINDS.length];
  const day = new Date(Date.UTC(2015, 0, 1) + ((i * 7919) % 3650) * 86400000)
    .toISOString()
    .slice(0, 10);
  const body = `id,value\n${Array.from({ length: 8 }, (_, j) => `${j},${(i * 31 + j * 17) % 1000}`).join('\n')}\n`;
  return {
    title: `Synthetic ${t[0]} ${k} #${i + 1}: ${t[1]} of ${t[2]}`,
    description: `<p>Load-test record ${i + 1} about ${t.join(', ')}.</p>`,
    creators: [
      {
        name: `${FAMILY[i % 10]}, ${GIVEN[(i * 7) % 10]}`,
        affiliation: 'Load Test Institute'
      }
    ],
    keywords: [...t, 'synthetic'],
    upload_type: k,
    publication_type: k === 'publication' ? 'article' : undefined,
    image_type: k === 'image' ? 'figure' : undefined,
    date: day,
    file: { key: `synthetic-${i + 1}.csv`, body }
  };
}

/** Size and md5 of every heavy seed, for seed-manifest.json (run after changing a generator). */
function writeManifest(cacheDir = DEFAULT_CACHE) {
  const files = {};
  for (const spec of demoSpecs()) {
    if (isHeavy(spec)) {
      const file = path.join(cacheDir, `${specHash(spec)}-${spec.name}`);
      const { size, md5 } = writeFile(spec, file);
      files[specHash(spec)] = { name: spec.name, size, md5 };
    }
  }
  fs.writeFileSync(
    MANIFEST,
    JSON.stringify({ version: GENERATOR_VERSION, files }, null, 2) + '\n'
  );
  return files;
}

module.exports = {
  demoSeeds,
  demoSpecs,
  syntheticSpec,
  DEFAULT_CACHE,
  materialise,
  buildFile,
  isHeavy,
  specHash,
  readManifest,
  writeManifest
};

if (require.main === module && process.argv.includes('--write-manifest')) {
  const files = writeManifest();
  process.stdout.write(
    `wrote ${Object.keys(files).length} entries to ${MANIFEST}\n`
  );
}
