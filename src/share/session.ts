/**
 * One publish dialog's state: the step it shows, what is left out, the
 * form and its errors. The views render it and call its methods; the work is
 * the workflow's.
 *
 * @packageDocumentation
 * @module share/session
 */
import { ISignal, Signal } from '@lumino/signaling';

import { IArtifactMetadata, IFieldError } from './metadata';
import { PublishWorkflow } from './workflow';

/**
 * The publish flow of one dialog: preview → form → progress → result.
 *
 * #### Notes
 * The form is checked by {@link PublishWorkflow.check}, the one validation
 * the workflow also applies before it sends anything.
 */
export class PublishSession {
  constructor(options: PublishSession.IOptions) {
    this.workflow = options.workflow;
    this.mode = options.mode;
    this._options = options;
    this._writeCitation = options.writeCitationDefault;
    this._state = this.workflow.state;
    this.workflow.stateChanged.connect(this._onState, this);
  }

  /**
   * The workflow that does the work.
   */
  readonly workflow: PublishWorkflow;

  /**
   * What is published: a new artifact, a new version, or metadata edits.
   */
  readonly mode: PublishWorkflow.Mode;

  /**
   * Emitted whenever anything the views show changes.
   */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * The step on screen.
   */
  get step(): PublishSession.Step {
    return this._step;
  }

  /**
   * The latest preview, once the folder has been looked through.
   */
  get preview(): PublishWorkflow.IPreview | undefined {
    return this._preview;
  }

  /**
   * Why the folder could not be looked through (its own words).
   */
  get loadError(): string | undefined {
    return this._loadError;
  }

  /**
   * Top-level paths the person left out.
   */
  get skipped(): ReadonlySet<string> {
    return this._skipped;
  }

  /**
   * Files flagged as secrets that the person ticked on purpose.
   */
  get included(): ReadonlySet<string> {
    return this._included;
  }

  /**
   * The form (undefined until the preview is in).
   */
  get metadata(): IArtifactMetadata | undefined {
    return this._metadata;
  }

  /**
   * Problems on the form's fields (the form's checks' or Zenodo's).
   */
  get errors(): IFieldError[] {
    return this._errors;
  }

  /**
   * Write CITATION.cff with the DOI into the folder.
   */
  get writeCitation(): boolean {
    return this._writeCitation;
  }
  set writeCitation(value: boolean) {
    this._writeCitation = value;
    this._changed.emit();
  }

  /**
   * Publish when the upload is done (else keep a draft).
   */
  get publishNow(): boolean {
    return this._publishNow;
  }
  set publishNow(value: boolean) {
    this._publishNow = value;
    this._changed.emit();
  }

  /**
   * The workflow's latest state.
   */
  get state(): PublishWorkflow.IState {
    return this._state;
  }

  /**
   * Whether closing now would interrupt work on Zenodo or the server.
   */
  get busy(): boolean {
    return (
      this._step === 'progress' &&
      !['failed', 'done', 'cancelled', 'idle'].includes(this._state.phase)
    );
  }

  /**
   * Whether a run failed after a draft was made: the form then offers
   * Retry and Discard draft instead of a fresh start.
   */
  get failedRun(): boolean {
    return this._state.phase === 'failed' && !!this._state.depositionId;
  }

  /**
   * Look through the folder (again, after a change of what is left out).
   */
  async load(): Promise<void> {
    this._loadError = undefined;
    try {
      const preview = await this.workflow.preview(this._skip(), this._included);
      this._preview = preview;
      this._metadata ??= this._initialMetadata();
      // An edit changes metadata only: no file list to look at.
      if (this._step === 'loading') {
        this._step = this.mode === 'edit' ? 'form' : 'preview';
      }
    } catch (error) {
      this._loadError = (error as Error).message;
      this._step = 'preview';
    }
    this._changed.emit();
  }

  /**
   * Leave out a top-level path, or take it back in.
   */
  toggleSkipped(path: string): Promise<void> {
    this._skipped = PublishSession.toggled(this._skipped, path);
    this._changed.emit();
    return this.load();
  }

  /**
   * Include a file flagged as a secret, or leave it out again.
   */
  toggleIncluded(path: string): Promise<void> {
    this._included = PublishSession.toggled(this._included, path);
    this._changed.emit();
    return this.load();
  }

  /**
   * Go to the form.
   */
  next(): void {
    this._go('form');
  }

  /**
   * Back to the preview.
   */
  back(): void {
    this._go('preview');
  }

  /**
   * The form changed: an error goes as soon as its field is fixed, not at
   * the next submit.
   */
  setMetadata(value: IArtifactMetadata): void {
    const before = this._metadata;
    if (before && this._errors.length) {
      this._errors = PublishSession.revalidate(
        this._errors,
        before,
        value,
        this.workflow.check(value)
      );
    }
    this._metadata = value;
    this._changed.emit();
  }

