#!/usr/bin/env node
/**
 * Take the README's screenshots from a running demo (`make demo`):
 *   node dev/screenshot.js <lab URL with token> [out.png]
 * Opens the catalogue on the seeded community, in Debian's Chromium, and
 * writes out.png (light theme) and out-dark.png (dark theme), then puts the
 * light theme back.
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
    await page.waitForSelector('#jupyterlab-splash', {
      state: 'detached',
      timeout: 120000
    });
    await page.waitForSelector('.jp-DirListing-item', {
      state: 'attached',
      timeout: 120000
    });
    // Through the Settings menu, as a person would (the demo does not
    // expose the application object to the page).
    const theme = async name => {
      await page
        .locator('.lm-MenuBar-itemLabel', { hasText: /^Settings$/ })
        .click();
      await page.locator('.lm-Menu-itemLabel', { hasText: /^Theme$/ }).hover();
      await page
        .locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${name}$`) })
        .click();
    };
    // The light theme first, whatever the demo user chose last time.
    await theme('JupyterLab Light');
    await page.waitForSelector('body[data-jp-theme-light="true"]', {
      state: 'attached'
    });
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
    await theme('JupyterLab Dark');
    await page.waitForSelector('body[data-jp-theme-light="false"]', {
      state: 'attached'
    });
    await page.waitForTimeout(2000);
    const dark = out.replace(/\.png$/, '-dark.png');
    await page.screenshot({ path: dark });
    console.log(`wrote ${dark}`);
    await theme('JupyterLab Light');
    await page.waitForSelector('body[data-jp-theme-light="true"]', {
      state: 'attached'
    });
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
