/**
 * The workspace layer's words: every exclusion, secret and problem code
 * becomes a sentence that went through the translation bundle with its
 * parameters in place; in English it says what the layer's own `reason` or
 * `message` says.
 */
import { FakeContents } from '../../__tests__/contents';
import { marking, trans } from '../../__tests__/marking';
import { readCitation } from '../citation';
import { WorkspaceError, WorkspaceProblem } from '../errors';
import { inspectFiles } from '../inspect';
import { SECRET_REASONS, SecretCode } from '../secrets';
import { ExclusionCode, walkFolder } from '../walk';
import { exclusionText, secretText, workspaceProblemText } from '../words';
import { FolderWriter } from '../write';

// Every code once: the compiler refuses a code missing here.
const EXCLUSIONS: Record<ExclusionCode, true> = {
  'jupyter-checkpoints': true,
  'python-cache': true,
  'node-packages': true,
  'git-data': true,
  'virtual-environment': true,
  'too-deep': true,
  'hidden-folder': true,
  'hidden-file': true,
  pattern: true,
  skipped: true,
  'size-mismatch': true,
  unreadable: true,
  secret: true
};

const PROBLEMS: Record<WorkspaceProblem['code'], WorkspaceProblem[]> = {
  'archive-entry': [{ code: 'archive-entry', path: 'a.txt', detail: 'boom' }],
  'archive-unfinished': [{ code: 'archive-unfinished', detail: 'boom' }],
  'citation-not-yaml': [{ code: 'citation-not-yaml', detail: 'bad line' }],
  'citation-not-mapping': [{ code: 'citation-not-mapping' }],
  'nothing-to-download': [{ code: 'nothing-to-download', folder: 'work' }],
  'folder-unreadable': [
    { code: 'folder-unreadable', folder: 'work', detail: 'offline' },
    { code: 'folder-unreadable', folder: 'work', status: 500 }
  ],
  'file-unreadable': [
    { code: 'file-unreadable', path: 'a.txt', detail: 'offline' },
    {
      code: 'file-unreadable',
      path: 'a.txt',
      status: 404,
      statusText: 'Not Found'
    }
  ],
  'compressor-stopped': [{ code: 'compressor-stopped' }],
  'compress-failed': [
    { code: 'compress-failed', path: 'a.txt', detail: 'oom' }
  ],
  'check-failed': [{ code: 'check-failed', name: 'x.zip', detail: 'oops' }],
  'no-free-name': [{ code: 'no-free-name', name: 'study', parent: 'work' }],
  'server-no-answer': [{ code: 'server-no-answer', detail: 'Failed to fetch' }],
  'job-lost': [{ code: 'job-lost', detail: 'No such job' }],
  'outside-folder': [{ code: 'outside-folder', path: '../x', root: 'new' }]
};

describe('workspace words', () => {
  it.each(Object.keys(EXCLUSIONS) as ExclusionCode[])(
    'says why %s is left out',
    code => {
      expect(exclusionText(code, marking)).toMatch(/^«[^«»%]+»$/);
    }
  );

  it.each(Object.keys(SECRET_REASONS) as SecretCode[])(
    'says why %s looks like a secret, in English as the reason',
    code => {
      expect(secretText(code, marking)).toMatch(/^«[^«»%]+»$/);
      expect(secretText(code, trans)).toBe(SECRET_REASONS[code]);
    }
  );

  it.each(Object.values(PROBLEMS).flat())(
    'says the problem %o with its parameters',
    problem => {
      const text = workspaceProblemText(problem, marking);
      expect(text).toMatch(/^«[^«»]+»$/);
      expect(text).not.toMatch(/%\d/);
      for (const [key, value] of Object.entries(problem)) {
        if (key !== 'code') {
          expect(text).toContain(
            key === 'path' && problem.code === 'outside-folder'
              ? JSON.stringify(value)
              : String(value)
          );
        }
      }
    }
  );

  it('says what the walk and the inspection give, in their English', async () => {
    const contents = FakeContents.fromTree({
      w: {
        '.env': 1,
        __pycache__: { 'a.pyc': 1 },
        venv: { 'pyvenv.cfg': 1 },
        'a.txt': 3
      }
    });
    const walk = await walkFolder(contents, 'w', { exclude: ['*.log'] });
    expect(walk.excluded.length).toBeGreaterThan(2);
    for (const e of walk.excluded) {
      expect(exclusionText(e.code, trans)).toBe(e.reason);
    }
    const inspection = await inspectFiles(
      [
        { path: 'short.txt', size: 10 },
        { path: 'gone.txt', size: 1 }
      ],
      async path => {
        if (path === 'gone.txt') {
          throw new Error('404');
        }
        return new Uint8Array(3);
      }
    );
    expect(inspection.refused.map(r => r.code)).toEqual([
      'size-mismatch',
      'unreadable'
    ]);
    for (const r of inspection.refused) {
      expect(exclusionText(r.code, trans)).toBe(r.reason);
    }
  });

  it('says what the layer throws, in English as its message', async () => {
    const thrown: unknown[] = [];
    const keep = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        thrown.push(e);
      }
    };
    keep(() => readCitation('a: [b'));
    keep(() => readCitation('- a\n- b\n'));
    keep(() => new FolderWriter({} as any, 'new').resolve('../x'));
    expect(thrown).toHaveLength(3);
    for (const error of thrown) {
      expect(error).toBeInstanceOf(WorkspaceError);
      const { problem, message } = error as WorkspaceError;
      expect(workspaceProblemText(problem, trans)).toBe(message);
    }
  });
});
