import { expect, test } from '@jupyterlab/galata';

import {
  importShown,
  listNames,
  openLab,
  openLaunchLink,
  PANEL,
  publishCourse,
  publishCourseVersion,
  readText,
  standinRequests
} from './helpers';

/**
 * Launch links that update like nbgitpuller (issue 14), in a real
 * JupyterLab against the Zenodo stand-in: a link opened twice imports once;
 * a newer version published meanwhile is offered, and the update keeps the
 * user's edit beside the new copy; the generated link round-trips.
 */

const notebook = (source: string) =>
  JSON.stringify({
    cells: [
      { cell_type: 'markdown', id: 'a1', metadata: {}, source: [source] }
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  });

/** Content downloads the stand-in served so far. */
async function downloads(): Promise<number> {
  return (await standinRequests()).filter(
    (r: any) => r.method === 'GET' && /\/files\/.*\/content/.test(r.path)
  ).length;
}

test.use({ autoGoto: false });

// Three page loads, imports and an update each, on a loaded machine.
test.describe.configure({ timeout: 300000 });

test('a launch link opened twice imports once and opens the copy', async ({
  page,
  request,
  tmpPath
}) => {
  const title = `Twice opened ${Date.now()}`;
  const v1 = await publishCourse(title, {
    'README.md': '# Lesson',
    'lesson.ipynb': notebook('one')
  });
  const query = `artifact=${encodeURIComponent(v1.conceptDoi)}`;
  await openLaunchLink(page, `/lab/tree/${tmpPath}?${query}`, title);
  // The link names the record and its version plainly; nothing is written.
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-launchFound`)
  ).toContainText(v1.doi);
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-facts`)
  ).toContainText('1');
  expect(await listNames(request, tmpPath)).toEqual([]);
  const folder = await importShown(page);
  expect(await listNames(request, tmpPath)).toHaveLength(1);

  const before = await downloads();
  await openLaunchLink(page, `/lab/tree/${tmpPath}?${query}`, title);
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-previousFolder`)
  ).toContainText(folder, { timeout: 30000 });
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-previous`)
  ).toContainText('Your copy holds the version shown here.');
  // The folder is shown in the file browser; nothing was downloaded again
  // and there is still one folder.
  await expect(page.locator('.jp-FileBrowser-crumbs')).toContainText(
    folder.split('/').pop()!,
    { timeout: 20000 }
  );
  expect(await downloads()).toBe(before);
  expect(await listNames(request, tmpPath)).toHaveLength(1);
});

test('a newer version updates the copy, keeping the edited notebook beside the new one', async ({
  page,
  request,
  tmpPath
}) => {
  const title = `Updated course ${Date.now()}`;
  const v1 = await publishCourse(title, {
    'README.md': '# Lesson v1',
    'lesson.ipynb': notebook('one'),
    'old.txt': 'removed in v2'
  });
  await openLaunchLink(page, `/lab/tree/${tmpPath}?artifact=${v1.id}`, title);
  const folder = await importShown(page);
  // The student edits the notebook.
  const edited = notebook('my answers');
  await request.put(`/api/contents/${encodeURI(folder)}/lesson.ipynb`, {
    data: { type: 'file', format: 'text', content: edited }
  });
  const v2 = await publishCourseVersion(v1, title, {
    'README.md': '# Lesson v2',
    'lesson.ipynb': notebook('one, corrected'),
    'extra.ipynb': notebook('new')
  });

  // The same link (it names version 1) opened again: Zenodo has version 2.
  await openLaunchLink(page, `/lab/tree/${tmpPath}?artifact=${v1.id}`, title);
  const update = page.locator(`${PANEL} .jp-artifacts-Catalogue-updateButton`);
  await expect(update).toHaveText('Update to v2', { timeout: 30000 });
  await update.click();
  // What will change is shown first; nothing is written yet.
  const report = page.locator(`${PANEL} .jp-artifacts-Catalogue-updateReport`);
  await expect(report).toBeVisible({ timeout: 60000 });
  await expect(report.locator('tr[data-action="kept-beside"]')).toContainText(
    'lesson.v2.ipynb'
  );
  expect(await readText(request, `${folder}/README.md`)).toBe('# Lesson v1');
  await page.click(`${PANEL} .jp-artifacts-Catalogue-applyUpdate`);
  await expect(
    page.locator(
      `${PANEL} .jp-artifacts-Catalogue-previous .jp-artifacts-Catalogue-result`
    )
  ).toContainText('to version 2', { timeout: 60000 });

  // The edit survives and the report says so.
  expect(JSON.parse(await readText(request, `${folder}/lesson.ipynb`))).toEqual(
    JSON.parse(edited)
  );
  await expect(report.locator('tr[data-action="kept-beside"]')).toContainText(
    'your changes kept'
  );
  expect(
    JSON.parse(await readText(request, `${folder}/lesson.v2.ipynb`)).cells[0]
      .source
  ).toEqual(['one, corrected']);
  expect(await readText(request, `${folder}/README.md`)).toBe('# Lesson v2');
  expect(await listNames(request, folder)).toEqual([
    'CITATION.cff',
    'README.md',
    'extra.ipynb',
    'lesson.ipynb',
    'lesson.v2.ipynb'
  ]);
  const citation = await readText(request, `${folder}/CITATION.cff`);
  expect(citation).toContain(v2.doi);
  expect(citation).toMatch(/version: "?2"?/);
});

test('the generated launch link round-trips: into a new folder, opening a file', async ({
  page,
  request,
  tmpPath
}) => {
  const title = `Generated link ${Date.now()}`;
  const v1 = await publishCourse(title, {
    'README.md': '# Start here',
    'notebooks/intro.ipynb': notebook('intro')
  });
  await openLaunchLink(page, `/lab/tree/${tmpPath}?artifact=${v1.id}`, title);
  const generator = page.locator(
    `${PANEL} .jp-artifacts-Catalogue-linkGenerator`
  );
  await generator.locator('summary').click();
  await generator.getByLabel('JupyterLab (this server)').check();
  await generator.getByLabel(/This version/).check();
  await generator
    .getByLabel('File to open after the import (optional)')
    .fill('notebooks/intro.ipynb');
  // A folder outside the user's files is refused.
  const into = generator.getByLabel('Folder to import into (optional)');
  await into.fill('../elsewhere');
  await expect(generator.locator('[role="alert"]')).toContainText('climb out');
  await into.fill(`${tmpPath}/course`);
  const link = await generator
    .locator('.jp-artifacts-Catalogue-launchLink')
    .textContent();
  expect(link).toBe(
    `http://127.0.0.1:${process.env.UI_TEST_PORT || '8888'}/lab?artifact=${v1.doi}&open=notebooks/intro.ipynb&into=${tmpPath}/course`
  );

  await openLab(page, link!);
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
  ).toHaveText(title, { timeout: 30000 });
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-import`)
  ).toContainText(`${tmpPath}/course`);
  // Nothing is written before the click.
  expect(await listNames(request, tmpPath)).toEqual([]);
  const folder = await importShown(page);
  expect(folder.startsWith(`${tmpPath}/course/`)).toBe(true);
  await expect(
    page
      .locator(
        '.jp-MainAreaWidget .lm-TabBar-tabLabel, .lm-DockPanel-tabBar .lm-TabBar-tabLabel',
        {
          hasText: 'intro.ipynb'
        }
      )
      .first()
  ).toBeVisible({ timeout: 30000 });
});
