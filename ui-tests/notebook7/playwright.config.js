/**
 * The Jupyter Notebook 7 stage (make notebook7-tests): plain Playwright (Galata's
 * fixtures assume JupyterLab) against `jupyter notebook` from .venv-nb7, with
 * this checkout's build of the extension and the Zenodo stand-in.
 */
const base = require('../playwright.config');

const labPort = process.env.UI_TEST_PORT || '8888';
const standinPort = process.env.STANDIN_PORT || '9888';

module.exports = {
  ...base,
  testDir: '.',
  outputDir: './test-results',
  timeout: 120 * 1000,
  webServer: [
    {
      ...base.webServer[0],
      command: `node ../../dev/standin/cli.js --host 127.0.0.1 --port ${standinPort} --seed demo`
    },
    {
      ...base.webServer[1],
      command:
        '../../.venv-nb7/bin/jupyter notebook --config jupyter_server_nb7_config.py',
      url: `http://127.0.0.1:${labPort}/tree`
    }
  ]
};
