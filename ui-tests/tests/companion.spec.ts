import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import * as crypto from 'crypto';

import {
  PANEL,
  serverDigests,
  sha256,
  showRecord as showTitle,
  STANDIN,
  TOKENS,
  zipEntries
} from './helpers';

/**
 * Transfers through the server companion (loaded from this checkout by
 * jupyter_server_test_config.py): the browser only starts, watches and
 * cancels jobs; the bytes go between the Jupyter server and the stand-in.
 * Run only when the companion is on (playwright.config.js leaves this file
 * out under ARTIFACTS_NO_COMPANION=1, where the other specs test the
 * browser path).
 */
const TOKEN = TOKENS.write;

test.use({ mockSettings: { ...galata.DEFAULT_SETTINGS } });

let requests: { method: string; url: string; headers: any }[] = [];
let pageErrors: string[] = [];

test.beforeEach(async ({ page, request }) => {
  requests = [];
  pageErrors = [];
  page.on('request', r =>
    requests.push({ method: r.method(), url: r.url(), headers: r.headers() })
  );
  page.on('pageerror', e => pageErrors.push(String(e)));
  await request.delete(`${STANDIN}/__standin/faults`);
  // Only the seeds: records other tests published are not picked.
  await request.post(`${STANDIN}/__standin/reset`);
});

test.afterEach(async ({ request }) => {
  await request.delete(`${STANDIN}/__standin/faults`);
  expect(pageErrors).toEqual([]);
});

/** sha256 of each file in a zip, read by Python's zipfile. */
function zipDigests(body: Buffer): Record<string, string> {
  return Object.fromEntries(
    Object.entries(zipEntries(body))
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, data]) => [name, sha256(Buffer.from(data, 'base64'))])
  );
}

/** A small one-zip record of the demo seeds. */
async function smallZipRecord(): Promise<any> {
  const body = await (
    await fetch(
      `${STANDIN}/api/records?communities=artifacts-demo&size=25&sort=newest`
    )
  ).json();
  const record = body.hits.hits.find(
    (h: any) =>
      h.files.length === 1 &&
      h.files[0].key.endsWith('.zip') &&
      h.files[0].size < 3_000_000
  );
  expect(record, 'a small zip record in the demo seeds').toBeDefined();
  return {
    id: String(record.id),
    title: record.metadata?.title ?? record.title,
    doi: record.doi,
    key: record.files[0].key
  };
}

async function showRecord(page: IJupyterLabPageFixture, record: any) {
  await page.sidebar.openTab('jp-artifacts-catalogue');
  await expect(page.locator(PANEL)).toBeVisible();
  await showTitle(page, record.title);
}

const companionCalls = () =>
  requests.filter(r => r.url.includes('/jupyterlab-artifacts/api/jobs'));

test('the companion is found and used: info answers from this checkout', async ({
  page
}) => {
  const info = await page.evaluate(async () => {
    const response = await fetch('/jupyterlab-artifacts/api/info');
    return response.json();
  });
  expect(info.capabilities).toEqual(
    expect.arrayContaining(['import', 'import-upload', 'publish', 'download'])
  );
  expect(info.allowedHosts).toContain(STANDIN);
});

test('publish through the companion: the server zips and uploads, the browser sends no bytes', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  const files: Record<string, Buffer> = {
    'README.md': Buffer.from('Study folder\n'),
    'data/table.csv': Buffer.from('site,flux\n' + 'A,1.25\n'.repeat(20000)),
    'data/noise.bin': crypto.randomBytes(300_000)
  };
  for (const [path, data] of Object.entries(files)) {
    await page.contents.uploadContent(
      data.toString('base64'),
      'base64',
      `${folder}/${path}`
    );
  }
  await page.evaluate(() => {
    void (window as any).jupyterapp.commands.execute(
      'jupyterlab-artifacts:zenodo-account'
    );
  });
  const account = page.locator('.jp-Dialog .jp-artifacts-Share-account');
  await account.locator('#jp-artifacts-token').fill(TOKEN);
  await account.getByRole('button', { name: 'Check and use' }).click();
  await expect(account).toHaveCount(0);

  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:publish',
        { path }
      ),
    folder
  );
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    '3 files'
  );
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-title').fill('Server-side share');
  await dialog
    .locator('#jp-artifacts-field-description')
    .fill('Zipped and uploaded by the server companion.');
  await dialog.getByRole('button', { name: 'Add creator' }).click();
  await dialog
    .locator('#jp-artifacts-field-creators-0-family')
    .fill('Lovelace');
  await dialog.locator('#jp-artifacts-field-creators-0-given').fill('Ada');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const doiField = dialog.locator('#jp-artifacts-result-doi');
  await expect(doiField).toHaveValue(/^10\.5281\/zenodo\.\d+$/, {
    timeout: 60000
  });
  const doi = await doiField.inputValue();

  // One publish job, the token in its header only; no bucket PUT from here.
  const posts = companionCalls().filter(r => r.method === 'POST');
  expect(posts).toHaveLength(1);
  expect(posts[0].headers['x-zenodo-token']).toBe(TOKEN);
  expect(
    requests.filter(
      r => r.method === 'PUT' && r.url.startsWith(`${STANDIN}/api/files/`)
    )
  ).toEqual([]);
  for (const r of requests) {
    expect(r.url).not.toContain(TOKEN);
  }

  // The record's archive holds the files byte for byte, and the CITATION.cff
  // with the DOI.
  const id = doi.split('.').pop();
  const record = await (await fetch(`${STANDIN}/api/records/${id}`)).json();
  const key = record.files[0].key;
  expect(key).toBe('study.zip');
  const body = Buffer.from(
    await (
      await fetch(`${STANDIN}/api/records/${id}/files/${key}/content`)
    ).arrayBuffer()
  );
  const digests = zipDigests(body);
  for (const [path, data] of Object.entries(files)) {
    expect(digests[path], path).toBe(sha256(data));
  }
  expect(Object.keys(digests).sort()).toEqual(
    [...Object.keys(files), 'CITATION.cff'].sort()
  );
  expect(body.includes(Buffer.from(TOKEN))).toBe(false);
});

