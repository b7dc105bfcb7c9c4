/**
 * The Zenodo client's hints in the person's language. The client stays free
 * of translation: a {@link ZenodoError} carries its hint as a code with
 * parameters (`hintCode`), and Share and the catalogue call these functions
 * with their translation bundle (this module imports nothing at run time).
 * Zenodo's own messages are its words and are shown as they are.
 *
 * @packageDocumentation
 * @module zenodo/words
 */
// The bundle's shape only: zenodo/ imports nothing of JupyterLab.
import { formatBytes, type IWordBundle as TranslationBundle } from '../format';
import type {
  HintContext,
  ZenodoError,
  ZenodoHint,
  ZenodoMessage
} from './errors';

/**
 * A Zenodo error's hint in words ('' when it has none). An error made
 * without a code (by code outside the client) keeps its English hint.
 */
export function zenodoHintText(
  error: Pick<ZenodoError, 'hint' | 'hintCode'>,
  trans: TranslationBundle
): string {
  return error.hintCode ? hintText(error.hintCode, trans) : error.hint;
}

/**
 * A Zenodo error's message in words: the client's own message from its
 * code; Zenodo's own words (no code) as they are.
 */
export function zenodoMessageText(
  error: Pick<ZenodoError, 'message' | 'messageCode'>,
  trans: TranslationBundle
): string {
  return error.messageCode
    ? messageText(error.messageCode, trans)
    : error.message;
}

/**
 * A Zenodo error for a notification: its message and its hint, in words.
 */
export function zenodoErrorText(
  error: Pick<ZenodoError, 'message' | 'messageCode' | 'hint' | 'hintCode'>,
  trans: TranslationBundle
): string {
  return [zenodoMessageText(error, trans), zenodoHintText(error, trans)]
    .filter(s => s)
    .join(' ');
}

/**
 * A message's code in words.
 */
export function messageText(
  message: ZenodoMessage,
  trans: TranslationBundle
): string {
  switch (message.code) {
    case 'bad-base-url':
      return trans.__('"%1" is not a valid Zenodo URL.', message.url);
    case 'malformed-escape':
      return trans.__(
        '"%1" has a "%" that is not followed by two hexadecimal digits (a malformed escape).',
        message.reference
      );
    case 'not-a-reference':
      return trans.__(
        '"%1" is not a Zenodo record id, record URL or DOI.',
        message.reference
      );
    case 'foreign-reference':
      return trans.__(
        '"%1" points at %2, not at the Zenodo this JupyterLab uses (%3).',
        message.reference,
        message.origin,
        message.expected
      );
    case 'no-doi-record':
      return trans.__(
        'No record on %1 has the DOI %2.',
        message.base,
        message.doi
      );
    case 'depositions-not-list':
      return trans.__(
        'Unexpected answer from Zenodo: the depositions are not a list.'
      );
    case 'version-open-elsewhere':
      return trans.__(
        'A new version of this artifact is already open as a draft on Zenodo, and Zenodo did not say where it is.'
      );
    case 'new-version-unknown':
      return trans.__('Zenodo did not say where the new version is.');
    case 'no-bucket':
      return trans.__(
        'Deposition %1 has no file bucket; it is published and not open for editing.',
        message.id
      );
    case 'bad-file-name':
      return trans.__(
        '"%1" is not a valid file name for Zenodo.',
        message.name
      );
    case 'slash-in-name':
      return trans.__(
        'Zenodo file names cannot contain "/" ("%1").',
        message.name
      );
    case 'empty-file':
      return trans.__(
        '"%1" is empty; Zenodo does not accept empty files.',
        message.name
      );
    case 'file-too-large':
      return trans.__(
        '"%1" is %2, more than Zenodo accepts per file (%3).',
        message.name,
        formatBytes(message.bytes),
        formatBytes(message.maxBytes)
      );
    case 'too-many-files':
      return trans._n(
        'The draft already has %1 file; a Zenodo record holds at most %2.',
        'The draft already has %1 files; a Zenodo record holds at most %2.',
        message.count,
        message.maxFiles
      );
    case 'record-too-large':
      return trans.__(
        'With "%1" the draft would hold %2, more than Zenodo allows per record (%3).',
        message.name,
        formatBytes(message.bytes),
        formatBytes(message.maxBytes)
      );
    case 'not-json':
      return trans.__(
        'Zenodo answered HTTP %1 with something that is not JSON.',
        message.status
      );
    case 'token-characters':
      return trans.__(
        'The Zenodo token contains characters a token cannot have (spaces inside, or letters outside ASCII).'
      );
    case 'unfollowable-url':
      return trans.__('"%1" is not a URL the client can follow.', message.url);
    case 'refused-protocol':
      return trans.__('Refusing to follow a %1 link.', message.protocol);
    case 'download-cut':
      return trans.__(
        'The download of "%1" ended after %2 of %3 bytes.',
        message.key,
        message.loaded,
        message.size
      );
    case 'unreachable':
      return trans.__(
        'Could not reach Zenodo (%1 %2).',
        message.method,
        message.origin
      );
    case 'cancelled':
      return trans.__('The request to Zenodo was cancelled.');
    case 'http-status':
      return message.statusText
        ? trans.__(
            'Zenodo answered HTTP %1 %2.',
            message.status,
            message.statusText
          )
        : trans.__('Zenodo answered HTTP %1.', message.status);
    case 'unexpected-answer':
      return trans.__('Unexpected answer from Zenodo: %1.', message.detail);
  }
}

