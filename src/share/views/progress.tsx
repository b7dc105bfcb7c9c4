/**
 * The progress step of the publish dialog.
 *
 * @packageDocumentation
 * @module share/views/progress
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatBytes, formatDuration } from '../../format';
import { errorText, messageText, waitingText } from '../words';
import { PublishWorkflow } from '../workflow';

const PHASES: PublishWorkflow.Phase[] = [
  'draft',
  'metadata',
  'citation',
  'archive',
  'upload',
  'publish'
];

/**
 * The progress step: the phases, what is happening, bytes and speed, a wait
 * for Zenodo, and the failure or the cancel with what to do next.
 */
export function ProgressStep(props: {
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
  const error =
    state.phase === 'failed' && state.error
      ? errorText(state.error, trans)
      : null;
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
          {messageText(state.message, trans)}
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
                    trans.__(
                      '%1 left',
                      formatDuration(state.secondsLeft, trans)
                    )
                  : '')
              : ''}
          </p>
        </>
      ) : null}
      {state.waiting ? (
        <p className="jp-artifacts-Share-waiting" role="status">
          {waitingText(state.waiting, trans)}{' '}
          {waitingSeconds > 0 ? trans.__('(%1 s to go)', waitingSeconds) : ''}
        </p>
      ) : null}
      {error ? (
        <div className="jp-artifacts-Share-error" role="alert">
          <p>{messageText(state.message, trans)}</p>
          {error.message ? <p>{error.message}</p> : null}
          {error.hint ? <p>{error.hint}</p> : null}
        </div>
      ) : null}
      {state.phase === 'cancelled' ? (
        <p className="jp-artifacts-Share-cancelled" role="status">
          {messageText(state.message, trans)}
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
