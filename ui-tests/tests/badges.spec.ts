import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';

import { patientGoto, patientStart } from './helpers';
import { AA_TEXT, contrastOf } from './contrast';

/**
 * Folder badges in a plain JupyterLab, with shared-folder rules from the
 * settings (the ICOS layout, one level below each test's own folder).
 */
const BADGE_SETTINGS = {
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
};
test.use({ mockSettings: BADGE_SETTINGS, waitForApplication: patientStart });

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
    await expect(doi).toHaveAttribute('data-doi', '10.5281/zenodo.4242');
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
    // Ctrl/Cmd-click opens the record (a plain click selects the row: see
    // 'the DOI badge stays out of the way').
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      doi.click({ modifiers: ['ControlOrMeta'] })
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

function rowOf(page: IJupyterLabPageFixture, name: string) {
  return page.locator('.jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemText', {
      hasText: new RegExp(`^${name}$`)
    })
  });
}

/**
 * Issue 12, items 4 and 7: the DOI badge as a person meets it.
 */
test.describe('the DOI badge as a person finds it', () => {
  // Same length, so that both rows have the same room for their names.
  const PUBLISHED = 'published-reef-survey-2024';
  const PLAIN = 'unpublished-reef-survey-24';

  test.describe.configure({ timeout: 180000 });
  test.use({ autoGoto: false });

  /** The paths of the Contents API listings the page has had answered. */
  let listed: string[] = [];

  test.beforeEach(async ({ page, tmpPath }) => {
    listed = [];
    page.on('requestfinished', r => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/contents/')) {
        listed.push(decodeURIComponent(url.pathname.slice(14)));
      }
    });
    await patientGoto(page, `tree/${tmpPath}?reset`);
    for (const dir of [PUBLISHED, PLAIN, 'common']) {
      await page.contents.createDirectory(`${tmpPath}/${dir}`);
    }
    await page.contents.uploadContent(
      'cff-version: 1.2.0\ntitle: Reef\ndoi: 10.5281/zenodo.777\n',
      'text',
      `${tmpPath}/${PUBLISHED}/CITATION.cff`
    );
    await page.filebrowser.openDirectory(tmpPath);
    await page.filebrowser.refresh();
    // Found by probing the listing's folders: slow on a busy machine.
    await expect(
      rowOf(page, PUBLISHED).locator('.jp-artifacts-DoiBadge')
    ).toBeVisible({ timeout: 30000 });
  });

  test('the DOI badge stays out of the way: a click selects, Ctrl-click or its menu opens', async ({
    page
  }) => {
    const popups: string[] = [];
    page.context().on('page', p => popups.push(p.url()));
    await page.context().route('https://doi.org/**', route =>
      route.fulfill({
        status: 200,
        body: 'record',
        contentType: 'text/plain'
      })
    );
    const row = rowOf(page, PUBLISHED);
    const badge = row.locator('.jp-artifacts-DoiBadge');

    // Compact: no wider than two icons' worth.
    const box = (await badge.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(32);

    // The name keeps all the room the row has but the badge's own: it is
    // shown whole, or cut by no more than the badge's width compared with
    // the same-length name of a row without a badge (and its margins).
    const widths = (name: string) =>
      rowOf(page, name)
        .locator('.jp-DirListing-itemText')
        .evaluate(e => ({ shown: e.clientWidth, whole: e.scrollWidth }));
    const plain = await widths(PLAIN);
    const published = await widths(PUBLISHED);
    expect(
      published.shown,
      `published ${JSON.stringify(published)}, plain ${JSON.stringify(plain)}, badge ${box.width}px`
    ).toBeGreaterThanOrEqual(
      Math.min(published.whole, plain.shown - box.width - 10)
    );

    // A click in the middle of the row, and on the badge itself, selects.
    const rowBox = (await row.boundingBox())!;
    await page.mouse.click(
      rowBox.x + rowBox.width / 2,
      rowBox.y + rowBox.height / 2
    );
    await expect(row).toHaveClass(/jp-mod-selected/);
    await rowOf(page, PLAIN).click();
    await badge.click();
    await expect(row).toHaveClass(/jp-mod-selected/);

    // Its own context menu opens the record, and copies the DOI.
    await badge.click({ button: 'right' });
    const menu = page.locator('.lm-Menu');
    await expect(
      menu.getByText('Open the DOI Record', { exact: true })
    ).toBeVisible();
    await expect(menu.getByText('Copy the DOI', { exact: true })).toBeVisible();
    // A popup the clicks had opened would have been announced by now: the
    // menu came after them, through the same page.
    expect(popups).toEqual([]);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      menu.getByText('Open the DOI Record', { exact: true }).click()
    ]);
    expect(popup.url()).toBe('https://doi.org/10.5281/zenodo.777');
    await popup.close();
  });

  test('the DOI badge appears as soon as a folder becomes an artifact', async ({
    page,
    tmpPath
  }) => {
    const row = rowOf(page, PLAIN);
    await expect(row).toBeVisible();
    // The listing was read and this folder looked into: no badge yet.
    await expect
      .poll(() => listed.includes(`${tmpPath}/${PLAIN}`), { timeout: 30000 })
      .toBe(true);
    await expect(row.locator('.jp-artifacts-DoiBadge')).toHaveCount(0);
    // Share (or an import) writes CITATION.cff through the page's contents
    // manager, as here.
    await page.evaluate(
      async path =>
        (window as any).jupyterapp.serviceManager.contents.save(path, {
          type: 'file',
          format: 'text',
          content:
            'cff-version: 1.2.0\ntitle: Now published\ndoi: 10.5281/zenodo.888\n'
        }),
      `${tmpPath}/${PLAIN}/CITATION.cff`
    );
    await expect(row.locator('.jp-artifacts-DoiBadge')).toHaveAttribute(
      'aria-label',
      /10\.5281\/zenodo\.888/,
      { timeout: 5000 }
    );
    // And goes when the file does.
    await page.evaluate(
      async path =>
        (window as any).jupyterapp.serviceManager.contents.delete(path),
      `${tmpPath}/${PLAIN}/CITATION.cff`
    );
    await expect(row.locator('.jp-artifacts-DoiBadge')).toHaveCount(0, {
      timeout: 5000
    });
  });

  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${theme} theme`, () => {
      test.use({
        mockSettings: {
          ...BADGE_SETTINGS,
          '@jupyterlab/apputils-extension:themes': {
            theme: theme === 'dark' ? 'JupyterLab Dark' : 'JupyterLab Light'
          }
        }
      });
      test(`badges are readable in the ${theme} theme (WCAG AA)`, async ({
        page,
        tmpPath
      }, testInfo) => {
        await expect(page.locator('body')).toHaveAttribute(
          'data-jp-theme-light',
          theme === 'dark' ? 'false' : 'true'
        );
        await page.filebrowser.openDirectory(tmpPath);
        const badge = rowOf(page, PUBLISHED).locator('.jp-artifacts-DoiBadge');
        await expect(badge).toBeVisible();
        const group = rowOf(page, 'common').locator('.jp-artifacts-GroupBadge');
        await expect(group).toBeVisible();
        // Not selected, then selected (the row's colours change).
        for (const selected of [false, true]) {
          if (selected) {
            await rowOf(page, PUBLISHED).click();
            await rowOf(page, 'common').click({ modifiers: ['ControlOrMeta'] });
          }
          for (const [name, locator] of [
            ['DOI', badge],
            ['group', group]
          ] as const) {
            const c = await contrastOf(locator);
            expect(
              c.ratio,
              `${name} badge, ${theme}${selected ? ', selected' : ''}: ${c.foreground} on ${c.background}`
            ).toBeGreaterThanOrEqual(AA_TEXT);
          }
        }
        await testInfo.attach(`badges-${theme}`, {
          body: await page.locator('.jp-FileBrowser').screenshot(),
          contentType: 'image/png'
        });
      });
    });
  }
});
