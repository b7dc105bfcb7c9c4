import { expect, test } from '@jupyterlab/galata';

/**
 * The extension's dialogs share JupyterLab's launch queue: a dialog asked
 * for while another is open waits behind it. Closing the first must let the
 * second open, and leave no unhandled rejection (JupyterLab's
 * `Dialog.dispose()` rejects a dialog's promise with nothing, which failed
 * the queue behind it; seen as a page error "undefined" in the share tests
 * when a token was set and Share opened at once).
 */
test('a dialog waiting behind the account dialog opens when it closes, without a page error', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(String(e)));
  const openAccount = () =>
    page.evaluate(() => {
      void (window as any).jupyterapp.commands.execute(
        'jupyterlab-artifacts:zenodo-account'
      );
    });
  await openAccount();
  const account = page.locator('.jp-Dialog .jp-artifacts-Share-account');
  await expect(account).toHaveCount(1);
  // Asked for again while it is open: waits in the queue.
  await openAccount();
  await expect(account).toHaveCount(1);

  await account.getByRole('button', { name: 'Close' }).click();
  // The one that waited is shown now, and closes the same way.
  await expect(account).toHaveCount(1);
  await account.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  expect(errors).toEqual([]);
});
