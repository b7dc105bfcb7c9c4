#!/usr/bin/env node
/**
 * Take the README's screenshot from a running demo (`make demo`):
 *   node dev/screenshot.js <lab URL with token> [out.png]
 * Opens the catalogue on the seeded community and the Share menu, in Debian's Chromium.
 */
const path = require('path');
const { chromium } = require(
  path.join(__dirname, '..', 'ui-tests', 'node_modules', 'playwright')
);

async function main() {
  const [url, out = path.join(__dirname, '..', 'docs', 'screenshot.png')] =
    process.argv.slice(2);
  if (!url) {
    console.error('usage: node dev/screenshot.js <lab URL> [out.png]');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-background-networking', '--no-first-run']
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 860 }
    });
    await page.goto(url);
    await page.waitForSelector('#jupyterlab-splash', { state: 'detached' });
    await page.waitForSelector('.jp-DirListing-item', { state: 'attached' });
    if (!(await page.isVisible('#jp-artifacts-catalogue'))) {
      await page.click('li[data-id="jp-artifacts-catalogue"]');
    }
    await page.waitForTimeout(3000);
    // Show one artifact's details, as a person browsing would.
    const first = page
      .locator(
        '#jp-artifacts-catalogue [role="listitem"], #jp-artifacts-catalogue li'
      )
      .first();
    if (await first.count()) {
      await first.click();
      await page.waitForTimeout(2000);
    }
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
