#!/usr/bin/env node
'use strict';
/**
 * Command line for the Zenodo stand-in.
 *
 *   node dev/standin/cli.js [--host 127.0.0.1] [--port 5555] [--seed demo|none|<N>]
 *                           [--max-file-bytes N] [--rate-limit N] [--search-rate-limit N]
 *                           [--search-rate-limit-token N] [--anonymous-status 401|403]
 *                           [--error-style rdm|legacy] [--record-shape zenodo|zenodo2023|legacy|rdm]
 *                           [--state <folder>]   (keep what was published across restarts)
 *   node dev/standin/cli.js --print-demo-token
 */
const { startStandin, TOKENS } = require('./server');

function parse(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      throw new Error(`unexpected argument ${a}`);
    }
    const [name, inline] = a.slice(2).split('=', 2);
    if (name === 'print-demo-token' || name === 'help') {
      out[name] = true;
      continue;
    }
    const value = inline !== undefined ? inline : argv[++i];
    if (value === undefined) {
      throw new Error(`--${name} needs a value`);
    }
    out[name] = value;
  }
  return out;
}

async function main() {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    console.error(`standin: ${e.message}`);
    process.exit(2);
  }
  if (args['print-demo-token']) {
    process.stdout.write(`${TOKENS.write}\n`);
    return;
  }
  if (args.help) {
    process.stdout.write(
      'Usage: node dev/standin/cli.js [--host H] [--port P] [--seed demo|none|N] [--max-file-bytes N]\n' +
        '       [--rate-limit N] [--search-rate-limit N] [--search-rate-limit-token N]\n' +
        '       [--anonymous-status 401|403] [--error-style rdm|legacy]\n' +
        '       [--record-shape zenodo|zenodo2023|legacy|rdm] [--state <folder>] | --print-demo-token\n'
    );
    return;
  }
  const num = v => (v === undefined ? undefined : Number(v));
  const opts = {
    host: args.host || '127.0.0.1',
    port: args.port !== undefined ? Number(args.port) : 5555,
    seed:
      args.seed === undefined
        ? 'demo'
        : /^\d+$/.test(args.seed)
          ? Number(args.seed)
          : args.seed,
    maxFileBytes: num(args['max-file-bytes']),
    quotaBytes: num(args['quota-bytes']),
    rateLimit: num(args['rate-limit']),
    searchRateLimit: num(args['search-rate-limit']),
    searchRateLimitAuthenticated: num(args['search-rate-limit-token']),
    anonymousStatus: num(args['anonymous-status']),
    errorStyle: args['error-style'],
    recordShape: args['record-shape'],
    state: args.state
  };
  for (const k of Object.keys(opts)) {
    if (opts[k] === undefined) {
      delete opts[k];
    }
  }
  const t = Date.now();
  const s = await startStandin(opts);
  if (s.restored) {
    process.stdout.write(
      `Zenodo stand-in: ${s.restored.replayed} earlier changes restored from ${opts.state}\n`
    );
    for (const f of s.restored.failed) {
      console.error(`standin: could not restore ${f}`);
    }
  }
  process.stdout.write(
    `Zenodo stand-in listening on ${s.url} (${s.store.published.length} records, community ${s.community}, started in ${Date.now() - t} ms)\n`
  );
  const stop = () => {
    s.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(`standin: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
