#!/usr/bin/env node
'use strict';
/**
 * The server companion with the browser on a slow link (issue 9, "Speed and
 * memory"): import and publish through the real panels in headless Chromium,
 * with the page's network unthrottled and then emulated at 100 Mbit/s down,
 * 20 Mbit/s up (CDP Network.emulateNetworkConditions; 10 ms latency), once
 * with the companion (the server moves the bytes, so its times must not
 * depend on the browser's link: within 10 %) and once without it
 * (ARTIFACTS_NO_COMPANION, the browser path, for comparison). The Jupyter
 * server and the Zenodo stand-in stay on loopback.
 *
 * For each flow: seconds from the click to the result, the longest
 * main-thread task during it (PerformanceObserver 'longtask'), the tab's JS
 * heap before and after (CDP Performance.getMetrics after a forced GC), and
 * the load average when it ran (the machine is shared).
 *
 *   node bench/companion-link.bench.js [--mb 50] [--runs 1] [--modes companion,browser] [--flows import,publish] [--link 100]
 *   [--json out.json]
 *
 * Needs: a built extension (jlpm build:labextension:dev), the venv's jupyter,
 * /usr/bin/chromium, zip. Ports: UI_TEST_PORT (8893), STANDIN_PORT (9893).
 */
const { execFileSync } = require('child_process');
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
  startLab: startLabIn,
  stopLab
} = require('./lab.js');
const { startStandin, TOKENS } = require(
  path.join(ROOT, 'dev/standin/server.js')
);
const { generateFolder } = require('./share.bench.js');

const opt = options().value;
const MB_SIZE = Number(opt('mb', '50'));
const RUNS = Number(opt('runs', '1'));
const MODES = opt('modes', 'companion,browser').split(',');
const FLOWS = opt('flows', 'import,publish').split(',');
const ONLY_LINK = opt('link', '');
const JSON_OUT = opt('json', '');
const LAB_PORT = Number(process.env.UI_TEST_PORT || 8893);
const STANDIN_PORT = Number(process.env.STANDIN_PORT || 9893);
const PANEL = '#jp-artifacts-catalogue';
const MBIT = 1e6 / 8;
const LINKS = {
  loopback: null,
  '100/20 Mbit/s': {
    offline: false,
    latency: 10,
    downloadThroughput: 100 * MBIT,
    uploadThroughput: 20 * MBIT
  }
};

const load = () => os.loadavg()[0].toFixed(2);

function recordOf(url, file) {
  return publishRecord(url, TOKENS.write, file, {
    title: 'Link benchmark artifact',
    description: '<p>Mixed content.</p>'
  });
}

/** JupyterLab in `rootDir`, with or without the server companion. */
function startLab(rootDir, standinUrl, companion) {
  return startLabIn({
    port: LAB_PORT,
    rootDir,
    env: {
      STANDIN_URL: standinUrl,
      ARTIFACTS_NO_COMPANION: companion ? undefined : '1'
    }
  });
}

/** A JupyterLab page with long-task recording, its CDP session and the link. */
async function openLab(browser, link, query = '') {
  // JupyterLab loads on the fast link, and start-up settles: only the flow
  // is timed.
  const page = await openLabPage(
    browser,
    `http://127.0.0.1:${LAB_PORT}/lab${query}`,
    { settleMs: 2000 }
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (link) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', link);
  }
  return { page, cdp };
}

async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find(m => m.name === 'JSHeapUsedSize').value;
}

/** Long tasks from now on, and the longest of them when asked. */
async function startTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
  });
  return async () => {
    const tasks = await page.evaluate(() => window.__longTasks.splice(0));
    return Math.round(Math.max(0, ...tasks.map(t => t.duration)));
  };
}

