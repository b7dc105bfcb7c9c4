#!/usr/bin/env node
/**
 * Write every hostile (and good) archive of `archives.js` into a folder, with
 * `manifest.json` (the cases without their bytes; schema at the top of
 * archives.js), for tests in other languages (pytest).
 *
 * Usage: node dev/hostile/cli.js <outdir>
 */
'use strict';

const fs = require('fs');
const path = require('path');

const { cases } = require('./archives');

function main(argv) {
  const outdir = argv[2];
  if (!outdir) {
    process.stderr.write('usage: node dev/hostile/cli.js <outdir>\n');
    return 2;
  }
  fs.mkdirSync(outdir, { recursive: true });
  const manifest = [];
  for (const c of cases()) {
    fs.writeFileSync(path.join(outdir, c.file), c.bytes);
    const rest = { ...c };
    delete rest.bytes;
    manifest.push(rest);
  }
  fs.writeFileSync(
    path.join(outdir, 'manifest.json'),
    JSON.stringify(manifest, null, 2) + '\n'
  );
  process.stdout.write(
    `wrote ${manifest.length} archives and manifest.json to ${outdir}\n`
  );
  return 0;
}

process.exitCode = main(process.argv);
