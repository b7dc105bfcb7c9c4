import { expect, galata, test } from '@jupyterlab/galata';
import { Browser, Page } from '@playwright/test';

import {
  importShown,
  LAB,
  notebookShown,
  recordArchive,
  setToken,
  showRecord,
  smallZipRecord,
  STANDIN,
  waitForLab
} from '../tests/helpers';

/**
 * What only a server with real-time collaboration shows: a second user (a
 * second browser context) in the same documents and folders.
 */

test.use({ mockSettings: { ...galata.DEFAULT_SETTINGS } });

// Two JupyterLab pages on one server: give them three times the usual time.
test.beforeEach(() => test.slow());

const notebook = (text: string) =>
  JSON.stringify({
    cells: [
      {
        cell_type: 'markdown',
        id: 'c0ffee00',
        metadata: {},
        source: [text]
      }
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  });

/** Open a notebook in this user's JupyterLab. */
async function openNotebook(page: Page, path: string): Promise<void> {
  await page.evaluate(
    p =>
      void (window as any).jupyterapp.commands.execute('docmanager:open', {
        path: p
      }),
    path
  );
  await notebookShown(page);
}

/** Type at the end of the first cell, in edit mode, without saving. */
async function typeInFirstCell(page: Page, text: string): Promise<void> {
  await page.locator('.jp-Notebook .jp-Cell').first().click();
  await page.keyboard.press('Enter');
  await expect(page.locator('.jp-Notebook.jp-mod-editMode')).toHaveCount(1);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** A colleague: another browser context on the same server, with a notebook open. */
async function colleague(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext();
  const peer = await context.newPage();
  await peer.goto(`${LAB}/lab/tree/${path}`, {
    waitUntil: 'domcontentloaded',
    timeout: 120000
  });
  await waitForLab(peer);
  await notebookShown(peer);
  return peer;
}

test('the extension runs on a collaborative server: documents are shared, paths carry no drive prefix', async ({
  page,
  tmpPath
}) => {
  const plugins = await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    return {
      collaborative: app.hasPlugin('@jupyter/docprovider-extension:yfile'),
      activated: app
        .listPlugins()
        .filter((id: string) => id.startsWith('jupyterlab-artifacts:'))
        .every((id: string) => app.isPluginActivated(id))
    };
  });
  expect(plugins).toEqual({ collaborative: true, activated: true });
  // jupyter-collaboration 5 serves shared documents through a content
  // provider of the default drive (earlier versions used an `RTC:` drive):
  // the paths our plugins read are plain server paths.
  await page.contents.uploadContent(
    notebook('# Shared'),
    'text',
    `${tmpPath}/n.ipynb`
  );
  await openNotebook(page, `${tmpPath}/n.ipynb`);
  const context = await page.evaluate(() => {
    const c = (window as any).jupyterapp.shell.currentWidget.context;
    return {
      path: c.path,
      localPath: c.localPath,
      collaborative: c.model.collaborative
    };
  });
  expect(context).toEqual({
    path: `${tmpPath}/n.ipynb`,
    localPath: `${tmpPath}/n.ipynb`,
    collaborative: true
  });
});

test('publishing a folder whose notebook a colleague is editing: the preview names it, the archive holds the saved file', async ({
  page,
  browser,
  request,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await page.contents.uploadContent(
    notebook('# Saved on disk'),
    'text',
    `${folder}/analysis.ipynb`
  );
  await page.contents.uploadContent('Study\n', 'text', `${folder}/README.md`);
  await request.post(`${STANDIN}/__standin/reset`);
  const seeded = new Set(
    (
      await (await request.get(`${STANDIN}/__standin/state`)).json()
    ).records.map((r: any) => r.id)
  );

  // Both users have the notebook open; the colleague types without saving.
  await openNotebook(page, `${folder}/analysis.ipynb`);
  const peer = await colleague(browser, `${folder}/analysis.ipynb`);
  await typeInFirstCell(peer, ' and an edit not saved yet');
  // The shared session carries the edit to this user's tab.
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toContainText(
    'and an edit not saved yet',
    { timeout: 30000 }
  );

  // Share this folder: the preview says the notebook has unsaved changes.
  await setToken(page);
  await page.evaluate(
    path =>
      void (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:publish',
        { path }
      ),
    folder
  );
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    '2 files'
  );
  const unsaved = dialog.locator('.jp-artifacts-Share-unsaved');
  await expect(unsaved).toContainText('changes not saved yet');
  await expect(unsaved).toContainText(
    'The archive holds what is saved on disk'
  );
  await expect(unsaved.locator('li')).toHaveText([`${folder}/analysis.ipynb`]);

  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-title').fill('Shared study');
  await dialog.locator('#jp-artifacts-field-description').fill('Two authors.');
  await dialog.getByRole('button', { name: 'Add creator' }).click();
  await dialog.locator('#jp-artifacts-field-creators-0-family').fill('Curie');
  await dialog.locator('#jp-artifacts-field-creators-0-given').fill('Marie');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 60000 }
  );
  await dialog.getByRole('button', { name: 'Done' }).click();

  const state = await (await request.get(`${STANDIN}/__standin/state`)).json();
  const records = state.records.filter((r: any) => !seeded.has(r.id));
  expect(records).toHaveLength(1);
  const { files: archive } = await recordArchive(page.request, records[0].id);
  expect(Object.keys(archive).sort()).toEqual(
    ['CITATION.cff', 'README.md', 'analysis.ipynb'].sort()
  );
  expect(archive['analysis.ipynb']).toContain('# Saved on disk');
  expect(archive['analysis.ipynb']).not.toContain('an edit not saved yet');
  // The colleague's edit is still in their tab, unsaved and unharmed.
  await expect(peer.locator('.jp-Notebook .jp-Cell').first()).toContainText(
    'and an edit not saved yet'
  );
  await peer.context().close();
});

test('importing into a folder a colleague has open: it appears in their file browser, their notebook is untouched', async ({
  page,
  browser,
  request,
  tmpPath
}) => {
  const folder = `${tmpPath}/group-work`;
  await page.contents.uploadContent(
    notebook('# Colleague notebook'),
    'text',
    `${folder}/notes.ipynb`
  );
  const peer = await colleague(browser, `${folder}/notes.ipynb`);
  await typeInFirstCell(peer, ' typing');

  // The catalogue imports into the file browser's folder.
  await page.filebrowser.openDirectory(folder);
  const record = await smallZipRecord();
  const title = record.metadata?.title ?? record.title;
  await page.sidebar.openTab('jp-artifacts-catalogue');
  await showRecord(page, title);
  const imported = await importShown(page);
  expect(imported.startsWith(`${folder}/`)).toBe(true);

  // The colleague's file browser, in the same folder, lists it.
  await peer.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute('filebrowser:go-to-path', {
        path
      }),
    `/${folder}`
  );
  await expect(
    peer.locator('.jp-DirListing-itemText', {
      hasText: imported.split('/').pop()!
    })
  ).toBeVisible({ timeout: 30000 });
  // Their open notebook kept their unsaved typing and was not overwritten.
  await expect(peer.locator('.jp-Notebook .jp-Cell').first()).toContainText(
    'Colleague notebook typing'
  );
  const onDisk = await (
    await request.get(
      `/api/contents/${encodeURI(folder)}/notes.ipynb?content=1`
    )
  ).json();
  expect(JSON.stringify(onDisk.content)).toContain('# Colleague notebook');
  await peer.context().close();
});
