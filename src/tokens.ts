/**
 * Public tokens and interfaces other extensions may use.
 *
 * @packageDocumentation
 * @module tokens
 */
import { Token } from '@lumino/coreutils';
import { ISignal } from '@lumino/signaling';

/**
 * The Zenodo connection a deployment configured: where Zenodo is, which
 * community it uses, and the user's token for this session.
 */
export interface IZenodoConnection {
  /**
   * Base URL of the Zenodo instance (no trailing slash), e.g. https://zenodo.org.
   */
  readonly baseUrl: string;

  /**
   * Community to publish to and browse; empty for none.
   */
  readonly community: string;

  /**
   * Page where a user creates a personal access token.
   */
  readonly tokenUrl: string;

  /**
   * The user's personal access token, if one was given.
   *
   * #### Notes
   * A secret: never log it, put it in a URL, an archive or an error message.
   */
  token: string | undefined;

  /**
   * Emitted when the URL, the community or the token change.
   */
  readonly changed: ISignal<IZenodoConnection, void>;
}

/**
 * The Zenodo connection token.
 */
export const IZenodoConnection = new Token<IZenodoConnection>(
  'jupyterlab-artifacts:IZenodoConnection',
  'The Zenodo instance, community and token the artifacts extension uses.'
);
