import { expect, galata, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import JSZip from 'jszip';

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
  await expect(dialog).toContainText('2 files, 17 B in total');
  await expect(dialog).toContainText(
    'Left out (shared with a group or read-only): project/ocean'
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download zip' }).click()
  ]);
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
