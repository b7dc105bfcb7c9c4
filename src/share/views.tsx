/**
 * React views of the Share menu: the publish flow (preview, metadata form,
 * progress, result) and the Zenodo account. Views render state and send
 * intents; the work is done by {@link PublishWorkflow}.
 *
 * @packageDocumentation
 * @module share/views
 */
import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';

import { formatBytes, formatDuration } from './format';
import {
  IArtifactMetadata,
  ICreator,
  IFieldError,
  IMAGE_TYPES,
  LICENSES,
  PUBLICATION_TYPES,
  RELATIONS,
  UPLOAD_TYPES,
  validateMetadata
} from './metadata';
import { PublishWorkflow } from './workflow';

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
 * What the publish view needs from its host.
 */
export interface IPublishViewProps {
  workflow: PublishWorkflow;
  mode: PublishWorkflow.Mode;
  trans: TranslationBundle;
  /**
   * Form defaults from settings (licence, upload type, communities).
   */
  defaults: Partial<IArtifactMetadata>;
  /**
   * The hub user's name, for the first creator.
   */
  userName?: string;
  /**
   * Write CITATION.cff by default.
   */
  writeCitationDefault: boolean;
  /**
   * Found before the view opened (new version, edit).
   */
  resolved?: PublishWorkflow.IResolved;
  /**
   * Extra related identifiers (e.g. isDerivedFrom of a foreign artifact).
   */
  relatedIdentifiers?: IArtifactMetadata['relatedIdentifiers'];

  /**
   * Close the dialog.
   */
  onClose: () => void;
  /**
   * Tell the host whether closing would interrupt work.
   */
  onBusyChange: (busy: boolean) => void;
  /**
   * Open a URL (the record or the draft) in a new tab.
   */
  onOpen?: (url: string) => void;
  /**
   * Publish the whole workspace instead (shown for a new artifact of a
   * sub-folder).
   */
  onWholeWorkspace?: () => void;
  /**
   * Documents inside the folder that are open with changes not yet saved to
   * disk (paths relative to the server root). The archive holds what is on
   * disk, so the preview names them.
   */
  unsavedDocuments?: () => string[];
}

type Step = 'loading' | 'preview' | 'form' | 'progress' | 'result';

/**
 * The whole publish flow in one view.
 */
