import {
  expect,
  IJupyterLabPage,
  IJupyterLabPageFixture
} from '@jupyterlab/galata';
import { APIRequestContext, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { zipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { TOKENS } from '../../dev/standin/tokens';

/**
 * What the Galata specs share: where the servers are, the patient start-up
 * of JupyterLab on a loaded machine, and publishing records straight
 * through the stand-in's deposit API (as another person would have). The
 * stages of ui-tests/rtc, ui-tests/notebook7 and ui-tests/hub use it too:
 * what takes a page works with a plain Playwright page as well.
 */

/** The part of a page (Galata's or Playwright's own) the helpers use. */
type AnyPage = Pick<Page, 'evaluate' | 'fill' | 'locator'>;

export { TOKENS };

/** The Zenodo stand-in the Playwright config starts. */
export const STANDIN = `http://127.0.0.1:${process.env.STANDIN_PORT || '9888'}`;

/** The JupyterLab server the Playwright config starts. */
export const LAB = `http://127.0.0.1:${process.env.UI_TEST_PORT || '8888'}`;

/** The catalogue's side panel. */
export const PANEL = '#jp-artifacts-catalogue';

/**
 * How long JupyterLab may take to start. Galata gives it 15 s, which a
 * machine shared by several test runs exceeds.
 */
const START_MS = 120000;

/**
 * The one patient wait for JupyterLab in a page: the application object,
 * its plugins started and its layout restored, the splash gone.
 */
export async function waitForLab(
  page: Pick<Page, 'waitForFunction' | 'evaluate' | 'locator'>
): Promise<void> {
  await page.waitForFunction(
    () => typeof (window as any).jupyterapp === 'object',
    null,
    { timeout: START_MS }
  );
  await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    await app.started;
    await app.restored;
  });
  await page
    .locator('#jupyterlab-splash')
    .waitFor({ state: 'detached', timeout: START_MS });
}

/**
 * Open JupyterLab at `url` (absolute, or a path such as `/lab/tree/<folder>`)
 * with Galata's routes and mocks in place, waiting for it as long as a
 * loaded machine needs ({@link waitForLab}). For specs that set
 * `test.use({ autoGoto: false })`.
 */
export async function openLab(
  page: IJupyterLabPageFixture,
  url: string
): Promise<void> {
  // The fixture's own `goto` would wait only 15 s: go with the raw page.
  const raw = page.context().pages()[0];
  await raw.goto(new URL(url, LAB).toString(), {
    waitUntil: 'domcontentloaded',
    timeout: START_MS
  });
  await waitForLab(raw);
}

/**
 * Galata's `goto` (relative to `/lab/`, e.g. `tree/<folder>?reset`, then its
 * helpers' check and `waitForApplication`), with {@link waitForLab} as its
 * wait for the start. Use in a `beforeEach` of a
 * `test.use({ autoGoto: false })` block.
 */
export async function patientGoto(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  // Galata's page helper reads this member in `goto`: it is replaced on
  // this page only.
  (
    page as unknown as { waitForAppStarted: () => Promise<void> }
  ).waitForAppStarted = () => waitForLab(page);
  await page.goto(path);
}

/**
 * Galata's `waitForApplication` (splash gone, Launcher active) with room for
 * a slow start. Use with `test.use({ waitForApplication: patientStart })`.
 */
export async function patientStart(
  // Playwright reads a fixture's dependencies from this pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  {}: object,
  use: (
    ready: (page: Page, helpers: IJupyterLabPage) => Promise<void>
  ) => Promise<void>
): Promise<void> {
  await use(async (page, helpers) => {
    await page
      .locator('#jupyterlab-splash')
      .waitFor({ state: 'detached', timeout: START_MS });
    await helpers.waitForCondition(
      () => helpers.activity.isTabActive('Launcher'),
      60000
    );
    if (!(await helpers.isInSimpleMode())) {
      await helpers.activity.activateTab('Launcher');
    }
  });
}

const auth = { Authorization: `Bearer ${TOKENS.write}` };
const json = { ...auth, 'Content-Type': 'application/json' };

/** A record published by {@link publishRecord}. */
export interface IPublished {
  /** The record id. */
  id: string;
  doi: string;
  /** The DOI of all versions. */
  conceptDoi: string;
  /** The record id of all versions. */
  conceptRecId: string;
  /** The record as the records API returns it. */
  record: any;
}

/** Options of {@link publishRecord}. */
export interface IPublishOptions {
  /**
   * Metadata over the defaults (a dataset of 2024-01-15 by "Tester, Test",
   * open, CC-BY-4.0).
   */
  metadata?: Record<string, unknown>;
  /**
   * The draft to fill (a new version's); its files are removed first. By
   * default a new deposition.
   */
  draft?: any;
}

