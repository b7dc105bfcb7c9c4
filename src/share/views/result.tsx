/**
 * The result step of the publish dialog.
 *
 * @packageDocumentation
 * @module share/views/result
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { PublishWorkflow } from '../workflow';
import { secretReasonText } from '../words';

/**
 * A value with a Copy button.
 */
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

/**
 * The result step: the DOI, badge and citation to copy, and links.
 */
export function ResultStep(props: {
  trans: TranslationBundle;
  result: PublishWorkflow.IResult;
  onClose: () => void;
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
                <code>{s.path}</code> — {secretReasonText(s, trans)}
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
