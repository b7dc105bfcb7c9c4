'use strict';
/**
 * Runs Debian's Chromium (through playwright-core) for browser.spec.ts, in a
 * child process because the project's jest environment (jsdom) lacks the Node
 * globals playwright-core needs.
 *
 * It serves a page on its own loopback origin with the client's modules
 * (src/zenodo/*.ts and the leaf modules of src/ they import, transpiled on
 * the fly, no build needed) and the browser
 * scenarios (scenarios.js), then answers IPC messages
 * `{ id, scenario, args }` with `{ id, result }` or `{ id, error }`.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const ts = require('typescript');
const {
  chromium
} = require('../../../../ui-tests/node_modules/playwright-core');

/** src/zenodo */
const SRC = path.join(__dirname, '..', '..');

function serve(req, res) {
  const url = new URL(req.url || '/', 'http://x');
  if (url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(
      '<!DOCTYPE html><title>client</title><script type="module">' +
        "import * as zenodo from '/zenodo/index';" +
        "import * as scenarios from '/scenarios.js';" +
        'window.zenodo = zenodo; window.scenarios = scenarios;' +
        '</script>'
    );
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (url.pathname === '/scenarios.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(fs.readFileSync(path.join(__dirname, 'scenarios.js')));
    return;
  }
  // src/zenodo/<name>, and the leaf modules of src/ it imports (format).
  const match = /^\/(zenodo\/)?([a-z]+)$/.exec(url.pathname);
  const file = match
    ? path.join(SRC, ...(match[1] ? [] : ['..']), `${match[2]}.ts`)
    : '';
  if (!match || !fs.existsSync(file)) {
    res.writeHead(404);
    res.end();
    return;
  }
  const js = ts.transpileModule(fs.readFileSync(file, 'utf-8'), {
    compilerOptions: {
      module: ts.ModuleKind.ES2020,
      target: ts.ScriptTarget.ES2020
    }
  }).outputText;
  res.writeHead(200, { 'Content-Type': 'text/javascript' });
  res.end(js);
}

async function main() {
  const server = http.createServer(serve);
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run']
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', e => pageErrors.push(String(e)));
  const consoleErrors = [];
  page.on('console', m => {
    if (m.type() === 'error') {
      consoleErrors.push(m.text());
    }
  });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page
    .waitForFunction(() => !!window.zenodo && !!window.scenarios, null, {
      timeout: 20000
    })
    .catch(e => {
      throw new Error(
        `${e.message}; page errors: ${[...pageErrors, ...consoleErrors].join(' | ')}`
      );
    });
  const shutdown = async () => {
    await browser.close().catch(() => undefined);
    server.close();
    process.exit(0);
  };
  process.on('message', async message => {
    if (message === 'close') {
      return shutdown();
    }
    const { id, scenario, args } = message;
    pageErrors.length = 0;
    consoleErrors.length = 0;
    try {
      const result = await page.evaluate(
        ([name, a]) => window.scenarios[name](a),
        [scenario, args]
      );
      process.send({ id, result, pageErrors, consoleErrors });
    } catch (e) {
      process.send({ id, error: String(e), pageErrors, consoleErrors });
    }
  });
  process.on('disconnect', shutdown);
  process.send({ ready: true, pageErrors, consoleErrors });
}

main().catch(e => {
  process.send({ fatal: String(e && e.stack ? e.stack : e) });
  process.exit(1);
});