/**
 * Publish a record with these files (name → bytes or text) through the
 * stand-in's deposit API, with the demo user's token.
 */
export async function publishRecord(
  title: string,
  files: Record<string, Uint8Array | string>,
  options: IPublishOptions = {}
): Promise<IPublished> {
  const draft =
    options.draft ??
    (await (
      await fetch(`${STANDIN}/api/deposit/depositions`, {
        method: 'POST',
        headers: json,
        body: '{}'
      })
    ).json());
  for (const old of draft.files ?? []) {
    await fetch(`${draft.links.bucket}/${encodeURIComponent(old.filename)}`, {
      method: 'DELETE',
      headers: auth
    });
  }
  for (const [key, body] of Object.entries(files)) {
    const put = await fetch(
      `${draft.links.bucket}/${encodeURIComponent(key)}`,
      {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/octet-stream' },
        body
      }
    );
    expect(put.status, key).toBeLessThan(300);
  }
  const meta = await fetch(`${STANDIN}/api/deposit/depositions/${draft.id}`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({
      metadata: {
        title,
        upload_type: 'dataset',
        publication_date: '2024-01-15',
        access_right: 'open',
        license: 'cc-by-4.0',
        description: '<p>A test record.</p>',
        creators: [{ name: 'Tester, Test' }],
        ...options.metadata
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
  const record = await (
    await fetch(`${STANDIN}/api/records/${body.record_id ?? body.id}`)
  ).json();
  return {
    id: String(record.id),
    doi: record.doi,
    conceptDoi: record.conceptdoi,
    conceptRecId: String(record.conceptrecid),
    record
  };
}

/** Text files zipped, as a course's material is published. */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])
    )
  );
}

/** The metadata of {@link publishCourse}'s records. */
const courseMetadata = (version: string) => ({
  version,
  upload_type: 'lesson',
  publication_date: `2024-0${version}-15`,
  description: '<p>Course material.</p>',
  creators: [{ name: 'Teacher, Tom' }]
});

/**
 * Publish version 1 of a course: one `course.zip` of `files`.
 */
export async function publishCourse(
  title: string,
  files: Record<string, string>
): Promise<IPublished> {
  return publishRecord(
    title,
    { 'course.zip': zipOf(files) },
    { metadata: courseMetadata('1') }
  );
}

/**
 * Publish version 2 of a course published by {@link publishCourse}: a new
 * version whose only file is a new `course.zip`.
 */
export async function publishCourseVersion(
  v1: IPublished,
  title: string,
  files: Record<string, string>
): Promise<IPublished> {
  const response = await fetch(
    `${STANDIN}/api/deposit/depositions/${v1.id}/actions/newversion`,
    { method: 'POST', headers: auth }
  );
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  const draft = await (
    await fetch(body.links.latest_draft, { headers: auth })
  ).json();
  return publishRecord(
    title,
    { 'course.zip': zipOf(files) },
    { metadata: courseMetadata('2'), draft }
  );
}

/** The stand-in's requests so far (method, path with query). */
export async function standinRequests(): Promise<
  { method: string; path: string }[]
> {
  return (await (await fetch(`${STANDIN}/__standin/state`)).json()).requests;
}

/** The names in a server folder, sorted, through the Contents API. */
export async function listNames(
  request: APIRequestContext,
  folder: string
): Promise<string[]> {
  const listing = await (
    await request.get(`/api/contents/${encodeURI(folder)}?content=1`)
  ).json();
  return listing.content.map((i: any) => i.name).sort();
}

/** A server file's text, through the Contents API. */
export async function readText(
  request: APIRequestContext,
  path: string
): Promise<string> {
  const model = await (
    await request.get(
      `/api/contents/${encodeURI(path)}?content=1&format=text&type=file`
    )
  ).json();
  return model.content;
}

/**
 * Open JupyterLab at a launch link's address (`/lab/tree/<folder>?artifact=…`)
 * and wait until the catalogue shows the record titled `title`.
 */
export async function openLaunchLink(
  page: IJupyterLabPageFixture,
  url: string,
  title: string
): Promise<void> {
  await openLab(page, url);
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
  ).toHaveText(title, { timeout: 30000 });
}

/**
 * Press the catalogue's Import for the record it shows, wait for the
 * result, and give the folder it says the copy went into.
 */
export async function importShown(page: AnyPage): Promise<string> {
  await page.locator(`${PANEL} .jp-artifacts-Catalogue-importButton`).click();
  const result = page.locator(`${PANEL} .jp-artifacts-Catalogue-result`);
  await expect(result).toBeVisible({ timeout: 60000 });
  const text = (await result.textContent()) ?? '';
  return /Imported into (.*?)\.\s/.exec(text + ' ')![1];
}

/** The sha256 of bytes, in hex. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The sha256 of every file under a server folder (relative path → hex),
 * through the Contents API.
 */
