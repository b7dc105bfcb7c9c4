/**
 * The publish dialog's session: the steps, what is left out, the one
 * validation (the workflow's) and its errors. The workflow is a hand-made
 * fake that keeps the real form checks; its work is tested against the
 * stand-in in workflow.spec.ts.
 */
import { Signal } from '@lumino/signaling';

import {
  emptyMetadata,
  IArtifactMetadata,
  IFieldError,
  validateMetadata
} from '../metadata';
import { PublishSession } from '../session';
import { PublishWorkflow } from '../workflow';

const good: IArtifactMetadata = emptyMetadata({
  title: 'Soil',
  description: 'Soil respiration.',
  creators: [{ family: 'Lovelace', given: 'Ada', affiliation: '', orcid: '' }]
});

/**
 * A workflow that records what it is asked and answers as told.
 */
class FakeWorkflow {
  readonly folder = 'study';
  state: PublishWorkflow.IState = {
    phase: 'idle',
    filesDone: 0,
    filesTotal: 0,
    bytesDone: 0,
    bytesTotal: 0
  };
  readonly stateChanged = new Signal<this, PublishWorkflow.IState>(this);
  previews: { skipped: string[]; included: string[] }[] = [];
  runs: PublishWorkflow.IRequest[] = [];
  retries: (IArtifactMetadata | undefined)[] = [];
  cancelled = 0;
  /** What the next run ends with. */
  outcome: Partial<PublishWorkflow.IState> = { phase: 'done' };
  initial: IArtifactMetadata = good;
  previewError: Error | undefined;

  async preview(
    skip: (path: string) => boolean,
    included: Iterable<string>
  ): Promise<PublishWorkflow.IPreview> {
    if (this.previewError) {
      throw this.previewError;
    }
    const all = ['data/a.csv', 'notes.md', 'secrets/.env'];
    this.previews.push({
      skipped: all.filter(skip),
      included: [...included]
    });
    return { folder: this.folder } as PublishWorkflow.IPreview;
  }

  initialMetadata(): IArtifactMetadata {
    return { ...this.initial };
  }

  derivedFrom(): undefined {
    return undefined;
  }

  check(m: IArtifactMetadata): IFieldError[] {
    return validateMetadata(m, '2025-06-01');
  }

  async run(request: PublishWorkflow.IRequest): Promise<undefined> {
    this.runs.push(request);
    this.set({ phase: 'draft' });
    this.set(this.outcome);
    return undefined;
  }

  async retry(m?: IArtifactMetadata): Promise<undefined> {
    this.retries.push(m);
    this.set(this.outcome);
    return undefined;
  }

  cancel(): void {
    this.cancelled++;
  }

  set(patch: Partial<PublishWorkflow.IState>): void {
    this.state = { ...this.state, ...patch };
    this.stateChanged.emit(this.state);
  }
}

function makeSession(
  mode: PublishWorkflow.Mode = 'new',
  options: Partial<PublishSession.IOptions> = {}
): { session: PublishSession; workflow: FakeWorkflow; changes: () => number } {
  const workflow = new FakeWorkflow();
  const session = new PublishSession({
    workflow: workflow as unknown as PublishWorkflow,
    mode,
    defaults: {},
    writeCitationDefault: true,
    ...options
  });
  let count = 0;
  session.changed.connect(() => count++);
  return { session, workflow, changes: () => count };
}

