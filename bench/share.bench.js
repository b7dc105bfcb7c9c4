#!/usr/bin/env node
/**
 * Share benchmark: publish a ~200 MB mixed folder from JupyterLab in headless
 * Chromium to the Zenodo stand-in on loopback, and in the same run do the
 * native pipeline `zip -r -6` + `curl -T` of the same folder to the same
 * stand-in. Prints wall times, the longest main-thread task and the tab's
 * memory peak, and writes them as JSON.
 *
 *   node bench/share.bench.js [--mb 200] [--out bench/results/share.json]
 *
 * Needs: `jlpm build` done, the venv's jupyter, /usr/bin/chromium, zip, curl.
 * Ports: UI_TEST_PORT (default 8890) and STANDIN_PORT (default 9890).
 */
'use strict';
const { execFile, execFileSync, spawn } = require('child_process');
const { promisify } = require('util');

// Async: the stand-in runs in this process, so a blocking curl would hang.
const run = promisify(execFile);
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const {
  CHROMIUM,
  launchChromium,
  openLab,
  options,
  ROOT,
  startLab,
  stopLab
} = require('./lab.js');
const { startStandin, TOKENS } = require(
  path.join(ROOT, 'dev/standin/server.js')
);

const arg = options().value;
const TOTAL_MB = Number(arg('mb', '200'));
const OUT = arg('out', path.join(ROOT, 'bench/results/share.json'));
const LAB_PORT = Number(process.env.UI_TEST_PORT || 8890);
const STANDIN_PORT = Number(process.env.STANDIN_PORT || 9890);
const MB = 1000 * 1000;

/** A mixed research folder: text and CSV, notebooks, incompressible binary, 2,000 small files. */
function generateFolder(dir, totalMb) {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'raw'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'notebooks'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'small'), { recursive: true });
  const share = { csv: 0.4, notebooks: 0.1, binary: 0.45, small: 0.05 };
  let seed = 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  // CSV and text: ~40 %, in 8 files.
  for (let f = 0; f < 8; f++) {
    const target = (share.csv * totalMb * MB) / 8;
    const lines = ['time,site,temperature,co2_flux,quality\n'];
    let size = lines[0].length;
    let t = 1600000000;
    while (size < target) {
      const line = `${t},S${Math.floor(rand() * 40)},${(rand() * 30).toFixed(3)},${(rand() * 12 - 6).toFixed(5)},${rand() > 0.9 ? 'flag' : 'ok'}\n`;
      lines.push(line);
      size += line.length;
      t += 1800;
    }
    fs.writeFileSync(path.join(dir, 'data', `fluxes-${f}.csv`), lines.join(''));
  }
  // Notebooks with text outputs: ~10 %, in 10 files.
  for (let f = 0; f < 10; f++) {
    const target = (share.notebooks * totalMb * MB) / 10;
    const cells = [];
    let size = 0;
    while (size < target) {
      const out = Array.from(
        { length: 50 },
        () => `${(rand() * 1000).toFixed(4)}  ${(rand() * 1000).toFixed(4)}\n`
      );
      cells.push({
        cell_type: 'code',
        execution_count: cells.length + 1,
        metadata: {},
        source: [
          'import pandas as pd\n',
          "df = pd.read_csv('data.csv')\n",
          'df.describe()'
        ],
        outputs: [{ output_type: 'stream', name: 'stdout', text: out }]
      });
      size += out.join('').length + 200;
    }
    fs.writeFileSync(
      path.join(dir, 'notebooks', `analysis-${f}.ipynb`),
      JSON.stringify(
        { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 },
        null,
        1
      )
    );
  }
  // Incompressible binary: ~45 %, in 6 files.
  for (let f = 0; f < 6; f++) {
    fs.writeFileSync(
      path.join(dir, 'raw', `instrument-${f}.bin`),
      crypto.randomBytes(Math.floor((share.binary * totalMb * MB) / 6))
    );
  }
  // 2,000 small files: ~5 %.
  const smallSize = Math.floor((share.small * totalMb * MB) / 2000);
  for (let f = 0; f < 2000; f++) {
    const sub = path.join(dir, 'small', `batch-${Math.floor(f / 100)}`);
    fs.mkdirSync(sub, { recursive: true });
    const text = `sample ${f}\n`
      .repeat(Math.ceil(smallSize / 12))
      .slice(0, smallSize);
    fs.writeFileSync(path.join(sub, `sample-${f}.txt`), text);
  }
}

