#!/usr/bin/env node
'use strict';
/**
 * Search latency of the stand-in over 10,000 synthetic records, against a
 * native baseline in the same run: a bare Node HTTP server that sends the same
 * bytes without doing any work. Prints medians and 95th percentiles.
 *
 *   node dev/standin/bench-search.js [--records 10000] [--rounds 40]
 */
const http = require('http');
const { startStandin } = require('./server');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const RECORDS = arg('records', 10000);
const ROUNDS = arg('rounds', 40);

const QUERIES = [
  ['no query, newest', 'communities=artifacts-demo&size=25'],
  ['no query, page 200', 'communities=artifacts-demo&size=25&page=200'],
  ['two words, bestmatch', 'q=hydrology%20discharge&size=25'],
  ['field + phrase', 'q=title%3A%22light%20curves%22&size=25'],
  ['prefix wildcard', 'q=synth*&size=25'],
  ['OR + negation', 'q=genomics%20OR%20astronomy%20-software&size=25'],
  ['mostdownloaded', 'sort=mostdownloaded&size=25']
];

function stats(times) {
  const t = times.slice().sort((a, b) => a - b);
  return {
    median: t[Math.floor(t.length / 2)],
    p95: t[Math.floor(t.length * 0.95)]
  };
}

async function time(url) {
  const t = process.hrtime.bigint();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return {
    ms: Number(process.hrtime.bigint() - t) / 1e6,
    bytes: body.byteLength,
    status: res.status
  };
}

async function main() {
  const t0 = Date.now();
  // Latency, not the search budget (30 a minute, which most rounds would spend).
  const s = await startStandin({
    port: 0,
    seed: RECORDS,
    searchRateLimit: 1e9,
    searchRateLimitAuthenticated: 1e9
  });
  const startMs = Date.now() - t0;
  // Baseline: a bare server answering with a fixed page of the same size.
  let page = Buffer.alloc(0);
  const bare = http.createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': page.length
    });
    res.end(page);
  });
  await new Promise(r => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${bare.address().port}/`;
  const rows = [];
  for (const [name, qs] of QUERIES) {
    const url = `${s.url}/api/records?${qs}`;
    const first = await time(url);
    page = Buffer.from(await (await fetch(url)).arrayBuffer());
    const total = JSON.parse(page.toString()).hits.total;
    const standin = [];
    const base = [];
    const inproc = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Uncached search work, in process (the HTTP answers below may hit the query cache).
      s.store.searchCache.clear();
      const t = process.hrtime.bigint();
      const params = new URLSearchParams(qs);
      s.store.search({
        q: params.get('q') || '',
        communities: params.getAll('communities'),
        type: [],
        subtype: [],
        sort: params.get('sort') || undefined,
        page: Number(params.get('page') || 1),
        size: 25,
        allVersions: false
      });
      inproc.push(Number(process.hrtime.bigint() - t) / 1e6);
      s.store.searchCache.clear();
      standin.push((await time(url)).ms);
      base.push((await time(bareUrl)).ms);
    }
    rows.push({
      query: name,
      total,
      'first ms': first.ms.toFixed(1),
      'search in-process median ms': stats(inproc).median.toFixed(2),
      'stand-in HTTP median ms': stats(standin).median.toFixed(2),
      'stand-in HTTP p95 ms': stats(standin).p95.toFixed(2),
      'bare server median ms': stats(base).median.toFixed(2),
      'page KB': (page.length / 1024).toFixed(1)
    });
  }
  process.stdout.write(
    `Stand-in with ${s.store.published.length} records (started in ${startMs} ms), ${ROUNDS} rounds per query, Node ${process.version}\n`
  );
  console.table(rows);
  bare.close();
  await s.close();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
