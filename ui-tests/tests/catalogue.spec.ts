import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { cases, IHostileCase } from '../../dev/hostile/archives';
import {
  importShown,
  listNames,
  PANEL,
  patientGoto,
  patientStart,
  publishRecord,
  serverDigests,
  sha256,
  showRecord as showTitle,
  STANDIN
} from './helpers';
import { AA_NON_TEXT, AA_TEXT, contrastOf } from './contrast';

/**
 * The catalogue panel in a real JupyterLab against the Zenodo stand-in:
 * browse, search, sort, details, imports (zip and tar.gz, byte for byte),
 * clashes, cancel, the size limit, launch links and hostile descriptions.
 */

// With the companion (on unless ARTIFACTS_NO_COMPANION), the server unpacks.
const SERVER_EXTRACTION = !process.env.ARTIFACTS_NO_COMPANION;

interface IRecord {
  id: string;
  title: string;
  doi: string;
  files: { key: string; size: number; links: { self: string } }[];
  stats?: { downloads: number; views: number };
}

async function demoRecords(): Promise<IRecord[]> {
  const response = await fetch(
    `${STANDIN}/api/records?communities=artifacts-demo&size=25&sort=newest`
  );
  const body = await response.json();
  return body.hits.hits.map((h: any) => ({
    id: String(h.id),
    title: h.metadata?.title ?? h.title,
    doi: h.doi,
    files: h.files.map((f: any) => ({
      key: f.key,
      size: f.size,
      links: f.links
    })),
    stats: h.stats
  }));
}

async function smallRecord(ext: string): Promise<IRecord> {
  const found = (await demoRecords()).find(
    r =>
      r.files.length === 1 &&
      r.files[0].key.endsWith(ext) &&
      r.files[0].size < 3_000_000
  );
  expect(found, `a small ${ext} record in the demo seeds`).toBeDefined();
  return found!;
}

/**
 * sha256 of every regular file in an archive, by path, computed with
 * Python's own zipfile/tarfile (an independent reader).
 */