export function PublishView(props: IPublishViewProps): JSX.Element {
  const { workflow, trans, mode } = props;
  const [step, setStep] = React.useState<Step>('loading');
  const [preview, setPreview] = React.useState<PublishWorkflow.IPreview>();
  const [loadError, setLoadError] = React.useState<string>();
  const [skipped, setSkipped] = React.useState<Set<string>>(new Set());
  // Files flagged as secrets go in only when ticked here on purpose.
  const [included, setIncluded] = React.useState<Set<string>>(new Set());
  const [metadata, setMetadata] = React.useState<IArtifactMetadata>();
  const [errors, setErrors] = React.useState<IFieldError[]>([]);
  const [writeCff, setWriteCff] = React.useState(props.writeCitationDefault);
  const [publishNow, setPublishNow] = React.useState(true);
  const [state, setState] = React.useState<PublishWorkflow.IState>(
    workflow.state
  );
  const [, setTick] = React.useState(0);

  React.useEffect(() => {
    const onChange = (_: unknown, s: PublishWorkflow.IState) => setState(s);
    workflow.stateChanged.connect(onChange);
    return () => {
      workflow.stateChanged.disconnect(onChange);
    };
  }, [workflow]);

  // A countdown while Zenodo's rate limit is waited out.
  React.useEffect(() => {
    if (!state.waiting) {
      return;
    }
    const timer = setInterval(() => setTick(t => t + 1), 1000);
    return () => clearInterval(timer);
  }, [state.waiting]);

  const busy =
    step === 'progress' &&
    !['failed', 'done', 'cancelled', 'idle'].includes(state.phase);
  React.useEffect(() => props.onBusyChange(busy), [busy]);

  const load = React.useCallback(
    async (skip: Set<string>, include: Set<string>) => {
      setLoadError(undefined);
      try {
        const p = await workflow.preview(
          path => [...skip].some(s => path === s || path.startsWith(s + '/')),
          include
        );
        setPreview(p);
        setMetadata(
          m =>
            m ??
            workflowInitial(
              workflow,
              props,
              mode,
              props.relatedIdentifiers ?? []
            )
        );
        // An edit changes metadata only: no file list to look at.
        setStep(s =>
          s === 'loading' ? (mode === 'edit' ? 'form' : 'preview') : s
        );
      } catch (error) {
        setLoadError((error as Error).message);
        setStep('preview');
      }
    },
    [workflow]
  );

  React.useEffect(() => {
    void load(skipped, included);
  }, []);

  const start = async () => {
    const m = metadata!;
    const problems = validateMetadata(m);
    setErrors(problems);
    if (problems.length) {
      focusFirstError();
      return;
    }
    setStep('progress');
    await workflow.run({
      mode,
      metadata: m,
      writeCitation: writeCff,
      publish: publishNow,
      previousId: props.resolved?.latest.id,
      conceptDoi: props.resolved?.latest.conceptDoi,
      skip: path =>
        [...skipped].some(s => path === s || path.startsWith(s + '/')),
      includeFlagged: [...included]
    });
    afterRun();
  };

  const afterRun = () => {
    const s = workflow.state;
    if (s.phase === 'done') {
      setStep('result');
    } else if (s.phase === 'failed' && s.error?.fieldErrors.length) {
      // Zenodo's field errors land on the form's fields.
      setErrors(s.error.fieldErrors);
      setStep('form');
      focusFirstError();
    }
  };

  const retry = async () => {
    const m = metadata!;
    if (step === 'form') {
      const problems = validateMetadata(m);
      setErrors(problems);
      if (problems.length) {
        focusFirstError();
        return;
      }
    }
    setStep('progress');
    await workflow.retry(m);
    afterRun();
  };

  if (step === 'loading') {
    return (
      <div className="jp-artifacts-Share-body" aria-busy="true">
        <p>{trans.__('Looking through the folder…')}</p>
      </div>
    );
  }

  if (step === 'preview') {
    return (
      <PreviewStep
        trans={trans}
        preview={preview}
        loadError={loadError}
        skipped={skipped}
        included={included}
        mode={mode}
        unsaved={props.unsavedDocuments?.() ?? []}
        onToggle={path => {
          const next = new Set(skipped);
          if (next.has(path)) {
            next.delete(path);
          } else {
            next.add(path);
          }
          setSkipped(next);
          void load(next, included);
        }}
        onToggleFlagged={path => {
          const next = new Set(included);
          if (next.has(path)) {
            next.delete(path);
          } else {
            next.add(path);
          }
          setIncluded(next);
          void load(skipped, next);
        }}
        onNext={() => setStep('form')}
        onClose={props.onClose}
        onWholeWorkspace={
          mode === 'new' && workflow.folder ? props.onWholeWorkspace : undefined
        }
      />
    );
  }

  if (step === 'form' && metadata) {
    const failedRun = state.phase === 'failed' && state.depositionId;
    return (
      <div className="jp-artifacts-Share-body">
        {mode === 'edit' ? (
          <p className="jp-artifacts-Share-help jp-artifacts-Share-editNote">
            {trans.__(
              'An edit changes the metadata only: the published files stay as they are. To change files, publish a new version.'
            )}
          </p>
        ) : null}
        {mode === 'new' ? derivedNote(trans, workflow.derivedFrom()) : null}
        <MetadataForm
          trans={trans}
          value={metadata}
          errors={errors}
          onChange={m => {
            // An error goes as soon as its field is fixed, not at the next
            // submit.
            setErrors(e => revalidate(e, metadata, m));
            setMetadata(m);
          }}
        />
        <label className="jp-artifacts-Share-check">
          <input
            type="checkbox"
            checked={writeCff}
            onChange={e => setWriteCff(e.target.checked)}
          />
          {mode === 'edit'
            ? trans.__('Update CITATION.cff in the folder')
            : trans.__(
                'Write CITATION.cff with the reserved DOI into the folder and the archive'
              )}
        </label>
        {mode !== 'edit' ? (
          <fieldset className="jp-artifacts-Share-publishChoice">
            <legend>{trans.__('When the upload is done')}</legend>
            <label>
              <input
                type="radio"
                name="publish-choice"
                checked={publishNow}
                onChange={() => setPublishNow(true)}
              />
              {trans.__('Publish now (the DOI becomes permanent)')}
            </label>
            <label>
              <input
                type="radio"
                name="publish-choice"
                checked={!publishNow}
                onChange={() => setPublishNow(false)}
              />
              {trans.__('Keep a draft to review on Zenodo')}
            </label>
          </fieldset>
        ) : null}
        {failedRun && state.error ? (
          <p className="jp-artifacts-Share-error" role="alert">
            {state.error.message} {state.error.hint}
          </p>
        ) : null}
        <div className="jp-artifacts-Share-actions">
          <button
            className="jp-Button jp-mod-styled jp-mod-reject"
            onClick={() => {
              if (failedRun) {
                workflow.cancel();
                setStep('progress');
              } else {
                props.onClose();
              }
            }}
          >
            {failedRun ? trans.__('Discard draft') : trans.__('Cancel')}
          </button>
          {mode !== 'edit' && !failedRun ? (
            <button
              className="jp-Button jp-mod-styled"
              onClick={() => setStep('preview')}
            >
              {trans.__('Back')}
            </button>
          ) : null}
          <button
            className="jp-Button jp-mod-styled jp-mod-accept"
            onClick={() => void (failedRun ? retry() : start())}
          >
            {failedRun
              ? trans.__('Retry')
              : mode === 'edit'
                ? trans.__('Publish changes')
                : publishNow
                  ? trans.__('Upload and publish')
                  : trans.__('Upload as draft')}
          </button>
        </div>
      </div>
    );
  }

  if (step === 'result' && state.result) {
    return (
      <ResultStep
        trans={trans}
        result={state.result}
        onClose={props.onClose}
        onOpen={props.onOpen}
      />
    );
  }

  return (
    <ProgressStep
      trans={trans}
      state={state}
      onCancel={() => workflow.cancel()}
      onRetry={() => void retry()}
      onClose={props.onClose}
    />
  );
}

function workflowInitial(
  workflow: PublishWorkflow,
  props: IPublishViewProps,
  mode: PublishWorkflow.Mode,
  related: IArtifactMetadata['relatedIdentifiers']
): IArtifactMetadata {
  const m = workflow.initialMetadata(
    props.defaults,
    props.resolved,
    mode,
    props.userName
  );
  for (const r of related) {
    if (
      !m.relatedIdentifiers.some(
        x => x.identifier === r.identifier && x.relation === r.relation
      )
    ) {
      m.relatedIdentifiers = [...m.relatedIdentifiers, r];
    }
  }
  return m;
}

