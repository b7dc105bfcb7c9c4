import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';

import {
  importShown,
  IPublished,
  openLab,
  openLaunchLink,
  PANEL,
  publishCourse,
  publishCourseVersion,
  standinRequests
} from './helpers';

/**
 * Issue 14, "Newer version available": an artifact folder's DOI badge says
 * when Zenodo has a newer version (one question per artifact per session,
 * none while the file browser is hidden), and the folder row's context menu
 * and the badge's open the catalogue on that version, which offers the
 * update. Right-clicks are real ones, as a person makes them. In a real
 * JupyterLab against the Zenodo stand-in.
 */

/**
 * The badge's questions about one artifact the stand-in has answered: each
 * starts with the record named by its concept DOI (the stand-in answers 404
 * for a concept's id, and the client then searches by concept DOI).
 */
async function lookups(conceptRecId: string): Promise<number> {
  return (await standinRequests()).filter(
    r =>
      r.method === 'GET' &&
      r.path.split('?')[0] === `/api/records/${conceptRecId}`
  ).length;
}

function rowOf(page: IJupyterLabPageFixture, name: string) {
  return page.locator('.jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemText', {
      hasText: new RegExp(`^${name}$`)
    })
  });
}

const refreshBrowser = (page: IJupyterLabPageFixture) =>
  page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('filebrowser:refresh')
  );

test.use({ autoGoto: false });
test.describe.configure({ timeout: 300000 });

test('a DOI badge says Zenodo has a newer version, and the row and badge menus open the update', async ({
  page,
  tmpPath
}) => {
  // A short name: the narrow name column below is made by hand, not left
  // to the name's length.
  const title = `Course ${Date.now() % 1_000_000}`;
  const v1 = await publishCourse(title, { 'README.md': '# Lesson v1' });

  // Imported from a launch link: the catalogue is the sidebar's panel, the
  // file browser is hidden.
  await openLaunchLink(page, `/lab/tree/${tmpPath}?artifact=${v1.id}`, title);
  const folder = await importShown(page);
  const name = folder.split('/').pop()!;

  // Listings while the file browser is hidden ask nothing.
  const before = await lookups(v1.conceptRecId);
  await refreshBrowser(page);
  await refreshBrowser(page);
  await page.waitForTimeout(2000);
  expect(await lookups(v1.conceptRecId)).toBe(before);

  const v2 = await publishCourseVersion(v1, title, {
    'README.md': '# Lesson v2'
  });

  // The file browser shown (in the imported folder, where the import
  // left it): what it shows is looked at, and the badge says so.
  await page.sidebar.openTab('filebrowser');
  await page.filebrowser.openDirectory(tmpPath);
  const badge = rowOf(page, name).locator('.jp-artifacts-DoiBadge');
  await expect(badge).toHaveClass(/jp-artifacts-DoiBadge-newer/, {
    timeout: 30000
  });
  await expect(badge).toHaveAttribute('data-doi', v1.doi);
  await expect(badge).toHaveAttribute(
    'aria-label',
    /Version 2 is on Zenodo: right-click to update this folder/
  );
  expect(await lookups(v1.conceptRecId)).toBe(before + 1);

  // Once per session: listings again, and into the folder and back.
  await refreshBrowser(page);
  await page.filebrowser.openDirectory(folder);
  await page.filebrowser.openDirectory(tmpPath);
  await refreshBrowser(page);
  await expect(badge).toHaveClass(/jp-artifacts-DoiBadge-newer/);
  expect(await lookups(v1.conceptRecId)).toBe(before + 1);

  // What a person does: a real right-click (Playwright's hit test first,
  // then the mouse) on the folder's row, here its icon, away from the
  // badge. The row's own menu offers the update of the folder selected.
  const menu = page.locator('.lm-Menu');
  const update = menu.getByText('Update to v2…', { exact: true });
  await rowOf(page, name)
    .locator('.jp-DirListing-itemIcon')
    .click({ button: 'right' });
  await expect(update).toHaveCount(1);
  await expect(menu.getByText('Rename', { exact: true })).toBeVisible();
  await update.click();
  await expectUpdateOffered(page, v2, folder);

  // The badge itself, in a narrow name column: a person narrows it to see
  // the dates in a narrow file browser (here its edge is dragged as far
  // left as it goes; again if the listing's own layout undid it). The
  // badge's end, by its ↑ mark, then lies over the Modified column's box,
  // which took the clicks meant for it. A real right-click there must reach
  // the badge. The file browser is in front again: the catalogue is hidden
  // until the entry shows it.
  await page.sidebar.openTab('filebrowser');
  await expect(page.locator(PANEL)).toBeHidden();
  const nameEdge = page.locator(
    '.jp-DirListing-header .jp-DirListing-resizeHandle[data-column="name"]'
  );
  // Where on the badge: 3 px before its right end.
  const endOf = (b: HTMLElement) => b.getBoundingClientRect().width - 3;
  await expect
    .poll(
      async () => {
        const edge = (await nameEdge.boundingBox())!;
        const y = edge.y + edge.height / 2;
        await page.mouse.move(edge.x + edge.width / 2, y);
        await page.mouse.down();
        await page.mouse.move(edge.x - 300, y, { steps: 5 });
        await page.mouse.up();
        return badge.evaluate(
          (b, end) => {
            const box = (e: Element) => {
              const { left, right } = e.getBoundingClientRect();
              return [Math.round(left), Math.round(right)];
            };
            const row = b.closest('.jp-DirListing-item')!;
            const modified = box(
              row.querySelector('.jp-DirListing-itemModified')!
            );
            const x = b.getBoundingClientRect().left + end;
            return x > modified[0] && x < modified[1]
              ? 'over the Modified column'
              : JSON.stringify({
                  x,
                  badge: box(b),
                  name: box(row.querySelector('.jp-DirListing-itemName')!),
                  modified
                });
          },
          await badge.evaluate(endOf)
        );
      },
      { timeout: 30000 }
    )
    .toBe('over the Modified column');
  const height = (await badge.boundingBox())!.height;
  await badge.click({
    button: 'right',
    position: { x: await badge.evaluate(endOf), y: height / 2 },
    timeout: 30000
  });
  await expect(update).toHaveCount(1);
  await expect(
    menu.getByText('Open the DOI Record', { exact: true })
  ).toBeVisible();
  await update.click();
  await expectUpdateOffered(page, v2, folder);
});

