/**
 * File-browser rows with group, lock and DOI badges, drawn through
 * `IDefaultFileBrowserRenderer`.
 *
 * @packageDocumentation
 * @module badges/renderer
 */
import { Contents } from '@jupyterlab/services';
import { DirListing } from '@jupyterlab/filebrowser';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { lockIcon, usersIcon } from '@jupyterlab/ui-components';

import { TRANSLATION_DOMAIN } from '../i18n';
import type { IFolderBadges } from '../tokens';
import { doiUrl } from './doi';
import { describeShared } from './words';

/**
 * CSS classes, in one place.
 */
export namespace BadgeClass {
  export const badges = 'jp-artifacts-Badges';
  export const group = 'jp-artifacts-GroupBadge';
  export const lock = 'jp-artifacts-LockBadge';
  export const doi = 'jp-artifacts-DoiBadge';
  export const newer = 'jp-artifacts-DoiBadge-newer';
}

/**
 * A `DirListing.Renderer` that adds badges after the name.
 *
 * #### Notes
 * `super.updateItemNode` returns early for an unchanged row, and rows are
 * reused across folders, so the badges are keyed on the node
 * (`data-artifacts-badges`) and only rebuilt when that key changes. A row
 * that needs no badge costs one glob match per rule.
 *
 * The renderer asks only {@link IFolderBadges}: whoever provides it decides
 * the badges. Call `redraw()` when it changes.
 */
export class BadgeRenderer extends DirListing.Renderer {
  constructor(
    private _badges: IFolderBadges,
    translator: ITranslator = nullTranslator,
    private _open: (url: string) => void = url =>
      window.open(url, '_blank', 'noopener')
  ) {
    super();
    this._trans = translator.load(TRANSLATION_DOMAIN);
  }

  updateItemNode(
    node: HTMLElement,
    model: Contents.IModel,
    ...rest: any[]
  ): void {
    (super.updateItemNode as any)(node, model, ...rest);
    this.decorate(node, model);
  }

  /**
   * Redraw the badges of every row drawn so far that is still in a page.
   */
  redraw(): void {
    for (const [node, model] of this._rows) {
      if (!node.isConnected) {
        this._rows.delete(node);
        continue;
      }
      this.decorate(node, model);
    }
  }

  /**
   * Add, update or remove the badges of one row.
   */
  decorate(node: HTMLElement, model: Contents.IModel): void {
    const badges = this._badges;
    const isDir = model.type === 'directory';
    const shared = isDir ? badges.sharedFolderOf(model.path) : null;
    const doi = isDir ? badges.doiOf(model.path) : null;
    const newer = doi ? badges.newerVersionOf(model.path) : null;
    const locked =
      badges.showLocks &&
      (model.writable === false || (shared?.readOnly ?? false));
    const showGroup = !!shared && shared.isRoot;
    const key =
      showGroup || locked || doi
        ? `${showGroup ? shared!.root + '|' + shared!.label : ''}|${locked ? 'L' : ''}|${doi ?? ''}|${newer ? newer.doi + '|' + (newer.version ?? '') : ''}`
        : '';
    const existing = node.querySelector<HTMLElement>(`.${BadgeClass.badges}`);
    if (!key) {
      if (existing) {
        existing.remove();
      }
      if (node.dataset.artifactsBadges !== undefined) {
        delete node.dataset.artifactsBadges;
        this._rows.delete(node);
      }
      // Remember the row: a DOI or rule learnt later may concern it.
      this._rows.set(node, model);
      return;
    }
    this._rows.set(node, model);
    if (existing && node.dataset.artifactsBadges === key) {
      return;
    }
    existing?.remove();
    node.dataset.artifactsBadges = key;
    const holder = document.createElement('span');
    holder.className = BadgeClass.badges;
    if (showGroup && shared) {
      holder.appendChild(this._groupBadge(shared));
    }
    if (locked) {
      holder.appendChild(this._lockBadge(shared));
    }
    if (doi) {
      holder.appendChild(this._doiBadge(doi, newer));
    }
    const text = node.querySelector('.jp-DirListing-itemText');
    if (text) {
      text.insertAdjacentElement('afterend', holder);
    } else {
      node.appendChild(holder);
    }
  }

