import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { zipSync } from 'fflate';

import { TOKENS } from '../../dev/standin/tokens';

/**
 * Publishing after an import, on the page that comes next (the companion
 * benchmark's "import, then publish" without the companion, which stalled).
 *
 * An import opens the artifact's notebook. When that notebook names no
 * kernel, JupyterLab asks for one, and asks again on every page that
 * restores the notebook. JupyterLab's dialogs wait in one launch queue, so
 * Share's dialogs wait behind that question: they must open as soon as it
 * is answered (the benchmark never answered it, so they never opened).
 */
const STANDIN = `http://127.0.0.1:${process.env.STANDIN_PORT || '9888'}`;
const LAB = `http://127.0.0.1:${process.env.UI_TEST_PORT || '8888'}`;
const PANEL = '#jp-artifacts-catalogue';
const auth = { Authorization: `Bearer ${TOKENS.write}` };
const json = { ...auth, 'Content-Type': 'application/json' };

/** A published record holding one zip of `files`; its id. */
async function publishRecord(files: Record<string, string>): Promise<string> {
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])
    )
  );
  const draft = await (
    await fetch(`${STANDIN}/api/deposit/depositions`, {
      method: 'POST',
      headers: json,
      body: '{}'
    })
  ).json();
  const put = await fetch(`${draft.links.bucket}/study.zip`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/octet-stream' },
    body: zip
  });
  expect(put.status).toBeLessThan(300);
  const meta = await fetch(`${STANDIN}/api/deposit/depositions/${draft.id}`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({
      metadata: {
        title: 'Kernel-less notebook study',
        upload_type: 'dataset',
        publication_date: '2024-01-01',
        access_right: 'open',
        license: 'cc-by-4.0',
        description: '<p>A notebook that names no kernel.</p>',
        creators: [{ name: 'Bench, Mark' }]
      }
    })
  });
  expect(meta.status).toBe(200);
  const published = await fetch(
    `${STANDIN}/api/deposit/depositions/${draft.id}/actions/publish`,
    { method: 'POST', headers: auth }
  );
  const body = await published.json();
  expect(published.status, JSON.stringify(body)).toBe(202);
  return String(body.record_id ?? body.id);
}

/**
 * Go to a JupyterLab address and wait until it has started (Galata's own
 * wait gives up after 15 s and expects the Launcher, which a restored
 * notebook replaces).
 */
async function gotoLab(page: IJupyterLabPageFixture, url: string) {
  // The Playwright page under Galata's fixture, whose goto waits for it.
  const raw = page.context().pages()[0];
  await raw.goto(new URL(url, LAB).toString(), {
    waitUntil: 'domcontentloaded'
  });
  await raw.waitForFunction(
    () => typeof (window as any).jupyterapp === 'object',
    null,
    { timeout: 120000 }
  );
  await raw.evaluate(() => (window as any).jupyterapp.started);
  await raw
    .locator('#jupyterlab-splash')
    .waitFor({ state: 'detached', timeout: 120000 });
}

const run = (page: IJupyterLabPageFixture, id: string, args = {}) =>
  // Not awaited in the page: the commands resolve when their dialogs close.
  page.evaluate(
    ([command, a]) => {
      void (window as any).jupyterapp.commands.execute(command, a);
    },
    [id, args] as const
  );

test.use({ autoGoto: false });
test.describe.configure({ timeout: 240000 });

test('after an import, Share waits for the restored notebook’s kernel question, then opens', async ({
  page,
  tmpPath
}) => {
  const recordId = await publishRecord({
    'analysis.ipynb': JSON.stringify({
      cells: [
        {
          cell_type: 'code',
          id: 'c1',
          metadata: {},
          source: ['1 + 1'],
          outputs: [],
          execution_count: null
        }
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    }),
    'data.csv': 'a,b\n1,2\n'
  });
  // The folder published later: not the imported one.
  await page.contents.uploadContent(
    'x,y\n3,4\n',
    'text',
    `${tmpPath}/study/table.csv`
  );
  await page.contents.uploadContent(
    '# Study\n',
    'text',
    `${tmpPath}/study/README.md`
  );

  // Page 1: the launch link's import, which opens the notebook.
  await gotoLab(page, `/lab/tree/${tmpPath}?artifact=${recordId}`);
  await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-result`)
  ).toBeVisible({ timeout: 60000 });
  const question = page
    .locator('.jp-Dialog')
    .filter({ hasText: 'Select Kernel' });
  await expect(question).toBeVisible({ timeout: 30000 });

  // Page 2: the same workspace restores the notebook and asks again.
  await gotoLab(page, `/lab/tree/${tmpPath}`);
  await expect(question).toBeVisible({ timeout: 60000 });
  await run(page, 'jupyterlab-artifacts:publish', { path: `${tmpPath}/study` });
  // No token yet: the account dialog is asked for, and waits its turn.
  const account = page.locator('.jp-Dialog .jp-artifacts-Share-account');
  await page.waitForTimeout(1000);
  await expect(account).toHaveCount(0);

  await question.getByRole('button', { name: 'No Kernel' }).click();
  await account.locator('#jp-artifacts-token').fill(TOKENS.write);
  await account.getByRole('button', { name: 'Check and use' }).click();
  await expect(account).toHaveCount(0, { timeout: 30000 });
  // The publish that asked for the token goes on to its preview.
  const summary = page.locator('.jp-artifacts-Share-summary');
  await expect(summary).toBeVisible({ timeout: 60000 });
  await expect(summary).toContainText('2 files');
});
