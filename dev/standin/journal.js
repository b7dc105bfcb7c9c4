'use strict';
/**
 * The stand-in's state on disk (`--state <folder>`, used by `make demo`).
 *
 * Zenodo keeps what was published; a stand-in that forgot everything on
 * restart reused DOIs, and folders' CITATION.cff named records that no longer
 * existed. Rather than serialise the store (whose seed files are generated on
 * demand), the stand-in keeps a journal of the requests that changed it and
 * replays them, in order, when it starts again: ids and DOIs are assigned by
 * counters, so the replay gives the same records, files and DOIs.
 *
 * - `<folder>/journal.jsonl`: one line per successful changing request
 *   (method, path, the headers that matter, the body's file), appended as each
 *   one finishes; a header line names the options the journal belongs to.
 * - `<folder>/bodies/<n>.bin`: each request body, streamed to disk.
 *
 * Only stand-in tokens are stored (the stand-in accepts no other). Dates of the
 * replayed records are the replay's. Tests keep state in memory (no option).
 */
const fs = require('fs');
const http = require('http');
const path = require('path');

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Stand-in control paths worth replaying; faults are a test's, not state. */
const CONTROL = new Set([
  '/__standin/tokens',
  '/__standin/reset',
  '/__standin/seed'
]);
/** What a replay must agree with for the journal to describe the same store. */
const IDENTITY = ['seed', 'doiPrefix', 'recordShape'];

class Journal {
  /**
   * @param {string} folder where the journal lives (made if missing)
   * @param {object} options the stand-in's options (their identity is checked)
   */
  constructor(folder, options) {
    this.folder = path.resolve(folder);
    this.file = path.join(this.folder, 'journal.jsonl');
    this.bodies = path.join(this.folder, 'bodies');
    fs.mkdirSync(this.bodies, { recursive: true });
    this.identity = {};
    for (const k of IDENTITY) {
      this.identity[k] = options[k] === undefined ? null : options[k];
    }
    this.entries = this.read();
    this.next = this.entries.reduce((n, e) => Math.max(n, e.n + 1), 1);
    if (!fs.existsSync(this.file)) {
      fs.writeFileSync(
        this.file,
        JSON.stringify({ journal: 1, ...this.identity }) + '\n'
      );
    }
    this.replaying = false;
    /** Lines still being written (see flush). */
    this.pending = new Set();
  }

  /** Resolves when every answered request is in the journal. */
  async flush() {
    while (this.pending.size) {
      await Promise.all([...this.pending]);
    }
  }

  /** The entries on disk; refuses a journal made for another store. */
  read() {
    if (!fs.existsSync(this.file)) {
      return [];
    }
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    const head = JSON.parse(lines[0] || '{}');
    for (const k of IDENTITY) {
      if ((head[k] === undefined ? null : head[k]) !== this.identity[k]) {
        throw new Error(
          `the state in ${this.folder} was made with ${k}=${JSON.stringify(head[k])}, not ${JSON.stringify(
            this.identity[k]
          )}: start with the same options, or remove the folder to begin afresh`
        );
      }
    }
    const entries = [];
    for (const line of lines.slice(1)) {
      if (!line.trim()) {
        continue;
      }
      try {
        entries.push(JSON.parse(line));
      } catch {
        // A line cut by a crash mid-write: the request it described is lost,
        // not the journal.
      }
    }
    // Lines are appended as bodies finish writing, which can be out of order;
    // `n` is the order the requests arrived in, the order they took effect.
    return entries.sort((a, b) => a.n - b.n);
  }

  /** Whether a request can change the store and so belongs in the journal. */
  wants(req) {
    if (this.replaying || !CHANGING.has(req.method)) {
      return false;
    }
    const p = req.url.split('?')[0];
    return !p.startsWith('/__standin') || CONTROL.has(p);
  }

  /**
   * Records a request: its body goes to disk as it arrives, its line is
   * appended when the stand-in answered it with success.
   */
  capture(req, res) {
    const n = this.next++;
    const bodyFile = path.join(this.bodies, `${n}.bin`);
    const out = fs.createWriteStream(bodyFile);
    let size = 0;
    // Tap the chunks as the stand-in reads them, without reading them first
    // (a 'data' listener here would start the flow before the handler
    // listens, and it would miss the body).
    const emit = req.emit;
    req.emit = function (event, ...args) {
      if (event === 'data' && !out.writableEnded) {
        size += args[0].length;
        out.write(args[0]);
      }
      return emit.call(this, event, ...args);
    };
    // A handler that answered without reading the body did not need it.
    const done = () => new Promise(resolve => out.end(resolve));
    res.on('finish', () => {
      const written = done().then(() => {
        if (res.statusCode >= 400) {
          fs.rm(bodyFile, { force: true }, () => undefined);
          return;
        }
        const headers = {};
        for (const h of ['authorization', 'content-type']) {
          if (req.headers[h]) {
            headers[h] = req.headers[h];
          }
        }
        const entry = { n, method: req.method, url: req.url, headers, size };
        try {
          fs.appendFileSync(this.file, JSON.stringify(entry) + '\n');
        } catch (e) {
          // The folder went away under a running stand-in: the change is
          // kept in memory only, as without --state.
          console.error(
            `standin: could not keep ${req.method} ${req.url.split('?')[0]}: ${e.message}`
          );
        }
      });
      this.pending.add(written);
      void written.finally(() => this.pending.delete(written));
    });
    res.on('close', () => {
      if (!res.writableFinished) {
        out.destroy();
        fs.rm(bodyFile, { force: true }, () => undefined);
      }
    });
  }

  /**
   * Replays the journal against the stand-in listening at `port`, one request
   * at a time, in the order they arrived. Returns how many were
   * replayed and the ones that no longer succeed.
   */
  async replay(host, port) {
    this.replaying = true;
    const failed = [];
    try {
      for (const e of this.entries) {
        const bodyFile = path.join(this.bodies, `${e.n}.bin`);
        const status = await new Promise((resolve, reject) => {
          const req = http.request(
            {
              host,
              port,
              method: e.method,
              path: e.url,
              headers: { ...e.headers, 'content-length': e.size }
            },
            res => {
              res.resume();
              res.on('end', () => resolve(res.statusCode));
            }
          );
          req.on('error', reject);
          if (e.size > 0) {
            fs.createReadStream(bodyFile).pipe(req);
          } else {
            req.end();
          }
        });
        if (status >= 400) {
          failed.push(`${e.method} ${e.url.split('?')[0]}: ${status}`);
        }
      }
    } finally {
      this.replaying = false;
    }
    return { replayed: this.entries.length, failed };
  }
}

module.exports = { Journal };