async function archiveDigests(
  record: IRecord
): Promise<Record<string, string>> {
  const file = record.files[0];
  const url = `${STANDIN}/api/records/${record.id}/files/${encodeURIComponent(file.key)}/content`;
  const data = Buffer.from(await (await fetch(url)).arrayBuffer());
  const tmp = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'cat-')),
    file.key
  );
  fs.writeFileSync(tmp, data);
  const script = `
import hashlib, json, sys, tarfile, zipfile
p = sys.argv[1]
out = {}
if p.endswith('.zip'):
    with zipfile.ZipFile(p) as z:
        for i in z.infolist():
            if not i.is_dir():
                out[i.filename] = hashlib.sha256(z.read(i)).hexdigest()
else:
    with tarfile.open(p) as t:
        for m in t.getmembers():
            if m.isfile():
                out[m.name[2:] if m.name.startswith('./') else m.name] = hashlib.sha256(t.extractfile(m).read()).hexdigest()
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, tmp]).toString());
}

async function openCatalogue(page: IJupyterLabPageFixture) {
  await page.sidebar.openTab('jp-artifacts-catalogue');
  await expect(page.locator(PANEL)).toBeVisible();
  await expect(page.locator(`${PANEL} [role="status"]`).first()).toHaveText(
    /\d+ artifacts?/
  );
}

const showRecord = (page: IJupyterLabPageFixture, record: IRecord) =>
  showTitle(page, record.title);

test.use({ waitForApplication: patientStart });

test.beforeEach(async () => {
  await fetch(`${STANDIN}/__standin/faults`, { method: 'DELETE' });
});

test.describe('browse', () => {
  test('lists the community, searches as you type, sorts, pages', async ({
    page
  }) => {
    await openCatalogue(page);
    const items = page.locator(`${PANEL} .jp-artifacts-Catalogue-item`);
    expect(await items.count()).toBeGreaterThan(5);
    // Each item shows title, creators, date, size and DOI.
    await expect(items.first()).toContainText(/10\.5281\/zenodo\.\d+/);
    await expect(items.first()).toContainText(/\d{4}-\d{2}-\d{2}/);
    await expect(items.first()).toContainText(/(KB|MB|bytes)/);

    // Search as you type (debounced): only matching titles remain.
    await page
      .locator(`${PANEL} input[type="search"]`)
      .pressSequentially('coral', {
        delay: 30
      });
    await expect(items.first()).toContainText(/coral/i);
    const titles = await page
      .locator(`${PANEL} .jp-artifacts-Catalogue-title`)
      .allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) {
      expect(t.toLowerCase()).toContain('coral');
    }

    // Zenodo's query syntax passes through.
    await page.fill(`${PANEL} input[type="search"]`, 'title:"river discharge"');
    await expect(items.first()).toContainText(/river discharge/i);

    // Nothing found: an empty state, not an empty list.
    await page.fill(`${PANEL} input[type="search"]`, 'zzqqxxnothing');
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-empty`)
    ).toBeVisible();

    // Sort by most downloaded: the order is Zenodo's (here the stand-in's)
    // for sort=mostdownloaded, and the counts are shown.
    await page.fill(`${PANEL} input[type="search"]`, '');
    await page.selectOption(
      `${PANEL} select[aria-label="Sort by"]`,
      'mostdownloaded'
    );
    const expected = await (
      await fetch(
        `${STANDIN}/api/records?communities=artifacts-demo&sort=mostdownloaded&size=25`
      )
    ).json();
    const expectedTitles = expected.hits.hits.map((h: any) => h.metadata.title);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-title`)
    ).toHaveText(expectedTitles);
    await expect(items.first()).toContainText(/\d+ downloads/);
    await page.selectOption(`${PANEL} select[aria-label="Sort by"]`, 'newest');
    const newest = await (
      await fetch(
        `${STANDIN}/api/records?communities=artifacts-demo&sort=newest&size=25`
      )
    ).json();
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-title`)
    ).toHaveText(newest.hits.hits.map((h: any) => h.metadata.title));

    // Type filter: the list becomes what Zenodo (the stand-in) answers for
    // that type, which is not what it answers for every type, so the test
    // fails if the filter is ignored.
    const newestOfType = async (type: string) =>
      (
        await (
          await fetch(
            `${STANDIN}/api/records?communities=artifacts-demo&sort=newest&size=25${type ? `&type=${type}` : ''}`
          )
        ).json()
      ).hits;
    const software = await newestOfType('software');
    const any = await newestOfType('');
    expect(software.total).toBeGreaterThan(0);
    expect(software.total).toBeLessThan(any.total);
    await page.selectOption(
      `${PANEL} select[aria-label="Filter by type"]`,
      'software'
    );
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-title`)
    ).toHaveText(software.hits.map((h: any) => h.metadata.title));
    await expect(page.locator(`${PANEL} [role="status"]`).first()).toHaveText(
      new RegExp(`\\b${software.total} artifacts?\\b`)
    );
    // Back to any type: everything again.
    await page.selectOption(`${PANEL} select[aria-label="Filter by type"]`, '');
    await expect(page.locator(`${PANEL} [role="status"]`).first()).toHaveText(
      new RegExp(`\\b${any.total} artifacts?\\b`)
    );
  });

  test('is usable with the keyboard alone', async ({ page }) => {
    await openCatalogue(page);
    await page.focus(`${PANEL} input[type="search"]`);
    await page.keyboard.type('coral');
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-item`).first()
    ).toContainText(/coral/i);
    // Tab to the first result and open it with Enter.
    const first = page.locator(`${PANEL} .jp-artifacts-Catalogue-item`).first();
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
    ).toContainText(/coral/i);
  });

  test('shows details: description, files, versions, licence, citation', async ({
    page
  }) => {
    const record = (await demoRecords()).find(r => /coral/i.test(r.title))!;
    await openCatalogue(page);
    await showRecord(page, record);
    const details = page.locator(`${PANEL} .jp-artifacts-Catalogue-details`);
    await expect(details).toContainText(record.doi);
    await expect(details).toContainText('Licence');
    await expect(
      details.locator('.jp-artifacts-Catalogue-description')
    ).toContainText(/transect/i);
    await expect(
      details.locator('.jp-artifacts-Catalogue-files')
    ).toContainText(record.files[0].key);
    await expect(
      details.locator('.jp-artifacts-Catalogue-citation')
    ).toContainText(`https://doi.org/${record.doi}`);
    await expect(
      details.getByRole('button', { name: 'Copy citation' })
    ).toBeVisible();
    await expect(
      details.getByRole('link', { name: 'Open the record page' })
    ).toHaveAttribute('target', '_blank');
    // Versions: the coral survey has two; the older one can be shown.
    const versions = details.locator('.jp-artifacts-Catalogue-versions li');
    await expect(versions).toHaveCount(2);
    await details
      .locator('.jp-artifacts-Catalogue-versions button')
      .first()
      .click();
    await expect(
      details.locator('.jp-artifacts-Catalogue-versions strong')
    ).toBeVisible();
    await expect(
      details.locator('.jp-artifacts-Catalogue-facts')
    ).toContainText('1.0.0');
    await page.click(`${PANEL} .jp-artifacts-Catalogue-back`);
    await expect(page.locator(`${PANEL} input[type="search"]`)).toBeVisible();
  });
});

