import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import { randomBytes } from 'crypto';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { madeState, setToken, STANDIN, TOKENS, zipEntries } from './helpers';

/**
 * The Share menu in a real JupyterLab against the Zenodo stand-in the
 * Playwright config starts.
 */
const TOKEN = TOKENS.write;

/** A user with deposit scopes who owns none of the seeded records. */
const OTHER_TOKEN = TOKENS.other;

const files: Record<string, Buffer> = {
  'analysis.ipynb': Buffer.from(
    JSON.stringify(
      {
        cells: [
          {
            cell_type: 'markdown',
            metadata: {},
            source: ['# Soil respiration — ünïcode']
          }
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5
      },
      null,
      1
    ) + '\n'
  ),
  'data/table.csv': Buffer.from('site,flux\n'.concat('A,1.25\n'.repeat(20000))),
  'data/noise.bin': randomBytes(300_000),
  'README.md': Buffer.from('Study folder\n')
};

test.use({
  mockSettings: { ...galata.DEFAULT_SETTINGS }
});

let consoleMessages: string[] = [];
/** Ids of the stand-in's seeded demo depositions, which tests ignore. */
let seeded = new Set<number>();
let requestedUrls: string[] = [];
/** Uncaught errors and unhandled rejections in the page. */
let pageErrors: string[] = [];

test.beforeEach(async ({ page, request }) => {
  consoleMessages = [];
  requestedUrls = [];
  pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  page.on('console', m => consoleMessages.push(m.text()));
  page.on('request', r => requestedUrls.push(r.url()));
  await request.post(`${STANDIN}/__standin/reset`);
  const initial = await (
    await request.get(`${STANDIN}/__standin/state`)
  ).json();
  seeded = new Set(initial.depositions.map((d: any) => d.id));
});

test.afterEach(async ({ request }) => {
  await request.delete(`${STANDIN}/__standin/faults`);
  // Closing a dialog from inside must not leave an unhandled rejection.
  expect(pageErrors).toEqual([]);
});

/**
 * Upload `contents` into `folder`, plus a `node_modules` folder (left out by
 * default) at `leftOutUnder` inside it.
 */
async function makeFolder(
  page: IJupyterLabPageFixture,
  folder: string,
  contents: Record<string, Buffer> = files,
  leftOutUnder = ''
) {
  for (const [path, data] of Object.entries(contents)) {
    await page.contents.uploadContent(
      data.toString('base64'),
      'base64',
      `${folder}/${path}`
    );
  }
  // Left out by default. (Hidden folders cannot even be created through the
  // Contents API, and Jupyter itself hides __pycache__.)
  await page.contents.uploadContent(
    'module.exports = 1;',
    'text',
    `${folder}/${leftOutUnder}node_modules/left/index.js`
  );
}

async function inject(page: IJupyterLabPageFixture, faults: unknown) {
  await page.request.post(`${STANDIN}/__standin/faults`, { data: faults });
}

async function openPublish(page: IJupyterLabPageFixture, folder: string) {
  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:publish',
        { path }
      ),
    folder
  );
}

/** From the preview to a filled form. */
async function fillForm(
  page: IJupyterLabPageFixture,
  title: string,
  count = '4 files'
) {
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    count
  );
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-title').fill(title);
  await dialog
    .locator('#jp-artifacts-field-description')
    .fill('Notebooks and data of the soil study.');
  await dialog.getByRole('button', { name: 'Add creator' }).click();
  await dialog
    .locator('#jp-artifacts-field-creators-0-family')
    .fill('Lovelace');
  await dialog.locator('#jp-artifacts-field-creators-0-given').fill('Ada');
  await dialog
    .locator('#jp-artifacts-field-creators-0-orcid')
    .fill('0000-0002-1825-0097');
  await dialog.locator('#jp-artifacts-field-keywords').fill('soil, CO2');
  await dialog.locator('#jp-artifacts-field-version').fill('1.0');
}

async function publishFolder(
  page: IJupyterLabPageFixture,
  folder: string,
  title = 'Soil respiration study'
): Promise<string> {
  await openPublish(page, folder);
  await fillForm(page, title);
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const doi = dialog.locator('#jp-artifacts-result-doi');
  await expect(doi).toHaveValue(/^10\.5281\/zenodo\.\d+$/, { timeout: 30000 });
  return doi.inputValue();
}

