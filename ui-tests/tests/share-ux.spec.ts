import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import { AA_TEXT, contrastOf } from './contrast';
import {
  madeState,
  openAccount,
  openLab,
  setToken,
  STANDIN,
  TOKENS
} from './helpers';

/**
 * The Share dialogs as a person meets them (issue 12): from the keyboard,
 * with a token that cannot publish, with Zenodo unreachable, editing
 * metadata, and the form's small frictions. Real JupyterLab, real HTTP to
 * the Zenodo stand-in the Playwright config starts.
 */

// Slow starts on a shared machine (see openLab) need more than 60 s.
test.describe.configure({ timeout: 180000 });

test.use({
  mockSettings: { ...galata.DEFAULT_SETTINGS },
  // Galata gives JupyterLab 15 s to start; on a machine shared by many test
  // runs it can take longer, so these tests open it themselves (below).
  autoGoto: false
});

let seeded = new Set<number>();
let pageErrors: string[] = [];

test.beforeEach(async ({ page, request, baseURL, tmpPath }) => {
  pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  await openLab(page, `${baseURL}/lab/tree/${tmpPath}`);
  await request.post(`${STANDIN}/__standin/reset`);
  const initial = await (
    await request.get(`${STANDIN}/__standin/state`)
  ).json();
  seeded = new Set(initial.depositions.map((d: any) => d.id));
});

test.afterEach(async ({ request }) => {
  await request.delete(`${STANDIN}/__standin/faults`);
  expect(pageErrors).toEqual([]);
});

const FILES: Record<string, string> = {
  'analysis.py': 'print("soil")\n',
  'data/table.csv': 'site,flux\nA,1.25\n',
  'README.md': 'Study folder\n'
};

async function makeFolder(
  page: IJupyterLabPageFixture,
  folder: string,
  files: Record<string, string> = FILES
) {
  for (const [path, text] of Object.entries(files)) {
    await page.contents.uploadContent(text, 'text', `${folder}/${path}`);
  }
}

async function run(page: IJupyterLabPageFixture, command: string, path = '') {
  await page.evaluate(
    ([id, p]) => {
      void (window as any).jupyterapp.commands.execute(id, { path: p });
    },
    [`jupyterlab-artifacts:${command}`, path]
  );
}

/** The stand-in's state, with only what the test made (not the seeds). */
const state = (page: IJupyterLabPageFixture) => madeState(page, seeded);

/** From the preview to a form that validates. */
async function fillForm(page: IJupyterLabPageFixture, title: string) {
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Next: describe it' }).click();
  await dialog.locator('#jp-artifacts-field-title').fill(title);
  await dialog
    .locator('#jp-artifacts-field-description')
    .fill('Notebooks and data of the soil study.');
  if (
    !(await dialog.locator('#jp-artifacts-field-creators-0-family').count())
  ) {
    await dialog.getByRole('button', { name: 'Add creator' }).click();
  }
  await dialog
    .locator('#jp-artifacts-field-creators-0-family')
    .fill('Lovelace');
  await dialog.locator('#jp-artifacts-field-creators-0-given').fill('Ada');
}

/** Whether the focused element is inside the open dialog. */
async function focusInDialog(page: IJupyterLabPageFixture): Promise<boolean> {
  return page.evaluate(
    () => !!document.activeElement?.closest('.jp-Dialog .jp-Dialog-content')
  );
}

/** Tab (or Shift+Tab) `times` times; focus must stay in the dialog. */
async function tabAround(page: IJupyterLabPageFixture, times: number) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < times; i++) {
      await page.keyboard.press(key);
      expect(await focusInDialog(page), `${key} #${i + 1}`).toBe(true);
    }
  }
}

