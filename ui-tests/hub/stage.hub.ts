/**
 * The extension under a real JupyterHub (see jupyterhub_config.py): it loads
 * under /user/alice/, badges come from hub groups, "Download my work" leaves
 * the group folder out, the catalogue imports through the server companion
 * (from this checkout) under /user/alice/, a hidden tab with the countdown
 * running does not move
 * the hub's last_activity, and the culler stops the server when the
 * countdown said it would.
 */
import { expect, Page, test } from '@playwright/test';
import * as fs from 'fs';

import {
  importShown,
  PANEL,
  showRecord,
  smallZipRecord,
  waitForLab,
  zipEntries
} from '../tests/helpers';

const port = process.env.HUB_PUBLIC_PORT || '8100';
const base = `http://127.0.0.1:${port}`;
const CULL_TIMEOUT = 60_000;
const CULL_EVERY = 10_000;
const standin = process.env.HUB_STANDIN_URL!;

async function hubApi(path: string): Promise<any> {
  const response = await fetch(`${base}/hub/api/${path}`, {
    headers: { Authorization: `token ${process.env.HUB_TEST_TOKEN}` }
  });
  expect(response.status, `GET ${path}`).toBe(200);
  return response.json();
}

/** A GET through the hub's proxy to alice's own server, with the tests' token. */
async function aliceApi(path: string): Promise<any> {
  const response = await fetch(`${base}/user/alice/${path}`, {
    headers: { Authorization: `token ${process.env.HUB_TEST_TOKEN}` }
  });
  expect(response.status, `GET /user/alice/${path}`).toBe(200);
  return response.json();
}

async function aliceServer(): Promise<any | null> {
  const user = await hubApi('users/alice');
  const server = user.servers?.[''];
  return server && server.ready ? server : null;
}

function row(page: Page, name: string) {
  return page.locator('.jp-DirListing-item', {
    has: page.locator('.jp-DirListing-itemText', {
      hasText: new RegExp(`^${name}$`)
    })
  });
}