/** The record's archive from the stand-in, opened by Python's zipfile. */
async function recordArchive(page: IJupyterLabPageFixture, id: number) {
  const record = await (
    await page.request.get(`${STANDIN}/api/records/${id}`)
  ).json();
  const key = record.files[0].key;
  const body = await (
    await page.request.get(`${STANDIN}/api/records/${id}/files/${key}/content`)
  ).body();
  return { record, key, body, listing: zipEntries(body) };
}

/** The stand-in's state, with only what the test made (not the seeds). */
const state = (page: IJupyterLabPageFixture) => madeState(page, seeded);

function expectNoTokenLeak(body?: Buffer) {
  for (const message of consoleMessages) {
    expect(message).not.toContain(TOKEN);
  }
  for (const url of requestedUrls) {
    expect(url).not.toContain(TOKEN);
  }
  if (body) {
    expect(body.includes(Buffer.from(TOKEN))).toBe(false);
  }
}

test('the Share menu is in the menu bar after Kernel with its commands', async ({
  page
}) => {
  const labels = await page
    .locator('#jp-menu-panel .lm-MenuBar-itemLabel')
    .allTextContents();
  expect(labels.indexOf('Share')).toBe(labels.indexOf('Kernel') + 1);
  await page.menu.open('Share');
  const items = await page
    .locator('.lm-Menu .lm-Menu-itemLabel')
    .allTextContents();
  expect(items).toEqual(
    expect.arrayContaining([
      'Publish Folder to Zenodo…',
      'Publish New Version…',
      'Edit Published Metadata…',
      'Download Folder as Zip',
      'Zenodo Account…'
    ])
  );
});

test('publish a folder from the Share menu: the DOI shows, the record has the typed metadata and a byte-identical archive', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  await page.filebrowser.openDirectory(folder);
  await page.menu.clickMenuItem('Share>Publish Folder to Zenodo…');

  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    '4 files'
  );
  await dialog.getByText('1 item left out').click();
  await expect(dialog.locator('.jp-artifacts-Share-excluded')).toContainText(
    'node_modules/ — Node.js packages'
  );
  await fillForm(page, 'Soil respiration study');
  // The catalogue and badges follow a publish through IArtifactEvents.
  await page.evaluate(async () => {
    const events = await (window as any).galata.getPlugin(
      'jupyterlab-artifacts:events'
    );
    (window as any).announced = [];
    events.published.connect((_: unknown, e: unknown) =>
      (window as any).announced.push(e)
    );
  });
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const doiField = dialog.locator('#jp-artifacts-result-doi');
  await expect(doiField).toHaveValue(/^10\.5281\/zenodo\.\d+$/, {
    timeout: 30000
  });
  const doi = await doiField.inputValue();
  expect(await page.evaluate(() => (window as any).announced)).toEqual([
    { folder, doi, recordId: expect.any(String) }
  ]);
  await expect(dialog.locator('#jp-artifacts-result-badge')).toHaveValue(
    new RegExp(`https://doi.org/${doi.replace(/\./g, '\\.')}`)
  );
  await expect(dialog.locator('#jp-artifacts-result-citation')).toHaveValue(
    /Lovelace, A\. \(\d{4}\)\. Soil respiration study \(Version 1\.0\)/
  );

  const s = await state(page);
  expect(s.depositions).toHaveLength(1);
  expect(s.records).toHaveLength(1);
  expect(s.depositions[0].metadata).toMatchObject({
    title: 'Soil respiration study',
    description: '<p>Notebooks and data of the soil study.</p>',
    creators: [{ name: 'Lovelace, Ada', orcid: '0000-0002-1825-0097' }],
    keywords: ['soil', 'CO2'],
    version: '1.0',
    upload_type: 'dataset',
    license: 'cc-by-4.0',
    communities: [{ identifier: 'artifacts-demo' }]
  });
  const { listing, body, key } = await recordArchive(page, s.records[0].id);
  expect(key).toBe('study.zip');
  expect(Object.keys(listing).sort()).toEqual(
    ['CITATION.cff', ...Object.keys(files)].sort()
  );
  for (const [path, data] of Object.entries(files)) {
    expect(Buffer.from(listing[path], 'base64').equals(data), path).toBe(true);
  }
  const cff = Buffer.from(listing['CITATION.cff'], 'base64').toString();
  expect(cff).toContain(`doi: ${doi}`);
  // The folder itself gained the same CITATION.cff.
  const inFolder = await page.evaluate(
    async path =>
      (
        await (window as any).jupyterapp.serviceManager.contents.get(path, {
          content: true,
          format: 'text',
          type: 'file'
        })
      ).content,
    `${folder}/CITATION.cff`
  );
  expect(inFolder).toBe(cff);
  await dialog.getByRole('button', { name: 'Done' }).click();
  expectNoTokenLeak(body);
});