test.describe('import', () => {
  for (const ext of ['.zip', '.tar.gz']) {
    test(`imports a ${ext} artifact byte for byte, opens it, cites it`, async ({
      page,
      request,
      tmpPath
    }) => {
      const record = await smallRecord(ext);
      await openCatalogue(page);
      await showRecord(page, record);
      const folder = await importShown(page);
      expect(folder.startsWith(`${tmpPath}/`)).toBe(true);
      // Written file by file from the browser, whether or not the server
      // has jupyter-archive: a checked archive goes to no other extractor.
      // With the companion, the server checks and writes.
      await expect(
        page.locator(`${PANEL} .jp-artifacts-Catalogue-result`)
      ).toHaveAttribute(
        'data-method',
        SERVER_EXTRACTION ? 'server' : 'browser'
      );

      const expected = await archiveDigests(record);
      const actual = await serverDigests(request, folder);
      for (const [p, digest] of Object.entries(expected)) {
        if (p === 'CITATION.cff') {
          continue; // the DOI is added to it, see below
        }
        expect(actual[p], p).toBe(digest);
      }
      // Nothing else but the CITATION.cff recording the DOI.
      const extra = Object.keys(actual).filter(p => !(p in expected));
      expect(extra.filter(p => p !== 'CITATION.cff')).toEqual([]);
      const cff = await (
        await request.get(
          `/api/contents/${encodeURI(folder)}/CITATION.cff?content=1&format=text&type=file`
        )
      ).json();
      expect(cff.content).toContain(`doi: ${record.doi}`);

      // The file browser shows the folder; a README or notebook opened.
      await expect(
        page.locator('.jp-FileBrowser .jp-BreadCrumbs')
      ).toContainText(folder.split('/').pop()!);
      await expect(
        page
          .locator(
            '.jp-MainAreaWidget .lm-TabBar-tab, #jp-main-dock-panel .lm-TabBar-tab'
          )
          .filter({
            hasText: /README|\.ipynb/
          })
          .first()
      ).toBeVisible();
    });
  }

  test('a name clash imports into a new folder; the first is untouched', async ({
    page,
    request,
    tmpPath
  }) => {
    const record = await smallRecord('.zip');
    await openCatalogue(page);
    await showRecord(page, record);
    const first = await importShown(page);
    const before = await serverDigests(request, first);
    // Back to the same folder (the import showed the new one).
    await page.evaluate(
      path =>
        (window as any).jupyterapp.commands.execute('filebrowser:go-to-path', {
          path,
          dontShowBrowser: true
        }),
      `/${tmpPath}`
    );
    await page.sidebar.openTab('jp-artifacts-catalogue');
    await page.click(`${PANEL} .jp-artifacts-Catalogue-back`);
    await showRecord(page, record);
    const second = await importShown(page);
    expect(second).toBe(`${first} (2)`);
    expect(await serverDigests(request, first)).toEqual(before);
    expect(await listNames(request, tmpPath)).toEqual(
      [first, second].map(p => p.split('/').pop()).sort()
    );
  });

  test('cancel mid-download leaves nothing behind', async ({
    page,
    request,
    tmpPath
  }) => {
    const record = await smallRecord('.zip');
    await openCatalogue(page);
    await showRecord(page, record);
    await fetch(`${STANDIN}/__standin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rules: [{ path: '/content$', latencyMs: 6000 }] })
    });
    await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-phase`)
    ).toHaveText('Downloading');
    await page.click(
      `${PANEL} .jp-artifacts-Catalogue-progress button:has-text("Cancel")`
    );
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-phase`)
    ).toHaveText('Import cancelled');
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-progress`)
    ).toContainText('Nothing was left behind.');
    expect(await listNames(request, tmpPath)).toEqual([]);
  });

  test.describe('with a 1 MB limit', () => {
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        'jupyterlab-artifacts:catalogue': { maxImportBytes: 1_000_000 },
        // The setting limits the browser path (the companion has its own).
        'jupyterlab-artifacts:transfers': { transfers: 'browser' }
      }
    });

    test('a too-large artifact is refused before download', async ({
      page,
      request,
      tmpPath
    }) => {
      const record = (await demoRecords()).find(r =>
        r.files.some(f => f.size > 1_000_000)
      )!;
      expect(record).toBeDefined();
      await openCatalogue(page);
      await showRecord(page, record);
      const before = (await (await fetch(`${STANDIN}/__standin/state`)).json())
        .requests.length;
      await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
      await expect(
        page.locator(`${PANEL} .jp-artifacts-Catalogue-progress`)
      ).toContainText(
        /more than the 1\.0 MB this server accepts.*Nothing was downloaded/
      );
      const after = (
        await (await fetch(`${STANDIN}/__standin/state`)).json()
      ).requests.slice(before);
      expect(after.filter((r: any) => /\/content$/.test(r.path))).toEqual([]);
      expect(await listNames(request, tmpPath)).toEqual([]);
    });
  });
});

