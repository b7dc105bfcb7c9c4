/**
 * The current folder's group (and DOI), shown in the file browser's toolbar
 * so that users see where they are even deep inside a shared folder.
 *
 * @packageDocumentation
 * @module badges/current
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { linkIcon, lockIcon, usersIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';

import { doiUrl } from './doi';
import type { IFolderBadges } from '../tokens';
import { describeShared } from './words';

/**
 * A toolbar item: empty where the folder is the user's own.
 */
export class CurrentFolderBadge extends Widget {
  constructor(
    private _badges: IFolderBadges,
    private _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-artifacts-CurrentFolderBadge');
    this.node.setAttribute('role', 'status');
  }

  /**
   * Show what `path` (a server path without a drive's prefix: the Contents
   * manager's `localPath`) is.
   */
  showPath(path: string): void {
    const shared = this._badges.sharedFolderOf(path);
    const doi = this._badges.doiOf(path);
    const key = `${shared?.root ?? ''}|${shared?.readOnly ?? ''}|${doi ?? ''}`;
    if (key === this._key) {
      return;
    }
    this._key = key;
    this.node.textContent = '';
    this.setHidden(!shared && !doi);
    if (shared) {
      const words = describeShared(shared, this._trans);
      const chip = document.createElement('span');
      chip.className = 'jp-artifacts-GroupBadge';
      chip.title = words;
      chip.setAttribute('aria-label', this._trans.__('You are in: %1', words));
      chip.appendChild(usersIcon.element({ tag: 'span' }));
      const name = document.createElement('span');
      name.textContent = shared.label;
      chip.appendChild(name);
      if (shared.readOnly) {
        chip.appendChild(lockIcon.element({ tag: 'span' }));
      }
      this.node.appendChild(chip);
    }
    if (doi) {
      const link = document.createElement('a');
      link.className = 'jp-artifacts-DoiBadge';
      link.href = doiUrl(doi);
      link.dataset.doi = doi;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      const words = this._trans.__(
        'This folder is a published artifact, DOI %1: open its record',
        doi
      );
      link.title = words;
      link.setAttribute('aria-label', words);
      link.appendChild(linkIcon.element({ tag: 'span' }));
      const label = document.createElement('span');
      // The identifier system's name; a language may write it its own way.
      label.textContent = this._trans.__('DOI');
      link.appendChild(label);
      this.node.appendChild(link);
    }
  }

  private _key: string | null = null;
}