/**
 * The errors still standing after an edit from `before` to `after`: those
 * on unchanged fields stay; those on changed fields stay only while the
 * form's own checks still find the field wrong (with today's reason).
 */
export function revalidate(
  errors: IFieldError[],
  before: IArtifactMetadata,
  after: IArtifactMetadata
): IFieldError[] {
  if (!errors.length) {
    return errors;
  }
  const local = validateMetadata(after);
  const out: IFieldError[] = [];
  for (const e of errors) {
    if (valueAt(before, e.field) === valueAt(after, e.field)) {
      out.push(e);
    } else {
      for (const l of local) {
        if (l.field === e.field && !out.some(o => o.field === l.field)) {
          out.push(l);
        }
      }
    }
  }
  return out;
}

/**
 * The form value a field key (`title`, `creators.0.orcid`) names, as text
 * for comparison.
 */
function valueAt(m: IArtifactMetadata, field: string): string {
  let value: any = m;
  for (const key of field.split('.')) {
    value = value?.[key];
  }
  return JSON.stringify(value ?? null);
}

/**
 * Says, above the form of an artifact derived from someone else's, who the
 * creators are and where the original's authors went.
 */
function derivedNote(
  trans: TranslationBundle,
  derived?: { doi: string; authors: string[] }
): JSX.Element | null {
  if (!derived) {
    return null;
  }
  return (
    <p className="jp-artifacts-Share-note jp-artifacts-Share-derived">
      {derived.authors.length
        ? trans.__(
            'This folder’s CITATION.cff names the published artifact %1 by %2. A new artifact from it is yours: you are its creator (add anyone who worked on it with you), and the original is credited as a related identifier (isDerivedFrom). If %1 is yours, use Publish New Version instead.',
            derived.doi,
            derived.authors.join('; ')
          )
        : trans.__(
            'This folder’s CITATION.cff names the published artifact %1. A new artifact from it is yours: you are its creator (add anyone who worked on it with you), and the original is credited as a related identifier (isDerivedFrom). If %1 is yours, use Publish New Version instead.',
            derived.doi
          )}
    </p>
  );
}

function focusFirstError(): void {
  requestAnimationFrame(() => {
    const node = document.querySelector<HTMLElement>(
      '.jp-artifacts-Share-body [aria-invalid="true"]'
    );
    node?.focus();
  });
}