test.describe('in the browser', () => {
  // Whatever the server has: the setting forces the browser path.
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-artifacts:transfers': { transfers: 'browser' }
    }
  });
  test('a folder of many files: compressed in Web Workers, what the preview read not read again, clean sub-folders of larger files read whole from jupyter-archive, byte-identical', async ({
    page,
    tmpPath
  }) => {
    // 50 files (5 MB) uploaded one by one and read in the preview (links,
    // secrets): more than the default minute on a busy machine.
    test.slow();
    const folder = `${tmpPath}/many`;
    const many: Record<string, Buffer> = { 'README.md': Buffer.from('Many\n') };
    // Above the secret-scan limit (256 KiB): the preview does not read them,
    // so notes/ (16 of them, the least for a folder read whole) is read in
    // one request. lib/'s small files are read by the preview only.
    for (let i = 0; i < 16; i++) {
      many[`notes/n${i}.txt`] = Buffer.from(`note ${i}\n`.repeat(40000 + i));
    }
    for (let i = 0; i < 20; i++) {
      many[`lib/m${i}.py`] = Buffer.from(`x = ${i}\n`.repeat(30));
    }
    many['notes/deep/random.bin'] = randomBytes(70_000);
    many['big.csv'] = Buffer.from('a,b\n'.concat('1,2\n'.repeat(300_000)));
    // lib/ holds a left-out folder: it must be read file by file.
    await makeFolder(page, folder, many, 'lib/');
    const workers: string[] = [];
    page.on('worker', w => workers.push(w.url()));
    await setToken(page);
    await page.evaluate(p => {
      void (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:publish',
        { path: p }
      );
    }, folder);
    await fillForm(page, 'Many files', `${Object.keys(many).length} files`);
    const dialog = page.locator('.jp-Dialog');
    // The preview reads small files (links, secrets); count the archive's reads.
    requestedUrls = [];
    await dialog.getByRole('button', { name: 'Upload and publish' }).click();
    await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
      /^10\.5281\/zenodo\.\d+$/,
      { timeout: 60000 }
    );
    const s = await state(page);
    const { listing, body } = await recordArchive(page, s.records[0].id);
    expect(Object.keys(listing).sort()).toEqual(
      ['CITATION.cff', ...Object.keys(many)].sort()
    );
    for (const [path, data] of Object.entries(many)) {
      expect(Buffer.from(listing[path], 'base64').equals(data), path).toBe(
        true
      );
    }
    // notes/ came whole from the server; lib/ (with node_modules) did not,
    // and its files, which the preview read, were not read again; nor was
    // notes/deep/random.bin (70 kB).
    const folderReads = requestedUrls.filter(u => u.includes('/directories/'));
    expect(folderReads.some(u => /\/many\/notes\?/.test(u))).toBe(true);
    expect(folderReads.some(u => /\/many\/lib\?/.test(u))).toBe(false);
    const fileReads = requestedUrls
      .filter(u => u.includes('/files/'))
      .map(u => decodeURIComponent(new URL(u).pathname).split('/many/')[1]);
    expect(fileReads).toEqual(['big.csv']);
    expect(workers.some(u => u.includes('jupyterlab-artifacts-deflate'))).toBe(
      true
    );
    expect(
      consoleMessages.some(m => m.includes('Web Workers unavailable'))
    ).toBe(false);
    await dialog.getByRole('button', { name: 'Done' }).click();
    expectNoTokenLeak(body);
  });
});