  private _groupBadge(shared: IFolderBadges.ISharedMatch): HTMLElement {
    const badge = document.createElement('span');
    badge.className = BadgeClass.group;
    const words = describeShared(shared, this._trans);
    badge.title = words;
    badge.setAttribute('aria-label', words);
    badge.setAttribute('role', 'img');
    badge.appendChild(
      usersIcon.element({ tag: 'span', className: `${BadgeClass.group}-icon` })
    );
    const name = document.createElement('span');
    name.className = `${BadgeClass.group}-name`;
    name.textContent = shared.label;
    badge.appendChild(name);
    return badge;
  }

  private _lockBadge(shared: IFolderBadges.ISharedMatch | null): HTMLElement {
    const words =
      shared && shared.readOnly
        ? this._trans.__(
            'Read-only: members of group %1 can open files here but not change them',
            shared.group
          )
        : this._trans.__(
            'Read-only: you can open files here but not change them'
          );
    const badge = lockIcon.element({ tag: 'span', className: BadgeClass.lock });
    badge.title = words;
    badge.setAttribute('aria-label', words);
    badge.setAttribute('role', 'img');
    return badge;
  }

  /**
   * A compact "DOI" mark. It is part of the row: a click selects the row
   * as anywhere else on it (a link here used to catch clicks meant for the
   * row and open doi.org). The record opens from the badge's own context
   * menu (commands in `badges/index.ts`) or with a Ctrl/Cmd-click. When
   * Zenodo has a newer version, the mark says so and the menu offers the
   * update.
   */
  private _doiBadge(
    doi: string,
    newer: IFolderBadges.INewerVersion | null
  ): HTMLElement {
    const badge = document.createElement('span');
    badge.className = BadgeClass.doi;
    badge.dataset.doi = doi;
    let words = this._trans.__(
      'Published artifact, DOI %1. Ctrl-click (Cmd-click on a Mac) or right-click to open its record.',
      doi
    );
    badge.textContent = this._trans.__('DOI');
    if (newer) {
      badge.classList.add(BadgeClass.newer);
      badge.dataset.newerDoi = newer.doi;
      badge.dataset.newerVersion = newer.version ?? '';
      words = newer.version
        ? this._trans.__(
            'Published artifact, DOI %1. Version %2 is on Zenodo: right-click to update this folder.',
            doi,
            newer.version
          )
        : this._trans.__(
            'Published artifact, DOI %1. A newer version is on Zenodo: right-click to update this folder.',
            doi
          );
      const mark = document.createElement('span');
      mark.className = `${BadgeClass.newer}-mark`;
      // An arrow is not a word: the title and label say what it means.
      mark.textContent = '\u2191';
      mark.setAttribute('aria-hidden', 'true');
      badge.appendChild(mark);
    }
    badge.title = words;
    badge.setAttribute('aria-label', words);
    badge.setAttribute('role', 'img');
    const modified = (event: MouseEvent) => event.ctrlKey || event.metaKey;
    // With a modifier the gesture is the badge's, not the row's (the
    // listing would toggle the row's selection on this mousedown).
    badge.addEventListener('mousedown', event => {
      if (modified(event)) {
        event.stopPropagation();
      }
    });
    badge.addEventListener('click', event => {
      if (modified(event)) {
        event.preventDefault();
        event.stopPropagation();
        this._open(doiUrl(doi));
      }
    });
    return badge;
  }

  private _trans: ReturnType<ITranslator['load']>;
  private _rows = new Map<HTMLElement, Contents.IModel>();
}