async function importFlow(browser, link, recordId) {
  const { page, cdp } = await openLab(browser, link, `?artifact=${recordId}`);
  await page.waitForSelector(`${PANEL} .jp-artifacts-Catalogue-importButton`, {
    timeout: 60000
  });
  const heapBefore = await heap(cdp);
  const longest = await startTasks(page);
  const loadAt = load();
  const t0 = performance.now();
  await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
  const outcome = await Promise.race([
    page
      .waitForSelector(`${PANEL} .jp-artifacts-Catalogue-result`, {
        timeout: 900000
      })
      .then(() => 'ok'),
    page
      .waitForSelector(
        `${PANEL} .jp-artifacts-Catalogue-progress [role="alert"]`,
        {
          timeout: 900000
        }
      )
      .then(() => 'failed')
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const longestTaskMs = await longest();
  if (outcome !== 'ok') {
    throw new Error(
      `import failed: ${await page.textContent(`${PANEL} .jp-artifacts-Catalogue-progress`)}`
    );
  }
  const method = await page.getAttribute(
    `${PANEL} .jp-artifacts-Catalogue-result`,
    'data-method'
  );
  const heapAfter = await heap(cdp);
  await page.close();
  return {
    seconds,
    method,
    longestTaskMs,
    heapBefore,
    heapAfter,
    load: loadAt
  };
}

async function publishFlow(browser, link, folderName) {
  // A fresh layout, as a publish on its own would have: the import before
  // opened a notebook that names no kernel, and JupyterLab's Select Kernel
  // question, left unanswered, holds every dialog behind it (Share's too).
  const { page, cdp } = await openLab(browser, null, '?reset');
  // The token is set on the fast link (a person does it once).
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
  await page.evaluate(p => {
    void window.jupyterapp.commands.execute('jupyterlab-artifacts:publish', {
      path: p
    });
  }, folderName);
  // The browser path's preview reads the files (secret check) through the
  // Contents API: slow on a loaded machine.
  await page
    .waitForSelector('.jp-artifacts-Share-summary', { timeout: 900000 })
    .catch(async e => {
      await page.screenshot({
        path: path.join(ROOT, 'bench/results/companion-link.failure.png')
      });
      throw e;
    });
  await page.click('text=Next: describe it');
  await page.fill('#jp-artifacts-field-title', 'Link benchmark folder');
  await page.fill('#jp-artifacts-field-description', 'A mixed folder.');
  await page.click('text=Add creator');
  await page.fill('#jp-artifacts-field-creators-0-family', 'Bench');
  if (link) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', link);
  }
  const heapBefore = await heap(cdp);
  const longest = await startTasks(page);
  const loadAt = load();
  const t0 = performance.now();
  await page.click('text=Upload and publish');
  await page.waitForSelector('#jp-artifacts-result-doi', { timeout: 900000 });
  const seconds = (performance.now() - t0) / 1000;
  const longestTaskMs = await longest();
  const heapAfter = await heap(cdp);
  await page.click('text=Done');
  await page.close();
  return { seconds, longestTaskMs, heapBefore, heapAfter, load: loadAt };
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-link-'));
  const source = path.join(work, 'source');
  fs.mkdirSync(source);
  log(`making a ~${MB_SIZE} MB mixed folder…`);
  generateFolder(source, MB_SIZE);
  const zip = path.join(work, 'linkbench.zip');
  execFileSync('zip', ['-q', '-r', '-6', zip, '.'], { cwd: source });
  const zipBytes = fs.statSync(zip).size;
  log(`archive ${(zipBytes / 1e6).toFixed(1)} MB`);
  const standin = await startStandin({
    host: '127.0.0.1',
    port: STANDIN_PORT,
    seed: 'none',
    maxFileBytes: 2e9
  });
  const browser = await launchChromium();
  const results = {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    folderMB: MB_SIZE,
    archiveMB: +(zipBytes / 1e6).toFixed(1),
    runs: []
  };
  try {
    const recordId = await recordOf(standin.url, zip);
    for (const mode of MODES) {
      const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-link-lab-'));
      const folderName = 'study';
      fs.cpSync(source, path.join(rootDir, folderName), { recursive: true });
      const lab = await startLab(rootDir, standin.url, mode === 'companion');
      try {
        for (let run = 0; run < RUNS; run++) {
          for (const [linkName, link] of Object.entries(LINKS)) {
            if (ONLY_LINK && !linkName.startsWith(ONLY_LINK)) {
              continue;
            }
            if (FLOWS.includes('import')) {
              const imp = await importFlow(browser, link, recordId);
              log(
                `${mode} import, ${linkName}: ${imp.seconds.toFixed(2)} s via ${imp.method}; longest task ${imp.longestTaskMs} ms; heap ${(imp.heapBefore / 1e6).toFixed(1)} → ${(imp.heapAfter / 1e6).toFixed(1)} MB; load ${imp.load}`
              );
              results.runs.push({
                mode,
                flow: 'import',
                link: linkName,
                ...imp
              });
              save(results);
            }
            if (!FLOWS.includes('publish')) {
              continue;
            }
            // Each publish writes CITATION.cff into the folder: start clean.
            fs.rmSync(path.join(rootDir, folderName, 'CITATION.cff'), {
              force: true
            });
            const pub = await publishFlow(browser, link, folderName);
            log(
              `${mode} publish, ${linkName}: ${pub.seconds.toFixed(2)} s; longest task ${pub.longestTaskMs} ms; heap ${(pub.heapBefore / 1e6).toFixed(1)} → ${(pub.heapAfter / 1e6).toFixed(1)} MB; load ${pub.load}`
            );
            results.runs.push({
              mode,
              flow: 'publish',
              link: linkName,
              ...pub
            });
            save(results);
          }
        }
      } finally {
        await stopLab(lab);
        fs.rmSync(rootDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    await standin.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  save(results);
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

/** Write what is measured so far (a long run stopped half-way keeps it). */
function save(results) {
  if (JSON_OUT) {
    fs.mkdirSync(path.dirname(JSON_OUT), { recursive: true });
    fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2) + '\n');
  }
}

main().catch(e => {
  log(e.stack || String(e));
  process.exit(1);
});
