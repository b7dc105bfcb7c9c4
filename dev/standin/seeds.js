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

const GENERATOR_VERSION = 'standin-seeds-1';
const DEFAULT_CACHE = path.resolve(__dirname, '..', '..', '.cache', 'standin');

function entryData(e) {
  switch (e.gen) {
    case 'notebook':
      return gen.notebook({ title: e.title, seed: e.seed, cells: e.cells });
    case 'csv':
      return gen.csv({ seed: e.seed, rows: e.rows, columns: e.columns });
    case 'plot':
      return gen.plotPng({ seed: e.seed, width: e.width, height: e.height });
    case 'noise':
      return gen.noisePng({ seed: e.seed, width: e.width, height: e.height });
    case 'text':
      return Buffer.from(e.body);
    default:
      throw new Error(`unknown generator ${e.gen}`);
  }
}

function buildFile(spec) {
  const entries = spec.entries.map(e => ({
    path: spec.prefix ? `${spec.prefix}/${e.path}` : e.path,
    data: entryData(e)
  }));
  if (spec.kind === 'zip') {
    return gen.zip(entries);
  }
  if (spec.kind === 'tar.gz') {
    return gen.targz(entries);
  }
  return entries[0].data;
}

/**
 * Makes sure the file for `spec` exists in the cache; returns its path, size
 * and md5. Writes go through a temporary name and a rename so that parallel
 * processes (jest workers) never see half a file.
 */
function materialise(spec, cacheDir) {
  const hash = crypto
    .createHash('sha1')
    .update(GENERATOR_VERSION + JSON.stringify(spec))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(cacheDir, `${hash}-${spec.name}`);
  const meta = `${file}.meta.json`;
  try {
    const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
    if (fs.statSync(file).size === m.size) {
      return { path: file, size: m.size, md5: m.md5 };
    }
  } catch {
    // not cached yet
  }
  const data = buildFile(spec);
  const md5 = crypto.createHash('md5').update(data).digest('hex');
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
  const tmpMeta = `${meta}.${process.pid}.tmp`;
  fs.writeFileSync(tmpMeta, JSON.stringify({ size: data.length, md5 }));
  fs.renameSync(tmpMeta, meta);
  return { path: file, size: data.length, md5 };
}

/**
 * The demo concepts with their versions and materialised files:
 * `[{ concept, versions: [{ version, date, files: [{ key, path, size, md5 }] }] }]`.
 */
function demoSeeds(cacheDir = DEFAULT_CACHE) {
  return CONCEPTS.map((concept, ci) => ({
    concept,
    versions: concept.versions.map((v, vi) => {
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
      return {
        ...v,
        files: files.map(spec => ({
          key: spec.name,
          ...materialise(spec, cacheDir)
        }))
      };
    })
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

module.exports = { demoSeeds, syntheticSpec, DEFAULT_CACHE, materialise };