export async function serverDigests(
  request: APIRequestContext,
  folder: string
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string) => {
    const listing = await (
      await request.get(`/api/contents/${encodeURI(dir)}?content=1`)
    ).json();
    for (const item of listing.content) {
      if (item.type === 'directory') {
        await walk(item.path);
      } else {
        const model = await (
          await request.get(
            `/api/contents/${encodeURI(item.path)}?content=1&format=base64&type=file`
          )
        ).json();
        out[item.path.slice(folder.length + 1)] = sha256(
          Buffer.from(model.content, 'base64')
        );
      }
    }
  };
  await walk(folder);
  return out;
}

/**
 * A zip's entries (name → base64 of the bytes, folders included), read by
 * Python's zipfile after its own integrity test: another reader than ours.
 */
export function zipEntries(body: Buffer): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ui-zip-'));
  try {
    writeFileSync(join(dir, 'a.zip'), body);
    return JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json,sys,zipfile,base64\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))',
          join(dir, 'a.zip')
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
      )
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The files of a record's first archive (name → text), read by Python's
 * zipfile ({@link zipEntries}), and the archive's key.
 */
export async function recordArchive(
  request: APIRequestContext,
  id: number | string,
  standin: string = STANDIN
): Promise<{ key: string; files: Record<string, string> }> {
  const record = await (
    await request.get(`${standin}/api/records/${id}`)
  ).json();
  const key = record.files[0].key;
  const body = await (
    await request.get(
      `${standin}/api/records/${id}/files/${encodeURIComponent(key)}/content`
    )
  ).body();
  const files = Object.fromEntries(
    Object.entries(zipEntries(body)).map(([name, data]) => [
      name,
      Buffer.from(data, 'base64').toString('utf-8')
    ])
  );
  return { key, files };
}

/**
 * A small record (under 3 MB) of the stand-in's demo seeds whose only file
 * is a zip, as the search API gives it.
 */
export async function smallZipRecord(standin: string = STANDIN): Promise<any> {
  const found = await (
    await fetch(
      `${standin}/api/records?communities=artifacts-demo&size=25&sort=newest`
    )
  ).json();
  const record = found.hits.hits.find(
    (h: any) =>
      h.files.length === 1 &&
      h.files[0].key.endsWith('.zip') &&
      h.files[0].size < 3_000_000
  );
  expect(record, 'a small zip record in the demo seeds').toBeDefined();
  return record;
}

/**
 * Wait for an opened notebook to show, answering JupyterLab's kernel
 * question with "No Kernel" (the specs' notebooks name none, and no test
 * runs code).
 */
export async function notebookShown(
  page: Pick<Page, 'locator'>
): Promise<void> {
  const cell = page.locator('.jp-Notebook .jp-Cell').first();
  const kernelDialog = page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'No Kernel' });
  // A notebook that names no kernel always gets the question, once its
  // session is set up (possibly after the first cell shows): wait for it.
  await kernelDialog.click({ timeout: 60000 });
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  await expect(cell).toBeVisible();
}

/**
 * The stand-in's state with only what a test made: depositions and records
 * whose ids are not in `seeded` (read at the test's start).
 */
export async function madeState(
  page: IJupyterLabPageFixture,
  seeded: Set<number>
): Promise<any> {
  const s = await (await page.request.get(`${STANDIN}/__standin/state`)).json();
  return {
    ...s,
    depositions: s.depositions.filter((d: any) => !seeded.has(d.id)),
    records: s.records.filter((r: any) => !seeded.has(r.id))
  };
}

/** Open Share's account dialog (not awaited: it resolves when it closes). */
export async function openAccount(page: AnyPage) {
  await page.evaluate(() => {
    void (window as any).jupyterapp.commands.execute(
      'jupyterlab-artifacts:zenodo-account'
    );
  });
  return page.locator('.jp-Dialog .jp-artifacts-Share-account');
}

/**
 * Enter `token` in the account dialog and "Check and use" it; unless
 * `valid` is false, wait until the check is over and the dialog has closed,
 * so that the check's own requests are done before a test counts any.
 */
export async function setToken(
  page: AnyPage,
  token: string = TOKENS.write,
  valid = true
): Promise<void> {
  const account = await openAccount(page);
  await account.locator('#jp-artifacts-token').fill(token);
  await account.getByRole('button', { name: 'Check and use' }).click();
  if (valid) {
    await expect(account).toHaveCount(0, { timeout: 30000 });
  }
}

/** Search the open catalogue for a title and show that record's details. */
export async function showRecord(page: AnyPage, title: string): Promise<void> {
  await page.fill(`${PANEL} input[type="search"]`, `"${title}"`);
  await page
    .locator(`${PANEL} .jp-artifacts-Catalogue-item`, { hasText: title })
    .first()
    .click();
  await expect(
    page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
  ).toHaveText(title);
}
