/**
 * The Zenodo client: pure TypeScript, no JupyterLab imports, usable from the
 * browser and from Node.
 *
 * @packageDocumentation
 * @module zenodo
 */
export { ZenodoClient } from './client';
export {
  bareDoi,
  doiUrl,
  hasMalformedPercent,
  isRecordId,
  originOf,
  parseDoi,
  parseRecordReference,
  recordIdFromUrl,
  zenodoDoiRecordId
} from './references';
export type { DepositionRef } from './client';
export {
  ZenodoError,
  errorFromResponse,
  hintFor,
  kindHint,
  mapField,
  parseFieldErrors
} from './errors';
export type {
  ErrorResponse,
  HintContext,
  ZenodoErrorKind,
  ZenodoErrorOptions,
  ZenodoFieldError,
  ZenodoHint,
  ZenodoMessage
} from './errors';
export {
  normaliseDeposition,
  normaliseFiles,
  normaliseRecord,
  normaliseSearch,
  normaliseUploadedFile
} from './normalise';
export type { NormaliseOptions } from './normalise';
export type * from './types';
