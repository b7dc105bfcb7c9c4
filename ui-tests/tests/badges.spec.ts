import { expect, galata, test } from '@jupyterlab/galata';

/**
 * Folder badges in a plain JupyterLab, with shared-folder rules from the
 * settings (the ICOS layout, one level below each test's own folder).
 */
test.use({
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-artifacts:badges': {
      rules: [
        { pattern: '*/project/*', group: '{name}', readOnly: ['store'] },
        {
          pattern: '*/common',
          group: 'everyone',
          label: 'common',
          readOnlyAll: true
        }
      ]
    }
  }
});

test.describe('folder badges', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    for (const dir of [
      'project',
      'project/ocean',
      'project/ocean/store',
      'common',
      'mine',
      'paper'
    ]) {
      await page.contents.createDirectory(`${tmpPath}/${dir}`);
    }
    await page.contents.uploadContent(
      'cff-version: 1.2.0\ntitle: Paper\ndoi: 10.5281/zenodo.4242\n',
      'text',
      `${tmpPath}/paper/CITATION.cff`
    );
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.refresh();
  });

  test('group badge with words, read-only lock, current folder, DOI badge', async ({
    page,
    tmpPath
  }) => {
    const row = (name: string) =>
      page.locator('.jp-DirListing-item', {
        has: page.locator('.jp-DirListing-itemText', {
          hasText: new RegExp(`^${name}$`)
        })
      });

    // common: a read-only shared folder; mine: nothing.
    await expect(row('common').locator('.jp-artifacts-GroupBadge')).toHaveText(
      'common'
    );
    await expect(row('common').locator('.jp-artifacts-LockBadge')).toHaveCount(
      1
    );
    await expect(row('mine').locator('.jp-artifacts-Badges')).toHaveCount(0);

    // Artifact folder: its CITATION.cff was found without opening it.
    const doi = row('paper').locator('.jp-artifacts-DoiBadge');
    await expect(doi).toHaveAttribute(
      'href',
      'https://doi.org/10.5281/zenodo.4242'
    );
    await expect(doi).toHaveAttribute(
      'aria-label',
      /DOI 10\.5281\/zenodo\.4242/
    );
    await page.context().route('https://doi.org/**', route =>
      route.fulfill({
        status: 200,
        body: 'record',
        contentType: 'text/plain'
      })
    );
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      doi.click()
    ]);
    expect(popup.url()).toBe('https://doi.org/10.5281/zenodo.4242');
    await popup.close();

    await page.filebrowser.openDirectory(`${tmpPath}/project`);
    const ocean = row('ocean').locator('.jp-artifacts-GroupBadge');
    await expect(ocean).toHaveText('ocean');
    await expect(ocean).toHaveAttribute(
      'aria-label',
      'Shared with group ocean: members can read and write here; store/ is read-only'
    );
    await expect(ocean).toHaveAttribute('title', /Shared with group ocean/);

    // Inside the shared folder: the toolbar says where we are; store/ is locked.
    await page.filebrowser.openDirectory(`${tmpPath}/project/ocean`);
    await expect(
      page.locator('.jp-artifacts-CurrentFolderBadge .jp-artifacts-GroupBadge')
    ).toHaveAttribute('aria-label', /You are in: Shared with group ocean/);
    await expect(
      row('store').locator('.jp-artifacts-LockBadge')
    ).toHaveAttribute('aria-label', /Read-only: members of group ocean/);
    await expect(row('store').locator('.jp-artifacts-GroupBadge')).toHaveCount(
      0
    );

    // Rows are reused: back in our own folder, no stale badges.
    await page.filebrowser.openDirectory(tmpPath);
    await expect(row('mine').locator('.jp-artifacts-Badges')).toHaveCount(0);
    await expect(page.locator('.jp-artifacts-CurrentFolderBadge')).toBeHidden();
    await expect(
      page.locator('.jp-DirListing-item .jp-artifacts-GroupBadge')
    ).toHaveCount(1);
  });
});
