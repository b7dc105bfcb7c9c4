/**
 * Plain-words descriptions of shared folders, for tooltips and labels.
 *
 * @packageDocumentation
 * @module badges/words
 */
import { TranslationBundle } from '@jupyterlab/translation';

import { ISharedMatch } from './rules';

/**
 * "Shared with group X: members can read and write here; store/ is read-only".
 */
export function describeShared(
  shared: ISharedMatch,
  trans: TranslationBundle
): string {
  if (shared.readOnly && shared.isRoot) {
    return trans.__(
      'Shared with group %1: members can read here but not change anything',
      shared.group
    );
  }
  let words = trans.__(
    'Shared with group %1: members can read and write here',
    shared.group
  );
  if (shared.readOnlyParts.length > 0) {
    const parts = shared.readOnlyParts.map(part => `${part}/`).join(', ');
    words +=
      '; ' +
      (shared.readOnlyParts.length === 1
        ? trans.__('%1 is read-only', parts)
        : trans.__('%1 are read-only', parts));
  }
  return words;
}
