import { documentFolder, unsavedDocuments } from '../unsaved';

const doc = (localPath: string, dirty: boolean, path = localPath) => ({
  context: { localPath, path, model: { dirty } }
});

describe('unsavedDocuments', () => {
  it('lists dirty documents inside the folder only, once, sorted', () => {
    const widgets = [
      doc('study/b.ipynb', true),
      doc('study/a/x.py', true),
      doc('study/clean.ipynb', false),
      doc('studyother/c.ipynb', true),
      doc('study/b.ipynb', true),
      { title: 'a launcher, no context' },
      null
    ];
    expect(unsavedDocuments(widgets, 'study')).toEqual([
      'study/a/x.py',
      'study/b.ipynb'
    ]);
    expect(unsavedDocuments(widgets, '/study/')).toEqual([
      'study/a/x.py',
      'study/b.ipynb'
    ]);
  });

  it('uses the path without a drive prefix', () => {
    expect(
      unsavedDocuments(
        [doc('study/n.ipynb', true, 'RTC:study/n.ipynb')],
        'study'
      )
    ).toEqual(['study/n.ipynb']);
  });

  it('the root holds everything', () => {
    expect(
      unsavedDocuments([doc('a.ipynb', true), doc('x/b.ipynb', true)], '')
    ).toEqual(['a.ipynb', 'x/b.ipynb']);
  });
});

describe('documentFolder', () => {
  it('is the folder of a document, the root for a top-level one', () => {
    expect(documentFolder(doc('study/paper/draft.ipynb', false))).toBe(
      'study/paper'
    );
    expect(documentFolder(doc('top.ipynb', false, 'RTC:top.ipynb'))).toBe('');
  });

  it('is null for anything that is not a document', () => {
    expect(documentFolder({ title: 'launcher' })).toBeNull();
    expect(documentFolder(null)).toBeNull();
  });
});