test('import through the companion: the server downloads and writes, byte for byte', async ({
  page,
  request,
  tmpPath
}) => {
  const record = await smallZipRecord();
  await showRecord(page, record);
  await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
  const result = page.locator(`${PANEL} .jp-artifacts-Catalogue-result`);
  await expect(result).toBeVisible({ timeout: 60000 });
  await expect(result).toHaveAttribute('data-method', 'server');
  const folder = /Imported into (.*?)\.\s/.exec(
    ((await result.textContent()) ?? '') + ' '
  )![1];
  expect(folder.startsWith(`${tmpPath}/`)).toBe(true);

  // The browser never fetched the file: the server did.
  expect(requests.filter(r => /\/content$/.test(r.url))).toEqual([]);
  expect(
    companionCalls().filter(r => r.method === 'POST').length
  ).toBeGreaterThan(0);

  const archive = Buffer.from(
    await (
      await fetch(
        `${STANDIN}/api/records/${record.id}/files/${encodeURIComponent(record.key)}/content`
      )
    ).arrayBuffer()
  );
  const expected = zipDigests(archive);
  const actual = await serverDigests(request, folder);
  for (const [path, digest] of Object.entries(expected)) {
    if (path !== 'CITATION.cff') {
      expect(actual[path], path).toBe(digest);
    }
  }
  expect(
    Object.keys(actual).filter(p => !(p in expected) && p !== 'CITATION.cff')
  ).toEqual([]);
  const cff = await (
    await request.get(
      `/api/contents/${encodeURI(folder)}/CITATION.cff?content=1&format=text&type=file`
    )
  ).json();
  expect(cff.content).toContain(`doi: ${record.doi}`);
});

test('closing the tab mid-import and opening JupyterLab again shows the job, once', async ({
  page,
  request,
  tmpPath
}) => {
  test.setTimeout(150_000);
  const record = await smallZipRecord();
  await showRecord(page, record);
  // The download waits a while on the stand-in: long enough to leave.
  await request.post(`${STANDIN}/__standin/faults`, {
    data: { rules: [{ path: '/content$', latencyMs: 15000 }] }
  });
  await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-phase`)
  ).toHaveText('Downloading');

  // A new tab on the same server; the first one closes.
  const second = await page.context().newPage();
  await page.close();
  await second.goto(`/lab/tree/${tmpPath}`);
  const running = second.locator('.Toastify__toast', {
    hasText: 'Still importing'
  });
  await expect(running).toBeVisible({ timeout: 30000 });
  // The same notification then says how it ended.
  const ended = second.locator('.Toastify__toast', {
    hasText: `Imported into ${tmpPath}/`
  });
  await expect(ended).toBeVisible({ timeout: 60000 });
  await expect(running).toHaveCount(0);
  // One new folder, nothing hidden left beside it.
  const names = (
    await (await request.get(`/api/contents/${tmpPath}?content=1`)).json()
  ).content.map((i: any) => i.name);
  expect(names).toHaveLength(1);
  const folder = `${tmpPath}/${names[0]}`;
  const listing = await (
    await request.get(`/api/contents/${encodeURI(folder)}?content=1`)
  ).json();
  expect(listing.content.length).toBeGreaterThan(0);

  // Opened again: the job's end was shown, so nothing is announced. The
  // announcements are made from the companion's job list, once it is in.
  const jobsListed = second.waitForResponse(
    r =>
      r.request().method() === 'GET' &&
      new URL(r.url()).pathname.endsWith('/jobs'),
    { timeout: 120000 }
  );
  await second.reload();
  await jobsListed;
  await second.waitForSelector('#jp-main-dock-panel');
  // A notice made from that answer is on the page two frames later.
  await second.evaluate(
    () =>
      new Promise(done =>
        requestAnimationFrame(() => requestAnimationFrame(done))
      )
  );
  await expect(
    second.locator('.Toastify__toast', {
      hasText: /Still importing|Imported into/
    })
  ).toHaveCount(0);
  await second.close();
});
