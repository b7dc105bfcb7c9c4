/**
 * The real-time collaboration stage (make rtc-tests): the Galata suite of
 * ui-tests/tests, unchanged, plus the specs of this folder, against a
 * JupyterLab server from .venv-rtc (jupyter-collaboration installed).
 */
const base = require('../playwright.config');

const standinPort = process.env.STANDIN_PORT || '9888';

module.exports = {
  ...base,
  outputDir: './test-results',
  projects: [
    {
      // "The same tests, a server with RTC on", for what a shared drive can
      // change: badges on rows and the toolbar, the countdown and Download my
      // work, and Share where it reads the folder (publish, the preview's
      // secrets and links, Download folder as zip). Import into a folder a
      // colleague has open is in this folder's specs. The whole suite again
      // would add about 12 minutes to `make test` for little more cover.
      name: 'rtc-shared',
      testDir: '../tests',
      testMatch: /(badges|share|expiry)\.spec\.ts$/,
      grep: /folder badges|countdown to a hard deadline|no policy|publish a folder from the Share menu|Download folder as zip|flagged as secrets|never followed out/
    },
    {
      // What only a shared session shows: two users, unsaved shared edits.
      name: 'rtc',
      testDir: '.'
    }
  ],
  webServer: [
    {
      ...base.webServer[0],
      command: `node ../../dev/standin/cli.js --host 127.0.0.1 --port ${standinPort} --seed demo`
    },
    {
      ...base.webServer[1],
      command:
        '../../.venv-rtc/bin/jupyter lab --config jupyter_server_rtc_config.py'
    }
  ]
};