function folderBytes(dir) {
  let total = 0;
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = folderBytes(p);
      total += sub.total;
      files += sub.files;
    } else {
      total += fs.statSync(p).size;
      files++;
    }
  }
  return { total, files };
}

/** Resident memory (bytes) of all Chromium processes together. */
function chromiumRss() {
  const out = execFileSync('ps', ['-eo', 'pid=,rss=,args='], {
    encoding: 'utf8'
  });
  return out
    .split('\n')
    .filter(l => /chrom/i.test(l))
    .reduce((sum, l) => sum + Number(l.trim().split(/\s+/)[1]) * 1024, 0);
}

/** Resident memory (bytes) of Chromium's renderer processes, largest first. */
function rendererRss() {
  const out = execFileSync('ps', ['-eo', 'pid=,rss=,args='], {
    encoding: 'utf8'
  });
  return out
    .split('\n')
    .filter(l => /chrom/i.test(l) && l.includes('--type=renderer'))
    .map(l => Number(l.trim().split(/\s+/)[1]) * 1024)
    .sort((a, b) => b - a);
}

async function nativePipeline(standinUrl, folderParent, folderName, workDir) {
  const zipPath = path.join(workDir, `${folderName}.zip`);
  const token = TOKENS.write;
  const t0 = performance.now();
  await run('zip', ['-r', '-6', '-q', zipPath, folderName], {
    cwd: folderParent
  });
  const tZip = performance.now();
  const curlJson = async (method, url, body) => {
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      method,
      url,
      '-H',
      `Authorization: Bearer ${token}`,
      '-H',
      'Content-Type: application/json',
      ...(body ? ['-d', JSON.stringify(body)] : [])
    ]);
    return JSON.parse(stdout || '{}');
  };
  const dep = await curlJson('POST', `${standinUrl}/api/deposit/depositions`, {
    metadata: { prereserve_doi: true }
  });
  await curlJson('PUT', dep.links.self, {
    metadata: {
      title: 'Native baseline',
      upload_type: 'dataset',
      description: 'zip + curl',
      creators: [{ name: 'Bench, Native' }],
      access_right: 'open',
      license: 'cc-by-4.0',
      publication_date: new Date().toISOString().slice(0, 10)
    }
  });
  const tUp0 = performance.now();
  await run('curl', [
    '-sS',
    '-o',
    '/dev/null',
    '-T',
    zipPath,
    '-H',
    `Authorization: Bearer ${token}`,
    '-H',
    'Content-Type: application/octet-stream',
    `${dep.links.bucket}/${folderName}.zip`
  ]);
  const tUp = performance.now();
  const published = await curlJson('POST', dep.links.publish);
  const t1 = performance.now();
  if (!published.doi) {
    throw new Error(
      `native publish failed: ${JSON.stringify(published).slice(0, 300)}`
    );
  }
  return {
    zipSeconds: (tZip - t0) / 1000,
    uploadSeconds: (tUp - tUp0) / 1000,
    totalSeconds: (t1 - t0) / 1000,
    archiveBytes: fs.statSync(zipPath).size
  };
}

/**
 * The same publish, driven through the DevTools protocol with only the
 * Runtime domain, for the memory figure. Playwright enables the Network
 * domain, whose agent keeps up to 200 MB of response bodies inside the
 * renderer for the inspector: a person's browser does not, so memory is
 * measured in a Chromium that no one inspects.
 */
