/**
 * Chunked Contents API writes, new folders that never reuse a name, and
 * removal of what was written.
 */
import {
  createNewFolder,
  FolderWriter,
  safeFolderName,
  toBase64,
  writeFile
} from '../write';
import { FakeContents } from '../../__tests__/contents';

const bytes = (n: number, seed = 7) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('writeFile', () => {
  it('saves a small file in one request', async () => {
    const contents = new FakeContents();
    await writeFile(contents, 'a.bin', bytes(100));
    expect(contents.saves).toEqual([
      { path: 'a.bin', chunk: undefined, type: 'file' }
    ]);
    expect(contents.files.get('a.bin')!.equals(Buffer.from(bytes(100)))).toBe(
      true
    );
  });

  it('saves a large file in chunks 1..n then -1, each slice encoded alone', async () => {
    const contents = new FakeContents();
    const data = bytes(10_001);
    const sent: number[] = [];
    await writeFile(contents, 'big.bin', data, {
      chunkBytes: 3000,
      onBytes: n => sent.push(n)
    });
    expect(contents.saves.map(s => s.chunk)).toEqual([1, 2, 3, -1]);
    expect(sent).toEqual([3000, 3000, 3000, 1001]);
    expect(contents.files.get('big.bin')!.equals(Buffer.from(data))).toBe(true);
  });

  it('stops before the next chunk when cancelled', async () => {
    const contents = new FakeContents();
    const controller = new AbortController();
    await expect(
      writeFile(contents, 'big.bin', bytes(10_000), {
        chunkBytes: 3000,
        signal: controller.signal,
        onBytes: () => controller.abort()
      })
    ).rejects.toThrow();
    expect(contents.saves.length).toBe(1);
  });

  it('encodes base64 like the server decodes it', () => {
    const data = bytes(1000);
    expect(toBase64(data)).toBe(Buffer.from(data).toString('base64'));
  });
});

describe('createNewFolder', () => {
  it('creates the name, then suffixes, never reusing an existing folder', async () => {
    const contents = new FakeContents();
    contents.dirs.add('work');
    expect(await createNewFolder(contents, 'work', 'my-artifact-v1')).toBe(
      'work/my-artifact-v1'
    );
    expect(await createNewFolder(contents, 'work', 'my-artifact-v1')).toBe(
      'work/my-artifact-v1 (2)'
    );
    await contents.save('work/My-Artifact-v1 (3)', {
      type: 'file',
      content: ''
    });
    expect(await createNewFolder(contents, 'work', 'my-artifact-v1')).toBe(
      'work/my-artifact-v1 (4)'
    );
  });

  it('makes names safe', () => {
    expect(safeFolderName('../a/b\\c:d')).toBe('a b c d');
    expect(safeFolderName('.hidden')).toBe('hidden');
    expect(safeFolderName('...')).toBe('artifact');
    expect(safeFolderName('..')).toBe('artifact');
    expect(safeFolderName('. .')).toBe('artifact');
    // Windows: reserved names get a suffix, trailing dots and spaces go.
    expect(safeFolderName('CON')).toBe('CON_');
    expect(safeFolderName('lpt1.data')).toBe('lpt1.data_');
    expect(safeFolderName('notes. . ')).toBe('notes');
    expect(safeFolderName('console')).toBe('console');
  });
});

describe('FolderWriter', () => {
  it('writes files with their folders and removes them all again', async () => {
    const contents = new FakeContents();
    await contents.save('new', { type: 'directory' });
    const writer = new FolderWriter(contents, 'new');
    const progress: number[] = [];
    await writer.writeFiles(
      [
        { path: 'a/b/c.txt', data: bytes(10) },
        { path: 'a/d.txt', data: bytes(20) },
        { path: 'e.txt', data: bytes(30) }
      ],
      { onProgress: p => progress.push(p.bytesDone) }
    );
    expect(contents.tree('new')).toEqual(['a/b/c.txt', 'a/d.txt', 'e.txt']);
    expect(progress[progress.length - 1]).toBe(60);
    const { remaining } = await writer.remove();
    expect(remaining).toEqual([]);
    expect(contents.files.size).toBe(0);
    expect([...contents.dirs]).toEqual(['']);
  });

  it('reports what it could not remove', async () => {
    const contents = new FakeContents();
    await contents.save('new', { type: 'directory' });
    const writer = new FolderWriter(contents, 'new');
    await writer.writeFiles([{ path: 'x.txt', data: bytes(3) }]);
    // Someone else's file in the folder keeps it from being removed.
    await contents.save('new/theirs.txt', { type: 'file', content: '' });
    const { remaining } = await writer.remove();
    expect(remaining).toEqual(['new']);
    expect(contents.files.has('new/x.txt')).toBe(false);
  });

  it.each([
    '../x.txt',
    'a/../../x.txt',
    './x.txt',
    '/x.txt',
    'a//b.txt',
    '',
    'a\\..\\x'
  ])('refuses to write %j, before any request', async path => {
    const contents = new FakeContents();
    await contents.save('new', { type: 'directory' });
    const before = contents.saves.length;
    const writer = new FolderWriter(contents, 'new');
    await expect(
      writer.writeFiles([
        { path: 'fine.txt', data: bytes(1) },
        { path, data: bytes(1) }
      ])
    ).rejects.toThrow(/would not stay inside new/);
    await expect(writer.makeFolders([path])).rejects.toThrow(
      /would not stay inside new/
    );
    expect(contents.saves.length).toBe(before);
  });

  it('never tracks a path outside its folder', () => {
    const writer = new FolderWriter(new FakeContents(), 'work/new');
    expect(() => writer.track('work/other.txt')).toThrow(/not inside/);
    expect(() => writer.track('work/new/../other.txt')).toThrow(/not inside/);
    expect(() => writer.track('work/new')).toThrow(/not inside/);
    writer.track('work/new/CITATION.cff');
  });

  it('removes only what it created, even where the server deletes folders whole', async () => {
    const contents = new FakeContents();
    contents.recursiveDelete = true;
    await contents.save('new', { type: 'directory' });
    const writer = new FolderWriter(contents, 'new');
    await writer.writeFiles([{ path: 'sub/x.txt', data: bytes(3) }]);
    // Someone else wrote into our folders meanwhile.
    await contents.save('new/sub/theirs.txt', { type: 'file', content: '' });
    const { remaining } = await writer.remove();
    expect(remaining).toEqual(['new/sub', 'new']);
    expect(contents.files.has('new/sub/x.txt')).toBe(false);
    expect(contents.files.has('new/sub/theirs.txt')).toBe(true);
  });
});
