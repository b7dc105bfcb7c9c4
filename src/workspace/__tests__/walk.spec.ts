import { FakeContents, Tree } from '../../__tests__/contents';
import { flagSecrets, walkFolder } from '../walk';
import { findSecretInText } from '../secrets';

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
    const result = await walkFolder(FakeContents.fromTree(tree), '/project/');
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
      { path: '.env', code: 'hidden-file', reason: 'hidden file' },
      { path: '.git/', code: 'git-data', reason: 'Git repository data' },
      { path: '.hidden/', code: 'hidden-folder', reason: 'hidden folder' },
      {
        path: '.ipynb_checkpoints/',
        code: 'jupyter-checkpoints',
        reason: 'Jupyter checkpoints'
      },
      { path: '__pycache__/', code: 'python-cache', reason: 'Python cache' },
      {
        path: 'conda/',
        code: 'virtual-environment',
        reason: 'virtual environment'
      },
      {
        path: 'env/',
        code: 'virtual-environment',
        reason: 'virtual environment'
      },
      {
        path: 'node_modules/',
        code: 'node-packages',
        reason: 'Node.js packages'
      },
      {
        path: 'venv/',
        code: 'virtual-environment',
        reason: 'virtual environment'
      }
    ]);
  });

  it('applies gitignore-style patterns from settings, including negation and folders', async () => {
    const result = await walkFolder(FakeContents.fromTree(tree), 'project', {
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
    expect(result.excluded.find(e => e.path === 'data/raw/')?.code).toBe(
      'pattern'
    );
    expect(reasons['data/raw/']).toBe('matches an exclusion pattern');
    expect(reasons['src/b.py']).toBe('matches an exclusion pattern');
  });

  it('leaves out what the user unticked', async () => {
    const result = await walkFolder(FakeContents.fromTree(tree), 'project', {
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
      code: 'skipped',
      reason: 'left out by you'
    });
  });

  it('walks the server root', async () => {
    const result = await walkFolder(
      FakeContents.fromTree({ 'a.txt': 1, b: { 'c.txt': 2 } }),
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
      walkFolder(FakeContents.fromTree(tree), 'project', {
        signal: controller.signal
      })
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

describe('flagSecrets: more names', () => {
  it('flags credentials, Jupyter connection files and visible .env-like files', () => {
    const flagged = flagSecrets([
      'aws/credentials',
      'runtime/jpserver-12345.json',
      'runtime/kernel-3f2a.json',
      'env',
      '.env',
      'dotenv',
      'prod.env',
      'env.local',
      'netrc',
      'migrations/env.py',
      'environment.yml',
      'credentials.md',
      'kernel.json',
      'server.json'
    ]);
    expect(flagged.map(f => f.path)).toEqual([
      'aws/credentials',
      'runtime/jpserver-12345.json',
      'runtime/kernel-3f2a.json',
      'env',
      '.env',
      'dotenv',
      'prod.env',
      'env.local',
      'netrc'
    ]);
    expect(flagged[1].reason).toMatch(/Jupyter/);
  });
});

describe('findSecretInText', () => {
  // Made up here, not a real token: a long run of mixed letters and digits,
  // the shape of a Zenodo personal access token.
  const zenodoToken = 'Fake7Tok3n'.repeat(5);
  it.each([
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['an OpenSSH key', 'x\n-----BEGIN OPENSSH PRIVATE KEY-----\n'],
    ['an encrypted key', '-----BEGIN ENCRYPTED PRIVATE KEY-----'],
    ['an AWS key id', 'aws_access_key_id = AKIAZ7Q3XJ5L2M4N6P8R'],
    ['a GitHub token', `GITHUB=ghp_${'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5'}`],
    [
      'a fine-grained GitHub token',
      `github_pat_${'A1b2C3d4E5f6G7h8I9j0K1'}_${'a'.repeat(30)}${'B2c3D4e5F6g7H8i9J0k1L2m3N4o5P'}`
    ],
    ['a Zenodo token in code', `ZENODO_TOKEN = "${zenodoToken}"`],
    ['a token in a notebook output', `"text": ["token: ${zenodoToken}\\n"]`],
    [
      'a Jupyter address with its token',
      'http://127.0.0.1:8888/lab?token=3f9a1c0d2b4e6f8a0c2e4f6a8b0d2e4f6a8c0e2a4b6c8d0e'
    ]
  ])('flags %s', (_, text) => {
    expect(findSecretInText(text)).not.toBe('');
  });

  it.each([
    [
      'prose about tokens',
      'Each token of the corpus is a word; see tokenizer.py.'
    ],
    ['AWS’s documented example', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
    [
      'a git hash after token',
      'token commit 3f9a1c0d2b4e6f8a0c2e4f6a8b0d2e4f6a8c0e2a'
    ],
    ['a long word after token', `token ${'abcdefghij'.repeat(5)}`],
    ['base64 data far from any token word', `${'x'.repeat(80)} ${zenodoToken}`],
    ['a public key', '-----BEGIN PUBLIC KEY-----\nMIIB'],
    ['a CSV of numbers', 'site,flux\nA,1.25\n'.repeat(100)]
  ])('does not flag %s', (_, text) => {
    expect(findSecretInText(text)).toBe('');
  });
});