async function memoryRun(labUrl, folderName) {
  const WS =
    typeof WebSocket === 'function'
      ? WebSocket
      : require(path.join(ROOT, 'ui-tests/node_modules/ws'));
  const port = Number(process.env.BENCH_CDP_PORT || 9339);
  const profile = fs.mkdtempSync(
    path.join(os.tmpdir(), 'share-bench-profile-')
  );
  const chrome = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${profile}`,
      'about:blank'
    ],
    { stdio: 'ignore', detached: true }
  );
  let socket;
  try {
    let target;
    for (let i = 0; i < 100 && !target; i++) {
      try {
        const list = await (
          await fetch(`http://127.0.0.1:${port}/json/list`)
        ).json();
        target = list.find(t => t.type === 'page');
      } catch {
        /* not up yet */
      }
      if (!target) {
        await new Promise(r => setTimeout(r, 200));
      }
    }
    if (!target) {
      throw new Error('Chromium did not open a debugging port');
    }
    socket = new WS(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    let id = 0;
    const waiting = new Map();
    socket.onmessage = event => {
      const message = JSON.parse(event.data);
      const w = waiting.get(message.id);
      if (w) {
        waiting.delete(message.id);
        if (message.error) {
          w.reject(new Error(message.error.message));
        } else {
          w.resolve(message.result);
        }
      }
    };
    const send = (method, params = {}) =>
      new Promise((resolve, reject) => {
        waiting.set(++id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    const evaluate = async expression => {
      const { result, exceptionDetails } = await send('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true
      });
      if (exceptionDetails) {
        throw new Error(
          exceptionDetails.exception?.description || exceptionDetails.text
        );
      }
      return result.value;
    };
    const waitFor = async (expression, timeout = 120000) => {
      const end = Date.now() + timeout;
      while (Date.now() < end) {
        try {
          if (await evaluate(expression)) {
            return;
          }
        } catch {
          /* navigating */
        }
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error(`timed out waiting for ${expression}`);
    };
    const helpers = `
      window.__set = (sel, v) => {
        const el = document.querySelector(sel);
        const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      };
      window.__click = text => {
        const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === text);
        if (!b) throw new Error('no button ' + text);
        b.click();
      };`;
    await send('Page.navigate', { url: labUrl });
    await waitFor(
      "window.jupyterapp && window.jupyterapp.commands.hasCommand('jupyterlab-artifacts:publish')"
    );
    await new Promise(r => setTimeout(r, 3000));
    await evaluate(helpers);
    await evaluate(
      "void window.jupyterapp.commands.execute('jupyterlab-artifacts:zenodo-account'); true"
    );
    await waitFor("!!document.querySelector('#jp-artifacts-token')");
    await evaluate(
      `__set('#jp-artifacts-token', ${JSON.stringify(TOKENS.write)}); true`
    );
    await evaluate("__click('Check and use'); true");
    await waitFor("!document.querySelector('.jp-artifacts-Share-account')");
    await new Promise(r => setTimeout(r, 1000));

    const base = rendererRss()[0] || 0;
    const allBase = chromiumRss();
    let peak = base;
    let allPeak = allBase;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, rendererRss()[0] || 0);
        allPeak = Math.max(allPeak, chromiumRss());
        await new Promise(r => setTimeout(r, 100));
      }
    })();
    const t0 = Date.now();
    await evaluate(
      `void window.jupyterapp.commands.execute('jupyterlab-artifacts:publish', { path: ${JSON.stringify(folderName)} }); true`
    );
    await waitFor(
      "!!document.querySelector('.jp-artifacts-Share-summary')",
      300000
    );
    await evaluate("__click('Next: describe it'); true");
    await waitFor("!!document.querySelector('#jp-artifacts-field-title')");
    await evaluate(`
      __set('#jp-artifacts-field-title', 'Benchmark folder (memory run)');
      __set('#jp-artifacts-field-description', 'A 200 MB mixed folder.');
      __click('Add creator'); true`);
    await waitFor(
      "!!document.querySelector('#jp-artifacts-field-creators-0-family')"
    );
    await evaluate(
      "__set('#jp-artifacts-field-creators-0-family', 'Bench'); true"
    );
    await evaluate("__click('Upload and publish'); true");
    await waitFor(
      "!!(document.querySelector('#jp-artifacts-result-doi') || {}).value",
      900000
    );
    const seconds = (Date.now() - t0) / 1000;
    sampling = false;
    await sampler;
    return {
      rendererRssBaseBytes: base,
      rendererRssPeakBytes: peak,
      chromiumRssBaseBytes: allBase,
      chromiumRssPeakBytes: allPeak,
      seconds
    };
  } finally {
    try {
      socket?.close();
    } catch {
      /* closed */
    }
    try {
      process.kill(-chrome.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'share-bench-'));
  const serverRoot = path.join(work, 'root');
  const folderName = 'study';
  const folder = path.join(serverRoot, folderName);
  fs.mkdirSync(folder, { recursive: true });
  process.stdout.write(`Generating ~${TOTAL_MB} MB in ${folder}… `);
  generateFolder(folder, TOTAL_MB);
  const size = folderBytes(folder);
  console.log(`${(size.total / MB).toFixed(1)} MB in ${size.files} files`);

  const standin = await startStandin({
    host: '127.0.0.1',
    port: STANDIN_PORT,
    seed: 'none'
  });
  let lab;
  let browser;
  const results = {
    folderBytes: size.total,
    files: size.files,
    date: new Date().toISOString()
  };
  try {
    lab = await startLab({
      port: LAB_PORT,
      rootDir: serverRoot,
      env: { STANDIN_PORT: String(STANDIN_PORT) },
      detached: true
    });
    console.log('JupyterLab is up; opening Chromium…');
    browser = await launchChromium();
    const page = await openLab(browser, `http://127.0.0.1:${LAB_PORT}/lab`, {
      settleMs: 3000 // let start-up settle
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    // Token through the account dialog, as a person would.
    await page.evaluate(() => {
      void window.jupyterapp.commands.execute(
        'jupyterlab-artifacts:zenodo-account'
      );
    });
    await page.fill('#jp-artifacts-token', TOKENS.write);
    await page.click('text=Check and use');
    await page.waitForSelector('.jp-artifacts-Share-account', {
      state: 'detached'
    });

    const heapOf = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find(m => m.name === 'JSHeapUsedSize').value;
    };
    const baseHeap = await heapOf();
    const baseRss = rendererRss()[0] || 0;
    let peakHeap = baseHeap;
    let peakRss = baseRss;
    let sampling = true;
    const rssTimeline = [];
    const sampler = (async () => {
      while (sampling) {
        try {
          peakHeap = Math.max(peakHeap, await heapOf());
          const rss = rendererRss()[0] || 0;
          peakRss = Math.max(peakRss, rss);
          rssTimeline.push([Date.now(), rss]);
        } catch {
          /* page busy */
        }
        await new Promise(r => setTimeout(r, 100));
      }
    })();
    await page.evaluate(() => {
      window.__longTasks = [];
    });

    console.log('Token set; publishing…');
    // Preview (walk the folder).
    const tPreview0 = Date.now();
    await page.evaluate(p => {
      void window.jupyterapp.commands.execute('jupyterlab-artifacts:publish', {
        path: p
      });
    }, folderName);
    await page.waitForSelector('.jp-artifacts-Share-summary', {
      timeout: 300000
    });
    const previewSeconds = (Date.now() - tPreview0) / 1000;
    const previewTasks = await page.evaluate(() =>
      window.__longTasks.splice(0)
    );

    // Form (not timed: a person types here).
    await page.click('text=Next: describe it');
    await page.fill('#jp-artifacts-field-title', 'Benchmark folder');
    await page.fill(
      '#jp-artifacts-field-description',
      'A 200 MB mixed folder.'
    );
    await page.click('text=Add creator');
    await page.fill('#jp-artifacts-field-creators-0-family', 'Bench');
    await page.evaluate(() => {
      window.__phases = [];
      const seen = new Set();
      const observer = new MutationObserver(() => {
        const node = document.querySelector('.jp-artifacts-Share-status');
        const text = node ? node.textContent : '';
        if (text && !seen.has(text)) {
          seen.add(text);
          window.__phases.push({ t: performance.now(), text });
        }
      });
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true
      });
      window.__t0 = performance.now();
    });
    const tPublish0 = Date.now();
    await page.click('text=Upload and publish');
    await page.waitForSelector('#jp-artifacts-result-doi', { timeout: 900000 });
    const publishSeconds = (Date.now() - tPublish0) / 1000;
    sampling = false;
    await sampler;
    const doi = await page.inputValue('#jp-artifacts-result-doi');
    const { tasks, phases, t0 } = await page.evaluate(() => ({
      tasks: window.__longTasks,
      phases: window.__phases,
      t0: window.__t0
    }));
    const state = standin.getState();
    const record = state.records[state.records.length - 1];
    const archiveBytes = record.files[0].size;
    const allTasks = [...previewTasks, ...tasks];
    results.extension = {
      // Renderer RSS (MB) every ~second from the click on publish.
      rssTimeline: rssTimeline
        .filter(([t], i) => t >= tPublish0 && i % 5 === 0)
        .map(([t, rss]) => [
          +((t - tPublish0) / 1000).toFixed(1),
          Math.round(rss / MB)
        ]),
      doi,
      previewSeconds,
      publishSeconds,
      totalSeconds: previewSeconds + publishSeconds,
      phases: phases.map(p => ({
        at: +((p.t - t0) / 1000).toFixed(2),
        text: p.text
      })),
      archiveBytes,
      longTasks: allTasks.length,
      longestTaskMs: Math.max(0, ...allTasks.map(t => t.duration)),
      longTasksOver200ms: allTasks.filter(t => t.duration > 200).length,
      heapPeakBytes: peakHeap,
      heapBaseBytes: baseHeap,
      rendererRssPeakBytes: peakRss,
      rendererRssBaseBytes: baseRss
    };
    await page.click('text=Done');

    // The floor without jupyter-archive: every file read through `/files/`,
    // six at a time (the browser's per-host limit), nothing else.
    const listed = [];
    const walk = rel => {
      for (const name of fs.readdirSync(path.join(serverRoot, rel))) {
        const p = `${rel}/${name}`;
        if (fs.statSync(path.join(serverRoot, p)).isDirectory()) {
          walk(p);
        } else if (!name.startsWith('.')) {
          listed.push(p);
        }
      }
    };
    walk(folderName);
    results.readFloorSeconds = await page.evaluate(async files => {
      const t0 = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < files.length) {
          const file = files[next++];
          const response = await fetch(
            '/files/' + file.split('/').map(encodeURIComponent).join('/'),
            { cache: 'no-store' }
          );
          await response.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      return (performance.now() - t0) / 1000;
    }, listed);
    await browser.close();
    browser = undefined;

    console.log('Extension done; memory run (no DevTools Network domain)…');
    // Start from the same folder: the first publish wrote its CITATION.cff.
    fs.rmSync(path.join(folder, 'CITATION.cff'), { force: true });
    results.jupyterArchive = !process.env.ARTIFACTS_NO_JUPYTER_ARCHIVE;
    // The lab config loads the server companion unless ARTIFACTS_NO_COMPANION
    // is set: then the server zips and uploads, the browser only watches.
    results.companion = !process.env.ARTIFACTS_NO_COMPANION;
    results.memoryRun = await memoryRun(
      `http://127.0.0.1:${LAB_PORT}/lab`,
      folderName
    );

    console.log('Native baseline…');
    // Native baseline, same folder, same stand-in.
    results.native = await nativePipeline(
      standin.url,
      serverRoot,
      folderName,
      work
    );
    const e = results.extension;
    results.ratios = {
      wallTimeVsNative: +(e.totalSeconds / results.native.totalSeconds).toFixed(
        2
      ),
      rendererRssGrowthVsArchive: +(
        (results.memoryRun.rendererRssPeakBytes -
          results.memoryRun.rendererRssBaseBytes) /
        archiveBytes
      ).toFixed(2),
      chromiumRssGrowthVsArchive: +(
        (results.memoryRun.chromiumRssPeakBytes -
          results.memoryRun.chromiumRssBaseBytes) /
        archiveBytes
      ).toFixed(2),
      rendererRssGrowthVsArchiveUnderPlaywright: +(
        (e.rendererRssPeakBytes - e.rendererRssBaseBytes) /
        archiveBytes
      ).toFixed(2),
      heapGrowthVsArchive: +(
        (e.heapPeakBytes - e.heapBaseBytes) /
        archiveBytes
      ).toFixed(2)
    };
  } catch (error) {
    console.error(error);
    if (browser) {
      const pages = browser.contexts().flatMap(c => c.pages());
      if (pages[0]) {
        await pages[0]
          .screenshot({
            path: path.join(ROOT, 'bench/results/share.failure.png')
          })
          .then(() =>
            console.error('Screenshot: bench/results/share.failure.png')
          )
          .catch(() => undefined);
      }
    }
    console.error(lab?.stderrTail().slice(-1500) ?? '');
    throw error;
  } finally {
    if (browser) {
      await browser.close();
    }
    if (lab) {
      await stopLab(lab);
    }
    await standin.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
  const e = results.extension;
  const n = results.native;
  const f = b => `${(b / MB).toFixed(1)} MB`;
  console.log(`
Folder: ${f(results.folderBytes)} in ${results.files} files
Extension (headless Chromium → stand-in):
  preview ${e.previewSeconds.toFixed(1)} s, archive+upload+publish ${e.publishSeconds.toFixed(1)} s, total ${e.totalSeconds.toFixed(1)} s
  archive ${f(e.archiveBytes)}; longest main-thread task ${e.longestTaskMs.toFixed(0)} ms (${e.longTasksOver200ms} over 200 ms, ${e.longTasks} long tasks)
  tab memory (uninspected run, ${results.memoryRun.seconds.toFixed(1)} s): renderer RSS peak ${f(results.memoryRun.rendererRssPeakBytes)} (start ${f(results.memoryRun.rendererRssBaseBytes)}); all Chromium processes ${f(results.memoryRun.chromiumRssPeakBytes)} (start ${f(results.memoryRun.chromiumRssBaseBytes)}), the browser process holding the archive Blob
  tab memory under Playwright (its Network domain buffers response bodies): renderer RSS peak ${f(e.rendererRssPeakBytes)} (start ${f(e.rendererRssBaseBytes)}), JS heap peak ${f(e.heapPeakBytes)} (start ${f(e.heapBaseBytes)})
Floor: reading every file through /files/, six at a time, nothing else: ${results.readFloorSeconds.toFixed(1)} s (jupyter-archive ${results.jupyterArchive ? 'on: clean folders are read whole' : 'off'})
Native (zip -r -6 + curl -T → stand-in):
  zip ${n.zipSeconds.toFixed(1)} s, upload ${n.uploadSeconds.toFixed(1)} s, total ${n.totalSeconds.toFixed(1)} s; archive ${f(n.archiveBytes)}
Ratios: wall time ${results.ratios.wallTimeVsNative}x native (target ≤ 1.5x); renderer memory growth ${results.ratios.rendererRssGrowthVsArchive}x archive, all Chromium ${results.ratios.chromiumRssGrowthVsArchive}x (target ≤ 2.5x)
Written to ${OUT}`);
}

module.exports = { generateFolder };

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
