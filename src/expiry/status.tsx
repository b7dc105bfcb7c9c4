/**
 * The countdown's status-bar item: a text that renders the model's words,
 * coloured by level; a click opens the details.
 *
 * @packageDocumentation
 * @module expiry/status
 */
import { TextItem } from '@jupyterlab/statusbar';
import { VDomModel, VDomRenderer } from '@jupyterlab/ui-components';
import React from 'react';

import { ExpiryLevel } from './policy';

/**
 * What the status item shows.
 */
export class ExpiryStatusModel extends VDomModel {
  get text(): string {
    return this._text;
  }
  get title(): string {
    return this._title;
  }
  get level(): ExpiryLevel {
    return this._level;
  }
  get visible(): boolean {
    return this._text !== '';
  }

  /**
   * Replace what is shown; emits `stateChanged` only on change.
   */
  set(text: string, title: string, level: ExpiryLevel): void {
    if (text === this._text && title === this._title && level === this._level) {
      return;
    }
    this._text = text;
    this._title = title;
    this._level = level;
    this.stateChanged.emit();
  }

  private _text = '';
  private _title = '';
  private _level: ExpiryLevel = 'normal';
}

/**
 * The status-bar item.
 */
export class ExpiryStatus extends VDomRenderer<ExpiryStatusModel> {
  constructor(
    model: ExpiryStatusModel,
    private _onOpen: () => void,
    private _label: string
  ) {
    super(model);
    this.addClass('jp-artifacts-Expiry');
    this.addClass('jp-mod-highlighted');
    this.node.setAttribute('role', 'button');
    this.node.tabIndex = 0;
    this.node.addEventListener('click', () => this._onOpen());
    this.node.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this._onOpen();
      }
    });
  }

  protected render(): JSX.Element | null {
    const model = this.model;
    this.node.dataset.level = model.level;
    this.node.title = model.title;
    this.node.setAttribute('aria-label', `${this._label}: ${model.text}`);
    return <TextItem source={model.text} />;
  }
}
