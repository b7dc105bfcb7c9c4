#!/usr/bin/env node
'use strict';
/**
 * Catalogue benchmarks (issue 4, "Speed"), all in one run against native
 * baselines:
 *
 *  1. Import of a 150-200 MB zip of mixed content (large CSV, binary files,
 *     2,000 small files) from the Zenodo stand-in, in headless Chromium,
 *     through the real panel (launch link, Import click, until "Imported"),
 *     - with jupyter-archive on the server (upload once, server unpacks),
 *     - without it (unpacked in the browser, written file by file);
 *     baselines: native `curl` + `unzip` into the server's folder, and the
 *     Contents API floor (the same files written from the page through the
 *     Contents API, chunked and 4 at a time, with no download or unpacking).
 *     Long main-thread tasks are recorded with a PerformanceObserver.
 *  2. With 10,000 records: the first page visible after opening the panel,
 *     and search results after the last keystroke's debounce.
 *
 * Usage: node bench/catalogue.bench.js [--size-mb 240] [--runs 1] [--only import|catalogue] [--json out.json]
 * (--size-mb is the content before compression; 240 gives a ~170 MB zip.)
 * Needs: a built extension (jlpm build), the venv (jupyter), /usr/bin/chromium.
 */
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const {
  launchChromium,
  log,
  openLab: openLabPage,
  options,
  publishRecord,
  ROOT,
  sleep,
  startLab: startLabIn,
  stopLab
} = require('./lab.js');
const { startStandin, TOKENS } = require(
  path.join(ROOT, 'dev/standin/server.js')
);

const opt = options().value;
const SIZE_MB = Number(opt('size-mb', '240'));
const RUNS = Number(opt('runs', '1'));
const JSON_OUT = opt('json', '');
const ONLY = opt('only', '');
// `on`, `off` or `both` (default): with and/or without jupyter-archive.
const ARCHIVE = opt('jupyter-archive', 'both');
// Print the functions that took the most main-thread time during an import.
const PROFILE = options().flag('profile');
const LAB_PORT = Number(process.env.UI_TEST_PORT || 8891);
const STANDIN_PORT = Number(process.env.STANDIN_PORT || 9891);
const CACHE = path.join(ROOT, '.cache', 'bench');

const now = () => performance.now();

/**
 * The benchmark archive, made once with Python's zipfile (deflate): a large
 * CSV (compressible), random binaries (incompressible) and 2,000 small files.
 */
function makeArchive() {
  const file = path.join(CACHE, `mixed-${SIZE_MB}mb.zip`);
  if (fs.existsSync(file)) {
    return file;
  }
  fs.mkdirSync(CACHE, { recursive: true });
  const script = `
import os, random, sys, zipfile
out, size_mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
tmp = out + '.tmp'
with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr('README.md', '# Benchmark artifact\\n\\nMixed content for the import benchmark.\\n')
    # ~35% large CSV (compresses ~3x), ~55% binaries, rest small files
    rows = []
    target = int(size_mb * 0.35 * 1e6)
    n = 0
    while n < target:
        line = '%d,%0.6f,%0.6f,%s\\n' % (len(rows), rnd.random() * 1000, rnd.gauss(0, 1), rnd.choice(['alpha','beta','gamma','delta']))
        rows.append(line); n += len(line)
    z.writestr('data/measurements.csv', ''.join(rows))
    for i in range(4):
        z.writestr('data/raw-%d.bin' % i, os.urandom(int(size_mb * 0.55 * 1e6 / 4)))
    for i in range(2000):
        k = rnd.randint(500, 8000)
        body = ('cell %d ' % i) * (k // 10) if i % 2 else os.urandom(k)
        z.writestr('small/%02d/file-%04d.%s' % (i // 100, i, 'txt' if i % 2 else 'dat'), body)
    z.writestr('analysis.ipynb', '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
os.replace(tmp, out)
`;
  execFileSync('python3', ['-c', script, file, String(SIZE_MB)], {
    stdio: 'inherit'
  });
  return file;
}

/**
 * Publish the archive as a record of the demo community; returns its id.
 */
