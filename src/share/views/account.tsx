/**
 * The Zenodo account dialog: paste a token, check it, keep it for the
 * session or save it, forget it.
 *
 * @packageDocumentation
 * @module share/views/account
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { ITokenCheck } from '../account';
import { tokenCheckText } from '../words';

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
  /**
   * Check a token with Zenodo.
   */
  check: (token: string) => Promise<ITokenCheck>;
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
  const [status, setStatus] = React.useState<ITokenCheck>();
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
        {Private.withLink(
          // One sentence for translators; the link goes where %1 is.
          trans.__(
            'Create a personal access token at %1 with the scopes deposit:write and deposit:actions ticked, then paste it here.',
            Private.LINK
          ),
          <a href={props.tokenUrl} target="_blank" rel="noopener noreferrer">
            {props.tokenUrl}
          </a>
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
          {tokenCheckText(status, props.baseUrl, trans)}
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

namespace Private {
  /**
   * Stands for the link in a translated sentence (no translation has it).
   */
  export const LINK = '\u0000link\u0000';

  /**
   * A translated sentence with `link` where {@link LINK} is.
   */
  export function withLink(text: string, link: JSX.Element): JSX.Element {
    const [before, ...after] = text.split(LINK);
    // A translation that lost the placeholder still shows the link.
    return (
      <>
        {before}
        {after.length ? null : ' '}
        {link}
        {after.join('')}
      </>
    );
  }
}
