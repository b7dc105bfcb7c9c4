'use strict';
/**
 * What the browser benchmarks share: their command-line options, JupyterLab
 * started with the Galata test configuration (this checkout's build, pointed
 * at the stand-in) in a folder of their own, a page of it in Chromium with
 * long-task recording, and a record published on the stand-in.
 *
 * Used by catalogue.bench.js, companion-link.bench.js and share.bench.js.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const VENV_BIN = path.join(ROOT, '.venv/bin');

/** Debian's Chromium, as the Galata tests use it. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Playwright's browser launcher, from the ui-tests' modules. */
const { chromium } = require(
  path.join(ROOT, 'ui-tests/node_modules/playwright-core')
);

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A line on stderr (stdout is left for the JSON some benches print). */
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

/**
 * The command line's `--name value` options and `--name` flags.
 */
function options(argv = process.argv.slice(2)) {
  return {
    /** The value after `--name`, else `fallback`. */
    value(name, fallback) {
      const i = argv.indexOf(`--${name}`);
      return i >= 0 ? argv[i + 1] : fallback;
    },
    /** Whether `--name` is given. */
    flag(name) {
      return argv.includes(`--${name}`);
    }
  };
}

/**
 * Start JupyterLab on `port` serving `rootDir`, with the Galata test
 * configuration, and wait (up to two minutes) until its API answers.
 *
 * @param env - variables over this process's; `undefined` removes one
 *   (e.g. `{ ARTIFACTS_NO_COMPANION: undefined }` for the companion).
 * @param detached - in a process group of its own, which {@link stopLab}
 *   ends as a whole.
 * @returns the server's process; `stderrTail()` gives its last output.
 */
async function startLab({ port, rootDir, env = {}, detached = false }) {
  const merged = {
    ...process.env,
    PATH: `${VENV_BIN}:${process.env.PATH}`,
    UI_TEST_PORT: String(port),
    JUPYTERLAB_GALATA_ROOT_DIR: rootDir,
    ...env
  };
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined) {
      delete merged[name];
    }
  }
  const proc = spawn(
    path.join(VENV_BIN, 'jupyter'),
    [
      'lab',
      '--config',
      path.join(ROOT, 'ui-tests/jupyter_server_test_config.py'),
      '--no-browser'
    ],
    {
      cwd: path.join(ROOT, 'ui-tests'),
      env: merged,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached
    }
  );
  let stderr = '';
  proc.stderr.on('data', d => (stderr = (stderr + d).slice(-5000)));
  proc.stderrTail = () => stderr;
  proc.ownGroup = detached;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/status`)).ok) {
        return proc;
      }
    } catch {
      // not yet
    }
    await sleep(500);
  }
  await stopLab(proc);
  throw new Error(`JupyterLab did not start:\n${stderr}`);
}

/**
 * Stop a server {@link startLab} started: SIGTERM, then SIGKILL after 15 s
 * (jupyter-server sometimes ignores a SIGTERM while busy).
 */
async function stopLab(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return;
  }
  const exited = new Promise(r => proc.once('exit', r));
  const kill = signal => {
    try {
      if (proc.ownGroup) {
        process.kill(-proc.pid, signal);
      } else {
        proc.kill(signal);
      }
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(timer);
}

/**
 * A headless Chromium for the benchmarks.
 */
function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking'
    ]
  });
}

/**
 * A new page of JupyterLab at `url`, recording long main-thread tasks in
 * `window.__longTasks`, once JupyterLab has started with the catalogue and
 * the Share commands in place and its main area shown.
 *
 * @param settleMs - then wait this long, so that start-up's own work is not
 *   timed with the flow that follows.
 */
async function openLab(browser, url, { settleMs = 0 } = {}) {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    try {
      new PerformanceObserver(list => {
        for (const e of list.getEntries()) {
          window.__longTasks.push({ start: e.startTime, duration: e.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // no long-task timing in this browser
    }
  });
  await page.goto(url);
  await page.waitForFunction(
    () =>
      window.jupyterapp &&
      window.jupyterapp.isPluginActivated?.('jupyterlab-artifacts:catalogue') &&
      window.jupyterapp.commands.hasCommand('jupyterlab-artifacts:publish'),
    null,
    { timeout: 120000 }
  );
  await page.waitForSelector('#jp-main-dock-panel', { timeout: 60000 });
  if (settleMs) {
    await page.waitForTimeout(settleMs);
  }
  return page;
}

/**
 * Publish `file` as a one-file record on the stand-in at `standinUrl` with
 * `metadata` (title, description, …) over dataset defaults; the record id.
 */
async function publishRecord(standinUrl, token, file, metadata) {
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const dep = await (
    await fetch(`${standinUrl}/api/deposit/depositions`, {
      method: 'POST',
      headers: json,
      body: '{}'
    })
  ).json();
  const put = await fetch(`${dep.links.bucket}/${path.basename(file)}`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/octet-stream' },
    body: fs.readFileSync(file)
  });
  if (!put.ok) {
    throw new Error(`upload failed: ${put.status} ${await put.text()}`);
  }
  const meta = await fetch(`${standinUrl}/api/deposit/depositions/${dep.id}`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({
      metadata: {
        upload_type: 'dataset',
        publication_date: '2024-01-01',
        access_right: 'open',
        license: 'cc-by-4.0',
        creators: [{ name: 'Bench, Mark' }],
        version: '1.0',
        ...metadata
      }
    })
  });
  if (!meta.ok) {
    throw new Error(`metadata refused: ${meta.status} ${await meta.text()}`);
  }
  const res = await fetch(
    `${standinUrl}/api/deposit/depositions/${dep.id}/actions/publish`,
    { method: 'POST', headers: auth }
  );
  const body = await res.json();
  if (res.status !== 202) {
    throw new Error(`publish failed: ${JSON.stringify(body)}`);
  }
  return String(body.record_id ?? body.id);
}

module.exports = {
  CHROMIUM,
  ROOT,
  launchChromium,
  log,
  openLab,
  options,
  publishRecord,
  sleep,
  startLab,
  stopLab
};
