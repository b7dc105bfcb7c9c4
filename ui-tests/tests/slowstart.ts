import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { Page } from '@playwright/test';

/**
 * Galata's own wait for JupyterLab to start gives up after 15 s, which a
 * machine shared by several test runs exceeds: the same wait (splash gone,
 * Launcher active), with room. Use with
 * `test.use({ waitForApplication: patientStart })`.
 */
export async function patientStart(
  // Playwright reads a fixture's dependencies from this pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  {}: Record<string, never>,
  use: (
    ready: (page: Page, helpers: IJupyterLabPageFixture) => Promise<void>
  ) => Promise<void>
): Promise<void> {
  await use(async (page, helpers) => {
    await page
      .locator('#jupyterlab-splash')
      .waitFor({ state: 'detached', timeout: 120000 });
    await helpers.waitForCondition(
      () => helpers.activity.isTabActive('Launcher'),
      60000
    );
    if (!(await helpers.isInSimpleMode())) {
      await helpers.activity.activateTab('Launcher');
    }
  });
}

/**
 * Open JupyterLab at `path` (e.g. `tree/<folder>?reset`) as Galata's
 * `autoGoto` does, but waiting up to two minutes for the application to
 * start instead of Galata's fixed 15 s. Use in a `beforeEach` of a
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
  ).waitForAppStarted = async () => {
    await page.waitForFunction(
      () => typeof (window as any).jupyterapp === 'object',
      null,
      { timeout: 120000 }
    );
    await page.evaluate(() => (window as any).jupyterapp.started);
  };
  await page.goto(path);
}
