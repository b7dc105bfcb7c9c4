import { ContentsManager, Drive } from '@jupyterlab/services';

import { ImportTarget } from '../target';

/**
 * JupyterLab's own Contents manager with the drive RTC registers, for its
 * `localPath`: what is a drive's prefix and what is a folder's name.
 */
function contentsWithRtc(): ContentsManager {
  const contents = new ContentsManager();
  contents.addDrive(new Drive({ name: 'RTC' }));
  return contents;
}

describe('ImportTarget', () => {
  function make(artifacts: string[], browser = { path: '' }) {
    const asked: string[] = [];
    const contents = contentsWithRtc();
    const target = new ImportTarget({
      browserPath: () => browser.path,
      localPath: path => contents.localPath(path),
      isArtifactFolder: async path => {
        asked.push(path);
        return artifacts.includes(path);
      }
    });
    return { target, asked, browser };
  }

  it('takes the file browser’s folder when the catalogue opens, and keeps it', async () => {
    const { target, browser } = make([], { path: 'course/week1' });
    await target.follow();
    expect(target.path).toBe('course/week1');
    expect(target.origin).toBe('browser');
    // An import moves the browser; the target stays until the next opening.
    browser.path = 'course/week1/coral-v1';
    expect(target.path).toBe('course/week1');
  });

  it('never takes an artifact folder or a folder inside one', async () => {
    const { target, browser } = make(['course/coral-v1']);
    browser.path = 'course/coral-v1/notebooks';
    await target.follow();
    expect(target.path).toBe('course');
    browser.path = 'RTC:course/coral-v1';
    await target.follow();
    expect(target.path).toBe('course');
    expect(await target.inArtifact('course/coral-v1/x')).toBe(true);
    expect(await target.inArtifact('course')).toBe(false);
  });

  it('a folder that cannot be read is no target either', async () => {
    const target = new ImportTarget({
      browserPath: () => 'a/b',
      isArtifactFolder: async path => {
        if (path === 'a/b') {
          throw new Error('gone');
        }
        return false;
      }
    });
    await target.follow();
    expect(target.path).toBe('a');
  });

  it('the person’s choice wins over the setting, the setting over the browser', async () => {
    const { target, browser } = make([], { path: 'here' });
    const changes: string[] = [];
    target.changed.connect(() =>
      changes.push(`${target.origin}:${target.path}`)
    );
    target.setSetting('/imports/');
    await target.follow();
    expect(target.path).toBe('imports');
    expect(target.origin).toBe('setting');
    target.choose('mine/');
    target.setSetting('other');
    await target.follow();
    expect(target.path).toBe('mine');
    expect(target.origin).toBe('person');
    browser.path = 'there';
    expect(changes).toEqual(['setting:imports', 'person:mine']);
  });

  it('an empty setting gives the browser back its say', async () => {
    const { target } = make([], { path: 'here' });
    target.setSetting('imports');
    target.setSetting('');
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(target.path).toBe('here');
  });

  it('a choice made while the browser’s folder is being checked is kept', async () => {
    let release: () => void = () => undefined;
    const target = new ImportTarget({
      browserPath: () => 'slow',
      isArtifactFolder: () =>
        new Promise(resolve => {
          release = () => resolve(false);
        })
    });
    const following = target.follow();
    // The check is under way when the person chooses.
    await new Promise(resolve => setTimeout(resolve, 0));
    target.choose('chosen');
    release();
    await following;
    expect(target.path).toBe('chosen');
  });

  it('a launch link’s folder (/lab/tree/<folder>?artifact=) is the first target, before the browser gets there', async () => {
    const browser = { path: '' };
    const target = new ImportTarget({
      browserPath: () => browser.path,
      isArtifactFolder: async path => path === 'course/coral-v1',
      // The file browser is still at the root when the catalogue opens.
      browserReady: Promise.resolve(),
      startFolder: async () => 'course/week1'
    });
    await target.follow();
    expect(target.path).toBe('course/week1');
    expect(target.origin).toBe('browser');
    // Only the first time: a later opening follows the browser again.
    browser.path = 'elsewhere';
    await target.follow();
    expect(target.path).toBe('elsewhere');
  });

  it('a launch link’s folder inside an artifact gives way like the browser’s; an unknown one is ignored', async () => {
    const inside = new ImportTarget({
      browserPath: () => 'root-browser',
      isArtifactFolder: async path => path === 'course/coral-v1',
      startFolder: async () => 'course/coral-v1/notebooks'
    });
    await inside.follow();
    expect(inside.path).toBe('course');
    const unknown = new ImportTarget({
      browserPath: () => 'browser-folder',
      isArtifactFolder: async () => false,
      startFolder: async () => null
    });
    await unknown.follow();
    expect(unknown.path).toBe('browser-folder');
  });

  it('keeps a folder whose name has a colon (data:2024), and drops only a registered drive', async () => {
    const { target, browser, asked } = make(['data:2024/coral-v1']);
    browser.path = 'data:2024/week1';
    await target.follow();
    expect(target.path).toBe('data:2024/week1');
    expect(asked).toEqual(['data:2024', 'data:2024/week1']);
    // RTC's drive in front of it.
    browser.path = 'RTC:data:2024/coral-v1/notebooks';
    await target.follow();
    expect(target.path).toBe('data:2024');
    expect(await target.inArtifact('RTC:data:2024/coral-v1')).toBe(true);
    expect(await target.inArtifact('data:2024')).toBe(false);
    target.choose('RTC:data:2024/mine/');
    expect(target.path).toBe('data:2024/mine');
    target.choose('data:2024');
    expect(target.path).toBe('data:2024');
    const { target: fromSetting } = make([]);
    fromSetting.setSetting('/data:2024/imports/');
    expect(fromSetting.path).toBe('data:2024/imports');
  });
});
