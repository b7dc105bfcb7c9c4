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

import { ArtifactFolderIndex } from './artifacts';
import { doiUrl } from './doi';
import { ISharedMatch, SharedFolderRules } from './rules';
import { describeShared } from './words';
import { TRANSLATION_DOMAIN } from '../i18n';

/**
 * CSS classes, in one place.
 */
export namespace BadgeClass {
  export const badges = 'jp-artifacts-Badges';
  export const group = 'jp-artifacts-GroupBadge';
  export const lock = 'jp-artifacts-LockBadge';
  export const doi = 'jp-artifacts-DoiBadge';
}

/**
 * What the renderer needs to decide a row's badges.
 */
export interface IBadgeState {
  rules: SharedFolderRules;
  artifacts: ArtifactFolderIndex | null;
  showLocks: boolean;
}

/**
 * A `DirListing.Renderer` that adds badges after the name.
 *
 * #### Notes
 * `super.updateItemNode` returns early for an unchanged row, and rows are
 * reused across folders, so the badges are keyed on the node
 * (`data-artifacts-badges`) and only rebuilt when that key changes. A row
 * that needs no badge costs one regular-expression test per rule.
 */
export class BadgeRenderer extends DirListing.Renderer {
  constructor(
    state: IBadgeState,
    translator: ITranslator = nullTranslator,
    private _open: (url: string) => void = url =>
      window.open(url, '_blank', 'noopener')
  ) {
    super();
    this.state = state;
    this._trans = translator.load(TRANSLATION_DOMAIN);
  }

  /**
   * The rules and DOI index; replace and call `redraw()` when they change.
   */
  state: IBadgeState;

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
    const isDir = model.type === 'directory';
    const shared = isDir ? this.state.rules.match(model.path) : null;
    const doi =
      isDir && this.state.artifacts
        ? this.state.artifacts.doiOf(model.path)
        : null;
    const locked =
      this.state.showLocks &&
      (model.writable === false || (shared?.readOnly ?? false));
    const showGroup = !!shared && shared.isRoot;
    const key =
      showGroup || locked || doi
        ? `${showGroup ? shared!.root + '|' + shared!.label : ''}|${locked ? 'L' : ''}|${doi ?? ''}`
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
      if (this.state.artifacts || !this.state.rules.isEmpty) {
        // Remember the row: a DOI or rule learnt later may concern it.
        this._rows.set(node, model);
      }
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
      holder.appendChild(this._doiBadge(doi));
    }
    const text = node.querySelector('.jp-DirListing-itemText');
    if (text) {
      text.insertAdjacentElement('afterend', holder);
    } else {
      node.appendChild(holder);
    }
  }

  private _groupBadge(shared: ISharedMatch): HTMLElement {
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

  private _lockBadge(shared: ISharedMatch | null): HTMLElement {
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
   * menu (commands in `badges/index.ts`) or with a Ctrl/Cmd-click.
   */
  private _doiBadge(doi: string): HTMLElement {
    const badge = document.createElement('span');
    badge.className = BadgeClass.doi;
    badge.dataset.doi = doi;
    const words = this._trans.__(
      'Published artifact, DOI %1. Ctrl-click (Cmd-click on a Mac) or right-click to open its record.',
      doi
    );
    badge.title = words;
    badge.setAttribute('aria-label', words);
    badge.setAttribute('role', 'img');
    badge.textContent = 'DOI';
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
