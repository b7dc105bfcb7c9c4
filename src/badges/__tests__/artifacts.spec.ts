import { ArtifactFolderIndex, IListingEntry } from '../artifacts';

function dir(path: string): IListingEntry {
  return { name: path.split('/').pop()!, path, type: 'directory' };
}
function file(
  path: string,
  last_modified = '2026-01-01T00:00:00Z'
): IListingEntry {
  return { name: path.split('/').pop()!, path, type: 'file', last_modified };
}

describe('ArtifactFolderIndex', () => {
  function fakeSource(
    tree: { [folder: string]: IListingEntry[] },
    files: { [path: string]: string }
  ) {
    const calls: string[] = [];
    return {
      calls,
      source: {
        list: async (path: string) => {
          calls.push(`list ${path}`);
          return tree[path] ?? [];
        },
        read: async (path: string) => {
          calls.push(`read ${path}`);
          return files[path];
        }
      }
    };
  }

  it('learns the current folder from its listing and probes children once', async () => {
    const { calls, source } = fakeSource(
      {
        a: [file('a/CITATION.cff')],
        b: [file('b/x.txt')]
      },
      {
        'CITATION.cff': 'doi: 10.5281/zenodo.1\n',
        'a/CITATION.cff': 'doi: 10.5281/zenodo.2\n'
      }
    );
    const index = new ArtifactFolderIndex(source);
    const changed: string[] = [];
    index.changed.connect((_, path) => changed.push(path));
    const listing = [file('CITATION.cff'), dir('a'), dir('b')];
    await index.observe('', listing);
    expect(index.doiOf('')).toBe('10.5281/zenodo.1');
    expect(index.doiOf('a')).toBe('10.5281/zenodo.2');
    expect(index.doiOf('b')).toBeNull();
    expect(changed.sort()).toEqual(['', 'a']);
    expect(calls).toEqual([
      'read CITATION.cff',
      'list a',
      'read a/CITATION.cff',
      'list b'
    ]);

    // The same listing again costs nothing.
    calls.length = 0;
    await index.observe('', listing);
    expect(calls).toEqual([]);

    // A changed CITATION.cff is read again.
    await index.observe('', [
      file('CITATION.cff', '2026-02-02T00:00:00Z'),
      dir('a'),
      dir('b')
    ]);
    expect(calls).toEqual(['read CITATION.cff']);
  });

  it('probes at most probeLimit children per listing, none when 0', async () => {
    const { calls, source } = fakeSource({}, {});
    const index = new ArtifactFolderIndex(source, { probeLimit: 2 });
    await index.observe('', [dir('a'), dir('b'), dir('c')]);
    expect(calls).toEqual(['list a', 'list b']);
    index.probeLimit = 0;
    calls.length = 0;
    await index.observe('', [dir('c'), dir('d')]);
    expect(calls).toEqual([]);
  });

  it('stops probing when aborted, and takes remembered DOIs', async () => {
    const { calls, source } = fakeSource({}, {});
    const index = new ArtifactFolderIndex(source);
    const controller = new AbortController();
    controller.abort();
    await index.observe('', [dir('a')], controller.signal);
    expect(calls).toEqual([]);
    index.remember('published', '10.1/x');
    expect(index.doiOf('published')).toBe('10.1/x');
  });

  it('rereads a CITATION.cff written after its folder was probed', async () => {
    const files: { [path: string]: string } = {};
    const { source } = fakeSource({ p: [file('p/x.txt')] }, files);
    const index = new ArtifactFolderIndex(source);
    const changed: string[] = [];
    index.changed.connect((_, path) => changed.push(path));
    await index.observe('', [dir('p')]);
    expect(index.doiOf('p')).toBeNull();
    files['p/CITATION.cff'] = 'cff-version: 1.2.0\ndoi: 10.5281/zenodo.12\n';
    await index.reread('p', '2026-12-02T00:00:00Z');
    expect(index.doiOf('p')).toBe('10.5281/zenodo.12');
    // The same listing seen again changes nothing (the folder is not probed
    // twice), and a removal takes the DOI away.
    await index.observe('', [dir('p')]);
    expect(index.doiOf('p')).toBe('10.5281/zenodo.12');
    await index.reread('p', null);
    expect(index.doiOf('p')).toBeNull();
    expect(changed).toEqual(['p', 'p']);
  });
});
