/**
 * A small in-process HTTP server answering as Jupyter does for the raw-file
 * and jupyter-archive routes the workspace reads through (`/files/`,
 * `/directories/`, `/extract-archive/`), over files the test puts in place.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { zipSync } from 'fflate';
import { ServerConnection } from '@jupyterlab/services';

export class FakeJupyterServer {
  /** Bytes `/files/` answers with, by server path. */
  files = new Map<string, Uint8Array>();
  /** Whether jupyter-archive is installed. */
  jupyterArchive = true;
  /** Answer `/directories/` with this status instead of a zip. */
  directoriesStatus = 200;
  /** Answer `/directories/` with endless bytes (a followed link to /dev/zero). */
  endless = false;
  /** Every request: method and URL (path and query). */
  seen: { method: string; url: string; authorization?: string }[] = [];
  url = '';
  settings!: ServerConnection.ISettings;

  async start(): Promise<void> {
    await new Promise<void>(r => this._server.listen(0, '127.0.0.1', r));
    const port = (this._server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port}/user/ada/`;
    this.settings = ServerConnection.makeSettings({
      baseUrl: this.url,
      token: 'jupyter-token'
    });
  }

  stop(): Promise<void> {
    this._server.closeAllConnections();
    return new Promise(r => this._server.close(() => r()));
  }

  /** Requests whose path starts with `/user/ada/<route>/`. */
  requests(route: string): string[] {
    return this.seen
      .map(s => s.url)
      .filter(u => u.startsWith(`/user/ada/${route}/`));
  }

  private _answer(req: http.IncomingMessage, res: http.ServerResponse) {
    this.seen.push({
      method: req.method!,
      url: req.url!,
      authorization: req.headers.authorization
    });
    const url = new URL(req.url!, 'http://x');
    const route = /^\/user\/ada\/([a-z-]+)\/(.*)$/.exec(url.pathname);
    const path = route ? decodeURIComponent(route[2]) : '';
    if (route?.[1] === 'files' && this.files.has(path)) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(Buffer.from(this.files.get(path)!));
      return;
    }
    if (this.jupyterArchive && route?.[1] === 'extract-archive') {
      // jupyter-archive's own answer for an archive that is not there.
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `No such file: ${path}` }));
      return;
    }
    if (this.jupyterArchive && route?.[1] === 'directories') {
      if (this.directoriesStatus !== 200) {
        res.writeHead(this.directoriesStatus);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/zip' });
      if (this.endless) {
        const chunk = Buffer.alloc(64 * 1024);
        const push = () => {
          while (res.write(chunk)) {
            // Until the socket pushes back.
          }
        };
        res.on('drain', push);
        res.on('close', () => res.off('drain', push));
        push();
        return;
      }
      // Entry names start with the folder's own name, as jupyter-archive's.
      const name = path.split('/').pop()!;
      const entries: Record<string, Uint8Array> = {};
      for (const [p, data] of this.files) {
        if (p.startsWith(`${path}/`)) {
          entries[`${name}/${p.slice(path.length + 1)}`] = data;
        }
      }
      res.end(Buffer.from(zipSync(entries)));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end('<html><body>404: Not Found</body></html>');
  }

  private _server = http.createServer((req, res) => this._answer(req, res));
}
