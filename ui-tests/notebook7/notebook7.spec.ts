import { APIRequestContext, expect, Page, test } from '@playwright/test';

import {
  importShown,
  notebookShown,
  recordArchive,
  setToken,
  showRecord,
  smallZipRecord,
  waitForLab
} from '../tests/helpers';

/**
 * jupyterlab-artifacts in Jupyter Notebook 7 (the tree and notebook views):
 * the Share menu publishes, the catalogue imports, badges show in its file
 * browser, the countdown has a place without a status bar.
 */

const notebook = (text: string) => ({
  cells: [{ cell_type: 'markdown', id: 'a1', metadata: {}, source: [text] }],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5
});

/** Errors in the page that come from our code. */
let ourErrors: string[] = [];

test.beforeEach(async ({ page }) => {
  ourErrors = [];
  page.on('pageerror', e => {
    if (/artifacts/i.test(`${e.message}\n${e.stack ?? ''}`)) {
      ourErrors.push(String(e));
    }
  });
  page.on('console', m => {
    if (m.type() === 'error' && /artifacts/i.test(m.text())) {
      ourErrors.push(m.text());
    }
  });
});

test.afterEach(() => {
  expect(ourErrors).toEqual([]);
});

/** A fresh folder for one test, made through the Contents API. */
async function makeFolder(
  request: APIRequestContext,
  files: Record<string, string | object>
): Promise<string> {
  const root = `nb7-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const dirs = new Set<string>([root]);
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      dirs.add(`${root}/${parts.slice(0, i).join('/')}`);
    }
  }
  for (const dir of Array.from(dirs).sort()) {
    expect(
      (
        await request.put(`/api/contents/${dir}`, {
          data: { type: 'directory' }
        })
      ).ok()
    ).toBe(true);
  }
  for (const [path, content] of Object.entries(files)) {
    const data =
      typeof content === 'string'
        ? { type: 'file', format: 'text', content }
        : { type: 'notebook', format: 'json', content };
    expect(
      (await request.put(`/api/contents/${root}/${path}`, { data })).ok()
    ).toBe(true);
  }
  return root;
}

/** Go to a Notebook 7 page and wait for the application to start. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path, { waitUntil: 'domcontentloaded', timeout: 120000 });
  await waitForLab(page);
  await expect(
    page.locator('.lm-MenuBar-itemLabel', { hasText: 'Share' })
  ).toBeVisible({ timeout: 60000 });
}

async function runCommand(page: Page, id: string, args: object = {}) {
  await page.evaluate(
    ([id, args]) => void (window as any).jupyterapp.commands.execute(id, args),
    [id, args] as [string, object]
  );
}

/** From the Share dialog's preview to a published DOI; returns the record id. */
async function publishFromDialog(page: Page, title: string): Promise<number> {
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-title').fill(title);
  await dialog
    .locator('#jp-artifacts-field-description')
    .fill('From Notebook 7.');
  await dialog.getByRole('button', { name: 'Add creator' }).click();
  await dialog.locator('#jp-artifacts-field-creators-0-family').fill('Hopper');
  await dialog.locator('#jp-artifacts-field-creators-0-given').fill('Grace');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const doi = dialog.locator('#jp-artifacts-result-doi');
  await expect(doi).toHaveValue(/^10\.5281\/zenodo\.\d+$/, { timeout: 60000 });
  const id = Number((await doi.inputValue()).split('.').pop());
  await dialog.getByRole('button', { name: 'Done' }).click();
  return id;
}

test('every plugin activates in the tree and notebook views; Share menu, catalogue and countdown have a place', async ({
  page,
  request
}) => {
  const folder = await makeFolder(request, { 'a.ipynb': notebook('# A') });
  for (const path of [`/tree/${folder}`, `/notebooks/${folder}/a.ipynb`]) {
    await open(page, path);
    if (path.startsWith('/notebooks/')) {
      await notebookShown(page);
    }
    const plugins = await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      return app
        .listPlugins()
        .filter((id: string) => id.startsWith('jupyterlab-artifacts:'))
        .map((id: string) => [id, app.isPluginActivated(id)]);
    });
    expect(plugins.length, path).toBeGreaterThanOrEqual(6);
    for (const [id, active] of plugins) {
      expect(active, `${id} in ${path}`).toBe(true);
    }
    await page.locator('.lm-MenuBar-itemLabel', { hasText: 'Share' }).click();
    await expect(page.locator('.lm-Menu .lm-Menu-itemLabel')).toContainText([
      'Publish Folder to Zenodo…',
      'Publish New Version…',
      'Edit Published Metadata…',
      'Download Folder as Zip',
      'Zenodo Account…'
    ]);
    await page.keyboard.press('Escape');

    // No status bar in Notebook 7: the countdown to the course's end is in
    // the top bar, and says what it counts down to.
    const countdown = page.locator('#top-panel .jp-artifacts-ExpiryTop');
    await expect(countdown).toBeVisible();
    await expect(countdown).toContainText(/\d/);

    // The catalogue opens in the left area.
    await runCommand(page, 'jupyterlab-artifacts:open-catalogue');
    await expect(page.locator('#jp-artifacts-catalogue')).toBeVisible();
    await expect(
      page.locator('#jp-artifacts-catalogue [role="status"]').first()
    ).toHaveText(/\d+ artifacts?/, { timeout: 30000 });
  }
});

test('badges in the tree view: group, lock, current folder and DOI', async ({
  page,
  request
}) => {
  const folder = await makeFolder(request, {
    'project/ocean/store/data.csv': 'a,b\n',
    'paper/CITATION.cff':
      'cff-version: 1.2.0\ntitle: Paper\ndoi: 10.5281/zenodo.4242\n',
    'mine/notes.md': 'mine\n'
  });
  const row = (name: string) =>
    page.locator('.jp-DirListing-item', {
      has: page.locator('.jp-DirListing-itemText', {
        hasText: new RegExp(`^${name}$`)
      })
    });
  await open(page, `/tree/${folder}`);
  // A compact badge, not a link (issue 12.7): the DOI is its data.
  await expect(row('paper').locator('.jp-artifacts-DoiBadge')).toHaveAttribute(
    'data-doi',
    '10.5281/zenodo.4242',
    { timeout: 30000 }
  );
  await expect(row('mine').locator('.jp-artifacts-Badges')).toHaveCount(0);

  await open(page, `/tree/${folder}/project`);
  await expect(
    row('ocean').locator('.jp-artifacts-GroupBadge')
  ).toHaveAttribute(
    'aria-label',
    'Shared with group ocean: members can read and write here; store/ is read-only'
  );
  await open(page, `/tree/${folder}/project/ocean`);
  await expect(
    page.locator('.jp-artifacts-CurrentFolderBadge .jp-artifacts-GroupBadge')
  ).toHaveAttribute('aria-label', /You are in: Shared with group ocean/);
  await expect(row('store').locator('.jp-artifacts-LockBadge')).toHaveAttribute(
    'aria-label',
    /Read-only: members of group ocean/
  );
});

test('publish from the tree view’s Share menu: the folder shown, byte for byte', async ({
  page,
  request
}) => {
  const folder = await makeFolder(request, {
    'study/analysis.ipynb': notebook('# Soil'),
    'study/README.md': 'Study\n'
  });
  await open(page, `/tree/${folder}/study`);
  await setToken(page);
  await page.locator('.lm-MenuBar-itemLabel', { hasText: 'Share' }).click();
  await page
    .locator('.lm-Menu .lm-Menu-itemLabel', {
      hasText: 'Publish Folder to Zenodo…'
    })
    .click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-Dialog-header')).toContainText(
    `${folder}/study`
  );
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    '2 files'
  );
  const id = await publishFromDialog(page, 'Notebook 7 study');
  const { key, files } = await recordArchive(request, id);
  expect(key).toBe('study.zip');
  expect(Object.keys(files).sort()).toEqual(
    ['CITATION.cff', 'README.md', 'analysis.ipynb'].sort()
  );
  expect(files['README.md']).toBe('Study\n');
});

test('in the notebook view, Share acts on the notebook’s folder and names unsaved changes', async ({
  page,
  request
}) => {
  const folder = await makeFolder(request, {
    'paper/draft.ipynb': notebook('# Draft'),
    'other/x.md': 'x\n'
  });
  await open(page, `/notebooks/${folder}/paper/draft.ipynb`);
  await notebookShown(page);
  const cell = page.locator('.jp-Notebook .jp-Cell').first();
  await cell.click();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' not saved');
  await page.keyboard.press('Escape');

  await setToken(page);
  await page.locator('.lm-MenuBar-itemLabel', { hasText: 'Share' }).click();
  await page
    .locator('.lm-Menu .lm-Menu-itemLabel', {
      hasText: 'Publish Folder to Zenodo…'
    })
    .click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-Dialog-header')).toContainText(
    `${folder}/paper`
  );
  await expect(dialog.locator('.jp-artifacts-Share-unsaved li')).toHaveText([
    `${folder}/paper/draft.ipynb`
  ]);
  const id = await publishFromDialog(page, 'Draft paper');
  const { files } = await recordArchive(request, id);
  expect(files['draft.ipynb']).toContain('# Draft');
  expect(files['draft.ipynb']).not.toContain('not saved');
});

test('import from the catalogue into the tree view’s folder', async ({
  page,
  request
}) => {
  const folder = await makeFolder(request, { 'keep.md': 'keep\n' });
  const record = await smallZipRecord();
  const title = record.metadata?.title ?? record.title;

  await open(page, `/tree/${folder}`);
  await runCommand(page, 'jupyterlab-artifacts:open-catalogue');
  await showRecord(page, title);
  const imported = await importShown(page);
  expect(imported.startsWith(`${folder}/`)).toBe(true);
  const listing = await (
    await request.get(`/api/contents/${imported}?content=1`)
  ).json();
  const names = listing.content.map((i: any) => i.name);
  expect(names).toContain('CITATION.cff');
  const cff = await (
    await request.get(`/api/contents/${imported}/CITATION.cff?content=1`)
  ).json();
  expect(cff.content).toContain(`doi: ${record.doi}`);
  // The user's own file is untouched.
  const keep = await (
    await request.get(`/api/contents/${folder}/keep.md?content=1`)
  ).json();
  expect(keep.content).toBe('keep\n');
});
