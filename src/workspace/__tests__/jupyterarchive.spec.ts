/**
 * jupyter-archive, when the server has it: detection (once per server) and
 * reading a folder as one zip, over real HTTP.
 */
import './streams';

import { ServerConnection } from '@jupyterlab/services';

import { readZipDirectory } from '../extract';
import { hasJupyterArchive, readFolderArchive } from '../jupyterarchive';
import { FakeJupyterServer } from './jupyterserver';

let server: FakeJupyterServer;

beforeEach(async () => {
  server = new FakeJupyterServer();
  await server.start();
});

afterEach(() => server.stop());

describe('hasJupyterArchive', () => {
  it('recognises its JSON answer, and asks each server once', async () => {
    expect(await hasJupyterArchive(server.settings)).toBe(true);
    expect(await hasJupyterArchive(server.settings)).toBe(true);
    // (JupyterLab adds a query against caches.)
    expect(
      server
        .requests('extract-archive')
        .map(u => new URL(u, 'http://x').pathname)
    ).toEqual(['/user/ada/extract-archive/.jupyterlab-artifacts-probe.zip']);
    // Through Jupyter's own request path: the server's token is sent.
    expect(server.seen[0].authorization).toBe('token jupyter-token');
  });

  it("takes the server's HTML page-not-found for its absence", async () => {
    server.jupyterArchive = false;
    expect(await hasJupyterArchive(server.settings)).toBe(false);
  });

  it('takes a server that does not answer for one without it', async () => {
    const nowhere = ServerConnection.makeSettings({
      baseUrl: 'http://127.0.0.1:9/nowhere/'
    });
    expect(await hasJupyterArchive(nowhere)).toBe(false);
  });
});

describe('readFolderArchive', () => {
  beforeEach(() => {
    server.files.set('my work/ü/a.txt', new TextEncoder().encode('alpha'));
    server.files.set('my work/ü/sub/b.txt', new TextEncoder().encode('beta'));
  });

  it('reads the folder as one zip: hidden files out, links not followed', async () => {
    const data = await readFolderArchive(server.settings, 'my work/ü');
    const names = readZipDirectory(data!).map(e => e.name);
    expect(names.sort()).toEqual(['ü/a.txt', 'ü/sub/b.txt']);
    const [request] = server.requests('directories');
    const url = new URL(request, 'http://x');
    expect(url.pathname).toBe('/user/ada/directories/my%20work/%C3%BC');
    expect(url.searchParams.get('archiveFormat')).toBe('zip');
    expect(url.searchParams.get('followSymlinks')).toBe('false');
    expect(url.searchParams.get('downloadHidden')).toBe('false');
    expect(url.searchParams.get('archiveToken')).toMatch(/^[a-z0-9]+$/);
  });

  it('is null, without asking for the folder, where jupyter-archive is missing', async () => {
    server.jupyterArchive = false;
    expect(await readFolderArchive(server.settings, 'my work/ü')).toBeNull();
    expect(server.requests('directories')).toEqual([]);
  });

  it('stops reading at maxBytes (a followed link to an endless file)', async () => {
    server.endless = true;
    const data = await readFolderArchive(server.settings, 'my work/ü', {
      maxBytes: 100_000
    });
    expect(data!.byteLength).toBe(100_000);
  });

  it('says which folder could not be read, and how', async () => {
    server.directoriesStatus = 500;
    await expect(
      readFolderArchive(server.settings, 'my work/ü')
    ).rejects.toThrow('Could not read the folder “my work/ü” (HTTP 500).');
  });

  it('throws the reason when cancelled', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by you');
    controller.abort(reason);
    await hasJupyterArchive(server.settings);
    await expect(
      readFolderArchive(server.settings, 'my work/ü', {
        signal: controller.signal
      })
    ).rejects.toBe(reason);
  });
});
