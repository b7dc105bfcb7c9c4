/**
 * The Zenodo connection plugin: reads the deployment's settings and holds the
 * user's token for the session.
 *
 * @packageDocumentation
 * @module connection
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ISignal, Signal } from '@lumino/signaling';

import { SCHEMA_DEFAULTS } from './schemas';
import { IZenodoConnection } from './tokens';

/**
 * Zenodo connection state, kept in sync with the `zenodo` settings.
 */
export class ZenodoConnection implements IZenodoConnection {
  get baseUrl(): string {
    return this._baseUrl;
  }

  get community(): string {
    return this._community;
  }

  get tokenUrl(): string {
    return (
      this._tokenUrl ||
      `${this._baseUrl}/account/settings/applications/tokens/new/`
    );
  }

  /**
   * The token, only while the Zenodo URL is the one it was given for: a
   * settings change must not send it to another server.
   */
  get token(): string | undefined {
    return this._token && this._tokenBaseUrl === this._baseUrl
      ? this._token
      : undefined;
  }
  /**
   * Set the token for the current Zenodo URL (bound to it).
   */
  set token(value: string | undefined) {
    const next = value?.trim() || undefined;
    if (
      next === this._token &&
      (!next || this._tokenBaseUrl === this._baseUrl)
    ) {
      return;
    }
    this._token = next;
    this._tokenBaseUrl = next ? this._baseUrl : '';
    this._changed.emit();
  }

  /**
   * The Zenodo URL the held token was given for ('' for none).
   */
  get tokenBaseUrl(): string {
    return this._token ? this._tokenBaseUrl : '';
  }

  get changed(): ISignal<IZenodoConnection, void> {
    return this._changed;
  }

  /**
   * Apply the composite settings of the `zenodo` plugin.
   */
  update(settings: Partial<ZenodoConnection.ISettings>): void {
    const baseUrl = ZenodoConnection.normaliseBaseUrl(
      settings.baseUrl ?? this._baseUrl
    );
    const community = (settings.community ?? this._community).trim();
    const tokenUrl = (settings.tokenUrl ?? this._tokenUrl).trim();
    // A token the user chose to save in their own settings (Share > Zenodo
    // account), with the URL it was saved for; a session token set since
    // then is not overwritten unless the saved one changed. A saved token
    // without its URL (saved before tokens were bound) is not used.
    const savedToken = (settings.token ?? '').trim() || undefined;
    const savedFor = ZenodoConnection.normaliseBaseUrl(
      settings.tokenBaseUrl ?? ''
    );
    if (savedToken !== this._savedToken || savedFor !== this._savedFor) {
      const forgotten = !!this._savedToken && !savedToken;
      this._savedToken = savedToken;
      this._savedFor = savedFor;
      if (savedToken && savedFor) {
        this._token = savedToken;
        this._tokenBaseUrl = savedFor;
        this._changed.emit();
      } else if (forgotten) {
        this._token = undefined;
        this._tokenBaseUrl = '';
        this._changed.emit();
      }
    }
    if (
      baseUrl === this._baseUrl &&
      community === this._community &&
      tokenUrl === this._tokenUrl
    ) {
      return;
    }
    this._baseUrl = baseUrl;
    this._community = community;
    this._tokenUrl = tokenUrl;
    this._changed.emit();
  }

  private _baseUrl = SCHEMA_DEFAULTS.zenodo.baseUrl;
  private _community = SCHEMA_DEFAULTS.zenodo.community;
  private _tokenUrl = SCHEMA_DEFAULTS.zenodo.tokenUrl;
  private _token: string | undefined = undefined;
  private _tokenBaseUrl = '';
  private _savedToken: string | undefined = undefined;
  private _savedFor = '';
  private _changed = new Signal<IZenodoConnection, void>(this);
}

/**
 * Types and helpers of the Zenodo connection.
 */
export namespace ZenodoConnection {
  /**
   * The `zenodo` settings.
   */
  export interface ISettings {
    baseUrl: string;
    community: string;
    tokenUrl: string;
    /**
     * A token the user saved in their own settings (empty for none).
     */
    token?: string;
    /**
     * The Zenodo URL the saved token was made for: it is used there only.
     */
    tokenBaseUrl?: string;
  }

  /**
   * Trim whitespace, trailing slashes and a trailing `/api`, so that
   * `https://zenodo.org/api/` and `https://zenodo.org` mean the same.
   */
  export function normaliseBaseUrl(url: string): string {
    return url
      .trim()
      .replace(/\/+$/, '')
      .replace(/\/api$/, '');
  }
}

/**
 * Provides the Zenodo connection configured in settings.
 */
export const connectionPlugin: JupyterFrontEndPlugin<IZenodoConnection> = {
  id: 'jupyterlab-artifacts:zenodo',
  description: 'The Zenodo instance, community and token to use.',
  autoStart: true,
  provides: IZenodoConnection,
  optional: [ISettingRegistry],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ): Promise<IZenodoConnection> => {
    const connection = new ZenodoConnection();
    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(connectionPlugin.id);
        const apply = () =>
          connection.update(
            settings.composite as unknown as ZenodoConnection.ISettings
          );
        apply();
        settings.changed.connect(apply);
      } catch (reason) {
        console.error(
          'jupyterlab-artifacts: could not load the Zenodo settings.',
          reason
        );
      }
    }
    return connection;
  }
};
