/**
 * "Download as zip" (Share menu, the countdown's "Download my work"): the
 * folder is walked through a Contents fake, its bytes read over real HTTP
 * from a fake Jupyter server, and the zip handed to the browser.
 */
import './streams';

import type { Contents } from '@jupyterlab/services';
import { unzipSync } from 'fflate';

import { FakeContents } from '../../__tests__/contents';
import { archiveName, downloadFolderAsZip } from '../download';
import { FakeJupyterServer } from './jupyterserver';

let server: FakeJupyterServer;
let contents: FakeContents;
/** What the browser was handed: the Blob and the file name. */
let saved: { blob: Blob; filename: string }[];

/** A file the listing and `/files/` both know. */
function put(path: string, text: string): void {
  contents.write(path, text);
  server.files.set(path, new TextEncoder().encode(text));
}

async function entries(blob: Blob): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  return Object.fromEntries(
    Object.entries(files).map(([k, v]) => [k, new TextDecoder().decode(v)])
  );
}

function manager(): Contents.IManager {
  return Object.assign(contents, {
    serverSettings: server.settings
  }) as unknown as Contents.IManager;
}

beforeEach(async () => {
  server = new FakeJupyterServer();
  await server.start();
  contents = new FakeContents();
  saved = [];
  let pending: Blob | null = null;
  URL.createObjectURL = jest.fn((blob: Blob) => {
    pending = blob;
    return 'blob:download';
  });
  URL.revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement
  ) {
    saved.push({ blob: pending!, filename: this.download });
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await server.stop();
});

describe('downloadFolderAsZip', () => {
  it('saves the folder as <name>.zip, leaving out what a publish leaves out', async () => {
    put('work/study/run.ipynb', '{"cells": []}');
    put('work/study/data/a.csv', 'x,y\n1,2\n');
    put('work/study/.ipynb_checkpoints/run-checkpoint.ipynb', '{}');
    put('work/study/__pycache__/m.pyc', 'compiled');
    const result = await downloadFolderAsZip(manager(), 'work/study');
    expect(result).toMatchObject({
      files: 2,
      filename: 'study.zip',
      refused: []
    });
    expect(saved).toHaveLength(1);
    expect(saved[0].filename).toBe('study.zip');
    expect(result.bytes).toBe(saved[0].blob.size);
    expect(await entries(saved[0].blob)).toEqual({
      'run.ipynb': '{"cells": []}',
      'data/a.csv': 'x,y\n1,2\n'
    });
  });

  it('applies the exclusions and the name it is given, and reports progress', async () => {
    put('study/keep.txt', 'kept');
    put('study/scratch.tmp', 'dropped');
    const progress: number[] = [];
    const result = await downloadFolderAsZip(manager(), 'study', {
      exclude: ['*.tmp'],
      filename: 'my work.zip',
      onProgress: p => progress.push(p.filesDone)
    });
    expect(result.filename).toBe('my work.zip');
    expect(Object.keys(await entries(saved[0].blob))).toEqual(['keep.txt']);
    expect(progress[progress.length - 1]).toBe(1);
  });

  it('leaves out, and names, a file that is not what the listing says (a link)', async () => {
    put('study/notes.txt', 'notes');
    put('study/link.txt', 'short');
    // The listing gives the link's own size; /files/ follows it.
    server.files.set(
      'study/link.txt',
      new TextEncoder().encode('x'.repeat(500))
    );
    const result = await downloadFolderAsZip(manager(), 'study');
    expect(result.files).toBe(1);
    expect(result.refused.map(r => r.path)).toEqual(['link.txt']);
    expect(Object.keys(await entries(saved[0].blob))).toEqual(['notes.txt']);
  });

  it('reads each small file once: what was read to tell links apart goes into the zip', async () => {
    for (let i = 0; i < 20; i++) {
      put(`study/many/f${String(i).padStart(2, '0')}.txt`, `file ${i}`);
    }
    put('study/top.txt', 'top');
    await downloadFolderAsZip(manager(), 'study');
    const files = await entries(saved[0].blob);
    expect(Object.keys(files)).toHaveLength(21);
    expect(files['many/f07.txt']).toBe('file 7');
    expect(files['top.txt']).toBe('top');
    const reads = (name: string) =>
      server
        .requests('files')
        .filter(u => new URL(u, 'http://x').pathname.endsWith(name)).length;
    expect(reads('/many/f07.txt')).toBe(1);
    expect(reads('/top.txt')).toBe(1);
    expect(server.requests('directories')).toHaveLength(0);
  });

  it('reads a folder of many larger files in one request where jupyter-archive is', async () => {
    // Above the link size and not searched (scan off): not read to inspect.
    for (let i = 0; i < 20; i++) {
      put(`study/many/f${String(i).padStart(2, '0')}.txt`, `${i}`.repeat(5000));
    }
    put('study/top.txt', 'top');
    await downloadFolderAsZip(manager(), 'study');
    const files = await entries(saved[0].blob);
    expect(Object.keys(files)).toHaveLength(21);
    expect(files['many/f07.txt']).toBe('7'.repeat(5000));
    expect(server.requests('directories')).toHaveLength(1);
    expect(server.requests('files').filter(u => u.includes('/many/'))).toEqual(
      []
    );
  });

  it('refuses a folder with nothing to download, and saves nothing', async () => {
    put('empty/.ipynb_checkpoints/x.ipynb', '{}');
    await expect(downloadFolderAsZip(manager(), 'empty')).rejects.toThrow(
      'There is nothing to download in “empty”'
    );
    // The code a words module says (workspace/words.ts).
    await expect(downloadFolderAsZip(manager(), 'empty')).rejects.toMatchObject(
      { problem: { code: 'nothing-to-download', folder: 'empty' } }
    );
    expect(saved).toEqual([]);
  });
});

describe('archiveName', () => {
  it('names the zip after the folder, or "workspace" for the root', () => {
    expect(archiveName('a/b/')).toBe('b.zip');
    expect(archiveName('/a/b')).toBe('b.zip');
    expect(archiveName('')).toBe('workspace.zip');
  });
});
