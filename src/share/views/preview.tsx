/**
 * The preview step of the publish dialog.
 *
 * @packageDocumentation
 * @module share/views/preview
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatBytes } from '../../format';
import { reasonText, secretReasonText } from '../words';
import { PublishWorkflow } from '../workflow';

/**
 * The preview step: what goes in, what is left out and why, warnings about
 * secrets, size and unsaved documents.
 */
export function PreviewStep(props: {
  trans: TranslationBundle;
  preview?: PublishWorkflow.IPreview;
  loadError?: string;
  skipped: ReadonlySet<string>;
  /**
   * Flagged files ticked on purpose (shown at once, before the preview is
   * walked again).
   */
  included: ReadonlySet<string>;
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
                  <code>{s.path}</code> — {secretReasonText(s, trans)}
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
                <code>{r.path}</code> — {reasonText(r, trans)}
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
              <code>{e.path}</code> — {reasonText(e, trans)}
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
