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
import type { TranslationBundle } from '@jupyterlab/translation';

import type { HintContext, ZenodoError, ZenodoHint } from './errors';

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
 * A Zenodo error for a notification: its message (Zenodo's or the client's
 * own words) and its hint in words.
 */
export function zenodoErrorText(
  error: Pick<ZenodoError, 'message' | 'hint' | 'hintCode'>,
  trans: TranslationBundle
): string {
  return [error.message, zenodoHintText(error, trans)].filter(s => s).join(' ');
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