test.describe('hostile and unusual archives', () => {
  test.use({ autoGoto: false });

  test('a "...zip" next to a README is refused; the user’s files and folder stay', async ({
    page,
    request,
    tmpPath
  }) => {
    // The user's own course folder, where the import goes.
    for (const [name, content] of [
      ['README.md', 'my own notes'],
      ['utils.py', '# my code']
    ]) {
      await request.put(`/api/contents/${tmpPath}/${name}`, {
        data: { type: 'file', format: 'text', content }
      });
    }
    const id = await publishFiles('Dot-dot archive test', {
      'README.md': Buffer.from('# the artifact'),
      '...zip': hostileCase('good-mixed-zip').bytes
    });
    await page.goto(`tree/${tmpPath}?artifact=${id}`);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
    ).toHaveText('Dot-dot archive test', { timeout: 30000 });
    await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-progress`)
    ).toContainText('"...zip" cannot be stored on the server', {
      timeout: 60000
    });
    expect(await listNames(request, tmpPath)).toEqual([
      'README.md',
      'utils.py'
    ]);
    for (const [name, content] of [
      ['README.md', 'my own notes'],
      ['utils.py', '# my code']
    ]) {
      const model = await (
        await request.get(
          `/api/contents/${tmpPath}/${name}?content=1&format=text&type=file`
        )
      ).json();
      expect(model.content).toBe(content);
    }
  });

  test('a zip-slip archive is refused, saying which entry and why; nothing is written', async ({
    page,
    request,
    tmpPath
  }) => {
    // Refused by the browser's reader or by the companion's: both say the
    // same archive problem (path-climbs) in words, naming the entry.
    const id = await publishFiles('Zip slip test', {
      'zip-slip.zip': hostileCase('zip-slip').bytes
    });
    await page.goto(`tree/${tmpPath}?artifact=${id}`);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
    ).toHaveText('Zip slip test', { timeout: 30000 });
    await page.click(`${PANEL} .jp-artifacts-Catalogue-importButton`);
    const progress = page.locator(`${PANEL} .jp-artifacts-Catalogue-progress`);
    await expect(progress).toContainText('zip-slip.zip was not imported', {
      timeout: 60000
    });
    await expect(progress).toContainText('"../evil.sh"');
    await expect(progress).toContainText(
      '".." would climb out of the new folder (zip slip); refused.'
    );
    expect(await listNames(request, tmpPath)).toEqual([]);
  });

  test('imports a .tar and a .ZIP (which failed through jupyter-archive)', async ({
    page,
    request,
    tmpPath
  }) => {
    const tar = hostileCase('good-plain-tar');
    const zip = hostileCase('good-upper-case-zip-extension');
    const id = await publishFiles('Tar and upper-case zip test', {
      [tar.file]: tar.bytes,
      [zip.file]: zip.bytes
    });
    await page.goto(`tree/${tmpPath}?artifact=${id}`);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
    ).toHaveText('Tar and upper-case zip test', { timeout: 30000 });
    const folder = await importShown(page);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-result`)
    ).toHaveAttribute('data-method', SERVER_EXTRACTION ? 'server' : 'browser');
    // Their top-level names differ (the tar's are under top/, long/, …):
    // both unpack into the new folder itself, every file byte for byte.
    const digests = await serverDigests(request, folder);
    const expected: Record<string, string> = {
      ...pythonDigests(tar),
      ...pythonDigests(zip)
    };
    expect(Object.keys(expected).length).toBe(
      tar.entries!.length + zip.entries!.length
    );
    expected['CITATION.cff'] = sha256(
      Buffer.from(
        (
          await (
            await request.get(
              `/api/contents/${encodeURI(folder)}/CITATION.cff?content=1&format=text&type=file`
            )
          ).json()
        ).content
      )
    );
    expect(digests).toEqual(expected);
  });
});

