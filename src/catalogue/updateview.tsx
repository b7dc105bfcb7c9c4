/**
 * The panel's "imported before" section: the folder holding a copy, the
 * newer version offered, what an update will do, and its report. Renders
 * {@link UpdatesModel}.
 *
 * @packageDocumentation
 * @module catalogue/updateview
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IUpdateStep, UpdateAction } from '../workspace/update';
import { Artifact } from '../zenodo';
import { UpdatesModel } from './updates';
import { versionLabel } from './updateflow';
import { catalogueErrorText } from './words';

/**
 * Props of {@link PreviousImportView}.
 */
export interface IPreviousImportViewProps {
  updates: UpdatesModel;
  artifact: Artifact;
  trans: TranslationBundle;
  /** Show a folder in the file browser. */
  openFolder: (path: string) => void;
}

/**
 * "You imported this before", with the update offer and report.
 */
export function PreviousImportView(
  props: IPreviousImportViewProps
): JSX.Element {
  return (
    <UseSignal signal={props.updates.changed}>
      {() => <Private.Section {...props} />}
    </UseSignal>
  );
}

/**
 * A sentence for one step of an update (`done`: after it ran).
 */
export function describeStep(
  step: IUpdateStep,
  trans: TranslationBundle
): string {
  const words: Record<UpdateAction, string> = {
    unchanged: trans.__('unchanged'),
    replaced: trans.__('updated to the new version'),
    kept: trans.__('your changes kept (the new version did not change it)'),
    'kept-beside': trans.__(
      'your changes kept; the new version’s copy is %1',
      step.writeTo ?? ''
    ),
    added: trans.__('added'),
    'added-beside': trans.__(
      'new in this version; something of yours has its name, so it is written as %1',
      step.writeTo ?? ''
    ),
    restored: trans.__(
      'you had deleted it; the new version changed it, so it is written again'
    ),
    deleted: trans.__(
      'removed (the new version no longer has it, and you had not changed it)'
    ),
    left: trans.__(
      'the new version no longer has it; kept because you changed it'
    ),
    gone: trans.__('you had deleted it; it stays deleted')
  };
  return words[step.action];
}

namespace Private {
  export function Section(props: IPreviousImportViewProps): JSX.Element | null {
    const { updates, trans, artifact } = props;
    if (updates.status === 'checking') {
      return (
        <p role="status" className="jp-artifacts-Catalogue-meta">
          {trans.__('Looking for a copy you imported before…')}
        </p>
      );
    }
    const previous = updates.previous;
    if (!previous) {
      return null;
    }
    const flow = updates.update;
    const held = updates.previousVersion;
    const offer = updates.offer;
    const busy =
      flow && ['downloading', 'comparing', 'writing'].includes(flow.phase);
    return (
      <div
        className="jp-artifacts-Catalogue-previous"
        aria-label={trans.__('Imported before')}
      >
        <p className="jp-artifacts-Catalogue-previousFolder">
          {trans.__(
            'You imported this artifact before, into %1 (version %2). Nothing was downloaded again.',
            previous.folder,
            previous.version ?? held?.version ?? previous.doi
          )}{' '}
          <button
            className="jp-mod-styled"
            onClick={() => props.openFolder(previous.folder)}
          >
            {trans.__('Show the folder')}
          </button>
        </p>
        {!offer && !flow && held && held.id === artifact.id && (
          <p className="jp-artifacts-Catalogue-meta">
            {trans.__('Your copy holds the version shown here.')}
          </p>
        )}
        {offer && !flow && (
          <p>
            {trans.__(
              'Version %1 (%2) is newer than your copy.',
              offer.version ?? offer.id,
              offer.publicationDate ?? ''
            )}{' '}
            <button
              className="jp-mod-styled jp-mod-accept jp-artifacts-Catalogue-updateButton"
              onClick={() => void updates.prepare()}
            >
              {trans.__('Update to %1', versionLabel(offer))}
            </button>
          </p>
        )}
        {flow && (
          <div role="status" aria-live="polite">
            {busy && (
              <p>
                {flow.phase === 'writing'
                  ? trans.__('Updating %1…', previous.folder)
                  : trans.__(
                      'Comparing your copy with version %1 (nothing is written yet)…',
                      flow.to.version ?? flow.to.id
                    )}{' '}
                <button
                  className="jp-mod-styled jp-mod-reject"
                  onClick={() => flow.cancel()}
                >
                  {trans.__('Cancel')}
                </button>
              </p>
            )}
            {flow.phase === 'planned' && flow.report && (
              <>
                <p>
                  {trans.__(
                    'What updating %1 from version %2 to version %3 will do. Nothing is written until you click Apply.',
                    previous.folder,
                    flow.from.version ?? flow.from.id,
                    flow.to.version ?? flow.to.id
                  )}
                </p>
                <Report steps={flow.report.steps} trans={trans} />
                <button
                  className="jp-mod-styled jp-mod-accept jp-artifacts-Catalogue-applyUpdate"
                  onClick={() => void updates.apply()}
                >
                  {trans.__('Apply the update')}
                </button>{' '}
                <button
                  className="jp-mod-styled"
                  onClick={() => updates.discard()}
                >
                  {trans.__('Not now')}
                </button>
              </>
            )}
            {flow.phase === 'done' && flow.report && (
              <>
                <p className="jp-artifacts-Catalogue-result">
                  {trans.__(
                    'Updated %1 to version %2. Its CITATION.cff names the new version.',
                    previous.folder,
                    flow.to.version ?? flow.to.id
                  )}
                </p>
                <Report steps={flow.report.steps} trans={trans} />
              </>
            )}
            {(flow.phase === 'failed' || flow.phase === 'cancelled') && (
              <p role="alert" className="jp-artifacts-Catalogue-error">
                {catalogueErrorText(flow.error, trans)}{' '}
                {flow.written.length > 0 &&
                  trans.__(
                    'Written before it stopped: %1',
                    flow.written.join(', ')
                  )}
              </p>
            )}
          </div>
        )}
      </div>
    );
  }

  export function Report(props: {
    steps: IUpdateStep[];
    trans: TranslationBundle;
  }): JSX.Element {
    const { steps, trans } = props;
    return (
      <table
        className="jp-artifacts-Catalogue-files jp-artifacts-Catalogue-updateReport"
        aria-label={trans.__('Update report')}
      >
        <thead>
          <tr>
            <th scope="col">{trans.__('File')}</th>
            <th scope="col">{trans.__('What happens')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map(step => (
            <tr key={step.path} data-action={step.action}>
              <td>{step.path}</td>
              <td>{describeStep(step, trans)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
}
