/**
 * The update plan, case by case (pure logic: bodies are given as text).
 */
import { besideName, FileBody, planUpdate } from '../update';

const enc = (s: string) => new TextEncoder().encode(s);
const files = (o: Record<string, string>) =>
  new Map<string, FileBody>(Object.entries(o).map(([k, v]) => [k, enc(v)]));

function plan(
  base: Record<string, string>,
  current: Record<string, string>,
  next: Record<string, string>,
  folders: string[] = []
) {
  const steps = planUpdate({
    base: files(base),
    current: files(current),
    next: files(next),
    folders,
    label: 'v2'
  });
  return Object.fromEntries(
    steps.map(s => [
      s.path,
      s.writeTo ? `${s.action} → ${s.writeTo}` : s.action
    ])
  );
}

describe('planUpdate', () => {
  it('replaces a file the user did not change and the new version did', () => {
    expect(plan({ 'a.py': '1' }, { 'a.py': '1' }, { 'a.py': '2' })).toEqual({
      'a.py': 'replaced → a.py'
    });
  });

  it('leaves a file nobody changed alone', () => {
    expect(plan({ 'a.py': '1' }, { 'a.py': '1' }, { 'a.py': '1' })).toEqual({
      'a.py': 'unchanged'
    });
  });

  it('keeps a file the user changed and the new version did not', () => {
    expect(plan({ 'a.py': '1' }, { 'a.py': 'mine' }, { 'a.py': '1' })).toEqual({
      'a.py': 'kept'
    });
  });

  it('keeps the user’s change and writes the new copy beside it', () => {
    expect(
      plan(
        { 'nb/analysis.ipynb': '1' },
        { 'nb/analysis.ipynb': 'mine' },
        { 'nb/analysis.ipynb': '2' }
      )
    ).toEqual({
      'nb/analysis.ipynb': 'kept-beside → nb/analysis.v2.ipynb'
    });
  });

  it('never writes the copy over a file that has that name already', () => {
    expect(
      plan(
        { 'a.ipynb': '1' },
        { 'a.ipynb': 'mine', 'a.v2.ipynb': 'also mine', 'A.V2-2.ipynb': 'x' },
        { 'a.ipynb': '2' }
      )
    ).toEqual({ 'a.ipynb': 'kept-beside → a.v2-3.ipynb' });
  });

  it('counts a change the user already has as unchanged', () => {
    expect(plan({ 'a.py': '1' }, { 'a.py': '2' }, { 'a.py': '2' })).toEqual({
      'a.py': 'unchanged'
    });
  });

  it('adds new files, in new folders too', () => {
    expect(
      plan({ 'a.py': '1' }, { 'a.py': '1' }, { 'a.py': '1', 'data/b.csv': 'b' })
    ).toEqual({ 'a.py': 'unchanged', 'data/b.csv': 'added → data/b.csv' });
  });

  it('deletes a removed file only when the user had not changed it', () => {
    expect(
      plan(
        { 'old.py': '1', 'edited.py': '1' },
        { 'old.py': '1', 'edited.py': 'mine' },
        {}
      )
    ).toEqual({ 'old.py': 'deleted', 'edited.py': 'left' });
  });

  it('does not bring back what the user deleted unless it changed', () => {
    expect(
      plan(
        { 'same.py': '1', 'changed.py': '1', 'removed.py': '1' },
        {},
        { 'same.py': '1', 'changed.py': '2' }
      )
    ).toEqual({
      'same.py': 'gone',
      'changed.py': 'restored → changed.py',
      'removed.py': 'gone'
    });
  });

  it('writes a new file beside a different file of the user’s with its name', () => {
    expect(
      plan(
        {},
        { 'notes.md': 'mine', 'Data.csv': 'mine' },
        {
          'notes.md': 'theirs',
          'data.csv': 'theirs'
        }
      )
    ).toEqual({
      'notes.md': 'added-beside → notes.v2.md',
      // Case-folded: data.csv and Data.csv are one file on macOS/Windows.
      'data.csv': 'added-beside → data.v2.csv'
    });
  });

  it('handles a new file where the user has a folder, and a new folder where the user has a file', () => {
    expect(
      plan(
        {},
        { 'results/mine.txt': 'x', data: 'a file of mine' },
        { results: 'a file now', 'data/a.csv': 'a', 'data/b.csv': 'b' },
        ['results']
      )
    ).toEqual({
      results: 'added-beside → results.v2',
      'data/a.csv': 'added-beside → data.v2/a.csv',
      'data/b.csv': 'added-beside → data.v2/b.csv'
    });
  });

  it('compares checksums as well as bytes', () => {
    const steps = planUpdate({
      base: new Map([['a', 'md5:1']]),
      current: new Map([['a', 'md5:1']]),
      next: new Map([['a', 'md5:2']]),
      label: 'v2'
    });
    expect(steps).toEqual([{ path: 'a', action: 'replaced', writeTo: 'a' }]);
  });

  it('lists nothing of the user’s own files', () => {
    expect(
      plan({ 'a.py': '1' }, { 'a.py': '1', 'mine.txt': 'x' }, { 'a.py': '1' })
    ).toEqual({ 'a.py': 'unchanged' });
  });
});

describe('besideName', () => {
  it.each([
    ['analysis.ipynb', 'analysis.v2.ipynb'],
    ['data/a.tar.gz', 'data/a.v2.tar.gz'],
    ['Makefile', 'Makefile.v2'],
    ['dir.x/README', 'dir.x/README.v2']
  ])('%s → %s', (path, expected) => {
    expect(besideName(path, 'v2')).toBe(expected);
  });

  it('makes a label safe for a file name', () => {
    expect(besideName('a.py', ' 2.0/beta ')).toBe('a.2.0-beta.py');
  });
});