test('new version, then a metadata edit, of a folder published before', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  const v1 = await publishFolder(page, folder);
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Done' })
    .click();

  await page.contents.uploadContent(
    'added in 1.1',
    'text',
    `${folder}/new.txt`
  );
  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:publish-version',
        { path }
      ),
    folder
  );
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    '6 files'
  );
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await expect(dialog.locator('#jp-artifacts-field-version')).toHaveValue(
    '1.1'
  );
  await expect(dialog.locator('#jp-artifacts-field-title')).toHaveValue(
    'Soil respiration study'
  );
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const doiField = dialog.locator('#jp-artifacts-result-doi');
  await expect(doiField).toHaveValue(/^10\.5281\/zenodo\.\d+$/, {
    timeout: 30000
  });
  const v2 = await doiField.inputValue();
  expect(v2).not.toBe(v1);
  await dialog.getByRole('button', { name: 'Done' }).click();
  let s = await state(page);
  expect(s.records).toHaveLength(2);
  const latest = s.records.find((r: any) => r.latest);
  expect(latest.version).toBe('1.1');
  const { listing } = await recordArchive(page, latest.id);
  expect(Buffer.from(listing['new.txt'], 'base64').toString()).toBe(
    'added in 1.1'
  );

  await page.evaluate(
    path =>
      (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:edit-metadata',
        { path }
      ),
    folder
  );
  // An edit changes metadata only: straight to the form.
  await dialog
    .locator('#jp-artifacts-field-title')
    .fill('Soil respiration study (corrected)');
  await dialog.getByRole('button', { name: 'Publish changes' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(v2, {
    timeout: 30000
  });
  s = await state(page);
  expect(s.records).toHaveLength(2);
  expect(s.records.find((r: any) => r.latest).title).toBe(
    'Soil respiration study (corrected)'
  );
  expectNoTokenLeak();
});

test('Publish new version again after a cancelled one left its draft open: one new version, no stray draft', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  const v1 = await publishFolder(page, folder);
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // A Publish new version cancelled mid-upload whose discard did not get
  // through (Zenodo failing at that moment): its draft stays open.
  await inject(page, {
    rules: [
      { method: 'PUT', path: '^/api/files/', latencyMs: 8000 },
      { method: 'POST', path: '/actions/discard$', status: 500, times: 20 }
    ]
  });
  const publishVersion = () =>
    page.evaluate(
      path =>
        (window as any).jupyterapp.commands.execute(
          'jupyterlab-artifacts:publish-version',
          { path }
        ),
      folder
    );
  await publishVersion();
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-version').fill('1.1');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-status')).toContainText(
    'Uploading',
    { timeout: 30000 }
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-cancelled')).toContainText(
    'could not be discarded',
    { timeout: 30000 }
  );
  let s = await state(page);
  const open = s.depositions.filter((d: any) => d.state === 'unsubmitted');
  expect(open).toHaveLength(1);
  await page.request.delete(`${STANDIN}/__standin/faults`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // Again: Zenodo refuses a second new version while that draft is open;
  // the Share dialog continues it instead of showing Zenodo's bare message.
  await page.contents.uploadContent(
    'added in 1.1',
    'text',
    `${folder}/new.txt`
  );
  await publishVersion();
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-version').fill('1.1');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const doiField = dialog.locator('#jp-artifacts-result-doi');
  await expect(doiField).toHaveValue(/^10\.5281\/zenodo\.\d+$/, {
    timeout: 30000
  });
  await expect(dialog).not.toContainText('Please remove all files first');
  const v2 = await doiField.inputValue();
  expect(v2).not.toBe(v1);
  expect(v2).toBe(`10.5281/zenodo.${open[0].id}`);
  await dialog.getByRole('button', { name: 'Done' }).click();
  s = await state(page);
  expect(s.records).toHaveLength(2);
  const latest = s.records.find((r: any) => r.latest);
  expect(latest.version).toBe('1.1');
  expect(latest.files.map((f: any) => f.key)).toEqual(['study.zip']);
  const { listing } = await recordArchive(page, latest.id);
  expect(Buffer.from(listing['new.txt'], 'base64').toString()).toBe(
    'added in 1.1'
  );
  expect(
    s.depositions.filter((d: any) => d.state === 'unsubmitted')
  ).toHaveLength(0);
  expectNoTokenLeak();
});

