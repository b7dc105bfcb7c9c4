import type { Contents } from '@jupyterlab/services';

import { flagSecrets, walkFolder } from '../walk';

/**
 * A hand-made Contents manager over an in-memory tree: a folder is an
 * object, a file is its size.
 */
type Tree = { [name: string]: Tree | number };

export function fakeContents(tree: Tree): Contents.IManager {
  const find = (path: string): Tree | number | undefined => {
    let node: Tree | number = tree;
    for (const part of path.split('/').filter(Boolean)) {
      if (typeof node === 'number' || !(part in node)) {
        return undefined;
      }
      node = node[part];
    }
    return node;
  };
  const model = (path: string, name: string, node: Tree | number): any =>
    typeof node === 'number'
      ? { path, name, type: 'file', size: node }
      : { path, name, type: 'directory', size: undefined };
  return {
    get: async (path: string) => {
      const node = find(path);
      if (node === undefined) {
        throw new Error(`404 ${path}`);
      }
      const name = path.split('/').pop() ?? '';
      if (typeof node === 'number') {
        return model(path, name, node);
      }
      return {
        ...model(path, name, node),
        content: Object.entries(node).map(([n, child]) =>
          model(path ? `${path}/${n}` : n, n, child)
        )
      };
    }
  } as unknown as Contents.IManager;
}

const tree: Tree = {
  project: {
    'analysis.ipynb': 100,
    'README.md': 10,
    '.env': 5,
    '.hidden': { 'x.txt': 1 },
    '.ipynb_checkpoints': { 'analysis-checkpoint.ipynb': 100 },
    __pycache__: { 'm.cpython-312.pyc': 50 },
    node_modules: { left: { 'index.js': 1 } },
    '.git': { HEAD: 1 },
    env: { 'pyvenv.cfg': 1, bin: { python: 1000 } },
    conda: { 'conda-meta': { history: 1 }, lib: { 'a.so': 1 } },
    venv: { lib: { 'x.py': 1 } },
    data: {
      'big.csv': 1000,
      'scratch.tmp': 3,
      raw: { 'r1.bin': 400 }
    },
    src: { 'b.py': 2, 'a.py': 1, 'Z.py': 1 }
  }
};

describe('walkFolder', () => {
  it('lists files in stable order with sizes and leaves out the defaults, saying why', async () => {
    const result = await walkFolder(fakeContents(tree), '/project/');
    expect(result.files.map(f => f.path)).toEqual([
      'README.md',
      'analysis.ipynb',
      'data/big.csv',
      'data/raw/r1.bin',
      'data/scratch.tmp',
      'src/Z.py',
      'src/a.py',
      'src/b.py'
    ]);
    expect(result.totalBytes).toBe(10 + 100 + 1000 + 400 + 3 + 1 + 1 + 2);
    expect(result.excluded).toEqual([
      { path: '.env', reason: 'hidden file' },
      { path: '.git/', reason: 'Git repository data' },
      { path: '.hidden/', reason: 'hidden folder' },
      { path: '.ipynb_checkpoints/', reason: 'Jupyter checkpoints' },
      { path: '__pycache__/', reason: 'Python cache' },
      { path: 'conda/', reason: 'virtual environment' },
      { path: 'env/', reason: 'virtual environment' },
      { path: 'node_modules/', reason: 'Node.js packages' },
      { path: 'venv/', reason: 'virtual environment' }
    ]);
  });

  it('applies gitignore-style patterns from settings, including negation and folders', async () => {
    const result = await walkFolder(fakeContents(tree), 'project', {
      exclude: ['*.tmp', 'raw/', '# a comment', '*.py', '!a.py']
    });
    const paths = result.files.map(f => f.path);
    expect(paths).toEqual([
      'README.md',
      'analysis.ipynb',
      'data/big.csv',
      'src/a.py'
    ]);
    const reasons = Object.fromEntries(
      result.excluded.map(e => [e.path, e.reason])
    );
    expect(reasons['data/scratch.tmp']).toBe('matches an exclusion pattern');
    expect(reasons['data/raw/']).toBe('matches an exclusion pattern');
    expect(reasons['src/b.py']).toBe('matches an exclusion pattern');
  });

  it('leaves out what the user unticked', async () => {
    const result = await walkFolder(fakeContents(tree), 'project', {
      skip: path => path === 'data/' || path === 'README.md'
    });
    expect(result.files.map(f => f.path)).toEqual([
      'analysis.ipynb',
      'src/Z.py',
      'src/a.py',
      'src/b.py'
    ]);
    expect(result.excluded).toContainEqual({
      path: 'data/',
      reason: 'left out by you'
    });
  });

  it('walks the server root', async () => {
    const result = await walkFolder(
      fakeContents({ 'a.txt': 1, b: { 'c.txt': 2 } }),
      ''
    );
    expect(result.files).toEqual([
      { path: 'a.txt', size: 1 },
      { path: 'b/c.txt', size: 2 }
    ]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      walkFolder(fakeContents(tree), 'project', { signal: controller.signal })
    ).rejects.toThrow();
  });
});

describe('flagSecrets', () => {
  it('flags keys, credentials and names with token or secret, not ordinary files', () => {
    const flagged = flagSecrets([
      'keys/server.pem',
      'id_rsa',
      'id_rsa.pub',
      'credentials-gcp.json',
      'my_token.txt',
      'SECRET_notes.md',
      'analysis.ipynb',
      'data/tokenizer.py',
      'README.md'
    ]).map(f => f.path);
    expect(flagged).toEqual([
      'keys/server.pem',
      'id_rsa',
      'id_rsa.pub',
      'credentials-gcp.json',
      'my_token.txt',
      'SECRET_notes.md',
      'data/tokenizer.py'
    ]);
  });
});