function publish(url, file) {
  return publishRecord(url, TOKENS.write, file, {
    title: 'Import benchmark artifact',
    description: '<p>Mixed content for the import benchmark.</p>',
    communities: [{ identifier: 'artifacts-demo' }]
  });
}

/** JupyterLab in `rootDir`, with or without jupyter-archive. */
function startLab(rootDir, standinUrl, withArchive) {
  return startLabIn({
    port: LAB_PORT,
    rootDir,
    env: {
      STANDIN_URL: standinUrl,
      ARTIFACTS_NO_JUPYTER_ARCHIVE: withArchive ? undefined : '1'
    }
  });
}

/** A page of the running JupyterLab, at `/lab<query>`. */
function openLab(browser, query = '') {
  return openLabPage(browser, `http://127.0.0.1:${LAB_PORT}/lab${query}`);
}

/**
 * The real import through the panel; returns seconds from the Import click
 * to "Imported", the method used and the longest main-thread task during it.
 */
async function importThroughPanel(browser, recordId) {
  const page = await openLab(browser, `?artifact=${recordId}`);
  await page.waitForSelector(
    '#jp-artifacts-catalogue .jp-artifacts-Catalogue-importButton',
    {
      timeout: 60000
    }
  );
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__doneAt = 0;
    // The moment the panel says "Imported": tasks after it are JupyterLab
    // opening the README and the folder, not the import.
    new MutationObserver(() => {
      if (
        !window.__doneAt &&
        document.querySelector(
          '#jp-artifacts-catalogue .jp-artifacts-Catalogue-result'
        )
      ) {
        window.__doneAt = performance.now();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.evaluate(() => {
    // Each distinct phase heading of the progress area, with its time.
    window.__phases = [];
    window.__t0 = performance.now();
    new MutationObserver(() => {
      const node = document.querySelector(
        '#jp-artifacts-catalogue .jp-artifacts-Catalogue-phase'
      );
      let text = node ? node.textContent.trim() : '';
      const bar = document.querySelector(
        '#jp-artifacts-catalogue .jp-artifacts-Catalogue-progress progress'
      );
      if (text && bar && bar.max > 0 && bar.value >= bar.max) {
        text += ' (all bytes sent)';
      }
      const last = window.__phases[window.__phases.length - 1];
      if (text && (!last || last.text !== text)) {
        window.__phases.push({ t: performance.now() - window.__t0, text });
      }
    }).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true
    });
  });
  let cdp;
  if (PROFILE) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  const t0 = now();
  await page.click(
    '#jp-artifacts-catalogue .jp-artifacts-Catalogue-importButton'
  );
  const result = await Promise.race([
    page
      .waitForSelector(
        '#jp-artifacts-catalogue .jp-artifacts-Catalogue-result',
        { timeout: 600000 }
      )
      .then(() => 'ok'),
    page
      .waitForSelector(
        '#jp-artifacts-catalogue .jp-artifacts-Catalogue-progress [role="alert"]',
        {
          timeout: 600000
        }
      )
      .then(() => 'failed')
  ]);
  const seconds = (now() - t0) / 1000;
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const byId = new Map(profile.nodes.map(n => [n.id, n]));
    const counts = new Map();
    profile.samples.forEach(id => counts.set(id, (counts.get(id) || 0) + 1));
    for (const [id, count] of counts) {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) || 0) + count);
    }
    const total = profile.samples.length;
    // Inclusive time of functions within runs of busy samples over 150 ms
    // (what the long tasks are made of).
    const parent = new Map();
    profile.nodes.forEach(n =>
      (n.children || []).forEach(c => parent.set(c, n.id))
    );
    const idle = id =>
      /^\((idle|program)\)$/.test(byId.get(id).callFrame.functionName);
    const runs = [];
    let run = [];
    let span = 0;
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i] || 0) / 1000;
      if (idle(id)) {
        if (span > 150) {
          runs.push(run);
        }
        run = [];
        span = 0;
      } else {
        run.push(id);
        span += dt;
      }
    });
    const inclusive = new Map();
    let busy = 0;
    for (const r of runs) {
      for (const id of r) {
        busy++;
        const names = new Set();
        for (let n = id; n !== undefined; n = parent.get(n)) {
          const f = byId.get(n).callFrame;
          names.add(
            `${f.functionName || '(anonymous)'} ${f.url.split('/').pop().split('?')[0]}:${f.lineNumber}:${f.columnNumber}`
          );
        }
        names.forEach(k => inclusive.set(k, (inclusive.get(k) || 0) + 1));
      }
    }
    log(
      `  busy runs over 150 ms: ${runs.length}; inside them (inclusive, top 25):`
    );
    [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .forEach(([k, c]) =>
        log(`    ${((100 * c) / Math.max(1, busy)).toFixed(0)}% ${k}`)
      );
    log('  main-thread self time (top 15):');
    [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .forEach(([k, c]) => log(`    ${((100 * c) / total).toFixed(1)}% ${k}`));
  }
  if (result !== 'ok') {
    const text = await page.textContent(
      '#jp-artifacts-catalogue .jp-artifacts-Catalogue-progress'
    );
    throw new Error(`import failed: ${text}`);
  }
  const method = await page.getAttribute(
    '#jp-artifacts-catalogue .jp-artifacts-Catalogue-result',
    'data-method'
  );
  await sleep(1000);
  const { tasks, doneAt, phases } = await page.evaluate(() => ({
    tasks: window.__longTasks,
    doneAt: window.__doneAt,
    phases: window.__phases.map(p => `${(p.t / 1000).toFixed(2)}s ${p.text}`)
  }));
  log(`  phases: ${phases.join(' | ')}`);
  log(
    `  long tasks: ${tasks
      .filter(t => t.start < doneAt && t.duration > 100)
      .map(
        t =>
          `${Math.round(t.duration)}ms@${((t.start - (doneAt - seconds * 1000)) / 1000).toFixed(1)}s`
      )
      .join(' ')}`
  );
  const longTasks = tasks.filter(t => t.start < doneAt).map(t => t.duration);
  const afterDone = tasks.filter(t => t.start >= doneAt).map(t => t.duration);
  await page.close();
  return {
    seconds,
    method,
    longestTaskMs: Math.round(Math.max(0, ...longTasks)),
    tasksOver200ms: longTasks.filter(d => d > 200).length,
    longestTaskAfterDoneMs: Math.round(Math.max(0, ...afterDone))
  };
}