test.describe('launch links and descriptions', () => {
  test.use({ autoGoto: false });

  test('a launch link shows the artifact with Import and writes nothing', async ({
    page,
    request,
    tmpPath
  }) => {
    const record = await smallRecord('.zip');
    await page.goto(
      `tree/${tmpPath}?artifact=${encodeURIComponent(record.doi)}`
    );
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
    ).toHaveText(record.title, { timeout: 30000 });
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-launch`)
    ).toBeVisible();
    // What the link said, beside the record found.
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-launchFound`)
    ).toContainText(record.doi);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-importButton`)
    ).toBeVisible();
    // The parameter is gone from the address bar.
    expect(page.url()).not.toContain('artifact=');
    // Only offered: the offer (the Import button) is shown, where an import
    // would show its progress.
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-progress`)
    ).toHaveCount(0);
    expect(await listNames(request, tmpPath)).toEqual([]);
    // A record URL works too.
    await page.goto(
      `tree/${tmpPath}?artifact=${encodeURIComponent(`${STANDIN}/records/${record.id}`)}`
    );
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-detailsTitle`)
    ).toHaveText(record.title, { timeout: 30000 });
    // The same record number on another site is another record: refused.
    await page.goto(
      `tree/${tmpPath}?artifact=${encodeURIComponent(`https://elsewhere.example/records/${record.id}`)}`
    );
    await expect(page.locator(`${PANEL}`)).toContainText(
      'https://elsewhere.example',
      { timeout: 30000 }
    );
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-importButton`)
    ).toHaveCount(0);
  });

  test('a description with a script does not run it; links open in a new tab', async ({
    page,
    tmpPath
  }) => {
    const id = await publishHostileRecord();
    let dialogs = 0;
    page.on('dialog', async d => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`tree/${tmpPath}?artifact=${id}`);
    const description = page.locator(
      `${PANEL} .jp-artifacts-Catalogue-description`
    );
    await expect(description).toContainText('Harmless text', {
      timeout: 30000
    });
    // An image's error handler, had one survived, has run once the image
    // has failed to load.
    await expect
      .poll(() =>
        description
          .locator('img')
          .evaluateAll(images =>
            images.every(i => (i as HTMLImageElement).complete)
          )
      )
      .toBe(true);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(await description.locator('script').count()).toBe(0);
    expect(await description.locator('[onerror], [onclick]').count()).toBe(0);
    const link = description.locator('a');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
  });
});

/**
 * One case of the shared archive generator (dev/hostile/archives.js).
 */
function hostileCase(name: string): IHostileCase {
  const found = cases().find(c => c.name === name);
  expect(found, name).toBeDefined();
  return found!;
}

/**
 * sha256 of every regular file of a generated archive, read by Python's
 * zipfile/tarfile (an independent reader), by path.
 */