/**
 * A hint's code in words.
 */
export function hintText(hint: ZenodoHint, trans: TranslationBundle): string {
  const text = ownHintText(hint, trans);
  return hint.draftMayExistAt
    ? [
        text,
        trans.__(
          'The draft may have been created all the same: look at %1 before trying again.',
          hint.draftMayExistAt
        )
      ]
        .filter(s => s)
        .join(' ')
    : text;
}

function ownHintText(hint: ZenodoHint, trans: TranslationBundle): string {
  switch (hint.code) {
    case 'kind':
      return kindText(hint, trans);
    case 'set-url':
      return trans.__(
        'Set the Zenodo URL in the settings to e.g. https://zenodo.org or https://sandbox.zenodo.org.'
      );
    case 'link-cut':
      return trans.__(
        'The link was probably cut short or mistyped: copy it again in full.'
      );
    case 'reference-form':
      return trans.__(
        'Give a DOI such as 10.5281/zenodo.1234567 or a link such as https://zenodo.org/records/1234567.'
      );
    case 'foreign-link':
      return trans.__('Use a DOI, or a link to a record on %1.', hint.origin);
    case 'doi-elsewhere':
      return trans.__(
        'Check the DOI, and that the Zenodo URL in the settings is the Zenodo that registered it (the sandbox and zenodo.org are separate).'
      );
    case 'open-draft-elsewhere':
      return trans.__(
        'Publish or discard that draft on %1, then try again.',
        hint.uploads
      );
    case 'find-new-version':
      return trans.__("Look for the new version's draft at %1.", hint.uploads);
    case 'not-editable':
      return trans.__(
        'Start a new version (or open it for editing) to change its files.'
      );
    case 'name-file':
      return trans.__('Give the file a name.');
    case 'flat-files':
      return trans.__(
        'Zenodo stores files flat: put a folder into one archive (zip or tar.gz) or rename the file.'
      );
    case 'empty-file':
      return trans.__('Leave the empty file out.');
    case 'split':
      return trans.__('Leave out large files or split the artifact.');
    case 'one-archive':
      return trans.__(
        'Put the files into one archive or remove files from the draft.'
      );
    case 'token-characters':
      return trans.__(
        'Copy the token again from %1 (or create a new one with the scopes deposit:write and deposit:actions) and enter it again.',
        hint.tokenUrl
      );
  }
}

/**
 * The hint of an error kind (the words of `hintFor`).
 */