describe('PublishSession', () => {
  it('starts at the preview of a new artifact, at the form of an edit', async () => {
    const fresh = makeSession('new');
    expect(fresh.session.step).toBe('loading');
    await fresh.session.load();
    expect(fresh.session.step).toBe('preview');
    expect(fresh.session.metadata).toEqual(good);

    const edit = makeSession('edit');
    await edit.session.load();
    expect(edit.session.step).toBe('form');
  });

  it('shows why the folder could not be looked through', async () => {
    const { session, workflow } = makeSession();
    workflow.previewError = new Error('403 Forbidden');
    await session.load();
    expect(session.step).toBe('preview');
    expect(session.loadError).toBe('403 Forbidden');
  });

  it('leaves out a path and everything under it, and takes it back in', async () => {
    const { session, workflow } = makeSession();
    await session.load();
    await session.toggleSkipped('data');
    expect([...session.skipped]).toEqual(['data']);
    expect(workflow.previews[1].skipped).toEqual(['data/a.csv']);
    await session.toggleSkipped('data');
    expect(workflow.previews[2].skipped).toEqual([]);
  });

  it('includes a flagged file only when ticked, and sends that choice', async () => {
    const { session, workflow } = makeSession();
    await session.load();
    await session.toggleIncluded('secrets/.env');
    expect(workflow.previews[1].included).toEqual(['secrets/.env']);
    session.next();
    await session.start();
    expect(workflow.runs[0].includeFlagged).toEqual(['secrets/.env']);
  });

  it('does not start a run while the form fails its checks, and says where', async () => {
    const { session, workflow } = makeSession();
    workflow.initial = { ...good, title: '', creators: [] };
    await session.load();
    session.next();
    await session.start();
    expect(workflow.runs).toHaveLength(0);
    expect(session.step).toBe('form');
    expect(session.errors).toEqual([
      { field: 'title', code: 'title-required' },
      { field: 'creators', code: 'creators-required' }
    ]);
  });

  it('drops an error as soon as its field is fixed, keeps the others', async () => {
    const { session, workflow } = makeSession();
    workflow.initial = { ...good, title: '', creators: [] };
    await session.load();
    await session.start();
    session.setMetadata({ ...session.metadata!, title: 'Soil' });
    expect(session.errors).toEqual([
      { field: 'creators', code: 'creators-required' }
    ]);
  });

  it('keeps Zenodo’s error on a field until that field changes', async () => {
    const { session, workflow } = makeSession();
    await session.load();
    workflow.outcome = {
      phase: 'failed',
      failedPhase: 'publish',
      depositionId: 7,
      error: {
        code: 'zenodo',
        message: 'A validation error occurred.',
        hint: '',
        fieldErrors: [
          { field: 'creators.0.affiliation', message: 'Not recognised.' },
          { field: 'title', message: 'Too short.' }
        ]
      }
    };
    await session.start();
    expect(session.step).toBe('form');
    expect(session.failedRun).toBe(true);
    session.setMetadata({ ...session.metadata!, title: 'Soil, 2025' });
    // The title passes the form's checks now; Zenodo's affiliation error
    // stays, its field untouched.
    expect(session.errors).toEqual([
      { field: 'creators.0.affiliation', message: 'Not recognised.' }
    ]);
    workflow.outcome = { phase: 'done' };
    await session.retry();
    expect(workflow.retries[0]?.title).toBe('Soil, 2025');
    expect(session.step).toBe('result');
  });

  it('sends what the form chose', async () => {
    const resolved = {
      latest: { id: 12, conceptDoi: '10.5281/zenodo.11' }
    } as unknown as PublishWorkflow.IResolved;
    const { session, workflow } = makeSession('version', { resolved });
    await session.load();
    session.writeCitation = false;
    session.publishNow = false;
    session.next();
    await session.start();
    expect(workflow.runs[0]).toMatchObject({
      mode: 'version',
      writeCitation: false,
      publish: false,
      previousId: 12,
      conceptDoi: '10.5281/zenodo.11'
    });
  });

  it('is busy while a run goes on, not before or after', async () => {
    const { session, workflow } = makeSession();
    await session.load();
    expect(session.busy).toBe(false);
    let busyDuring = false;
    workflow.stateChanged.connect((_, s) => {
      if (s.phase === 'draft') {
        busyDuring = session.busy;
      }
    });
    await session.start();
    expect(busyDuring).toBe(true);
    expect(session.busy).toBe(false);
    expect(session.step).toBe('result');
  });

  it('discards the draft of a failed run from the form and shows how that went', async () => {
    const { session, workflow } = makeSession();
    await session.load();
    workflow.outcome = {
      phase: 'failed',
      depositionId: 7,
      error: {
        code: 'zenodo',
        message: '',
        hint: '',
        fieldErrors: [{ field: 'title', message: 'Too short.' }]
      }
    };
    await session.start();
    expect(session.step).toBe('form');
    session.cancel();
    expect(workflow.cancelled).toBe(1);
    expect(session.step).toBe('progress');
  });

  it('adds related identifiers it was given once', async () => {
    const related = [{ identifier: '10.1/x', relation: 'isDerivedFrom' }];
    const { session, workflow } = makeSession('new', {
      relatedIdentifiers: related
    });
    workflow.initial = { ...good, relatedIdentifiers: related };
    await session.load();
    expect(session.metadata!.relatedIdentifiers).toEqual(related);
  });

  it('tells its views of every change, and stops following the workflow when disposed', async () => {
    const { session, workflow, changes } = makeSession();
    await session.load();
    const before = changes();
    workflow.set({ phase: 'upload' });
    expect(changes()).toBe(before + 1);
    expect(session.state.phase).toBe('upload');
    session.dispose();
    workflow.set({ phase: 'publish' });
    expect(session.state.phase).toBe('upload');
  });
});