test('cancel mid-upload discards the draft and says so', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  await inject(page, {
    rules: [{ method: 'PUT', path: '^/api/files/', latencyMs: 8000 }]
  });
  await openPublish(page, folder);
  await fillForm(page, 'To be cancelled');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-status')).toContainText(
    'Uploading',
    { timeout: 30000 }
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-cancelled')).toContainText(
    'The draft on Zenodo was discarded.'
  );
  const s = await state(page);
  expect(s.depositions).toHaveLength(0);
  expect(s.records).toHaveLength(0);
});

test('a failure mid-upload keeps the draft; Retry finishes with exactly one deposition', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  // The token check makes (and discards) a draft of its own to see the
  // token's scopes; count the publish's from here.
  const creates = (s: any) =>
    s.requests.filter(
      (r: any) => r.method === 'POST' && r.path === '/api/deposit/depositions'
    ).length;
  const before = creates(await state(page));
  // Every upload attempt (the client's own retries included) is cut.
  await inject(page, {
    rules: [
      { method: 'PUT', path: '^/api/files/', cutAfterBytes: 20000, times: 20 }
    ]
  });
  await openPublish(page, folder);
  await fillForm(page, 'Cut and resumed');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  const error = dialog.locator('.jp-artifacts-Share-error');
  await expect(error).toContainText('The upload failed.', { timeout: 60000 });
  await expect(error).toContainText('The draft is kept on Zenodo');
  expect((await state(page)).depositions).toHaveLength(1);

  await page.request.delete(`${STANDIN}/__standin/faults`);
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  const s = await state(page);
  expect(s.depositions).toHaveLength(1);
  expect(s.records).toHaveLength(1);
  expect(creates(s)).toBe(before + 1);
});

test('field errors show on their fields: checked before sending, and those Zenodo returns', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  await openPublish(page, folder);
  await fillForm(page, 'Field errors');
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('#jp-artifacts-field-title').fill('');
  await dialog
    .locator('#jp-artifacts-field-creators-0-orcid')
    .fill('0000-0002-1825-0098');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(
    dialog.locator('[data-field="title"] .jp-artifacts-Share-fieldError')
  ).toHaveText('A title is required.');
  await expect(
    dialog.locator(
      '[data-field="creators.0.orcid"] .jp-artifacts-Share-fieldError'
    )
  ).toContainText('not a valid ORCID iD');
  await expect(dialog.locator('#jp-artifacts-field-title')).toHaveAttribute(
    'aria-invalid',
    'true'
  );
  expect((await state(page)).depositions).toHaveLength(0);

  // Zenodo's own verdict at publish lands on the field too.
  await inject(page, {
    rules: [
      {
        method: 'POST',
        path: '/actions/publish$',
        status: 400,
        body: {
          status: 400,
          message: 'A validation error occurred.',
          errors: [
            {
              field: 'metadata.creators.0.affiliation',
              messages: ['Affiliation is not in the registry.']
            }
          ]
        }
      }
    ]
  });
  await dialog.locator('#jp-artifacts-field-title').fill('Field errors');
  await dialog
    .locator('#jp-artifacts-field-creators-0-orcid')
    .fill('0000-0002-1825-0097');
  await dialog
    .locator('#jp-artifacts-field-creators-0-affiliation')
    .fill('Nowhere Institute');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(
    dialog.locator(
      '[data-field="creators.0.affiliation"] .jp-artifacts-Share-fieldError'
    )
  ).toHaveText('Affiliation is not in the registry.', { timeout: 30000 });
  await dialog
    .locator('#jp-artifacts-field-creators-0-affiliation')
    .fill('Analytical Engines');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  const s = await state(page);
  expect(s.depositions).toHaveLength(1);
  expect(s.depositions[0].metadata.creators[0].affiliation).toBe(
    'Analytical Engines'
  );
});