function PreviewStep(props: {
  trans: TranslationBundle;
  preview?: PublishWorkflow.IPreview;
  loadError?: string;
  skipped: Set<string>;
  /**
   * Flagged files ticked on purpose (shown at once, before the preview is
   * walked again).
   */
  included: Set<string>;
  mode: PublishWorkflow.Mode;
  unsaved: string[];
  onToggle: (path: string) => void;
  /**
   * Include or leave out a file flagged as a secret.
   */
  onToggleFlagged: (path: string) => void;
  onNext: () => void;
  onClose: () => void;
  onWholeWorkspace?: () => void;
}): JSX.Element {
  const { trans, preview, skipped } = props;
  if (props.loadError || !preview) {
    return (
      <div className="jp-artifacts-Share-body">
        <p className="jp-artifacts-Share-error" role="alert">
          {trans.__('Could not look through the folder: %1', props.loadError)}
        </p>
        <div className="jp-artifacts-Share-actions">
          <button
            className="jp-Button jp-mod-styled jp-mod-reject"
            onClick={props.onClose}
            data-autofocus
          >
            {trans.__('Close')}
          </button>
        </div>
      </div>
    );
  }
  const topLevel = Array.from(
    new Set(
      preview.files.map(f => {
        const i = f.path.indexOf('/');
        return i < 0 ? f.path : f.path.slice(0, i);
      })
    )
  );
  const secretSet = new Set(preview.secrets.map(s => s.path));
  const chosen = props.included;
  const nothing = preview.files.length === 0;
  return (
    <div className="jp-artifacts-Share-body jp-artifacts-Share-preview">
      <p className="jp-artifacts-Share-summary" aria-live="polite">
        {trans._n(
          '%1 file, %2 in total, from “%3”.',
          '%1 files, %2 in total, from “%3”.',
          preview.files.length,
          formatBytes(preview.totalBytes),
          preview.folder || '/'
        )}
      </p>
      {props.unsaved.length ? (
        <div className="jp-artifacts-Share-warning jp-artifacts-Share-unsaved">
          <p>
            {trans._n(
              'This document is open with changes not saved yet. The archive holds what is saved on disk: save it first to include them.',
              'These documents are open with changes not saved yet. The archive holds what is saved on disk: save them first to include them.',
              props.unsaved.length
            )}
          </p>
          <ul>
            {props.unsaved.map(path => (
              <li key={path}>
                <code>{path}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.overLimit ? (
        <p className="jp-artifacts-Share-error" role="alert">
          {trans.__(
            'This is %1, more than the limit of %2 set for this deployment. Leave out large files or folders below, or publish a smaller folder.',
            formatBytes(preview.totalBytes),
            formatBytes(preview.limitBytes)
          )}
        </p>
      ) : null}
      {preview.secrets.length ? (
        <div className="jp-artifacts-Share-warning" role="alert">
          <p>
            {trans.__(
              'These files look like they hold secrets and are left out. Tick one only if you are sure it may be published:'
            )}
          </p>
          <ul>
            {preview.secrets.map(s => (
              <li key={s.path}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.has(s.path)}
                    onChange={() => props.onToggleFlagged(s.path)}
                    aria-label={trans.__('Include %1', s.path)}
                  />
                  <code>{s.path}</code> — {s.reason}
                </label>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.refused.length ? (
        <div
          className="jp-artifacts-Share-warning jp-artifacts-Share-refused"
          role="status"
        >
          <p>
            {trans._n(
              'Left out, and cannot be included from here:',
              'Left out, and cannot be included from here:',
              preview.refused.length
            )}
          </p>
          <ul>
            {preview.refused.map(r => (
              <li key={r.path}>
                <code>{r.path}</code> — {trans.__(r.reason)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.citation.exists && preview.citation.error ? (
        <p className="jp-artifacts-Share-warning">
          {trans.__(
            'CITATION.cff could not be read (%1); it will not prefill the form.',
            preview.citation.error
          )}
        </p>
      ) : null}
      <details open>
        <summary>{trans.__('What goes in (untick to leave out)')}</summary>
        <ul className="jp-artifacts-Share-list">
          {topLevel.map(name => {
            const isFolder = preview.files.some(f =>
              f.path.startsWith(name + '/')
            );
            const size = preview.files
              .filter(f => f.path === name || f.path.startsWith(name + '/'))
              .reduce((s, f) => s + f.size, 0);
            return (
              <li key={name}>
                <label>
                  <input
                    type="checkbox"
                    checked
                    onChange={() => props.onToggle(name)}
                    aria-label={trans.__('Include %1', name)}
                  />
                  <code>{isFolder ? name + '/' : name}</code>{' '}
                  <span className="jp-artifacts-Share-size">
                    {formatBytes(size)}
                  </span>
                  {secretSet.has(name) ? ' ⚠' : ''}
                </label>
              </li>
            );
          })}
          {[...skipped]
            .filter(s => !secretSet.has(s) && !s.includes('/'))
            .map(name => (
              <li key={name} className="jp-artifacts-Share-skipped">
                <label>
                  <input
                    type="checkbox"
                    checked={false}
                    onChange={() => props.onToggle(name)}
                    aria-label={trans.__('Include %1', name)}
                  />
                  <code>{name}</code> {trans.__('(left out)')}
                </label>
              </li>
            ))}
        </ul>
      </details>
      <details>
        <summary>{trans.__('Largest files')}</summary>
        <ul className="jp-artifacts-Share-list">
          {preview.largest.map(f => (
            <li key={f.path}>
              <code>{f.path}</code>{' '}
              <span className="jp-artifacts-Share-size">
                {formatBytes(f.size)}
              </span>
            </li>
          ))}
        </ul>
      </details>
      <details>
        <summary>
          {trans._n(
            '%1 item left out',
            '%1 items left out',
            preview.excluded.length
          )}
        </summary>
        <ul className="jp-artifacts-Share-list jp-artifacts-Share-excluded">
          {preview.excluded.map(e => (
            <li key={e.path}>
              <code>{e.path}</code> — {trans.__(e.reason)}
            </li>
          ))}
        </ul>
      </details>
      <div className="jp-artifacts-Share-actions">
        <button
          className="jp-Button jp-mod-styled jp-mod-reject"
          onClick={props.onClose}
        >
          {trans.__('Cancel')}
        </button>
        {props.onWholeWorkspace ? (
          <button
            className="jp-Button jp-mod-styled"
            onClick={props.onWholeWorkspace}
          >
            {trans.__('Whole workspace instead')}
          </button>
        ) : null}
        <button
          className="jp-Button jp-mod-styled jp-mod-accept"
          disabled={preview.overLimit || nothing}
          onClick={props.onNext}
          data-autofocus
        >
          {trans.__('Next: describe it')}
        </button>
      </div>
    </div>
  );
}

/**
 * The metadata form. Errors are shown on their fields.
 */
export function MetadataForm(props: {
  trans: TranslationBundle;
  value: IArtifactMetadata;
  errors: IFieldError[];
  onChange: (value: IArtifactMetadata) => void;
}): JSX.Element {
  const { trans, value: m, errors } = props;
  const set = (patch: Partial<IArtifactMetadata>) =>
    props.onChange({ ...m, ...patch });
  const errorFor = (field: string) =>
    errors
      .filter(e => e.field === field)
      .map(e => e.message)
      .join(' ');
  const field = (
    id: string,
    label: string,
    input: (attrs: Record<string, unknown>) => JSX.Element,
    help?: string
  ) => {
    const error = errorFor(id);
    const domId = `jp-artifacts-field-${id.replace(/\./g, '-')}`;
    return (
      <div
        className={`jp-artifacts-Share-field${error ? ' jp-mod-error' : ''}`}
        data-field={id}
      >
        <label htmlFor={domId}>{label}</label>
        {input({
          id: domId,
          'aria-invalid': error ? 'true' : 'false',
          'aria-describedby': error ? `${domId}-error` : undefined
        })}
        {help ? <div className="jp-artifacts-Share-help">{help}</div> : null}
        {error ? (
          <div
            className="jp-artifacts-Share-fieldError"
            id={`${domId}-error`}
            role="alert"
          >
            {error}
          </div>
        ) : null}
      </div>
    );
  };
  const setCreator = (i: number, patch: Partial<ICreator>) =>
    set({
      creators: m.creators.map((c, j) => (i === j ? { ...c, ...patch } : c))
    });
  const creatorsError = errorFor('creators');
  return (
    <form
      className="jp-artifacts-Share-form"
      aria-label={trans.__('Artifact metadata')}
      onSubmit={e => e.preventDefault()}
    >
      {field('title', trans.__('Title'), a => (
        <input
          {...a}
          data-autofocus
          className="jp-mod-styled"
          value={m.title}
          onChange={e => set({ title: e.target.value })}
        />
      ))}
      {field('description', trans.__('Description'), a => (
        <textarea
          {...a}
          className="jp-mod-styled"
          rows={4}
          value={m.description}
          onChange={e => set({ description: e.target.value })}
        />
      ))}
      <fieldset
        className={`jp-artifacts-Share-creators${creatorsError ? ' jp-mod-error' : ''}`}
        data-field="creators"
      >
        <legend>{trans.__('Creators')}</legend>
        {creatorsError ? (
          <div className="jp-artifacts-Share-fieldError" role="alert">
            {creatorsError}
          </div>
        ) : null}
        {m.creators.map((c, i) => (
          <div className="jp-artifacts-Share-creator" key={i}>
            {field(`creators.${i}.family`, trans.__('Family name'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                value={c.family}
                onChange={e => setCreator(i, { family: e.target.value })}
              />
            ))}
            {field(`creators.${i}.given`, trans.__('Given names'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                value={c.given}
                onChange={e => setCreator(i, { given: e.target.value })}
              />
            ))}
            {field(`creators.${i}.affiliation`, trans.__('Affiliation'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                value={c.affiliation}
                onChange={e => setCreator(i, { affiliation: e.target.value })}
              />
            ))}
            {field(`creators.${i}.orcid`, trans.__('ORCID iD'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                placeholder="0000-0000-0000-0000"
                value={c.orcid}
                onChange={e => setCreator(i, { orcid: e.target.value })}
              />
            ))}
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-mod-minimal"
              aria-label={trans.__('Remove creator %1', i + 1)}
              onClick={() =>
                set({ creators: m.creators.filter((_, j) => j !== i) })
              }
            >
              {trans.__('Remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() =>
            set({
              creators: [
                ...m.creators,
                { family: '', given: '', affiliation: '', orcid: '' }
              ]
            })
          }
        >
          {trans.__('Add creator')}
        </button>
      </fieldset>
      <div className="jp-artifacts-Share-row">
        {field('uploadType', trans.__('Type'), a => (
          <select
            {...a}
            className="jp-mod-styled"
            value={m.uploadType}
            onChange={e => set({ uploadType: e.target.value })}
          >
            {UPLOAD_TYPES.map(t => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        ))}
        {m.uploadType === 'publication'
          ? field('publicationType', trans.__('Publication type'), a => (
              <select
                {...a}
                className="jp-mod-styled"
                value={m.publicationType}
                onChange={e => set({ publicationType: e.target.value })}
              >
                <option value="">{trans.__('Choose…')}</option>
                {PUBLICATION_TYPES.map(t => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            ))
          : null}
        {m.uploadType === 'image'
          ? field('imageType', trans.__('Image type'), a => (
              <select
                {...a}
                className="jp-mod-styled"
                value={m.imageType}
                onChange={e => set({ imageType: e.target.value })}
              >
                <option value="">{trans.__('Choose…')}</option>
                {IMAGE_TYPES.map(t => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            ))
          : null}
        {field('version', trans.__('Version'), a => (
          <input
            {...a}
            className="jp-mod-styled"
            value={m.version}
            onChange={e => set({ version: e.target.value })}
          />
        ))}
      </div>
      <div className="jp-artifacts-Share-row">
        {field('accessRight', trans.__('Access'), a => (
          <select
            {...a}
            className="jp-mod-styled"
            value={m.accessRight}
            onChange={e =>
              set({
                accessRight: e.target.value as IArtifactMetadata['accessRight']
              })
            }
          >
            <option value="open">{trans.__('open')}</option>
            <option value="embargoed">{trans.__('embargoed')}</option>
            <option value="restricted">{trans.__('restricted')}</option>
            <option value="closed">{trans.__('closed')}</option>
          </select>
        ))}
        {m.accessRight === 'embargoed'
          ? field('embargoDate', trans.__('Embargo ends'), a => (
              <input
                {...a}
                type="date"
                className="jp-mod-styled"
                value={m.embargoDate}
                onChange={e => set({ embargoDate: e.target.value })}
              />
            ))
          : null}
        {m.accessRight === 'open' || m.accessRight === 'embargoed'
          ? field('license', trans.__('Licence'), a => (
              <>
                <input
                  {...a}
                  className="jp-mod-styled"
                  list="jp-artifacts-licenses"
                  value={m.license}
                  onChange={e => set({ license: e.target.value })}
                />
                <datalist id="jp-artifacts-licenses">
                  {Object.keys(LICENSES).map(l => (
                    <option key={l} value={l} />
                  ))}
                </datalist>
              </>
            ))
          : null}
      </div>
      {m.accessRight === 'restricted'
        ? field('accessConditions', trans.__('Access conditions'), a => (
            <textarea
              {...a}
              className="jp-mod-styled"
              rows={2}
              value={m.accessConditions}
              onChange={e => set({ accessConditions: e.target.value })}
            />
          ))
        : null}
      {field(
        'keywords',
        trans.__('Keywords'),
        a => (
          <input
            {...a}
            className="jp-mod-styled"
            value={m.keywords.join(', ')}
            onChange={e =>
              set({
                keywords: e.target.value
                  .split(',')
                  .map(k => k.trimStart())
                  .filter((k, i, all) => k || i < all.length - 1)
              })
            }
          />
        ),
        trans.__('Separate keywords with commas.')
      )}
      <div className="jp-artifacts-Share-row">
        {field(
          'publicationDate',
          trans.__('Publication date'),
          a => (
            <input
              {...a}
              className="jp-mod-styled"
              placeholder="YYYY-MM-DD"
              value={m.publicationDate}
              onChange={e => set({ publicationDate: e.target.value })}
            />
          ),
          trans.__('Empty means today.')
        )}
        {field('communities', trans.__('Communities'), a => (
          <input
            {...a}
            className="jp-mod-styled"
            value={m.communities.join(', ')}
            onChange={e =>
              set({
                communities: e.target.value
                  .split(',')
                  .map(c => c.trim())
                  .filter(Boolean)
              })
            }
          />
        ))}
      </div>
      <fieldset className="jp-artifacts-Share-related">
        <legend>{trans.__('Related identifiers')}</legend>
        {m.relatedIdentifiers.map((r, i) => (
          <div className="jp-artifacts-Share-row" key={i}>
            {field(
              `relatedIdentifiers.${i}.relation`,
              trans.__('Relation'),
              a => (
                <select
                  {...a}
                  className="jp-mod-styled"
                  value={r.relation}
                  onChange={e =>
                    set({
                      relatedIdentifiers: m.relatedIdentifiers.map((x, j) =>
                        i === j ? { ...x, relation: e.target.value } : x
                      )
                    })
                  }
                >
                  {RELATIONS.map(rel => (
                    <option key={rel} value={rel}>
                      {rel}
                    </option>
                  ))}
                </select>
              )
            )}
            {field(
              `relatedIdentifiers.${i}.identifier`,
              trans.__('Identifier (DOI, URL…)'),
              a => (
                <input
                  {...a}
                  className="jp-mod-styled"
                  value={r.identifier}
                  onChange={e =>
                    set({
                      relatedIdentifiers: m.relatedIdentifiers.map((x, j) =>
                        i === j ? { ...x, identifier: e.target.value } : x
                      )
                    })
                  }
                />
              )
            )}
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-mod-minimal"
              aria-label={trans.__('Remove related identifier %1', i + 1)}
              onClick={() =>
                set({
                  relatedIdentifiers: m.relatedIdentifiers.filter(
                    (_, j) => j !== i
                  )
                })
              }
            >
              {trans.__('Remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() =>
            set({
              relatedIdentifiers: [
                ...m.relatedIdentifiers,
                { identifier: '', relation: 'isSupplementTo' }
              ]
            })
          }
        >
          {trans.__('Add related identifier')}
        </button>
      </fieldset>
    </form>
  );
}

const PHASES: PublishWorkflow.Phase[] = [
  'draft',
  'metadata',
  'citation',
  'archive',
  'upload',
  'publish'
];

function ProgressStep(props: {
  trans: TranslationBundle;
  state: PublishWorkflow.IState;
  onCancel: () => void;
  onRetry: () => void;
  onClose: () => void;
}): JSX.Element {
  const { trans, state } = props;
  const labels: Record<string, string> = {
    draft: trans.__('Draft'),
    metadata: trans.__('Metadata'),
    citation: trans.__('CITATION.cff'),
    archive: trans.__('Archive'),
    upload: trans.__('Upload'),
    publish: trans.__('Publish')
  };
  const current =
    state.phase === 'failed' ? (state.failedPhase ?? 'draft') : state.phase;
  const currentIndex = PHASES.indexOf(current);
  const finished = ['failed', 'cancelled', 'done'].includes(state.phase);
  const showBytes = state.phase === 'archive' || state.phase === 'upload';
  const fraction =
    state.bytesTotal > 0 ? Math.min(1, state.bytesDone / state.bytesTotal) : 0;
  const waitingSeconds = state.waiting
    ? Math.max(0, Math.ceil((state.waiting.until - Date.now()) / 1000))
    : 0;
  return (
    <div className="jp-artifacts-Share-body jp-artifacts-Share-progress">
      <ol className="jp-artifacts-Share-phases">
        {PHASES.map((p, i) => (
          <li
            key={p}
            className={
              i < currentIndex || state.phase === 'done'
                ? 'jp-mod-done'
                : i === currentIndex
                  ? state.phase === 'failed'
                    ? 'jp-mod-failed'
                    : 'jp-mod-current'
                  : ''
            }
            aria-current={i === currentIndex ? 'step' : undefined}
          >
            {labels[p]}
          </li>
        ))}
      </ol>
      {state.phase === 'failed' || state.phase === 'cancelled' ? null : (
        <p className="jp-artifacts-Share-status" aria-live="polite">
          {state.message}
        </p>
      )}
      {state.reservedDoi ? (
        <p className="jp-artifacts-Share-reserved">
          {trans.__('Reserved DOI: %1', state.reservedDoi)}
        </p>
      ) : null}
      {showBytes ? (
        <>
          <progress
            className="jp-artifacts-Share-bar"
            max={1}
            value={fraction}
            aria-label={trans.__('%1 progress', labels[state.phase])}
          />
          <p className="jp-artifacts-Share-bytes">
            {state.phase === 'archive'
              ? trans._n(
                  '%2 of %1 file, %3 of %4',
                  '%2 of %1 files, %3 of %4',
                  state.filesTotal,
                  state.filesDone,
                  formatBytes(state.bytesDone),
                  formatBytes(state.bytesTotal)
                )
              : trans.__(
                  '%1 of %2',
                  formatBytes(state.bytesDone),
                  formatBytes(state.bytesTotal)
                )}
            {state.rateBytesPerSecond
              ? ' · ' +
                trans.__('%1/s', formatBytes(state.rateBytesPerSecond)) +
                (state.secondsLeft !== undefined
                  ? ' · ' +
                    trans.__('%1 left', formatDuration(state.secondsLeft))
                  : '')
              : ''}
          </p>
        </>
      ) : null}
      {state.waiting ? (
        <p className="jp-artifacts-Share-waiting" role="status">
          {state.waiting.message}{' '}
          {waitingSeconds > 0 ? trans.__('(%1 s to go)', waitingSeconds) : ''}
        </p>
      ) : null}
      {state.phase === 'failed' && state.error ? (
        <div className="jp-artifacts-Share-error" role="alert">
          <p>{state.message}</p>
          {state.error.message ? <p>{state.error.message}</p> : null}
          {state.error.hint ? <p>{state.error.hint}</p> : null}
        </div>
      ) : null}
      {state.phase === 'cancelled' ? (
        <p className="jp-artifacts-Share-cancelled" role="status">
          {state.message}
        </p>
      ) : null}
      <div className="jp-artifacts-Share-actions">
        {!finished ? (
          <button
            className="jp-Button jp-mod-styled jp-mod-reject"
            onClick={props.onCancel}
            data-autofocus
          >
            {trans.__('Cancel')}
          </button>
        ) : null}
        {state.phase === 'failed' ? (
          <>
            {state.depositionId ? (
              <button
                className="jp-Button jp-mod-styled jp-mod-reject"
                onClick={props.onCancel}
              >
                {trans.__('Discard draft')}
              </button>
            ) : null}
            <button className="jp-Button jp-mod-styled" onClick={props.onClose}>
              {state.depositionId
                ? trans.__('Close (keep draft)')
                : trans.__('Close')}
            </button>
            <button
              className="jp-Button jp-mod-styled jp-mod-accept"
              onClick={props.onRetry}
              data-autofocus
            >
              {trans.__('Retry')}
            </button>
          </>
        ) : null}
        {state.phase === 'cancelled' ? (
          <button
            className="jp-Button jp-mod-styled jp-mod-accept"
            onClick={props.onClose}
            data-autofocus
          >
            {trans.__('Close')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function CopyField(props: {
  trans: TranslationBundle;
  label: string;
  value: string;
  multiline?: boolean;
  name: string;
}): JSX.Element {
  const [copied, setCopied] = React.useState(false);
  const id = `jp-artifacts-result-${props.name}`;
  return (
    <div className="jp-artifacts-Share-copy" data-name={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <div className="jp-artifacts-Share-copyRow">
        {props.multiline ? (
          <textarea
            id={id}
            className="jp-artifacts-Share-copyValue"
            readOnly
            rows={3}
            value={props.value}
          />
        ) : (
          <input
            id={id}
            className="jp-artifacts-Share-copyValue"
            readOnly
            value={props.value}
          />
        )}
        <button
          className="jp-Button jp-mod-styled"
          aria-label={props.trans.__('Copy %1', props.label)}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.value);
            } catch {
              const node = document.getElementById(id) as HTMLInputElement;
              node?.select();
              document.execCommand('copy');
            }
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          {copied ? props.trans.__('Copied') : props.trans.__('Copy')}
        </button>
      </div>
    </div>
  );
}

function ResultStep(props: {
  trans: TranslationBundle;
  result: PublishWorkflow.IResult;
  onClose: () => void;
  onOpen?: (url: string) => void;
}): JSX.Element {
  const { trans, result } = props;
  return (
    <div className="jp-artifacts-Share-body jp-artifacts-Share-result">
      <p className="jp-artifacts-Share-success" role="status">
        {result.published
          ? trans.__('Published. Its DOI is %1.', result.doi)
          : trans.__(
              'Uploaded as a draft. Review it on Zenodo and publish it there; the DOI %1 is reserved for it.',
              result.doi
            )}
      </p>
      <CopyField
        trans={trans}
        name="doi"
        label={trans.__('DOI')}
        value={result.doi}
      />
      {result.conceptDoi ? (
        <CopyField
          trans={trans}
          name="concept-doi"
          label={trans.__('Concept DOI (all versions)')}
          value={result.conceptDoi}
        />
      ) : null}
      {result.published ? (
        <>
          <CopyField
            trans={trans}
            name="badge"
            label={trans.__('DOI badge (Markdown)')}
            value={result.badgeMarkdown}
          />
          <CopyField
            trans={trans}
            name="citation"
            label={trans.__('Citation')}
            value={result.citation}
            multiline
          />
        </>
      ) : null}
      {result.citationWritten ? (
        <p>{trans.__('CITATION.cff in the folder now carries the DOI.')}</p>
      ) : null}
      {result.includedDespiteWarning.length ? (
        <div
          className="jp-artifacts-Share-warning jp-artifacts-Share-includedSecrets"
          role="note"
        >
          <p>
            {trans._n(
              'Included despite a warning (you ticked it):',
              'Included despite a warning (you ticked them):',
              result.includedDespiteWarning.length
            )}
          </p>
          <ul>
            {result.includedDespiteWarning.map(s => (
              <li key={s.path}>
                <code>{s.path}</code> — {trans.__(s.reason)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="jp-artifacts-Share-actions">
        {result.recordUrl || result.draftUrl ? (
          <a
            className="jp-Button jp-mod-styled"
            href={result.recordUrl || result.draftUrl}
            target="_blank"
            rel="noopener noreferrer"
          >
            {result.published
              ? trans.__('Open the record page')
              : trans.__('Open the draft on Zenodo')}
          </a>
        ) : null}
        <button
          className="jp-Button jp-mod-styled jp-mod-accept"
          onClick={props.onClose}
          data-autofocus
        >
          {trans.__('Done')}
        </button>
      </div>
    </div>
  );
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

/**
 * What the account view needs.
 */
export interface IAccountViewProps {
  trans: TranslationBundle;
  baseUrl: string;
  tokenUrl: string;
  hasToken: boolean;
  isSaved: boolean;
  canSave: boolean;
  check: (token: string) => Promise<{ ok: boolean; message: string }>;
  onUse: (token: string, save: boolean) => Promise<void>;
  onForget: () => Promise<void>;
  onClose: () => void;
}

/**
 * Paste a token, check it, keep it for the session or save it, forget it.
 */
export function AccountView(props: IAccountViewProps): JSX.Element {
  const { trans } = props;
  const [token, setToken] = React.useState('');
  const [status, setStatus] = React.useState<{
    ok: boolean;
    message: string;
  }>();
  const [checking, setChecking] = React.useState(false);
  const [save, setSave] = React.useState(false);
  const use = async () => {
    setChecking(true);
    const result = await props.check(token);
    setChecking(false);
    setStatus(result);
    if (result.ok) {
      await props.onUse(token, save);
      props.onClose();
    }
  };
  return (
    <div className="jp-artifacts-Share-body jp-artifacts-Share-account">
      <p>
        {props.hasToken
          ? props.isSaved
            ? trans.__(
                'A token for %1 is saved in your settings.',
                props.baseUrl
              )
            : trans.__('A token for %1 is set for this session.', props.baseUrl)
          : trans.__('No token is set for %1.', props.baseUrl)}
      </p>
      <p>
        {trans.__('Create a personal access token at ')}
        <a href={props.tokenUrl} target="_blank" rel="noopener noreferrer">
          {props.tokenUrl}
        </a>
        {trans.__(
          ' with the scopes deposit:write and deposit:actions ticked, then paste it here.'
        )}
      </p>
      <div className="jp-artifacts-Share-field">
        <label htmlFor="jp-artifacts-token">{trans.__('Zenodo token')}</label>
        <input
          id="jp-artifacts-token"
          data-autofocus
          type="password"
          autoComplete="off"
          spellCheck={false}
          className="jp-mod-styled"
          value={token}
          onChange={e => {
            setToken(e.target.value);
            setStatus(undefined);
          }}
          onKeyDown={e => {
            if (e.key === 'Enter' && token.trim()) {
              void use();
            }
          }}
        />
      </div>
      {props.canSave ? (
        <label className="jp-artifacts-Share-check">
          <input
            type="checkbox"
            checked={save}
            onChange={e => setSave(e.target.checked)}
          />
          {trans.__('Save it in my settings')}
        </label>
      ) : null}
      {save ? (
        <p className="jp-artifacts-Share-help">
          {trans.__(
            'Saved, the token stays across sessions: it is written in plain text to your JupyterLab user settings on this server, where anyone who can read your home folder (and server admins) can read it. Keep it for this session only if in doubt; forget it here at any time.'
          )}
        </p>
      ) : null}
      {status ? (
        <p
          className={
            status.ok
              ? 'jp-artifacts-Share-success'
              : 'jp-artifacts-Share-error'
          }
          role="alert"
        >
          {status.message}
        </p>
      ) : null}
      <div className="jp-artifacts-Share-actions">
        {props.hasToken ? (
          <button
            className="jp-Button jp-mod-styled jp-mod-warn"
            onClick={async () => {
              await props.onForget();
              props.onClose();
            }}
          >
            {trans.__('Forget token')}
          </button>
        ) : null}
        <button
          className="jp-Button jp-mod-styled jp-mod-reject"
          onClick={props.onClose}
        >
          {trans.__('Close')}
        </button>
        <button
          className="jp-Button jp-mod-styled"
          disabled={!token.trim() || checking}
          onClick={async () => {
            setChecking(true);
            setStatus(await props.check(token));
            setChecking(false);
          }}
        >
          {trans.__('Check')}
        </button>
        <button
          className="jp-Button jp-mod-styled jp-mod-accept"
          disabled={!token.trim() || checking}
          onClick={() => void use()}
        >
          {checking ? trans.__('Checking…') : trans.__('Check and use')}
        </button>
      </div>
    </div>
  );
}
