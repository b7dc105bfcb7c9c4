#!/usr/bin/env node
/**
 * Take the README's screenshots of the Share dialog (the publish form), in
 * the light and the dark theme, from a running JupyterLab pointed at the
 * Zenodo stand-in (`make demo`, or the ui-tests' server):
 *   node dev/screenshot-share.js <lab URL with token> [out dir]
 * Writes share-light.png and share-dark.png (default: docs/). It makes a
 * small folder `share-screenshot/` in the server root and removes it.
 */
const path = require('path');
const { chromium } = require(
  path.join(__dirname, '..', 'ui-tests', 'node_modules', 'playwright')
);
const { TOKENS } = require('./standin/tokens');

const FOLDER = 'share-screenshot';
const FILES = {
  'analysis.ipynb': JSON.stringify({
    cells: [],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  }),
  'data/respiration.csv': 'site,flux\nA,1.25\nB,0.98\n',
  'README.md': '# Soil respiration\n'
};

async function main() {
  const [url, outDir = path.join(__dirname, '..', 'docs')] =
    process.argv.slice(2);
  if (!url) {
    console.error('usage: node dev/screenshot-share.js <lab URL> [out dir]');
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
    await page.evaluate(
      async ({ folder, files }) => {
        const contents = window.jupyterapp.serviceManager.contents;
        const made = new Set();
        for (const [name, content] of Object.entries(files)) {
          const parts = `${folder}/${name}`.split('/');
          for (let i = 1; i < parts.length; i++) {
            const dir = parts.slice(0, i).join('/');
            if (!made.has(dir)) {
              await contents.save(dir, { type: 'directory' });
              made.add(dir);
            }
          }
          await contents.save(`${folder}/${name}`, {
            type: 'file',
            format: 'text',
            content
          });
        }
      },
      { folder: FOLDER, files: FILES }
    );
    // The stand-in's demo token, for this session only.
    void page.evaluate(() =>
      window.jupyterapp.commands.execute('jupyterlab-artifacts:zenodo-account')
    );
    const account = page.locator('.jp-Dialog .jp-artifacts-Share-account');
    await account.locator('#jp-artifacts-token').fill(TOKENS.write);
    await account.getByRole('button', { name: 'Check and use' }).click();
    await page.locator('.jp-Dialog').waitFor({ state: 'detached' });

    for (const [name, theme] of [
      ['light', 'JupyterLab Light'],
      ['dark', 'JupyterLab Dark']
    ]) {
      await page.evaluate(
        t =>
          window.jupyterapp.commands.execute('apputils:change-theme', {
            theme: t
          }),
        theme
      );
      await page.waitForFunction(
        t => document.body.dataset.jpThemeName === t,
        theme
      );
      void page.evaluate(
        folder =>
          window.jupyterapp.commands.execute('jupyterlab-artifacts:publish', {
            path: folder
          }),
        FOLDER
      );
      const dialog = page.locator('.jp-Dialog');
      await dialog.getByRole('button', { name: 'Next: describe it' }).click();
      await dialog
        .locator('#jp-artifacts-field-title')
        .fill('Soil respiration study');
      await dialog
        .locator('#jp-artifacts-field-description')
        .fill('Notebooks and data of the soil respiration study.');
      if (
        !(await dialog.locator('#jp-artifacts-field-creators-0-family').count())
      ) {
        await dialog.getByRole('button', { name: 'Add creator' }).click();
      }
      await dialog
        .locator('#jp-artifacts-field-creators-0-family')
        .fill('Lovelace');
      await dialog.locator('#jp-artifacts-field-creators-0-given').fill('Ada');
      await dialog
        .locator('#jp-artifacts-field-creators-0-orcid')
        .fill('0000-0002-1825-0097');
      await dialog.locator('#jp-artifacts-field-keywords').fill('soil, CO2');
      await dialog.locator('#jp-artifacts-field-title').focus();
      await page.waitForTimeout(500);
      const out = path.join(outDir, `share-${name}.png`);
      await dialog.locator('.jp-Dialog-content').screenshot({ path: out });
      console.log(`wrote ${out}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
    await page.evaluate(async folder => {
      const contents = window.jupyterapp.serviceManager.contents;
      const remove = async p => {
        const model = await contents.get(p);
        if (model.type === 'directory') {
          for (const item of model.content) {
            await remove(item.path);
          }
        }
        await contents.delete(p);
      };
      await remove(folder);
    }, FOLDER);
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