test('a bad token is refused with a clear message and never shown or logged', async ({
  page
}) => {
  await setToken(page, 'definitely-not-a-token', false);
  const dialog = page.locator('.jp-Dialog .jp-artifacts-Share-account');
  await expect(dialog.locator('.jp-artifacts-Share-error')).toContainText(
    'does not know this token (401)'
  );
  await expect(dialog).not.toContainText('definitely-not-a-token');
  await dialog.getByRole('button', { name: 'Close' }).click();
  for (const message of consoleMessages) {
    expect(message).not.toContain('definitely-not-a-token');
  }
  for (const url of requestedUrls) {
    expect(url).not.toContain('definitely-not-a-token');
  }
});

test('a 429 from Zenodo waits, says so, and succeeds', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  await inject(page, {
    rules: [
      { method: 'POST', path: '/actions/publish$', rateLimitResetSeconds: 3 }
    ]
  });
  await openPublish(page, folder);
  await fillForm(page, 'Rate limited');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-waiting')).toContainText(
    'rate limit',
    { timeout: 30000 }
  );
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  expect((await state(page)).records).toHaveLength(1);
  expectNoTokenLeak();
});

test('Download folder as zip saves the same archive, no Zenodo involved', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(
      path =>
        (window as any).jupyterapp.commands.execute(
          'jupyterlab-artifacts:download-zip',
          { path }
        ),
      folder
    )
  ]);
  expect(download.suggestedFilename()).toBe('study.zip');
  const names = Object.keys(zipEntries(readFileSync((await download.path())!)));
  expect(names).toEqual(Object.keys(files).sort());
  expect(
    (await state(page)).requests.filter((r: any) => r.path.startsWith('/api/'))
  ).toHaveLength(0);
});

test('the folder context menu publishes the right-clicked folder; the whole workspace is one click away', async ({
  page,
  tmpPath
}) => {
  await makeFolder(page, `${tmpPath}/study`);
  await setToken(page);
  await page.filebrowser.openDirectory(tmpPath);
  await page
    .locator('.jp-DirListing-item[data-isdir="true"]', { hasText: 'study' })
    .click({ button: 'right' });
  const menu = page.locator('.lm-Menu');
  await expect(
    menu.locator('.lm-Menu-itemLabel', { hasText: 'Download Folder as Zip' })
  ).toBeVisible();
  await menu
    .locator('.lm-Menu-itemLabel', { hasText: 'Publish Folder to Zenodo…' })
    .click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    `4 files, 440 KB in total, from “${tmpPath}/study”.`
  );
  await dialog.getByRole('button', { name: 'Whole workspace instead' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    'from “/”'
  );
  await expect(dialog.locator('.jp-Dialog-header')).toContainText(
    'the workspace'
  );
});

