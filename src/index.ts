/**
 * jupyterlab-artifacts: the list of plugins, nothing else.
 *
 * @packageDocumentation
 * @module jupyterlab-artifacts
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { connectionPlugin } from './connection';
import { sharePlugin } from './share/plugin';

export * from './tokens';

const plugins: JupyterFrontEndPlugin<any>[] = [connectionPlugin, sharePlugin];

export default plugins;
