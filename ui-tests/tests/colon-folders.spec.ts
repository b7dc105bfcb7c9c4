import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { PANEL, patientGoto, patientStart } from './helpers';

/**
 * A folder whose name has a colon (`data:2024`: legal in a Jupyter path on
 * Linux) is not a drive: the badges and the catalogue's import target keep
 * its whole name (issue 13). The folder lies at the server's top, where a
 * drive's prefix would be.
 */
test.use({ waitForApplication: patientStart, autoGoto: false });
test.describe.configure({ timeout: 180000 });

function rowOf(page: IJupyterLabPageFixture, name: string) {
  return page.locator('.jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemText', {
      hasText: new RegExp(`^${name}$`)
    })
  });
}

let folder = '';

test.beforeEach(async ({ page, tmpPath }, testInfo) => {
  folder = `data:2024-${testInfo.workerIndex}-${Date.now()}`;
  await patientGoto(page, `tree/${tmpPath}?reset`);
  await page.contents.createDirectory(folder);
  await page.contents.createDirectory(`${folder}/plain`);
  await page.contents.createDirectory(`${folder}/paper`);
  await page.contents.uploadContent(
    'cff-version: 1.2.0\ntitle: Paper\ndoi: 10.5281/zenodo.4242\n',
    'text',
    `${folder}/paper/CITATION.cff`
  );
  // The file browser goes there as a person would: by double-clicks.
  expect(await page.filebrowser.openDirectory(folder)).toBe(true);
  await page.filebrowser.refresh();
});

test.afterEach(async ({ page }) => {
  await page.contents.deleteDirectory(folder);
});

test('badges: a folder inside data:2024 becomes an artifact, and shows it', async ({
  page
}) => {
  // Found by probing the listing's folders.
  await expect(
    rowOf(page, 'paper').locator('.jp-artifacts-DoiBadge')
  ).toHaveAttribute('data-doi', '10.5281/zenodo.4242', { timeout: 30000 });
  const plain = rowOf(page, 'plain');
  await expect(plain).toBeVisible();
  await expect(plain.locator('.jp-artifacts-DoiBadge')).toHaveCount(0);
  // Share (or an import) writes CITATION.cff through the page's contents
  // manager: the badge follows at once.
  await page.evaluate(
    async path =>
      (window as any).jupyterapp.serviceManager.contents.save(path, {
        type: 'file',
        format: 'text',
        content:
          'cff-version: 1.2.0\ntitle: Now published\ndoi: 10.5281/zenodo.888\n'
      }),
    `${folder}/plain/CITATION.cff`
  );
  await expect(plain.locator('.jp-artifacts-DoiBadge')).toHaveAttribute(
    'data-doi',
    '10.5281/zenodo.888',
    { timeout: 10000 }
  );

  // Inside the artifact folder, the toolbar says what it is.
  expect(await page.filebrowser.openDirectory(`${folder}/paper`)).toBe(true);
  await expect(
    page.locator('.jp-artifacts-CurrentFolderBadge .jp-artifacts-DoiBadge')
  ).toHaveAttribute('data-doi', '10.5281/zenodo.4242', { timeout: 10000 });
});

test('catalogue: the import target is the data:2024 folder the browser shows', async ({
  page
}) => {
  await page.sidebar.openTab('jp-artifacts-catalogue');
  await expect(page.locator(PANEL)).toBeVisible();
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-targetText`)
  ).toHaveText(`Import into: ${folder}`, { timeout: 30000 });
});