function kindText(
  hint: Extract<ZenodoHint, { code: 'kind' }>,
  trans: TranslationBundle
): string {
  const { kind, status, fieldErrors, context } = hint;
  switch (kind) {
    case 'unauthorized':
      return context.hadToken
        ? trans.__(
            'Zenodo did not accept your access token (it may be mistyped, revoked or made for another Zenodo). %1',
            newToken(context, trans)
          )
        : trans.__(
            'This needs a Zenodo access token. %1',
            newToken(context, trans)
          );
    case 'forbidden':
      return context.hadToken
        ? context.tokenUrl
          ? trans.__(
              'Your token is not allowed to do this: it needs the scopes deposit:write and deposit:actions, and you can only change depositions you own. If the scopes are missing, create a new token at %1 with both ticked.',
              context.tokenUrl
            )
          : trans.__(
              "Your token is not allowed to do this: it needs the scopes deposit:write and deposit:actions, and you can only change depositions you own. If the scopes are missing, create a new token in your Zenodo account's Applications settings with both ticked."
            )
        : trans.__(
            'This needs a Zenodo access token. %1',
            newToken(context, trans)
          );
    case 'not-found':
      return trans.__(
        'Zenodo has no such record or deposition. Check the id or link; a published deposition must be opened for editing before it can be changed, and a deleted draft is gone.'
      );
    case 'gone':
      return trans.__(
        'This record was deleted from Zenodo and its files can no longer be downloaded.'
      );
    case 'too-large':
      return trans.__(
        'The upload is larger than Zenodo accepts (50 GB per file and per record). Leave out large files or split the artifact.'
      );
    case 'too-many-files':
      return trans.__(
        'A Zenodo record holds at most 100 files. Put the files into one archive (the Share menu does this) or remove files from the draft.'
      );
    case 'unsupported-media-type':
      return trans.__(
        'Zenodo refused the request format. This is a bug in the client; please report it.'
      );
    case 'rate-limited':
      if (context.retryInMs !== undefined) {
        return trans.__(
          'Zenodo asks clients to slow down; trying again in %1 s.',
          Math.ceil(context.retryInMs / 1000)
        );
      }
      if (context.retryAt !== undefined) {
        return trans.__(
          'Zenodo asks clients to slow down. Try again after %1.',
          new Date(context.retryAt).toLocaleTimeString()
        );
      }
      return trans.__(
        'Zenodo asks clients to slow down. Wait a minute and try again.'
      );
    case 'validation': {
      if (fieldErrors.some(e => e.metadataField === 'files')) {
        return trans.__('Upload at least one file before publishing.');
      }
      const fields = [
        ...new Set(fieldErrors.map(e => e.metadataField ?? e.field))
      ].join(', ');
      return fieldErrors.some(e => e.field.startsWith('metadata'))
        ? trans.__(
            'Zenodo rejected some metadata (%1). Correct them and try again.',
            fields
          )
        : trans.__(
            'Zenodo rejected some values (%1). Correct them and try again.',
            fields
          );
    }
    case 'bad-request':
      return trans.__(
        'Zenodo rejected the request. Check the values you entered and try again.'
      );
    case 'server':
      return trans.__(
        'Zenodo had a problem (HTTP %1). This is usually temporary: try again in a few minutes.',
        status
      );
    case 'network':
      return context.origin
        ? trans.__(
            'Could not reach Zenodo at %1. Check your network connection and the Zenodo URL in the settings, then try again.',
            context.origin
          )
        : trans.__(
            'Could not reach Zenodo. Check your network connection and the Zenodo URL in the settings, then try again.'
          );
    case 'aborted':
      return trans.__('Cancelled.');
    case 'conflict':
      return trans.__(
        'Zenodo is still processing this deposition. Wait a few minutes and try again.'
      );
    case 'invalid-response':
      return trans.__(
        'Zenodo answered with something the client does not understand. Check that the Zenodo URL in the settings points at a Zenodo server.'
      );
    case 'http':
      return trans.__(
        'Zenodo refused the request (HTTP %1). This may be a bug in the client; please report it with the message above.',
        status
      );
    default:
      return '';
  }
}

/**
 * Where and how to make a new token.
 */
function newToken(context: HintContext, trans: TranslationBundle): string {
  return context.tokenUrl
    ? trans.__(
        'Create a personal access token at %1, tick the scopes deposit:write and deposit:actions, and enter it again.',
        context.tokenUrl
      )
    : trans.__(
        "Create a personal access token in your Zenodo account's Applications settings, tick the scopes deposit:write and deposit:actions, and enter it again."
      );
}
