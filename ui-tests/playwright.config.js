/**
 * Galata configuration: Debian's Chromium (no browser download), a JupyterLab
 * server and the Zenodo stand-in, both on loopback and on ports taken from the
 * environment so that parallel runs do not collide.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const labPort = process.env.UI_TEST_PORT || '8888';
const standinPort = process.env.STANDIN_PORT || '9888';
process.env.UI_TEST_PORT = labPort;
process.env.STANDIN_PORT = standinPort;

module.exports = {
  ...baseConfig,
  // Only this folder: rtc/, notebook7/ and hub/ are stages of their own,
  // each against its own server (their configs set their own testDir).
  testDir: './tests',
  workers: 1,
  // The companion's own spec needs the companion; without it
  // (ARTIFACTS_NO_COMPANION=1) the other specs test the browser path.
  testIgnore: process.env.ARTIFACTS_NO_COMPANION
    ? ['**/companion.spec.ts']
    : [],
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    ...baseConfig.use,
    // Video needs Playwright's own ffmpeg download, which this network refuses.
    video: 'off',
    trace: 'retain-on-failure',
    baseURL: `http://127.0.0.1:${labPort}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run'
      ]
    }
  },
  webServer: [
    {
      // One stand-in and one address serve the whole run, many people's worth
      // of searches a minute: the search budget (30 a minute, Zenodo's) is
      // raised here and tested in jest (dev/standin, src/catalogue).
      command: `node ../dev/standin/cli.js --host 127.0.0.1 --port ${standinPort} --seed demo --search-rate-limit 600 --search-rate-limit-token 600`,
      url: `http://127.0.0.1:${standinPort}/api/records?size=1`,
      timeout: 120 * 1000,
      reuseExistingServer: false
    },
    {
      command: 'jlpm start',
      url: `http://127.0.0.1:${labPort}/lab`,
      timeout: 120 * 1000,
      reuseExistingServer: false
    }
  ]
};