test.describe('with an import folder set by the admin', () => {
  test.use({
    mockSettings: async ({ tmpPath }, use) => {
      await use({
        ...galata.DEFAULT_SETTINGS,
        'jupyterlab-artifacts:catalogue': { importRoot: `${tmpPath}/imports` }
      });
    }
  });

  test('a copy its owner renamed and moved out of the import folder is offered the update from its row menu', async ({
    page,
    tmpPath
  }) => {
    await page.contents.createDirectory(`${tmpPath}/imports`);
    const title = `Lessons ${Date.now() % 1_000_000}`;
    const v1 = await publishCourse(title, { 'README.md': '# Lesson v1' });
    await openLaunchLink(page, `/lab/tree/${tmpPath}?artifact=${v1.id}`, title);
    const folder = await importShown(page);

    expect(folder.startsWith(`${tmpPath}/imports/`)).toBe(true);
    // The owner gives the copy a name of their own, in a folder of their
    // own: the catalogue's own look (the import folder) no longer finds it.
    const moved = `${tmpPath}/mine/my lessons`;
    await page.evaluate(
      async ([from, to]) => {
        const contents = (window as any).jupyterapp.serviceManager.contents;
        await contents.save(to.slice(0, to.lastIndexOf('/')), {
          type: 'directory'
        });
        await contents.rename(from, to);
      },
      [folder, moved]
    );
    const v2 = await publishCourseVersion(v1, title, {
      'README.md': '# Lesson v2'
    });

    // Another day: JupyterLab opened on the folder, no launch link.
    await openLab(page, `/lab/tree/${tmpPath}/mine`);
    await page.sidebar.openTab('filebrowser');
    const row = rowOf(page, 'my lessons');
    await expect(row.locator('.jp-artifacts-DoiBadge')).toHaveClass(
      /jp-artifacts-DoiBadge-newer/,
      { timeout: 30000 }
    );
    await row.locator('.jp-DirListing-itemIcon').click({ button: 'right' });
    const update = page
      .locator('.lm-Menu')
      .getByText('Update to v2…', { exact: true });
    await expect(update).toHaveCount(1);
    await update.click();
    // The entry names the folder: the catalogue looks there first.
    await expectUpdateOffered(page, v2, moved);
  });
});

/**
 * The catalogue in front, on version 2, offering the update of `folder`
 * (the copy of version 1 it found).
 */
async function expectUpdateOffered(
  page: IJupyterLabPageFixture,
  v2: IPublished,
  folder: string
) {
  await expect(page.locator(PANEL)).toBeVisible();
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-facts`)
  ).toContainText(v2.doi, { timeout: 30000 });
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-previousFolder`)
  ).toContainText(`into ${folder} (version 1)`, { timeout: 30000 });
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-updateButton`)
  ).toHaveText('Update to v2', { timeout: 30000 });
}