/**
 * The Contents API floor: the archive's files (unpacked before the clock
 * starts) written from the page with the same protocol as the import
 * (4 MiB base64 chunks, 4 requests at a time), nothing else.
 */
async function contentsFloor(browser, contentUrl, folder) {
  const page = await openLab(browser);
  await page.addScriptTag({
    path: path.join(ROOT, 'node_modules/fflate/umd/index.js')
  });
  await page.evaluate(async url => {
    const bin = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const files = window.fflate.unzipSync(bin);
    window.__floorFiles = Object.entries(files).filter(
      ([p]) => !p.endsWith('/')
    );
  }, contentUrl);
  const seconds = await page.evaluate(async root => {
    const xsrf = document.cookie.match(/_xsrf=([^;]+)/)?.[1];
    const headers = { 'Content-Type': 'application/json' };
    if (xsrf) {
      headers['X-XSRFToken'] = xsrf;
    }
    const base = `${location.origin}/api/contents/`;
    const put = (p, body) =>
      fetch(base + p.split('/').map(encodeURIComponent).join('/'), {
        method: 'PUT',
        headers,
        body: JSON.stringify(body)
      }).then(r => {
        if (!r.ok) {
          throw new Error(`${r.status} ${p}`);
        }
      });
    const b64 = bytes => bytes.toBase64();
    const CHUNK = 4 * 1024 * 1024;
    const files = window.__floorFiles;
    const t0 = performance.now();
    await put(root, { type: 'directory' });
    const dirs = [
      ...new Set(
        files.flatMap(([p]) => {
          const parts = p.split('/');
          return parts
            .slice(0, -1)
            .map((_, i) => parts.slice(0, i + 1).join('/'));
        })
      )
    ].sort((a, b) => a.split('/').length - b.split('/').length);
    for (const d of dirs) {
      await put(`${root}/${d}`, { type: 'directory' });
    }
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const [p, data] = files[next++];
        const name = p.split('/').pop();
        if (data.byteLength <= CHUNK) {
          await put(`${root}/${p}`, {
            type: 'file',
            format: 'base64',
            name,
            content: b64(data)
          });
          continue;
        }
        for (let s = 0, i = 1; s < data.byteLength; i++) {
          const e = Math.min(data.byteLength, s + CHUNK);
          await put(`${root}/${p}`, {
            type: 'file',
            format: 'base64',
            name,
            chunk: e >= data.byteLength ? -1 : i,
            content: b64(data.subarray(s, e))
          });
          s = e;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return (performance.now() - t0) / 1000;
  }, folder);
  await page.close();
  return { seconds };
}

/**
 * Native baseline: curl the archive from the stand-in and unzip it into a
 * folder of the server's root.
 */
async function nativeBaseline(url, rootDir) {
  const dir = path.join(rootDir, `native-${Date.now()}`);
  fs.mkdirSync(dir);
  const t0 = now();
  // Asynchronously: the stand-in serving curl runs in this very process.
  await new Promise((resolve, reject) => {
    const p = spawn('bash', [
      '-c',
      `curl -sf -o "${dir}/a.zip" "${url}" && unzip -q "${dir}/a.zip" -d "${dir}/out"`
    ]);
    p.on('exit', code =>
      code === 0 ? resolve() : reject(new Error(`curl+unzip: ${code}`))
    );
  });
  return { seconds: (now() - t0) / 1000 };
}

/**
 * With 10,000 records: first page after opening the panel; search results
 * after the debounce of the last keystroke.
 */
async function catalogueLatency(browser, standinUrl) {
  const seeded = await (
    await fetch(`${standinUrl}/__standin/seed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ count: 10000 })
    })
  ).json();
  // A new page: the panel searches when the application starts; what a
  // person sees is the time from opening the panel to the first page.
  const tLoad = now();
  const page = await openLab(browser);
  const t0 = now();
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('jupyterlab-artifacts:open-catalogue')
  );
  await page.waitForSelector(
    '#jp-artifacts-catalogue .jp-artifacts-Catalogue-item',
    { state: 'visible' }
  );
  const firstPage = (now() - t0) / 1000;
  const firstPageFromLoad = (now() - tLoad) / 1000;
  // A page fetched afresh while the panel is open (a sort change).
  await page.selectOption(
    '#jp-artifacts-catalogue select[aria-label="Sort by"]',
    'mostviewed'
  );
  const t2 = now();
  await page.waitForFunction(
    () => {
      const s = document.querySelector(
        '#jp-artifacts-catalogue [role="status"]'
      );
      return s && !/Searching/.test(s.textContent);
    },
    undefined,
    { polling: 'raf', timeout: 10000 }
  );
  const resort = (now() - t2) / 1000;
  const total = await page.textContent(
    '#jp-artifacts-catalogue [role="status"]'
  );
  const searches = [];
  let sentAt = 0;
  let sentFor = '';
  page.on('request', r => {
    const q = new URL(r.url()).searchParams.get('q');
    if (r.url().includes('/api/records') && q) {
      sentAt = now();
      sentFor = q;
    }
  });
  for (const word of [
    'genomics',
    'glacier',
    'Tanaka',
    'astronomy',
    'sequencing'
  ]) {
    await page.fill('#jp-artifacts-catalogue input[type="search"]', '');
    await sleep(800);
    await sleep(400);
    await page.type('#jp-artifacts-catalogue input[type="search"]', word, {
      delay: 40
    });
    const t1 = now();
    try {
      await page.waitForFunction(
        w => {
          const status = document.querySelector(
            '#jp-artifacts-catalogue [role="status"]'
          );
          const first = document.querySelector(
            '#jp-artifacts-catalogue .jp-artifacts-Catalogue-item'
          );
          return (
            status &&
            !/Searching/.test(status.textContent) &&
            first &&
            first.textContent
              .toLowerCase()
              .includes(w.split(' ')[0].toLowerCase())
          );
        },
        word,
        { polling: 'raf', timeout: 10000 }
      );
    } catch {
      const status = await page.textContent(
        '#jp-artifacts-catalogue [role="status"]'
      );
      const first = await page
        .textContent('#jp-artifacts-catalogue .jp-artifacts-Catalogue-item')
        .catch(() => '');
      searches.push({ word, failed: `${status} | ${first}`.slice(0, 200) });
      continue;
    }
    // The panel waits 300 ms after the last keystroke; what counts is after.
    // From the request the debounce sent (for the full word) to the results
    // on screen: the time after the debounce that the issue budgets.
    searches.push({
      word,
      secondsAfterDebounce: sentFor === word ? (now() - sentAt) / 1000 : null,
      secondsAfterLastKeystroke: (now() - t1) / 1000
    });
  }
  await page.close();
  return {
    seeded: seeded.records,
    total,
    firstPage,
    firstPageFromLoad,
    resort,
    searches
  };
}

async function main() {
  const zip = makeArchive();
  const zipBytes = fs.statSync(zip).size;
  log(`archive: ${zip} (${(zipBytes / 1e6).toFixed(1)} MB)`);
  const standin = await startStandin({
    port: STANDIN_PORT,
    seed: 'demo',
    maxFileBytes: 2e9,
    // The bench times searches; Zenodo's search budget (30 a minute) would
    // turn most of them into 429s.
    searchRateLimit: 1e9,
    searchRateLimitAuthenticated: 1e9
  });
  const browser = await launchChromium();
  const results = { archiveMB: zipBytes / 1e6, runs: [] };
  try {
    const recordId = await publish(standin.url, zip);
    const record = await (
      await fetch(`${standin.url}/api/records/${recordId}`)
    ).json();
    const contentUrl = `${standin.url}/api/records/${recordId}/files/${path.basename(zip)}/content`;
    log(`record ${recordId}: ${record.files?.length} file(s)`);
    const cases =
      ONLY === 'catalogue'
        ? [false]
        : ARCHIVE === 'on'
          ? [true]
          : ARCHIVE === 'off'
            ? [false]
            : [true, false];
    for (const withArchive of cases) {
      const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lab-'));
      const lab = await startLab(rootDir, standin.url, withArchive);
      try {
        for (let run = 0; run < (ONLY === 'catalogue' ? 0 : RUNS); run++) {
          const native = await nativeBaseline(contentUrl, rootDir);
          log(`native curl+unzip: ${native.seconds.toFixed(2)} s`);
          const floor = await contentsFloor(
            browser,
            contentUrl,
            `floor-${run}-${Date.now()}`
          );
          log(`Contents API floor: ${floor.seconds.toFixed(2)} s`);
          const imp = await importThroughPanel(browser, recordId);
          log(
            `import (${withArchive ? 'jupyter-archive on' : 'off'}): ${imp.seconds.toFixed(2)} s via ${imp.method}, longest task ${imp.longestTaskMs} ms`
          );
          results.runs.push({
            jupyterArchive: withArchive,
            // The lab config loads the server companion unless
            // ARTIFACTS_NO_COMPANION is set (then the browser imports).
            companion: !process.env.ARTIFACTS_NO_COMPANION,
            native: native.seconds,
            floor: floor.seconds,
            import: imp.seconds,
            method: imp.method,
            vsNative: imp.seconds / native.seconds,
            vsFloor: imp.seconds / floor.seconds,
            longestTaskMs: imp.longestTaskMs,
            longestTaskAfterDoneMs: imp.longestTaskAfterDoneMs,
            tasksOver200ms: imp.tasksOver200ms
          });
        }
        if (!withArchive && ONLY !== 'import') {
          results.catalogue = await catalogueLatency(browser, standin.url);
          log(
            `10k records: first page ${results.catalogue.firstPage.toFixed(2)} s; searches ${results.catalogue.searches.map(s => (s.failed ? 'FAILED ' + s.failed : String(s.secondsAfterDebounce?.toFixed(2)))).join(', ')} s`
          );
        }
      } finally {
        await stopLab(lab);
        fs.rmSync(rootDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    await standin.close();
  }
  const out = JSON.stringify(results, null, 2);
  if (JSON_OUT) {
    fs.writeFileSync(JSON_OUT, out + '\n');
  }
  process.stdout.write(out + '\n');
}

main().catch(e => {
  log(e.stack || String(e));
  process.exit(1);
});
