/**
 * The launch link generator in an artifact's details: JupyterLab or
 * JupyterHub, this version or the latest, a file to open, a target folder;
 * copy the link or a "Launch in Jupyter" button for a web page.
 *
 * @packageDocumentation
 * @module catalogue/linkview
 */
import { Clipboard } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { Artifact } from '../zenodo';
import {
  buildLaunchLink,
  htmlButton,
  LaunchTarget,
  markdownButton
} from './launch';
import { catalogueErrorText } from './words';

/**
 * Where generated links point by default.
 */
export interface ILaunchLinkDefaults {
  /** This JupyterLab server's base URL (absolute). */
  lab: string;
  /** The hub's address (absolute), this page's hub when there is one. */
  hub: string;
  /** Whether the page runs under JupyterHub (the hub is the default). */
  underHub: boolean;
}

/**
 * Props of {@link LaunchLinkView}.
 */
export interface ILaunchLinkViewProps {
  artifact: Artifact;
  defaults: ILaunchLinkDefaults;
  trans: TranslationBundle;
}

/**
 * The generator.
 */
export function LaunchLinkView(props: ILaunchLinkViewProps): JSX.Element {
  const { artifact, defaults, trans } = props;
  const [target, setTarget] = React.useState<LaunchTarget>(
    defaults.underHub ? 'hub' : 'lab'
  );
  const [server, setServer] = React.useState(
    defaults.underHub ? defaults.hub : defaults.lab
  );
  const [latest, setLatest] = React.useState(!!artifact.conceptDoi);
  const [open, setOpen] = React.useState('');
  const [into, setInto] = React.useState('');
  const named = latest
    ? (artifact.conceptDoi ?? artifact.doi ?? artifact.id)
    : (artifact.doi ?? artifact.id);
  let link = '';
  let problem = '';
  try {
    link = buildLaunchLink({ target, server, artifact: named, open, into });
  } catch (reason) {
    problem = catalogueErrorText(reason, trans);
  }
  const label = trans.__('Launch in Jupyter');
  const id = `jp-artifacts-link-${artifact.id}`;
  return (
    <details className="jp-artifacts-Catalogue-linkGenerator">
      <summary>{trans.__('Launch link')}</summary>
      <p className="jp-artifacts-Catalogue-meta">
        {trans.__(
          'A link that opens this artifact in someone’s Jupyter and offers to import it (opened again, it shows the copy imported before and offers newer versions).'
        )}
      </p>
      <fieldset>
        <legend>{trans.__('Opens in')}</legend>
        <label>
          <input
            type="radio"
            name={`${id}-target`}
            checked={target === 'lab'}
            onChange={() => {
              setTarget('lab');
              setServer(defaults.lab);
            }}
          />{' '}
          {trans.__('JupyterLab (this server)')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name={`${id}-target`}
            checked={target === 'hub'}
            onChange={() => {
              setTarget('hub');
              setServer(defaults.hub);
            }}
          />{' '}
          {trans.__('JupyterHub (each user’s own server)')}
        </label>
      </fieldset>
      <label className="jp-artifacts-Catalogue-field">
        {target === 'hub'
          ? trans.__('Hub address')
          : trans.__('Server address')}
        <input
          className="jp-mod-styled"
          value={server}
          onChange={e => setServer(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{trans.__('Version')}</legend>
        <label>
          <input
            type="radio"
            name={`${id}-version`}
            checked={latest}
            disabled={!artifact.conceptDoi}
            onChange={() => setLatest(true)}
          />{' '}
          {trans.__('Always the latest')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name={`${id}-version`}
            checked={!latest}
            onChange={() => setLatest(false)}
          />{' '}
          {trans.__('This version (%1)', artifact.version ?? artifact.id)}
        </label>
      </fieldset>
      <label className="jp-artifacts-Catalogue-field">
        {trans.__('File to open after the import (optional)')}
        <input
          className="jp-mod-styled"
          value={open}
          placeholder={trans.__('e.g. notebooks/intro.ipynb')}
          onChange={e => setOpen(e.target.value)}
        />
      </label>
      <label className="jp-artifacts-Catalogue-field">
        {trans.__('Folder to import into (optional)')}
        <input
          className="jp-mod-styled"
          value={into}
          placeholder={trans.__('e.g. courses/ocean')}
          onChange={e => setInto(e.target.value)}
        />
      </label>
      {problem ? (
        <p role="alert" className="jp-artifacts-Catalogue-error">
          {problem}
        </p>
      ) : (
        <>
          <output className="jp-artifacts-Catalogue-launchLink">{link}</output>
          <div>
            <button
              className="jp-mod-styled"
              onClick={() => Clipboard.copyToSystem(link)}
            >
              {trans.__('Copy link')}
            </button>{' '}
            <button
              className="jp-mod-styled"
              onClick={() =>
                Clipboard.copyToSystem(markdownButton(link, label))
              }
            >
              {trans.__('Copy Markdown button')}
            </button>{' '}
            <button
              className="jp-mod-styled"
              onClick={() => Clipboard.copyToSystem(htmlButton(link, label))}
            >
              {trans.__('Copy HTML button')}
            </button>
          </div>
        </>
      )}
    </details>
  );
}