  /**
   * Send the form: check it, then run the workflow. Field errors (the
   * form's or Zenodo's) bring the form back with them.
   */
  async start(): Promise<void> {
    if (!this._checkForm()) {
      return;
    }
    this._go('progress');
    await this.workflow.run({
      mode: this.mode,
      metadata: this._metadata!,
      writeCitation: this._writeCitation,
      publish: this._publishNow,
      previousId: this._options.resolved?.latest.id,
      conceptDoi: this._options.resolved?.latest.conceptDoi,
      skip: this._skip(),
      includeFlagged: [...this._included]
    });
    this._afterRun();
  }

  /**
   * Resume a failed run with the same draft (and the form as it is now).
   */
  async retry(): Promise<void> {
    if (this._step === 'form' && !this._checkForm()) {
      return;
    }
    this._go('progress');
    await this.workflow.retry(this._metadata);
    this._afterRun();
  }

  /**
   * Stop the run, or discard the draft a failed run left.
   */
  cancel(): void {
    this.workflow.cancel();
    if (this._step === 'form') {
      this._go('progress');
    }
  }

  /**
   * Stop following the workflow.
   */
  dispose(): void {
    this.workflow.stateChanged.disconnect(this._onState, this);
    Signal.clearData(this);
  }

  private _checkForm(): boolean {
    this._errors = this.workflow.check(this._metadata!);
    this._changed.emit();
    return this._errors.length === 0;
  }

  private _afterRun(): void {
    const s = this.workflow.state;
    if (s.phase === 'done') {
      this._go('result');
    } else if (s.phase === 'failed' && s.error?.fieldErrors.length) {
      // Zenodo's field errors land on the form's fields.
      this._errors = s.error.fieldErrors;
      this._go('form');
    }
  }

  private _go(step: PublishSession.Step): void {
    this._step = step;
    this._changed.emit();
  }

  private _onState(_: PublishWorkflow, state: PublishWorkflow.IState): void {
    this._state = state;
    this._changed.emit();
  }

  private _skip(): (path: string) => boolean {
    const skipped = [...this._skipped];
    return path => skipped.some(s => path === s || path.startsWith(s + '/'));
  }

  private _initialMetadata(): IArtifactMetadata {
    const o = this._options;
    const m = this.workflow.initialMetadata(
      o.defaults,
      o.resolved,
      this.mode,
      o.userName
    );
    for (const r of o.relatedIdentifiers ?? []) {
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

  private _options: PublishSession.IOptions;
  private _step: PublishSession.Step = 'loading';
  private _preview: PublishWorkflow.IPreview | undefined;
  private _loadError: string | undefined;
  private _skipped: ReadonlySet<string> = new Set();
  private _included: ReadonlySet<string> = new Set();
  private _metadata: IArtifactMetadata | undefined;
  private _errors: IFieldError[] = [];
  private _writeCitation: boolean;
  private _publishNow = true;
  private _state: PublishWorkflow.IState;
  private _changed = new Signal<this, void>(this);
}

/**
 * Types and helpers of the publish session.
 */
export namespace PublishSession {
  /**
   * The steps of the dialog.
   */
  export type Step = 'loading' | 'preview' | 'form' | 'progress' | 'result';

  /**
   * Construction options.
   */
  export interface IOptions {
    workflow: PublishWorkflow;
    mode: PublishWorkflow.Mode;
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
     * Found before the dialog opened (new version, edit).
     */
    resolved?: PublishWorkflow.IResolved;
    /**
     * Extra related identifiers (e.g. isDerivedFrom of a foreign artifact).
     */
    relatedIdentifiers?: IArtifactMetadata['relatedIdentifiers'];
  }

  /**
   * `set` with `item` added, or removed when it was there.
   */
  export function toggled(
    set: ReadonlySet<string>,
    item: string
  ): ReadonlySet<string> {
    const next = new Set(set);
    if (next.has(item)) {
      next.delete(item);
    } else {
      next.add(item);
    }
    return next;
  }

  /**
   * The errors still standing after an edit from `before` to `after`: those
   * on unchanged fields stay; those on changed fields stay only while the
   * form's checks (`found`, for `after`) still find the field wrong, with
   * today's reason.
   */
  export function revalidate(
    errors: IFieldError[],
    before: IArtifactMetadata,
    after: IArtifactMetadata,
    found: IFieldError[]
  ): IFieldError[] {
    const out: IFieldError[] = [];
    for (const e of errors) {
      if (valueAt(before, e.field) === valueAt(after, e.field)) {
        out.push(e);
      } else {
        for (const l of found) {
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
}
