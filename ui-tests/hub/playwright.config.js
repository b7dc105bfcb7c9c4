/**
 * The hub stage: a real JupyterHub (start-hub.sh) on loopback, with the
 * extension served to single-user servers, checked under /user/alice/.
 * Run with `make hub-tests`.
 */
const crypto = require('crypto');

const publicPort = process.env.HUB_PUBLIC_PORT || '8100';
process.env.HUB_PUBLIC_PORT = publicPort;
// The Zenodo stand-in the single-user servers' companion imports from.
const standinPort =
  process.env.HUB_STANDIN_PORT || String(Number(publicPort) + 20);
process.env.HUB_STANDIN_PORT = standinPort;
process.env.HUB_STANDIN_URL = `http://127.0.0.1:${standinPort}`;
process.env.HUB_TEST_TOKEN =
  process.env.HUB_TEST_TOKEN || crypto.randomBytes(24).toString('hex');

module.exports = {
  testDir: '.',
  testMatch: /.*\.hub\.ts$/,
  timeout: 240 * 1000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${publicPort}`,
    viewport: { width: 1280, height: 800 },
    video: 'off',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  webServer: [
    {
      command: `node ../../dev/standin/cli.js --host 127.0.0.1 --port ${standinPort} --seed demo`,
      url: `http://127.0.0.1:${standinPort}/api/records?size=1`,
      timeout: 60 * 1000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe'
    },
    {
      command: 'bash start-hub.sh',
      url: `http://127.0.0.1:${publicPort}/hub/health`,
      timeout: 120 * 1000,
      reuseExistingServer: false,
      // SIGTERM lets JupyterHub stop alice's server, the culler and the proxy
      // (they run in sessions of their own, so a SIGKILL would leave them).
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30 * 1000 },
      stdout: 'ignore',
      stderr: 'pipe'
    }
  ]
};
