/**
 * The describe step of the publish dialog: the metadata form, the
 * CITATION.cff and publish choices, and Retry after a failed run.
 *
 * @packageDocumentation
 * @module share/views/form
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { PublishSession } from '../session';
import { errorText } from '../words';
import { MetadataForm } from './metadataform';

/**
 * The describe step.
 */
export function FormStep(props: {
  trans: TranslationBundle;
  session: PublishSession;
  onClose: () => void;
  /**
   * Send the form (or retry the failed run with it).
   */
  onSubmit: () => void;
}): JSX.Element | null {
  const { trans, session } = props;
  const { mode, metadata, state } = session;
  if (!metadata) {
    return null;
  }
  const failedRun = session.failedRun;
  const error = failedRun && state.error ? errorText(state.error, trans) : null;
  return (
    <div className="jp-artifacts-Share-body">
      {mode === 'edit' ? (
        <p className="jp-artifacts-Share-help jp-artifacts-Share-editNote">
          {trans.__(
            'An edit changes the metadata only: the published files stay as they are. To change files, publish a new version.'
          )}
        </p>
      ) : null}
      {mode === 'new' ? (
        <DerivedNote trans={trans} derived={session.workflow.derivedFrom()} />
      ) : null}
      <MetadataForm
        trans={trans}
        value={metadata}
        errors={session.errors}
        onChange={m => session.setMetadata(m)}
      />
      <label className="jp-artifacts-Share-check">
        <input
          type="checkbox"
          checked={session.writeCitation}
          onChange={e => {
            session.writeCitation = e.target.checked;
          }}
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
              checked={session.publishNow}
              onChange={() => {
                session.publishNow = true;
              }}
            />
            {trans.__('Publish now (the DOI becomes permanent)')}
          </label>
          <label>
            <input
              type="radio"
              name="publish-choice"
              checked={!session.publishNow}
              onChange={() => {
                session.publishNow = false;
              }}
            />
            {trans.__('Keep a draft to review on Zenodo')}
          </label>
        </fieldset>
      ) : null}
      {error ? (
        <p className="jp-artifacts-Share-error" role="alert">
          {error.message} {error.hint}
        </p>
      ) : null}
      <div className="jp-artifacts-Share-actions">
        <button
          className="jp-Button jp-mod-styled jp-mod-reject"
          onClick={() => (failedRun ? session.cancel() : props.onClose())}
        >
          {failedRun ? trans.__('Discard draft') : trans.__('Cancel')}
        </button>
        {mode !== 'edit' && !failedRun ? (
          <button
            className="jp-Button jp-mod-styled"
            onClick={() => session.back()}
          >
            {trans.__('Back')}
          </button>
        ) : null}
        <button
          className="jp-Button jp-mod-styled jp-mod-accept"
          onClick={props.onSubmit}
        >
          {failedRun
            ? trans.__('Retry')
            : mode === 'edit'
              ? trans.__('Publish changes')
              : session.publishNow
                ? trans.__('Upload and publish')
                : trans.__('Upload as draft')}
        </button>
      </div>
    </div>
  );
}

/**
 * Says, above the form of an artifact derived from someone else's, who the
 * creators are and where the original's authors went.
 */
function DerivedNote(props: {
  trans: TranslationBundle;
  derived?: { doi: string; authors: string[] };
}): JSX.Element | null {
  const { trans, derived } = props;
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