function pythonDigests(c: IHostileCase): Record<string, string> {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cat-')), c.file);
  fs.writeFileSync(tmp, c.bytes);
  const script = `
import hashlib, json, sys, tarfile, zipfile
p = sys.argv[1]
out = {}
if p.lower().endswith('.zip'):
    with zipfile.ZipFile(p) as z:
        for i in z.infolist():
            if not i.is_dir():
                out[i.filename] = hashlib.sha256(z.read(i)).hexdigest()
else:
    with tarfile.open(p) as t:
        for m in t.getmembers():
            if m.isfile():
                out[m.name] = hashlib.sha256(t.extractfile(m).read()).hexdigest()
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, tmp]).toString());
}

/**
 * Publish, through the stand-in's deposit API, a record with these files.
 */
async function publishFiles(
  title: string,
  files: Record<string, Uint8Array>
): Promise<string> {
  const published = await publishRecord(title, files, {
    metadata: { description: '<p>An archive test.</p>' }
  });
  return published.id;
}

/**
 * Publish, through the stand-in's deposit API, a record whose description
 * tries to run code.
 */
async function publishHostileRecord(): Promise<string> {
  const published = await publishRecord(
    'Hostile description test',
    { 'notes.txt': 'hello' },
    {
      metadata: {
        description:
          '<p>Harmless text</p><script>window.__pwned = 1; alert(1)</script>' +
          '<img src="x" onerror="window.__pwned = 2; alert(2)">' +
          '<a href="https://example.org/" onclick="window.__pwned = 3">a link</a>'
      }
    }
  );
  return published.id;
}

/**
 * Publish, through the stand-in's deposit API, a one-file record in the demo
 * community (so that the catalogue lists it).
 */
async function publishCommunityRecord(title: string): Promise<IRecord> {
  const { id, doi, record } = await publishRecord(
    title,
    { 'notes.txt': `notes of ${title}` },
    {
      metadata: {
        description: '<p>A catalogue test.</p>',
        communities: [{ identifier: 'artifacts-demo' }]
      }
    }
  );
  return {
    id,
    title,
    doi,
    files: record.files.map((f: any) => ({
      key: f.key,
      size: f.size,
      links: f.links
    })),
    stats: record.stats
  };
}

/** The count the status line shows. */
async function shownCount(page: IJupyterLabPageFixture): Promise<number> {
  const status = page.locator(`${PANEL} .jp-artifacts-Catalogue-status`);
  // Read once and test what was read: between two reads a new search can
  // turn the status into "Searching…".
  let text = '';
  await expect
    .poll(async () => {
      text = (await status.textContent()) ?? '';
      return /^\d+ artifacts?$/.test(text);
    })
    .toBe(true);
  return Number(/\d+/.exec(text)![0]);
}

function parentOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

/**
 * Issue 12: what a walkthrough as a new user found in the catalogue.
 */
test.describe('as a person finds it', () => {
  // Several imports and page loads each: room for a machine shared by other
  // test runs.
  test.describe.configure({ timeout: 300000 });
  test.use({ autoGoto: false });

  test.beforeEach(async ({ page, tmpPath }) => {
    await patientGoto(page, `tree/${tmpPath}?reset`);
  });

  test('imports go where the person chose, never into the previous import', async ({
    page,
    request,
    tmpPath
  }) => {
    const small = (await demoRecords()).filter(
      r =>
        r.files.length === 1 &&
        r.files[0].key.endsWith('.zip') &&
        r.files[0].size < 3_000_000
    );
    expect(small.length).toBeGreaterThanOrEqual(2);
    await page.contents.createDirectory(`${tmpPath}/elsewhere`);
    await openCatalogue(page);
    // The target is shown plainly, before anything is chosen.
    const target = page.locator(`${PANEL} .jp-artifacts-Catalogue-target`);
    const targetText = target.locator('.jp-artifacts-Catalogue-targetText');
    await expect(targetText).toHaveText(`Import into: ${tmpPath}`);

    await showRecord(page, small[0]);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-import`)
    ).toContainText(tmpPath);
    const first = await importShown(page);
    expect(parentOf(first)).toBe(tmpPath);
    // The file browser shows the new folder...
    await expect(page.locator('.jp-FileBrowser .jp-BreadCrumbs')).toContainText(
      first.split('/').pop()!
    );
    // ...and the next import still goes where the person chose.
    await page.click(`${PANEL} .jp-artifacts-Catalogue-back`);
    await showRecord(page, small[1]);
    const second = await importShown(page);
    expect(parentOf(second)).toBe(tmpPath);

    // The catalogue opened again while the file browser is inside an
    // artifact folder: the target is not that folder.
    await page.evaluate(
      path =>
        (window as any).jupyterapp.commands.execute('filebrowser:go-to-path', {
          path
        }),
      `/${second}`
    );
    await page.sidebar.openTab('jp-artifacts-catalogue');
    await page.click(`${PANEL} .jp-artifacts-Catalogue-back`);
    await expect(targetText).toHaveText(
      new RegExp(`Import into: ${tmpPath}$`),
      {
        timeout: 30000
      }
    );

    // Change it: a folder picker.
    const pick = async (name: string) => {
      await target.getByRole('button', { name: /Change/ }).click();
      const dialog = page.locator('.jp-Dialog');
      await expect(dialog).toBeVisible();
      // From the top, whatever folder the picker starts in.
      await dialog.locator('.jp-BreadCrumbs-home').click();
      for (const segment of [tmpPath, name]) {
        await dialog
          .locator('.jp-DirListing-item', { hasText: segment })
          .first()
          .dblclick();
        await expect(dialog.locator('.jp-BreadCrumbs')).toContainText(segment);
      }
      await dialog.getByRole('button', { name: 'Select' }).click();
    };
    await pick('elsewhere');
    await expect(targetText).toHaveText(
      new RegExp(`Import into: ${tmpPath}/elsewhere$`),
      { timeout: 30000 }
    );
    // An artifact folder is a target only when the person says so.
    await pick(first.split('/').pop()!);
    const ask = page.locator('.jp-Dialog');
    await expect(ask).toContainText(/artifact/, { timeout: 30000 });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(targetText).toHaveText(
      new RegExp(`Import into: ${tmpPath}/elsewhere$`),
      { timeout: 30000 }
    );

    await showRecord(page, small[0]);
    const third = await importShown(page);
    expect(parentOf(third)).toBe(`${tmpPath}/elsewhere`);
    expect(await listNames(request, tmpPath)).toEqual(
      [first, second, `${tmpPath}/elsewhere`]
        .map(p => p.split('/').pop())
        .sort()
    );
  });

  test('one download, one file: plurals read right', async ({ page }) => {
    const record = await publishCommunityRecord(`Plural test ${Date.now()}`);
    // One download and one view, counted by the stand-in as Zenodo would.
    await fetch(
      `${STANDIN}/api/records/${record.id}/files/notes.txt/content`
    ).then(r => r.arrayBuffer());
    await openCatalogue(page);
    await page.fill(`${PANEL} input[type="search"]`, `"${record.title}"`);
    const item = page.locator(`${PANEL} .jp-artifacts-Catalogue-item`, {
      hasText: record.title
    });
    await expect(item).toContainText(/\b1 download\b/);
    await expect(item).not.toContainText('downloads');
    await item.click();
    const importBox = page.locator(`${PANEL} .jp-artifacts-Catalogue-import`);
    await expect(importBox).toContainText(/\bin 1 file\b/);
    await expect(importBox).not.toContainText('file(s)');
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-facts`)
    ).toContainText(/\b1 download\b/);
  });

  test.describe('a fresh list', () => {
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        'jupyterlab-artifacts:catalogue': { pageSize: 5 }
      }
    });

    test('refresh, refreshed after a publish, Next shows the top of the new page', async ({
      page
    }) => {
      await openCatalogue(page);
      const before = await shownCount(page);
      await publishCommunityRecord(`Refresh test ${Date.now()}`);
      await page
        .locator(PANEL)
        .getByRole('button', { name: 'Refresh the catalogue' })
        .click();
      await expect
        .poll(() => shownCount(page), { timeout: 15000 })
        .toBe(before + 1);

      // A publish finished (the Share menu says so through the public
      // IArtifactEvents token): the open list follows by itself.
      const published = await publishCommunityRecord(
        `Published test ${Date.now()}`
      );
      await page.evaluate(
        async p => {
          const events = await (window as any).galata.getPlugin(
            'jupyterlab-artifacts:events'
          );
          events.announcePublished(p);
        },
        { doi: published.doi, recordId: published.id, folder: '' }
      );
      await expect
        .poll(() => shownCount(page), { timeout: 15000 })
        .toBe(before + 2);

      // Next: the new page from its top, the list focused.
      const panel = page.locator(PANEL);
      await panel.evaluate(e => (e.scrollTop = e.scrollHeight));
      expect(await panel.evaluate(e => e.scrollTop)).toBeGreaterThan(0);
      await panel.getByRole('button', { name: 'Next' }).click();
      await expect(
        panel.locator('.jp-artifacts-Catalogue-pager')
      ).toContainText('Page 2 of');
      await expect.poll(() => panel.evaluate(e => e.scrollTop)).toBe(0);
      await expect
        .poll(() =>
          page.evaluate(
            () =>
              !!document.activeElement?.closest(
                '.jp-artifacts-Catalogue-results'
              )
          )
        )
        .toBe(true);
    });

    test('the keyword filter applies while typing', async ({ page }) => {
      const hits: any[] = [];
      let total = 0;
      for (let p = 1; p === 1 || hits.length < total; p++) {
        const listing = await (
          await fetch(
            `${STANDIN}/api/records?communities=artifacts-demo&size=25&page=${p}`
          )
        ).json();
        total = listing.hits.total;
        hits.push(...listing.hits.hits);
      }
      const counts = new Map<string, number>();
      for (const h of hits) {
        for (const k of h.metadata.keywords ?? []) {
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
      }
      // A keyword some artifacts have and most do not.
      const [keyword] = [...counts.entries()]
        .filter(([, c]) => c > 0 && c < total / 2)
        .sort((a, b) => b[1] - a[1])[0];
      // What Zenodo answers to the query the catalogue sends (a keyword
      // query also matches longer keywords holding it, and earlier tests of
      // the run publish into the community).
      const n = (
        await (
          await fetch(
            `${STANDIN}/api/records?communities=artifacts-demo&size=1&q=${encodeURIComponent(
              `keywords:"${keyword}"`
            )}`
          )
        ).json()
      ).hits.total;
      expect(n).toBeLessThan(total);
      await openCatalogue(page);
      await page
        .locator(PANEL)
        .getByLabel('Filter by keyword')
        .pressSequentially(keyword, { delay: 40 });
      // No Enter, no leaving the field.
      await expect.poll(() => shownCount(page), { timeout: 10000 }).toBe(n);
      await expect(
        page.locator(PANEL).getByLabel('Filter by keyword')
      ).toBeFocused();
    });
  });

  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${theme} theme`, () => {
      test.use({
        mockSettings: {
          ...galata.DEFAULT_SETTINGS,
          '@jupyterlab/apputils-extension:themes': {
            theme: theme === 'dark' ? 'JupyterLab Dark' : 'JupyterLab Light'
          }
        }
      });

      test(`the catalogue is readable in the ${theme} theme (WCAG AA)`, async ({
        page
      }, testInfo) => {
        await expect(page.locator('body')).toHaveAttribute(
          'data-jp-theme-light',
          theme === 'dark' ? 'false' : 'true'
        );
        await openCatalogue(page);
        const panel = page.locator(PANEL);
        const check = async (
          what: string,
          selector: string,
          property?: string
        ) => {
          const c = await contrastOf(panel.locator(selector).first(), property);
          expect(
            c.ratio,
            `${what} (${theme}): ${c.foreground} on ${c.background}`
          ).toBeGreaterThanOrEqual(property ? AA_NON_TEXT : AA_TEXT);
        };
        await check('title', '.jp-artifacts-Catalogue-title');
        await check('details line', '.jp-artifacts-Catalogue-meta');
        await check('count', '.jp-artifacts-Catalogue-status');
        await testInfo.attach(`catalogue-${theme}`, {
          body: await panel.screenshot(),
          contentType: 'image/png'
        });

        // A failure: the error text.
        await fetch(`${STANDIN}/__standin/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            rules: [{ path: '^/api/records$', status: 500, times: 10 }]
          })
        });
        await page.fill(`${PANEL} input[type="search"]`, 'contrast check');
        await expect(
          panel.locator('.jp-artifacts-Catalogue-error')
        ).toBeVisible({
          timeout: 30000
        });
        await check('error', '.jp-artifacts-Catalogue-error p');
        await testInfo.attach(`catalogue-error-${theme}`, {
          body: await panel.screenshot(),
          contentType: 'image/png'
        });
        await fetch(`${STANDIN}/__standin/faults`, { method: 'DELETE' });
        // Zenodo's search budget spent: the waiting notice.
        await fetch(`${STANDIN}/__standin/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            rules: [
              {
                path: '^/api/records$',
                rateLimitResetSeconds: 120,
                times: 10
              }
            ]
          })
        });
        await page.fill(`${PANEL} input[type="search"]`, 'waiting check');
        await expect(
          panel.locator('.jp-artifacts-Catalogue-waiting')
        ).toBeVisible({
          timeout: 30000
        });
        await check('waiting notice', '.jp-artifacts-Catalogue-waiting');
        await fetch(`${STANDIN}/__standin/faults`, { method: 'DELETE' });

        // Where imports go.
        await page.fill(`${PANEL} input[type="search"]`, '');
        await check('import target', '.jp-artifacts-Catalogue-target');
      });
    });
  }
});