test('a folder imported from someone else: offers a new artifact derived from the original DOI', async ({
  page,
  tmpPath
}) => {
  const initial = await (
    await page.request.get(`${STANDIN}/__standin/state`)
  ).json();
  // The longest title: the toast must still say its whole sentence.
  const original = initial.records
    .filter((r: any) => r.latest)
    .sort((a: any, b: any) => b.title.length - a.title.length)[0];
  const folder = `${tmpPath}/imported`;
  await makeFolder(page, folder);
  await page.contents.uploadContent(
    `cff-version: 1.2.0\nmessage: Cite it.\ntitle: ${JSON.stringify(original.title)}\nauthors:\n  - family-names: Someone\ndoi: ${original.doi}\n`,
    'text',
    `${folder}/CITATION.cff`
  );
  await setToken(page, OTHER_TOKEN);
  await page.evaluate(path => {
    void (window as any).jupyterapp.commands.execute(
      'jupyterlab-artifacts:publish-version',
      { path }
    );
  }, folder);
  const toast = page.locator('.Toastify__toast', {
    hasText: 'belongs to someone else'
  });
  await expect(toast).toBeVisible({ timeout: 30000 });
  await expect(toast).toContainText(
    `${original.doi} belongs to someone else, so your token cannot change it.`
  );
  await toast
    .getByRole('button', { name: 'Publish as a new artifact derived from it' })
    .click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
    '5 files'
  );
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await expect(
    dialog.locator('#jp-artifacts-field-relatedIdentifiers-0-identifier')
  ).toHaveValue(original.doi);
  await expect(
    dialog.locator('#jp-artifacts-field-relatedIdentifiers-0-relation')
  ).toHaveValue('isDerivedFrom');
  // The original's author is not prefilled as a creator of this one: one
  // empty row for the person publishing, and the form says why.
  await expect(dialog.locator('.jp-artifacts-Share-creator')).toHaveCount(1);
  await expect(
    dialog.locator('#jp-artifacts-field-creators-0-family')
  ).toHaveValue('');
  await expect(dialog.locator('#jp-artifacts-field-version')).toHaveValue('');
  await expect(dialog.locator('.jp-artifacts-Share-derived')).toContainText(
    `${original.doi} by Someone`
  );
  await expect(dialog.locator('.jp-artifacts-Share-derived')).toContainText(
    'you are its creator'
  );
  await expect(
    dialog.locator(
      '[id^="jp-artifacts-field-relatedIdentifiers-"][id$="-identifier"]'
    )
  ).toHaveCount(1);
  await dialog
    .locator('#jp-artifacts-field-description')
    .fill('My take on it.');
  await dialog.locator('#jp-artifacts-field-creators-0-family').fill('Other');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  const s = await state(page);
  expect(s.depositions).toHaveLength(1);
  expect(s.depositions[0].metadata.creators).toEqual([{ name: 'Other' }]);
  expect(s.depositions[0].metadata.related_identifiers).toEqual([
    expect.objectContaining({
      identifier: original.doi,
      relation: 'isDerivedFrom'
    })
  ]);
  // One new record (ours); the original owner's records are untouched.
  expect(s.records).toHaveLength(1);
});

test('files flagged as secrets start left out; one ticked on purpose is published and the result names it', async ({
  page,
  tmpPath
}) => {
  const secrets: Record<string, Buffer> = {
    ...files,
    id_rsa: Buffer.from(
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n'
    ),
    'api_token.txt': Buffer.from('not really a token, a note about tokens\n')
  };
  await setToken(page);
  const dialog = page.locator('.jp-Dialog');
  const warning = dialog.locator('.jp-artifacts-Share-warning');

  // Defaults: both are listed in the warning, unticked, and not counted.
  const quiet = `${tmpPath}/quiet`;
  await makeFolder(page, quiet, secrets);
  await openPublish(page, quiet);
  await expect(warning).toContainText('id_rsa');
  await expect(warning).toContainText('api_token.txt');
  await expect(
    warning.getByRole('checkbox', { name: 'Include id_rsa' })
  ).not.toBeChecked();
  await expect(
    warning.getByRole('checkbox', { name: 'Include api_token.txt' })
  ).not.toBeChecked();
  await fillForm(page, 'Secrets left out', '4 files');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  await expect(dialog.locator('.jp-artifacts-Share-result')).not.toContainText(
    'despite a warning'
  );
  let s = await state(page);
  const first = await recordArchive(page, s.records[0].id);
  expect(Object.keys(first.listing).sort()).toEqual(
    ['CITATION.cff', ...Object.keys(files)].sort()
  );
  await dialog.getByRole('button', { name: 'Done' }).click();

  // A deliberate tick includes one; the result says so.
  const chosen = `${tmpPath}/chosen`;
  await makeFolder(page, chosen, secrets);
  await openPublish(page, chosen);
  await warning
    .getByRole('checkbox', { name: 'Include api_token.txt' })
    .check();
  await expect(
    warning.getByRole('checkbox', { name: 'Include api_token.txt' })
  ).toBeChecked();
  await expect(
    warning.getByRole('checkbox', { name: 'Include id_rsa' })
  ).not.toBeChecked();
  await fillForm(page, 'One secret on purpose', '5 files');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  await expect(
    dialog.locator('.jp-artifacts-Share-includedSecrets')
  ).toContainText('Included despite a warning');
  await expect(
    dialog.locator('.jp-artifacts-Share-includedSecrets')
  ).toContainText('api_token.txt');
  await expect(
    dialog.locator('.jp-artifacts-Share-includedSecrets')
  ).not.toContainText('id_rsa');
  s = await state(page);
  const second = await recordArchive(page, s.records[1].id);
  expect(Object.keys(second.listing).sort()).toEqual(
    ['CITATION.cff', 'api_token.txt', ...Object.keys(files)].sort()
  );
  await dialog.getByRole('button', { name: 'Done' }).click();
});

