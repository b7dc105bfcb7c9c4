/**
 * The publish dialog's body: shows the step its session is at.
 *
 * @packageDocumentation
 * @module share/views/publish
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { PublishSession } from '../session';
import { FormStep } from './form';
import { PreviewStep } from './preview';
import { ProgressStep } from './progress';
import { ResultStep } from './result';

/**
 * What the publish view needs from its host.
 */
export interface IPublishViewProps {
  session: PublishSession;
  trans: TranslationBundle;
  /**
   * Close the dialog.
   */
  onClose: () => void;
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

/**
 * The whole publish flow in one view; the session holds its state.
 */
export function PublishView(props: IPublishViewProps): JSX.Element {
  const { session, trans } = props;
  const [, setVersion] = React.useState(0);

  React.useEffect(() => {
    const onChange = () => setVersion(v => v + 1);
    session.changed.connect(onChange);
    return () => {
      session.changed.disconnect(onChange);
    };
  }, [session]);

  React.useEffect(() => {
    void session.load();
  }, [session]);

  // A countdown while Zenodo's rate limit is waited out.
  const waiting = session.state.waiting;
  React.useEffect(() => {
    if (!waiting) {
      return;
    }
    const timer = setInterval(() => setVersion(v => v + 1), 1000);
    return () => clearInterval(timer);
  }, [waiting]);

  const submit = async (retry: boolean) => {
    await (retry ? session.retry() : session.start());
    if (session.step === 'form' && session.errors.length) {
      Private.focusFirstError();
    }
  };

  switch (session.step) {
    case 'loading':
      return (
        <div className="jp-artifacts-Share-body" aria-busy="true">
          <p>{trans.__('Looking through the folder…')}</p>
        </div>
      );
    case 'preview':
      return (
        <PreviewStep
          trans={trans}
          preview={session.preview}
          loadError={session.loadError}
          skipped={session.skipped}
          included={session.included}
          unsaved={props.unsavedDocuments?.() ?? []}
          onToggle={path => void session.toggleSkipped(path)}
          onToggleFlagged={path => void session.toggleIncluded(path)}
          onNext={() => session.next()}
          onClose={props.onClose}
          onWholeWorkspace={
            session.mode === 'new' && session.workflow.folder
              ? props.onWholeWorkspace
              : undefined
          }
        />
      );
    case 'form':
      return (
        <FormStep
          trans={trans}
          session={session}
          onClose={props.onClose}
          onSubmit={() => void submit(session.failedRun)}
        />
      );
    case 'result':
      if (session.state.result) {
        return (
          <ResultStep
            trans={trans}
            result={session.state.result}
            onClose={props.onClose}
          />
        );
      }
      break;
  }
  return (
    <ProgressStep
      trans={trans}
      state={session.state}
      onCancel={() => session.cancel()}
      onRetry={() => void submit(true)}
      onClose={props.onClose}
    />
  );
}

namespace Private {
  /**
   * Put the focus on the first field with an error, once it is drawn.
   */
  export function focusFirstError(): void {
    requestAnimationFrame(() => {
      const node = document.querySelector<HTMLElement>(
        '.jp-artifacts-Share-body [aria-invalid="true"]'
      );
      node?.focus();
    });
  }
}
