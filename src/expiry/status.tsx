/**
 * The countdown's status-bar item: it renders the model's state in words,
 * coloured by level; a click opens the details. It holds no state of its
 * own (as jupyter-resource-usage's item).
 *
 * @packageDocumentation
 * @module expiry/status
 */
import { TextItem } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';
import { VDomRenderer } from '@jupyterlab/ui-components';
import React from 'react';

import { ExpiryModel } from './model';
import { endText, policyText, statusText } from './words';

/**
 * Whether the countdown has something to say (a policy and a deadline, or
 * the end).
 */
export function hasCountdown(model: ExpiryModel): boolean {
  return model.phase === 'running' || model.phase === 'ended';
}

/**
 * The status-bar item.
 */
export class ExpiryStatus extends VDomRenderer<ExpiryModel> {
  /**
   * @param model - the countdown.
   * @param trans - the extension's translations.
   * @param open - what a click (or Enter, Space) does: open the details.
   */
  constructor(
    model: ExpiryModel,
    private _trans: TranslationBundle,
    open: () => void
  ) {
    super(model);
    this.addClass('jp-artifacts-Expiry');
    this.addClass('jp-mod-highlighted');
    this.node.setAttribute('role', 'button');
    this.node.tabIndex = 0;
    this.node.addEventListener('click', () => open());
    this.node.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    });
  }

  protected render(): JSX.Element | null {
    const model = this.model;
    const trans = this._trans;
    const text = hasCountdown(model) ? statusText(model, trans) : '';
    this.node.dataset.level = model.level;
    this.node.title =
      model.phase === 'ended'
        ? endText(model, model.deadline, trans)
        : policyText(model, trans);
    this.node.setAttribute(
      'aria-label',
      `${trans.__('Server time limit')}: ${text}`
    );
    return <TextItem source={text} />;
  }
}