test.describe('from the keyboard', () => {
  test('the Zenodo account dialog takes the focus, keeps Tab inside and closes on Escape', async ({
    page
  }) => {
    await openAccount(page);
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('#jp-artifacts-token')).toBeFocused();
    await tabAround(page, 10);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });

  test('the publish dialog takes the focus at each step, keeps Tab inside and Escape cancels', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/study`;
    await makeFolder(page, folder);
    await setToken(page);
    await run(page, 'publish', folder);
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-artifacts-Share-summary')).toContainText(
      '3 files'
    );
    const next = dialog.getByRole('button', { name: 'Next: describe it' });
    await expect(next).toBeFocused();
    await tabAround(page, 8);
    await next.focus();
    await page.keyboard.press('Enter');
    // The form: focus on its first field; Tab wraps at both ends.
    const title = dialog.locator('#jp-artifacts-field-title');
    const upload = dialog.getByRole('button', { name: 'Upload and publish' });
    await expect(title).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(upload).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(title).toBeFocused();
    await tabAround(page, 4);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect((await state(page)).depositions).toHaveLength(0);
  });
});

test.describe('the token check', () => {
  test('a read-only token is refused and the missing scopes are named', async ({
    page
  }) => {
    const account = await openAccount(page);
    await account.locator('#jp-artifacts-token').fill(TOKENS.readonly);
    await account.getByRole('button', { name: 'Check', exact: true }).click();
    const error = account.locator('.jp-artifacts-Share-error');
    await expect(error).toContainText('cannot publish');
    await expect(error).toContainText('deposit:write and deposit:actions');
    await expect(account).not.toContainText('The token works');

    const { token } = await (
      await page.request.post(`${STANDIN}/__standin/tokens`, {
        data: { scopes: ['deposit:write'] }
      })
    ).json();
    await account.locator('#jp-artifacts-token').fill(token);
    await account.getByRole('button', { name: 'Check and use' }).click();
    await expect(error).toContainText('lacks the scope deposit:actions');
    // Not used: the dialog stays open and no draft was left behind.
    await expect(account).toBeVisible();
    expect((await state(page)).depositions).toHaveLength(0);

    await account.locator('#jp-artifacts-token').fill(TOKENS.write);
    await account.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(account.locator('.jp-artifacts-Share-success')).toContainText(
      'can publish'
    );
    expect((await state(page)).depositions).toHaveLength(0);
  });
});

test('with Zenodo unreachable, the publish says so once and what Retry will do', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  // After the draft is made, every metadata request loses its connection
  // (the client's own retries included).
  await page.request.post(`${STANDIN}/__standin/faults`, {
    data: {
      rules: [
        {
          method: 'PUT',
          path: '^/api/deposit/depositions/\\d+$',
          times: 50,
          cutResponseAfterBytes: 0
        }
      ]
    }
  });
  await run(page, 'publish', folder);
  await fillForm(page, 'Unreachable');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.getByRole('button', { name: 'Retry' })).toBeVisible({
    timeout: 60000
  });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  expect(text).not.toContain('did not accept');
  expect(text.match(/[Cc]ould not (be )?reach/g) ?? []).toHaveLength(1);
  expect(text).toMatch(/Retry sends the metadata again to the same draft/);
  // Zenodo is back: Retry finishes with the one draft.
  await page.request.delete(`${STANDIN}/__standin/faults`);
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  expect((await state(page)).depositions).toHaveLength(1);
});

test('Edit published metadata shows the form, no file list', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  await run(page, 'publish', folder);
  await fillForm(page, 'To be edited');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('#jp-artifacts-result-doi')).toHaveValue(
    /^10\.5281\/zenodo\.\d+$/,
    { timeout: 30000 }
  );
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);

  await run(page, 'edit-metadata', folder);
  await expect(dialog.locator('#jp-artifacts-field-title')).toHaveValue(
    'To be edited',
    { timeout: 30000 }
  );
  await expect(dialog.locator('.jp-artifacts-Share-list')).toHaveCount(0);
  await expect(
    dialog.locator('input[type="checkbox"][aria-label^="Include"]')
  ).toHaveCount(0);
  await expect(dialog).toContainText('changes the metadata only');
});

test.describe('the metadata form', () => {
  test('a field error goes as soon as the field is fixed', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/study`;
    await makeFolder(page, folder);
    await setToken(page);
    await run(page, 'publish', folder);
    await fillForm(page, 'Errors');
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('#jp-artifacts-field-title').fill('');
    await dialog
      .locator('#jp-artifacts-field-creators-0-orcid')
      .fill('0000-0002-1825-0098');
    await dialog.getByRole('button', { name: 'Upload and publish' }).click();
    const titleError = dialog.locator(
      '[data-field="title"] .jp-artifacts-Share-fieldError'
    );
    const orcidError = dialog.locator(
      '[data-field="creators.0.orcid"] .jp-artifacts-Share-fieldError'
    );
    await expect(titleError).toBeVisible();
    await expect(orcidError).toBeVisible();
    await dialog.locator('#jp-artifacts-field-title').fill('Fixed');
    await expect(titleError).toHaveCount(0);
    await expect(dialog.locator('#jp-artifacts-field-title')).toHaveAttribute(
      'aria-invalid',
      'false'
    );
    // The ORCID error stays until the ORCID itself is fixed.
    await expect(orcidError).toBeVisible();
    await dialog
      .locator('#jp-artifacts-field-creators-0-orcid')
      .fill('0000-0002-1825-0097');
    await expect(orcidError).toHaveCount(0);
    expect((await state(page)).depositions).toHaveLength(0);
  });

  test('the ORCID field shows a whole ORCID iD and stays in line with its error', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/study`;
    await makeFolder(page, folder);
    await setToken(page);
    await run(page, 'publish', folder);
    await fillForm(page, 'ORCID');
    const dialog = page.locator('.jp-Dialog');
    const orcid = dialog.locator('#jp-artifacts-field-creators-0-orcid');
    const family = dialog.locator('#jp-artifacts-field-creators-0-family');
    await orcid.fill('0000-0002-1825-009X');
    // The whole iD shows: the text is no wider than the input's inside.
    const size = await orcid.evaluate((n: HTMLInputElement) => {
      const style = getComputedStyle(n);
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.font = `${style.fontSize} ${style.fontFamily}`;
      return {
        text: Math.ceil(canvas.measureText(n.value).width),
        inside:
          n.clientWidth -
          parseFloat(style.paddingLeft) -
          parseFloat(style.paddingRight)
      };
    });
    expect(size.text, JSON.stringify(size)).toBeLessThanOrEqual(size.inside);
    await dialog.getByRole('button', { name: 'Upload and publish' }).click();
    await expect(
      dialog.locator(
        '[data-field="creators.0.orcid"] .jp-artifacts-Share-fieldError'
      )
    ).toBeVisible();
    const a = (await orcid.boundingBox())!;
    const b = (await family.boundingBox())!;
    expect(Math.abs(a.y - b.y)).toBeLessThan(2);
    // ... and does not run under the Remove button beside it.
    const remove = (await dialog
      .getByRole('button', { name: 'Remove creator 1' })
      .boundingBox())!;
    expect(a.x + a.width).toBeLessThanOrEqual(remove.x);
  });
});

test('a cancel the user asked for is shown as neutral, not as an error', async ({
  page,
  tmpPath
}) => {
  const folder = `${tmpPath}/study`;
  await makeFolder(page, folder);
  await setToken(page);
  await page.request.post(`${STANDIN}/__standin/faults`, {
    data: { rules: [{ method: 'PUT', path: '^/api/files/', latencyMs: 8000 }] }
  });
  await run(page, 'publish', folder);
  await fillForm(page, 'To be cancelled');
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Upload and publish' }).click();
  await expect(dialog.locator('.jp-artifacts-Share-status')).toContainText(
    'Uploading',
    { timeout: 30000 }
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const cancelled = dialog.locator('.jp-artifacts-Share-cancelled');
  await expect(cancelled).toContainText('discarded');
  const colours = await dialog.evaluate(node => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--jp-error-color1)';
    node.appendChild(probe);
    const error = getComputedStyle(probe).color;
    probe.remove();
    const red = Array.from(node.querySelectorAll<HTMLElement>('*')).filter(
      n => n.offsetParent !== null && getComputedStyle(n).color === error
    );
    return { error, red: red.map(n => n.className || n.tagName) };
  });
  expect(colours.red).toEqual([]);
  await expect(dialog.locator('.jp-artifacts-Share-error')).toHaveCount(0);
});

test.describe('in the browser', () => {
  // The browser builds the zip and counts its files.
  test.use({
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyterlab-artifacts:transfers': { transfers: 'browser' }
    }
  });
  test('Download folder as zip says "1 file", not "1 files"', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/one`;
    await makeFolder(page, folder, { 'only.txt': 'one\n' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      run(page, 'download-zip', folder)
    ]);
    expect(download.suggestedFilename()).toBe('one.zip');
    const toast = page.locator('.Toastify__toast', {
      hasText: 'Saved one.zip'
    });
    await expect(toast).toContainText('(1 file,');
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
    test(`the secrets warning is readable in the ${theme} theme (WCAG AA)`, async ({
      page,
      tmpPath
    }, testInfo) => {
      await expect(page.locator('body')).toHaveAttribute(
        'data-jp-theme-light',
        theme === 'dark' ? 'false' : 'true'
      );
      const folder = `${tmpPath}/keys`;
      await makeFolder(page, folder, {
        ...FILES,
        id_rsa:
          '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n'
      });
      await setToken(page);
      await run(page, 'publish', folder);
      const warning = page.locator('.jp-Dialog .jp-artifacts-Share-warning');
      await expect(warning).toContainText('id_rsa');
      const c = await contrastOf(warning.first());
      expect(
        c.ratio,
        `secrets warning, ${theme}: ${c.foreground} on ${c.background}`
      ).toBeGreaterThanOrEqual(AA_TEXT);
      await testInfo.attach(`secrets-warning-${theme}`, {
        body: await page.locator('.jp-Dialog-content').screenshot(),
        contentType: 'image/png'
      });
    });
  });
}
