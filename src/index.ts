/**
 * jupyterlab-artifacts: the list of plugins, nothing else.
 *
 * @packageDocumentation
 * @module jupyterlab-artifacts
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { connectionPlugin } from './connection';
import badgesPlugins from './badges';
import expiryPlugins from './expiry';

export * from './tokens';

const plugins: JupyterFrontEndPlugin<any>[] = [
  connectionPlugin,
  ...badgesPlugins,
  ...expiryPlugins
];

export default plugins;