test('the preview flags a secret by content and refuses a link out; with the companion it reads none of the files', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/checked`;
  await makeFolder(page, folder, {
    ...files,
    'settings.py': Buffer.from('AWS_KEY = "AKIAIOSFODNN7ABCDEFG"\n')
  });
  const serverRoot: string = await page.evaluate(
    () =>
      JSON.parse(document.getElementById('jupyter-config-data')!.textContent!)
        .serverRoot
  );
  const outside = mkdtempSync(join(tmpdir(), 'share-outside-'));
  writeFileSync(join(outside, 'credentials'), 'OUTSIDE '.repeat(10));
  symlinkSync(
    join(outside, 'credentials'),
    join(serverRoot, folder, 'notes.txt')
  );
  try {
    await setToken(page);
    requestedUrls = [];
    await openPublish(page, folder);
    const dialog = page.locator('.jp-Dialog');
    const warning = dialog.getByRole('alert');
    await expect(warning).toContainText('settings.py', { timeout: 30000 });
    await expect(
      warning.getByRole('checkbox', { name: 'Include settings.py' })
    ).not.toBeChecked();
    const refused = dialog.locator('.jp-artifacts-Share-refused');
    await expect(refused).toContainText('notes.txt');
    await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
      '4 files'
    );
    // The folder's files the page fetched through /files/ to check them.
    const fileReads = requestedUrls
      .filter(u => new URL(u).pathname.includes('/files/'))
      .map(u => decodeURIComponent(new URL(u).pathname).split('/checked/')[1])
      .filter(p => p && !/^citation\.cff$/i.test(p));
    const inspected = requestedUrls.filter(u =>
      u.includes('/jupyterlab-artifacts/api/inspect')
    );
    if (process.env.ARTIFACTS_NO_COMPANION) {
      // The page reads them itself (this is what the companion spares).
      expect(fileReads).toEqual(
        expect.arrayContaining(['settings.py', 'notes.txt'])
      );
      expect(inspected).toEqual([]);
    } else {
      expect(fileReads).toEqual([]);
      expect(inspected).toHaveLength(1);
    }
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('links are never followed out of the shared folder: the preview says what was left out, /dev/zero does not hang', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/linked`;
  await makeFolder(page, folder);
  const serverRoot: string = await page.evaluate(
    () =>
      JSON.parse(document.getElementById('jupyter-config-data')!.textContent!)
        .serverRoot
  );
  // Outside the server root, as ~/.aws/credentials would be.
  const outside = mkdtempSync(join(tmpdir(), 'share-outside-'));
  const secret = 'OUTSIDE-THE-FOLDER '.repeat(10);
  writeFileSync(join(outside, 'credentials'), secret);
  const onDisk = join(serverRoot, folder);
  symlinkSync(join(outside, 'credentials'), join(onDisk, 'notes.txt'));
  symlinkSync('/dev/zero', join(onDisk, 'data', 'zero.dat'));
  try {
    await setToken(page);
    await openPublish(page, folder);
    const dialog = page.locator('.jp-Dialog');
    const refused = dialog.locator('.jp-artifacts-Share-refused');
    await expect(refused).toContainText('notes.txt', { timeout: 30000 });
    await expect(refused).toContainText('data/zero.dat');
    await expect(refused).toContainText('a link');
    await fillForm(page, 'Linked study', '4 files');
    await dialog.getByRole('button', { name: 'Upload and publish' }).click();
    await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
      /^10\.5281\/zenodo\.\d+$/,
      { timeout: 30000 }
    );
    const s = await state(page);
    const { listing, body } = await recordArchive(page, s.records[0].id);
    expect(Object.keys(listing).sort()).toEqual(
      ['CITATION.cff', ...Object.keys(files)].sort()
    );
    expect(body.includes(Buffer.from('OUTSIDE-THE-FOLDER'))).toBe(false);
    await dialog.getByRole('button', { name: 'Done' }).click();
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});
