import { expect, test } from '@jupyterlab/galata';

/**
 * JupyterLab starts with the extension: every plugin of ours activates and
 * nothing is logged as an error.
 */
test.use({ autoGoto: false });

test('the extension loads, its plugins activate, no console errors', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  page.on('pageerror', error => errors.push(String(error)));

  await page.goto();

  const plugins = await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    const ids: string[] = app
      .listPlugins()
      .filter((id: string) => id.startsWith('jupyterlab-artifacts:'));
    return ids.map(id => ({ id, activated: app.isPluginActivated(id) }));
  });
  expect(plugins.map(p => p.id)).toContain('jupyterlab-artifacts:zenodo');
  for (const plugin of plugins) {
    expect(plugin, `${plugin.id} should be activated`).toEqual({
      id: plugin.id,
      activated: true
    });
  }

  expect(errors.filter(e => !/favicon/i.test(e))).toEqual([]);
});
