/**
 * React views of the Share menu: the publish dialog (one file per step) and
 * the Zenodo account. Views render a session's or a check's state and call
 * its methods; the work is done by the workflow.
 *
 * @packageDocumentation
 * @module share/views
 */
export { AccountView } from './account';
export type { IAccountViewProps } from './account';
export { ShareBody, ShareDialog } from './dialog';
export { PublishView } from './publish';
export type { IPublishViewProps } from './publish';
