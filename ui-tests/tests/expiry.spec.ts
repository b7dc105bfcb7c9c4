import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import * as fs from 'fs';
import JSZip from 'jszip';

import { AA_TEXT, contrastOf } from './contrast';

/**
 * The countdown in a plain JupyterLab with a hard deadline a few minutes
 * ahead: honest words, colour, warning with "Download my work", details.
 */
const deadline = new Date(Date.now() + 4 * 60_000 + 30_000);

test.use({
  mockSettings: async ({ tmpPath }, use) => {
    await use({
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-artifacts:expiry': {
        hardDeadline: deadline.toISOString(),
        warningMinutes: [15, 5, 1],
        downloadFolder: tmpPath
      },
      'jupyterlab-artifacts:badges': {
        rules: [{ pattern: '*/project/*', group: '{name}' }]
      }
    });
  }
});

test('countdown to a hard deadline warns and downloads my work without shared folders', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    'print(1)\n',
    'text',
    `${tmpPath}/analysis.py`
  );
  await page.contents.createDirectory(`${tmpPath}/results`);
  await page.contents.uploadContent(
    'a,b\n1,2\n',
    'text',
    `${tmpPath}/results/table.csv`
  );
  await page.contents.createDirectory(`${tmpPath}/project`);
  await page.contents.createDirectory(`${tmpPath}/project/ocean`);
  await page.contents.uploadContent(
    'not mine\n',
    'text',
    `${tmpPath}/project/ocean/big.dat`
  );
  await page.reload();
  await page
    .waitForSelector('#jupyterlab-splash', { state: 'detached' })
    .catch(() => undefined);

  const item = page.locator('#jp-main-statusbar .jp-artifacts-Expiry');
  const hhmm = deadline.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit'
  });
  await expect(item).toContainText(`Deleted at ${hhmm}`);
  await expect(item).toContainText(/· [45] min left/);
  await expect(item).toHaveAttribute('data-level', 'urgent');
  await expect(item).toHaveAttribute('title', /all its files are deleted/);
  await expect(item).toHaveAttribute(
    'aria-label',
    /Server time limit: Deleted at/
  );

  // The 5-minute warning, once, with the action.
  const toast = page.locator('.Toastify__toast', {
    hasText: 'will be deleted in'
  });
  await expect(toast).toHaveCount(1);
  await expect(
    toast.getByRole('button', { name: 'Download my work' })
  ).toBeVisible();

  // Details: no "I'm still here" for a date that does not move.
  await item.click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('When this server stops');
  await expect(
    dialog.getByRole('button', { name: "I'm still here" })
  ).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Download my work' }).click();

  // The size first, shared folders left out.
  await expect(dialog).toContainText('2 files, 17 bytes in total');
  await expect(dialog).toContainText(
    'Left out (shared with a group or read-only): project/ocean'
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download zip' }).click()
  ]);
  // Named after the person (hub user); without a hub, not `my-work-work.zip`.
  expect(download.suggestedFilename()).toBe('my-work.zip');
  const file = await download.path();

  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  expect(
    Object.keys(zip.files)
      .filter((n: string) => !n.endsWith('/'))
      .sort()
  ).toEqual(['analysis.py', 'results/table.csv']);
});

test.describe('no policy', () => {
  test.use({ mockSettings: galata.DEFAULT_SETTINGS });
  test('shows nothing where no policy applies', async ({ page }) => {
    await expect(page.locator('#jp-main-statusbar')).toBeVisible();
    await expect(page.locator('.jp-artifacts-Expiry')).toBeHidden();
    await expect(page.locator('#jp-main-statusbar')).not.toContainText(
      /Deleted|Stops by/
    );
  });
});

/**
 * Galata's own wait also waits for the Launcher tab, which on a loaded
 * machine can take longer than its fixed 15 s; these tests need only the
 * application (and wait for the countdown themselves).
 */
const splashGone = async (
  // Playwright reads a fixture's dependencies from this pattern: none.
  // eslint-disable-next-line no-empty-pattern
  {},
  use: (
    fn: (page: import('@playwright/test').Page) => Promise<void>
  ) => Promise<void>
) =>
  use(async page => {
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
  });

/**
 * The hard deadline of the fake-clock tests, set with their settings.
 */
let clockDeadline = 0;

/** Settings with a hard deadline 20 minutes ahead (kept in `clockDeadline`). */
function deadlineSettings(tmpPath: string) {
  // Far enough for the page to load before any step is crossed.
  clockDeadline = Date.now() + 20 * 60_000;
  return {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-artifacts:expiry': {
      downloadFolder: tmpPath,
      hardDeadline: new Date(clockDeadline).toISOString(),
      warningMinutes: [15, 5, 1]
    }
  };
}

/**
 * The page's clock is Playwright's fake one, installed at the real time
 * before the page loads: the single read of a hard-deadline policy takes the
 * server's `Date` header as now (same machine: a skew under a second, the
 * header's own rounding), and from then on only the fake clock moves.
 * `leaveWith` moves it to a given time left.
 */
