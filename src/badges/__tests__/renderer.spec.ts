import { Contents } from '@jupyterlab/services';

import { ISignal, Signal } from '@lumino/signaling';

import type { IFolderBadges } from '../../tokens';
import { BadgeRenderer } from '../renderer';
import { ICOS_RULES, SharedFolderRules } from '../rules';

/**
 * A provider of IFolderBadges that is not this extension's: the renderer
 * must need nothing else.
 */
class PlainBadges implements IFolderBadges {
  rules = new SharedFolderRules(ICOS_RULES);
  dois = new Map<string, string>();
  newer = new Map<string, IFolderBadges.INewerVersion>();
  showLocks = true;
  changed: ISignal<IFolderBadges, void> = new Signal<IFolderBadges, void>(this);
  sharedFolderOf(path: string) {
    return this.rules.match(path);
  }
  doiOf(path: string) {
    return this.dois.get(path) ?? null;
  }
  newerVersionOf(path: string) {
    return this.newer.get(path) ?? null;
  }
  async observe() {
    // Nothing to learn: the test sets what is known.
  }
  checkNewerVersions() {
    // Nothing to ask.
  }
}

function model(
  path: string,
  extra: Partial<Contents.IModel> = {}
): Contents.IModel {
  return {
    name: path.split('/').pop()!,
    path,
    type: 'directory',
    writable: true,
    created: '2026-01-01T00:00:00Z',
    last_modified: '2026-01-01T00:00:00Z',
    mimetype: '',
    content: null,
    format: null,
    ...extra
  } as Contents.IModel;
}

describe('BadgeRenderer', () => {
  const badges = new PlainBadges();
  badges.dois.set('paper', '10.5281/zenodo.7');
  const opened: string[] = [];
  const renderer = new BadgeRenderer(badges, undefined, url =>
    opened.push(url)
  );

  it('draws a group badge with words, and a lock for read-only folders', () => {
    const node = renderer.createItemNode();
    renderer.updateItemNode(node, model('project/abc'));
    const badge = node.querySelector('.jp-artifacts-GroupBadge')!;
    expect(badge.textContent).toBe('abc');
    expect(badge.getAttribute('aria-label')).toBe(
      'Shared with group abc: members can read and write here; store/ is read-only'
    );
    expect(node.querySelector('.jp-artifacts-LockBadge')).toBeNull();

    renderer.updateItemNode(node, model('project/abc/store'));
    expect(node.querySelector('.jp-artifacts-GroupBadge')).toBeNull();
    expect(
      node.querySelector('.jp-artifacts-LockBadge')?.getAttribute('aria-label')
    ).toMatch(/Read-only: members of group abc/);

    renderer.updateItemNode(node, model('notes', { writable: false }));
    expect(node.querySelector('.jp-artifacts-LockBadge')).not.toBeNull();
  });

  it('is idempotent on a reused row and clears badges when not needed', () => {
    const node = renderer.createItemNode();
    const m = model('project/abc');
    renderer.updateItemNode(node, m);
    const first = node.querySelector('.jp-artifacts-Badges');
    renderer.updateItemNode(node, m);
    renderer.updateItemNode(node, m);
    expect(node.querySelectorAll('.jp-artifacts-Badges')).toHaveLength(1);
    expect(node.querySelector('.jp-artifacts-Badges')).toBe(first);

    renderer.updateItemNode(node, model('project/xyz'));
    expect(node.querySelectorAll('.jp-artifacts-GroupBadge')).toHaveLength(1);
    expect(node.querySelector('.jp-artifacts-GroupBadge')!.textContent).toBe(
      'xyz'
    );

    renderer.updateItemNode(node, model('mine'));
    expect(node.querySelector('.jp-artifacts-Badges')).toBeNull();
    renderer.updateItemNode(node, model('data.csv', { type: 'file' }));
    expect(node.querySelector('.jp-artifacts-Badges')).toBeNull();
  });

  it("draws a compact DOI badge: a click is the row's, Ctrl/Cmd-click opens the record", () => {
    const node = renderer.createItemNode();
    renderer.updateItemNode(node, model('paper'));
    const badge = node.querySelector<HTMLElement>('.jp-artifacts-DoiBadge')!;
    expect(badge.tagName).toBe('SPAN');
    expect(badge.dataset.doi).toBe('10.5281/zenodo.7');
    expect(badge.textContent).toBe('DOI');
    let reachedRow = 0;
    node.addEventListener('click', () => reachedRow++);
    badge.click();
    expect(opened).toEqual([]);
    expect(reachedRow).toBe(1);
    badge.dispatchEvent(
      new MouseEvent('click', { bubbles: true, ctrlKey: true })
    );
    badge.dispatchEvent(
      new MouseEvent('click', { bubbles: true, metaKey: true })
    );
    expect(opened).toEqual([
      'https://doi.org/10.5281/zenodo.7',
      'https://doi.org/10.5281/zenodo.7'
    ]);
    expect(reachedRow).toBe(1);
  });

  it('redraws connected rows when a DOI becomes known', () => {
    const node = renderer.createItemNode();
    document.body.appendChild(node);
    renderer.updateItemNode(node, model('later'));
    expect(node.querySelector('.jp-artifacts-DoiBadge')).toBeNull();
    badges.dois.set('later', '10.5281/zenodo.8');
    renderer.redraw();
    expect(node.querySelector('.jp-artifacts-DoiBadge')).not.toBeNull();
    node.remove();
  });

  it('marks a DOI badge whose artifact has a newer version, and unmarks it', () => {
    const node = renderer.createItemNode();
    document.body.appendChild(node);
    badges.dois.set('course', '10.5281/zenodo.20');
    renderer.updateItemNode(node, model('course'));
    const plain = node.querySelector<HTMLElement>('.jp-artifacts-DoiBadge')!;
    expect(plain.classList).not.toContain('jp-artifacts-DoiBadge-newer');
    expect(plain.dataset.newerDoi).toBeUndefined();

    badges.newer.set('course', { doi: '10.5281/zenodo.22', version: '2' });
    renderer.redraw();
    const marked = node.querySelector<HTMLElement>('.jp-artifacts-DoiBadge')!;
    expect(marked.classList).toContain('jp-artifacts-DoiBadge-newer');
    expect(marked.dataset.newerDoi).toBe('10.5281/zenodo.22');
    expect(marked.dataset.newerVersion).toBe('2');
    expect(marked.getAttribute('aria-label')).toBe(
      'Published artifact, DOI 10.5281/zenodo.20. Version 2 is on Zenodo: right-click to update this folder.'
    );

    badges.newer.delete('course');
    renderer.redraw();
    expect(
      node.querySelector('.jp-artifacts-DoiBadge')!.classList
    ).not.toContain('jp-artifacts-DoiBadge-newer');
    node.remove();
  });

  it('draws no lock when the provider says locks are off', () => {
    badges.showLocks = false;
    const node = renderer.createItemNode();
    renderer.updateItemNode(node, model('notes', { writable: false }));
    expect(node.querySelector('.jp-artifacts-LockBadge')).toBeNull();
    badges.showLocks = true;
  });
});
