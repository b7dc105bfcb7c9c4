/**
 * The artifact events the extension's parts share (see
 * {@link IArtifactEvents}): one object, provided by a plugin of its own so
 * that neither the announcer nor the listeners depend on each other.
 *
 * @packageDocumentation
 * @module events
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISignal, Signal } from '@lumino/signaling';

import { IArtifactEvents } from './tokens';

/**
 * Implementation of {@link IArtifactEvents}.
 */
export class ArtifactEvents implements IArtifactEvents {
  get published(): ISignal<this, IArtifactEvents.IPublished> {
    return this._published;
  }

  announcePublished(event: IArtifactEvents.IPublished): void {
    this._published.emit({ ...event });
  }

  private _published = new Signal<this, IArtifactEvents.IPublished>(this);
}

/**
 * Provides {@link IArtifactEvents}.
 */
export const artifactEventsPlugin: JupyterFrontEndPlugin<IArtifactEvents> = {
  id: 'jupyterlab-artifacts:events',
  description:
    'Announces finished publishes, so that the catalogue and badges follow.',
  autoStart: true,
  provides: IArtifactEvents,
  activate: (app: JupyterFrontEnd): IArtifactEvents => new ArtifactEvents()
};
