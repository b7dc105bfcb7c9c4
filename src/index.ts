/**
 * jupyterlab-artifacts: the list of plugins, nothing else.
 *
 * @packageDocumentation
 * @module jupyterlab-artifacts
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { connectionPlugin } from './connection';
import { sharePlugin } from './share/plugin';
import badgesPlugins from './badges';
import expiryPlugins from './expiry';

export * from './tokens';

const plugins: JupyterFrontEndPlugin<any>[] = [
  connectionPlugin,
  sharePlugin,
  ...badgesPlugins,
  ...expiryPlugins
];

export default plugins;
