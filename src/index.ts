/**
 * jupyterlab-artifacts: the list of plugins, nothing else.
 *
 * @packageDocumentation
 * @module jupyterlab-artifacts
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import badgesPlugins from './badges';
import { cataloguePlugin } from './catalogue/plugin';
import { connectionPlugin } from './connection';
import { artifactEventsPlugin } from './events';
import expiryPlugins from './expiry';
import { sharePlugin } from './share/plugin';
import { transfersPlugin } from './transfers';

export * from './tokens';

const plugins: JupyterFrontEndPlugin<any>[] = [
  connectionPlugin,
  artifactEventsPlugin,
  transfersPlugin,
  sharePlugin,
  cataloguePlugin,
  ...badgesPlugins,
  ...expiryPlugins
];

export default plugins;