test.describe.serial('under JupyterHub', () => {
  let page: Page;
  const requests: { url: string; at: number }[] = [];

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    page.on('request', r => requests.push({ url: r.url(), at: Date.now() }));
    page.on('console', m => {
      if (m.type() === 'error' || m.type() === 'warning') {
        console.log(`[browser ${m.type()}] ${m.text()}`);
      }
    });
    page.on('pageerror', e => console.log(`[page error] ${e}`));
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('loads under /user/alice/ with group badges from hub groups', async () => {
    await page.goto('/hub/login');
    await page.fill('input[name="username"]', 'alice');
    await page.fill('input[name="password"]', 'any');
    await page.click('#login_submit, input[type="submit"]');
    await page.waitForURL(/\/user\/alice\/lab/, { timeout: 90_000 });
    await waitForLab(page);

    const plugins = () =>
      page.evaluate(() => {
        const app = (window as any).jupyterapp;
        return app
          .listPlugins()
          .filter((id: string) => id.startsWith('jupyterlab-artifacts:'))
          .map((id: string) => [id, app.isPluginActivated(id)]);
      });
    await expect.poll(plugins, { timeout: 30_000 }).toEqual(
      expect.arrayContaining([
        ['jupyterlab-artifacts:badges', true],
        ['jupyterlab-artifacts:badges-renderer', true],
        ['jupyterlab-artifacts:expiry', true]
      ])
    );

    await row(page, 'shared').dblclick();
    const badge = row(page, 'physics').locator('.jp-artifacts-GroupBadge');
    await expect(badge).toHaveText('physics');
    await expect(badge).toHaveAttribute(
      'aria-label',
      'Shared with group physics: members can read and write here'
    );
    await row(page, 'physics').dblclick();
    await expect(
      page.locator('.jp-artifacts-CurrentFolderBadge .jp-artifacts-GroupBadge')
    ).toHaveText('physics');
  });

  test('Download my work: a zip of my files without the group folder', async () => {
    await page.evaluate(() => {
      void (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:download-my-work'
      );
    });
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('2 files, 22 bytes in total');
    await expect(dialog).toContainText(
      'Left out (shared with a group or read-only): shared/physics'
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download zip' }).click()
    ]);
    expect(download.suggestedFilename()).toBe('alice-work.zip');

    const zip = zipEntries(fs.readFileSync(await download.path()));
    const names = Object.keys(zip).filter((n: string) => !n.endsWith('/'));
    expect(names.sort()).toEqual(['analysis.py', 'results/fit.csv']);
  });

  test('the catalogue imports through the companion under /user/alice/', async () => {
    // A small one-zip record of the stand-in's demo seeds.
    const record = await smallZipRecord(standin);
    const title = record.metadata?.title ?? record.title;
    const archive = zipEntries(
      Buffer.from(
        await (
          await fetch(
            `${standin}/api/records/${record.id}/files/${encodeURIComponent(record.files[0].key)}/content`
          )
        ).arrayBuffer()
      )
    );
    const inArchive = Object.keys(archive)
      .filter(n => !n.endsWith('/'))
      .sort();

    // Import into the home folder (the last test left the browser in the
    // group's folder).
    await page.locator('.jp-FileBrowser .jp-BreadCrumbs-home').click();
    requests.length = 0;
    await page
      .locator('.lm-TabBar-tab[data-id="jp-artifacts-catalogue"]')
      .click();
    await showRecord(page, title);
    const folder = await importShown(page);
    await expect(
      page.locator(`${PANEL} .jp-artifacts-Catalogue-result`)
    ).toHaveAttribute('data-method', 'server');

    // The page talked to the companion under /user/alice/ and never fetched
    // the file itself.
    const urls = requests.map(r => r.url);
    expect(
      urls.filter(u =>
        u.startsWith(`${base}/user/alice/jupyterlab-artifacts/api/jobs`)
      ).length
    ).toBeGreaterThan(0);
    expect(urls.filter(u => /\/content$/.test(u))).toEqual([]);

    // The companion's own record of it, read through alice's server: an
    // import job that ended with that folder (or the archive's subfolder
    // the page then moves up into it).
    const { jobs } = await aliceApi('jupyterlab-artifacts/api/jobs');
    const job = jobs.find(
      (j: any) =>
        j.kind === 'import' &&
        (j.result?.path === folder || j.result?.path?.startsWith(`${folder}/`))
    );
    expect(job, JSON.stringify(jobs)).toBeDefined();
    expect(job.phase).toBe('done');

    // And what it wrote, through the Contents API: the archive's files.
    const written: string[] = [];
    const walk = async (dir: string) => {
      const listing = await aliceApi(
        `api/contents/${encodeURI(dir)}?content=1`
      );
      for (const item of listing.content) {
        if (item.type === 'directory') {
          await walk(item.path);
        } else {
          written.push(item.path.slice(folder.length + 1));
        }
      }
    };
    await walk(folder);
    expect(written.filter(p => p !== 'CITATION.cff').sort()).toEqual(
      inArchive.filter(p => p !== 'CITATION.cff')
    );
  });

  test('the hub is the source, a hidden tab keeps nothing alive, the culler stops on time', async () => {
    test.setTimeout(240_000);
    const status = page.locator('#jp-main-statusbar .jp-artifacts-Expiry');
    await expect(status).toContainText('Stops by about');
    await expect(status).toHaveAttribute(
      'title',
      /after 1 min without activity; it checks every 10 s/
    );
    // The figures come from the hub (what the culler reads), and the item
    // says so.
    await expect(status).toHaveAttribute(
      'title',
      /Last activity as the hub sees it\./
    );

    // Leave the tab: JupyterLab and the countdown's reads stand by; the
    // countdown's clock keeps running.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        value: 'hidden',
        configurable: true
      });
      Object.defineProperty(document, 'hidden', {
        value: true,
        configurable: true
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    // Lumino polls "linger" for one more tick after the page is hidden;
    // JupyterLab's slowest (kernelspecs, api/me) tick every 61 s. Wait for
    // those, then for the hub to collect activity from the proxy (every 10 s).
    await page.waitForTimeout(75_000);
    const before = (await aliceServer()).last_activity;
    requests.length = 0;

    // When the culler must stop it, from the hub's own figures: the
    // countdown's words are computed the same way (expiry/policy, jest),
    // and a hidden page does not read them again.
    const predicted = {
      earliest: Date.parse(before) + CULL_TIMEOUT,
      latest: Date.parse(before) + CULL_TIMEOUT + CULL_EVERY
    };

    // Wait for the culler, checking that last_activity does not move.
    let stoppedAt = 0;
    let lastSeen = before;
    while (Date.now() < predicted.latest + 30_000) {
      const server = await aliceServer();
      if (!server) {
        stoppedAt = Date.now();
        break;
      }
      lastSeen = server.last_activity;
      expect(lastSeen).toBe(before);
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    expect(stoppedAt, 'the culler stopped the server').toBeGreaterThan(0);
    // Within the culler's check interval (plus the stop itself, ≤ 5 s).
    expect(stoppedAt).toBeGreaterThanOrEqual(predicted.earliest - 1000);
    expect(stoppedAt).toBeLessThanOrEqual(predicted.latest + 5000);

    // Nothing at all from the page while hidden.
    const fromPage = requests.map(r => r.url);
    expect(fromPage).toEqual([]);

    // While hidden the countdown does not ask: it only says what may be.
    await expect(status).toHaveText('May have stopped (idle)', {
      timeout: 15_000
    });

    // Back on the tab, one read finds out, and says so clearly instead of a
    // bare "not running".
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        value: 'visible',
        configurable: true
      });
      Object.defineProperty(document, 'hidden', {
        value: false,
        configurable: true
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    // (Reads stay at most one a minute, so this may take up to a minute.)
    await expect(status).toHaveText('Server stopped', { timeout: 75_000 });
    await expect(
      page.locator('.Toastify__toast', {
        hasText: 'This server was stopped after 1 min without activity'
      })
    ).toHaveCount(1);
  });
});
