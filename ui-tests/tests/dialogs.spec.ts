import { expect, test } from '@jupyterlab/galata';

/**
 * The extension's dialogs share JupyterLab's launch queue: a dialog asked
 * for while one of ours is open waits behind it. Closing ours must let it
 * open, and leave no unhandled rejection (JupyterLab's `Dialog.dispose()`
 * rejects a dialog's promise with nothing, which failed the queue behind
 * it; seen as a page error "undefined" in the share tests).
 */
test('a dialog waiting behind the account dialog opens when it closes, without a page error', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(String(e)));
  const run = (command: string) =>
    page.evaluate(id => {
      void (window as any).jupyterapp.commands.execute(id);
    }, command);
  await run('jupyterlab-artifacts:zenodo-account');
  const account = page.locator('.jp-Dialog .jp-artifacts-Share-account');
  await expect(account).toHaveCount(1);
  // JupyterLab's About dialog, asked for now, waits in the queue.
  await run('help:about');
  const about = page.locator('.jp-Dialog .jp-About-body');
  await expect(about).toHaveCount(0);
  // A second request for the account dialog reuses the open one.
  await run('jupyterlab-artifacts:zenodo-account');
  await expect(account).toHaveCount(1);

  await account.getByRole('button', { name: 'Close' }).click();
  await expect(account).toHaveCount(0);
  // The one that waited is shown now (the page closes with it).
  await expect(about).toHaveCount(1);
  expect(errors).toEqual([]);
});
