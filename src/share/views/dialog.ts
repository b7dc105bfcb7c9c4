/**
 * The Share menu's dialog and the widget that holds a view in it.
 *
 * @packageDocumentation
 * @module share/views/dialog
 */
import { Dialog } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';

/**
 * A Dialog that hosts its own buttons (in its React body) and ignores Escape
 * and Enter while `busy()` (an upload must not stop because of a stray key).
 *
 * #### Notes
 * JupyterLab's `Dialog` puts the focus on its default button, sends it back
 * there when it leaves, and wraps Tab at its last button. This dialog has no
 * buttons of its own and its body changes with each step, so it does the
 * same with the body's controls: the focus goes to the step's element marked
 * `data-autofocus` (else its first control) whenever the body has none,
 * Tab and Shift+Tab wrap inside, and Escape closes through `onEscape` (the
 * same path as the step's own Cancel or Close).
 */
export class ShareDialog<T> extends Dialog<T> {
  constructor(
    options: Partial<Dialog.IOptions<T>> & {
      busy: () => boolean;
      onEscape?: () => void;
    }
  ) {
    super(options);
    this._busy = options.busy;
    this._onEscape = options.onEscape;
    this.addClass('jp-artifacts-ShareDialog');
    // Focusable itself, so that keys reach it while a step has no control
    // yet (the publish dialog's first "Looking through the folder…").
    this.node.tabIndex = -1;
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._focusIfLost();
    // Each step replaces the body's controls: a focused control removed by
    // React leaves the focus on the page behind unless it is put back.
    this._observer = new MutationObserver(() => this._focusIfLost());
    this._observer.observe(this.node, { childList: true, subtree: true });
    void this.ready.then(() => this._focusIfLost());
  }

  protected onBeforeDetach(msg: Message): void {
    this._observer?.disconnect();
    this._observer = undefined;
    super.onBeforeDetach(msg);
  }

  protected _evtKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      // Enter belongs to the form inside, not to a dialog button.
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (this._busy()) {
        return;
      }
      if (this._onEscape) {
        this._onEscape();
      } else {
        this.reject();
      }
      return;
    }
    if (event.key === 'Tab') {
      this._wrapTab(event);
      return;
    }
    super._evtKeydown(event);
  }

  protected _evtFocus(event: FocusEvent): void {
    if (!this.node.contains(event.target as Node)) {
      event.stopPropagation();
      this._focusFirst();
    }
  }

  /**
   * Keep Tab and Shift+Tab among the dialog's own controls.
   */
  private _wrapTab(event: KeyboardEvent): void {
    const controls = this._controls();
    if (!controls.length) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement as HTMLElement | null;
    const index = active ? controls.indexOf(active) : -1;
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (index === -1) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  /**
   * The visible controls Tab can reach, in document order.
   */
  private _controls(): HTMLElement[] {
    const content = this.node.querySelector('.jp-Dialog-content') ?? this.node;
    return Array.from(
      content.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, summary, [tabindex]'
      )
    ).filter(
      n =>
        !(n as HTMLButtonElement).disabled &&
        n.tabIndex >= 0 &&
        n.getClientRects().length > 0 &&
        !(n instanceof HTMLInputElement && n.type === 'hidden')
    );
  }

  private _focusFirst(): void {
    const body = this.node.querySelector('.jp-Dialog-body') ?? this.node;
    const preferred = body.querySelector<HTMLElement>('[data-autofocus]');
    const target =
      preferred && preferred.getClientRects().length
        ? preferred
        : (this._controls().find(n => body.contains(n)) ?? this.node);
    target.focus();
  }

  private _focusIfLost(): void {
    if (this.isDisposed || !this.isAttached) {
      return;
    }
    const active = document.activeElement;
    if (
      !active ||
      active === document.body ||
      !this.node.contains(active) ||
      (active === this.node &&
        this.node.querySelector('.jp-Dialog-body [data-autofocus]'))
    ) {
      this._focusFirst();
    }
  }

  private _busy: () => boolean;
  private _onEscape?: () => void;
  private _observer?: MutationObserver;
}

/**
 * A ReactWidget around a render function (for dialog bodies).
 */
export class ShareBody extends ReactWidget {
  constructor(private _render: () => JSX.Element) {
    super();
    this.addClass('jp-artifacts-Share');
  }

  protected render(): JSX.Element {
    return this._render();
  }
}