async function withFakeClock(page: IJupyterLabPageFixture) {
  await page.clock.install({ time: Date.now() });
  await page.goto();
  await page
    .waitForSelector('#jupyterlab-splash', { state: 'detached' })
    .catch(() => undefined);
  // The countdown runs once it shows the deadline.
  await expect(
    page.locator('#jp-main-statusbar .jp-artifacts-Expiry')
  ).toContainText('Deleted at');
}

/**
 * Move the page's clock forward until `ms` are left before the deadline, as
 * the page's own clock measures it (the countdown may count up to a second
 * more: the `Date` header is rounded down to the second).
 */
async function leaveWith(page: import('@playwright/test').Page, ms: number) {
  const pageNow: number = await page.evaluate(() => Date.now());
  const remaining = clockDeadline - pageNow;
  if (remaining > ms) {
    await page.clock.runFor(Math.round(remaining - ms));
  }
  // runFor leaves the clock paused; a page's time flows (toasts update on a
  // zero timeout).
  await page.clock.resume();
}

test.describe('one clock for the words', () => {
  test.use({
    autoGoto: false,
    waitForApplication: splashGone,
    mockSettings: async ({ tmpPath }, use) => {
      await use(deadlineSettings(tmpPath));
    }
  });

  test('warnings never say more time than is left, and give way to the next one', async ({
    page
  }) => {
    await withFakeClock(page);
    const item = page.locator('#jp-main-statusbar .jp-artifacts-Expiry');
    const warnings = page.locator('.Toastify__toast', {
      hasText: 'will be deleted in'
    });
    const final = page.locator('.Toastify__toast', {
      hasText: 'have been deleted'
    });
    // What a warning may not claim: a count of minutes (or m:ss) that a
    // moment later is more than is left.
    const stale = /deleted in \d+ min|deleted in \d:\d\d/;

    // 14:30 left: the 15-minute warning; the status bar rounds down.
    await leaveWith(page, 14 * 60_000 + 30_000);
    await expect(item).toContainText('· 14 min left');
    await expect(warnings).toHaveCount(1);
    await expect(warnings).toContainText('deleted in less than 15 min');

    // 4:30 left: the 5-minute warning replaces the 15-minute one.
    await leaveWith(page, 4 * 60_000 + 30_000);
    await expect(item).toContainText('· 4 min left');
    await expect(warnings).toHaveCount(1);
    await expect(warnings).toContainText('deleted in less than 5 min');

    // 3:20 left: what is on screen still holds.
    await leaveWith(page, 3 * 60_000 + 20_000);
    await expect(item).toContainText('· 3 min left');
    await expect(warnings).toHaveCount(1);
    await expect(warnings).not.toContainText(stale);

    // 0:40 left: one wording for the last minute, never "1:00" or "0:40".
    await leaveWith(page, 40_000);
    await expect(item).toContainText('· less than 1 min left');
    await expect(warnings).toHaveCount(1);
    await expect(warnings).toContainText('deleted in less than 1 min');
    await expect(item).not.toContainText(/\d:\d\d left/);

    // The end: the final message alone.
    await leaveWith(page, -3000);
    await expect(final).toHaveCount(1);
    await expect(warnings).toHaveCount(0);
    await expect(item).toContainText('Server deleted');
  });
});

test.describe('countdown contrast', () => {
  test.use({
    autoGoto: false,
    waitForApplication: splashGone,
    mockSettings: async ({ tmpPath }, use) => {
      await use(deadlineSettings(tmpPath));
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`the countdown is readable at every level in the ${theme} theme (WCAG AA)`, async ({
      page
    }, testInfo) => {
      await withFakeClock(page);
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      } else {
        await page.theme.setLightTheme();
      }
      const item = page.locator('#jp-main-statusbar .jp-artifacts-Expiry');
      const text = item.locator('.jp-StatusBar-TextItem');
      const levels: [number, string][] = [
        [18 * 60_000, 'normal'],
        [14 * 60_000 + 30_000, 'soon'],
        [4 * 60_000 + 30_000, 'urgent'],
        [40_000, 'critical'],
        [-3000, 'ended']
      ];
      for (const [left, level] of levels) {
        await leaveWith(page, left);
        await expect(item).toHaveAttribute('data-level', level);
        // Toasts slide over the status bar's right side, not this item;
        // the pointer stays away from it (hover changes the background).
        await page.mouse.move(700, 300);
        const shot = await item.screenshot();
        await testInfo.attach(`countdown-${theme}-${level}.png`, {
          body: shot,
          contentType: 'image/png'
        });
        if (process.env.COUNTDOWN_SCREENSHOTS) {
          // The README's pictures (see "Try it"): one per theme and level.
          fs.mkdirSync(process.env.COUNTDOWN_SCREENSHOTS, { recursive: true });
          fs.writeFileSync(
            `${process.env.COUNTDOWN_SCREENSHOTS}/countdown-${theme}-${level}.png`,
            shot
          );
        }
        for (const hovered of [false, true]) {
          if (hovered) {
            await item.hover();
          }
          const { ratio, foreground, background } = await contrastOf(text);
          expect
            .soft(
              ratio,
              `${theme} theme, ${level}${hovered ? ', hovered' : ''}: ${foreground} on ${background} is ${ratio.toFixed(2)}:1`
            )
            .toBeGreaterThanOrEqual(AA_TEXT);
        }
      }
    });
  }
});
