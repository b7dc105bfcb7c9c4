/**
 * Times the file browser listing "big" (5,000 entries) from a click-equivalent
 * `model.cd()` to the last row drawn, alternating between a JupyterLab with
 * the badges and one without the extension. Run by bench/badges.bench.sh.
 */
// Playwright lives in ui-tests/node_modules (the benchmark is not a test).
const { chromium } = require(
  require.resolve('@playwright/test', {
    paths: [require('path').join(__dirname, '..', 'ui-tests')]
  })
);

const [withUrl, withoutUrl] = process.argv.slice(2);
const RUNS = Number(process.env.BENCH_RUNS || 7);

async function open(browser, url) {
  const page = await browser.newPage();
  await page.goto(`${url}/lab`);
  await page.waitForFunction(
    () => {
      const app = window.jupyterapp;
      return (
        app && app.started && document.querySelector('.jp-DirListing-content')
      );
    },
    null,
    { timeout: 120000 }
  );
  await page.waitForTimeout(2000);
  const plugins = await page.evaluate(() =>
    window.jupyterapp
      .listPlugins()
      .filter(id => id.startsWith('jupyterlab-artifacts:badges'))
  );
  return { page, plugins };
}

async function listOnce(page) {
  return page.evaluate(async () => {
    const app = window.jupyterapp;
    const browser = Array.from(app.shell.widgets('left')).find(
      w => w.id === 'filebrowser'
    );
    await browser.model.cd('/');
    await new Promise(r =>
      requestAnimationFrame(() => requestAnimationFrame(r))
    );
    const t0 = performance.now();
    await browser.model.cd('big');
    await new Promise(resolve => {
      const check = () => {
        const rows = browser.node.querySelectorAll(
          '.jp-DirListing-item'
        ).length;
        if (rows >= 5000) {
          requestAnimationFrame(() => resolve());
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
    const elapsed = performance.now() - t0;
    const badges = browser.node.querySelectorAll(
      '.jp-artifacts-GroupBadge'
    ).length;
    // Leave the big folder: the browser's own refresh poll would otherwise
    // re-list it every few seconds and disturb the other page's timing.
    await browser.model.cd('/');
    return { elapsed, badges };
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run']
  });
  const withLab = await open(browser, withUrl);
  const withoutLab = await open(browser, withoutUrl);
  if (withLab.plugins.length === 0 || withoutLab.plugins.length !== 0) {
    throw new Error(
      `extension not as expected: with=${withLab.plugins} without=${withoutLab.plugins}`
    );
  }
  // Warm-up (JIT, caches) on both, not counted.
  await listOnce(withLab.page);
  await listOnce(withoutLab.page);
  const times = { with: [], without: [] };
  let badges = 0;
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so drift hits both alike.
    const order = i % 2 ? ['with', 'without'] : ['without', 'with'];
    for (const which of order) {
      const result = await listOnce(
        which === 'with' ? withLab.page : withoutLab.page
      );
      times[which].push(result.elapsed);
      if (which === 'with') {
        badges = result.badges;
      }
    }
  }
  await browser.close();
  const withMs = median(times.with);
  const withoutMs = median(times.without);
  const report = {
    entries: 5000,
    runs: RUNS,
    badgesDrawn: badges,
    medianMsWith: Math.round(withMs),
    medianMsWithout: Math.round(withoutMs),
    overheadPercent: Math.round(((withMs - withoutMs) / withoutMs) * 1000) / 10,
    timesWith: times.with.map(Math.round),
    timesWithout: times.without.map(Math.round)
  };
  console.log(JSON.stringify(report, null, 2));
  if (badges !== 500) {
    console.error(`expected 500 group badges, saw ${badges}`);
    process.exit(1);
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
