/**
 * The Share menu's words: the codes the workflow, the form's checks and the
 * token check emit, put into the person's language. Nothing else in
 * `share/` makes a sentence a person reads.
 *
 * @packageDocumentation
 * @module share/words
 */
import { TranslationBundle } from '@jupyterlab/translation';

import { CITATION_FILE } from '../workspace/citation';
import type { ISecretFlag } from '../workspace/secrets';
import type { IExcludedPath } from '../workspace/walk';
import {
  exclusionText,
  secretText,
  workspaceProblemText
} from '../workspace/words';
import { WorkspaceError } from '../workspace/errors';
import { ZenodoError } from '../zenodo/errors';
import {
  zenodoErrorText,
  zenodoHintText,
  zenodoMessageText
} from '../zenodo/words';
import { ITokenCheck } from './account';
import { IFieldError } from './metadata';
import { PublishWorkflow } from './workflow';

/**
 * A form field's problem: the form's own check in words, or Zenodo's words.
 */
export function fieldErrorText(
  error: IFieldError,
  trans: TranslationBundle
): string {
  switch (error.code) {
    case 'title-required':
      return trans.__('A title is required.');
    case 'description-required':
      return trans.__('A description is required.');
    case 'creators-required':
      return trans.__('At least one creator is required.');
    case 'family-required':
      return trans.__('The family name is required.');
    case 'orcid-invalid':
      return trans.__(
        'This is not a valid ORCID iD (0000-0000-0000-0000, last character a check digit).'
      );
    case 'upload-type':
      return trans.__('Choose an upload type.');
    case 'publication-type':
      return trans.__('Choose a publication type.');
    case 'image-type':
      return trans.__('Choose an image type.');
    case 'date-format':
      return trans.__('Write the date as YYYY-MM-DD.');
    case 'license-required':
      return trans.__('Open and embargoed artifacts need a licence.');
    case 'embargo-date-format':
      return trans.__('Give the embargo end date as YYYY-MM-DD.');
    case 'embargo-past':
      return trans.__('The embargo must end after today.');
    case 'access-conditions':
      return trans.__(
        'Say on which conditions access is granted (required for restricted access).'
      );
    case 'identifier-empty':
      return trans.__('The identifier is empty.');
    case 'relation':
      return trans.__('Choose a relation.');
    case 'keyword-empty':
      return trans.__('Remove the empty keyword.');
    default:
      return error.message ?? '';
  }
}

/**
 * What the workflow is doing or did, in words.
 */
export function messageText(
  message: PublishWorkflow.Message | undefined,
  trans: TranslationBundle
): string {
  if (!message) {
    return '';
  }
  switch (message.code) {
    case 'looking':
      return trans.__('Looking through the folder…');
    case 'creating-draft':
      return trans.__('Creating a draft on Zenodo…');
    case 'starting-version':
      return trans.__('Starting a new version on Zenodo…');
    case 'continuing-version':
      return trans.__('Continuing the new version already open on Zenodo…');
    case 'opening-edit':
      return trans.__('Opening the artifact for editing…');
    case 'sending-metadata':
      return trans.__('Sending the metadata…');
    case 'writing-citation':
      return trans.__('Writing %1 with the DOI…', CITATION_FILE);
    case 'building-archive':
      return trans.__('Building the archive…');
    case 'uploading':
      return trans.__('Uploading %1…', message.name);
    case 'publishing':
      return trans.__('Publishing…');
    case 'server-asking':
      return trans.__('Asking the server to zip and upload the folder…');
    case 'server-queued':
      return trans.__('The server is about to start…');
    case 'server-zipping':
      return trans.__(
        'The server is zipping the folder into %1…',
        message.name
      );
    case 'server-uploading':
      return trans.__('Uploading %1 to Zenodo from the server…', message.name);
    case 'removing-carried':
      return trans.__('Removing %1 of the previous version…', message.key);
    case 'published':
      return trans.__('Published: %1', message.doi);
    case 'draft-ready':
      return trans.__('The draft is ready for review on Zenodo.');
    case 'fields':
      return trans.__('Some fields need attention before anything is sent.');
    case 'failed':
      return [
        failureText(message.phase, trans),
        message.kept
          ? trans.__('The draft is kept on Zenodo; Retry goes on with it.')
          : ''
      ]
        .filter(Boolean)
        .join(' ');
    case 'unreachable':
      if (message.lost === 'upload') {
        return trans.__(
          'The upload failed. The connection to Zenodo at %1 was lost, also after trying again. The draft is kept on Zenodo.',
          message.origin
        );
      }
      return message.kept
        ? trans.__(
            'Zenodo could not be reached at %1, also after trying again. The draft is kept on Zenodo.',
            message.origin
          )
        : trans.__(
            'Zenodo could not be reached at %1, also after trying again.',
            message.origin
          );
    default:
      return cancelledText(message, trans);
  }
}

/**
 * How a cancel ended, in words.
 */
function cancelledText(
  message: PublishWorkflow.ICancelled,
  trans: TranslationBundle
): string {
  let text: string;
  switch (message.code) {
    case 'cancelled-discarded':
      text = trans.__('Cancelled. The draft on Zenodo was discarded.');
      break;
    case 'cancelled-edits-discarded':
      text = trans.__(
        'Cancelled. Your edits were discarded; the published artifact is unchanged.'
      );
      break;
    case 'cancelled-kept':
      text = trans.__(
        'Cancelled, but the draft could not be discarded and is kept on Zenodo (%1): %2',
        message.link ?? trans.__('deposition %1', message.depositionId),
        errorText(message.error, trans).message
      );
      break;
    default:
      text = trans.__('Cancelled. Nothing was sent to Zenodo.');
  }
  if (message.citationLeft) {
    text +=
      ' ' +
      trans.__(
        '%1 in the folder still names the reserved DOI; delete or fix it.',
        CITATION_FILE
      );
  }
  return text;
}

/**
 * What failed, by the phase it failed in.
 */
function failureText(
  phase: PublishWorkflow.Phase,
  trans: TranslationBundle
): string {
  switch (phase) {
    case 'draft':
      return trans.__('Could not create the draft on Zenodo.');
    case 'metadata':
      return trans.__('Zenodo did not accept the metadata.');
    case 'citation':
      return trans.__('Could not write %1 into the folder.', CITATION_FILE);
    case 'archive':
      return trans.__('Could not build the archive.');
    case 'upload':
      return trans.__('The upload failed.');
    case 'publish':
      return trans.__('Zenodo did not publish the artifact.');
    default:
      return trans.__('Something failed.');
  }
}

/**
 * A failure's message and hint, in words.
 */
export function errorText(
  error: PublishWorkflow.IError,
  trans: TranslationBundle
): { message: string; hint: string } {
  switch (error.code) {
    case 'fields':
      return {
        message: trans.__(
          'Some fields need attention before anything is sent.'
        ),
        hint: error.fieldErrors.map(e => fieldErrorText(e, trans)).join(' ')
      };
    case 'companion':
      return {
        message: trans.__(
          'The Jupyter server reported: %1 (%2)',
          error.problem
            ? workspaceProblemText(error.problem, trans)
            : error.message,
          error.serverCode ?? ''
        ),
        hint: companionHint(error.serverCode ?? '', trans)
      };
    case 'unreachable':
      return {
        message: '',
        hint: [
          trans.__(
            'Check your network connection and the Zenodo URL in the settings.'
          ),
          retryText(error.retry, trans)
        ].join(' ')
      };
    case 'no-record':
      return {
        message: trans.__(
          'No Zenodo record has the DOI %1. Check the DOI in %2.',
          error.subject ?? '',
          CITATION_FILE
        ),
        hint: ''
      };
    case 'no-bucket':
      return {
        message: trans.__(
          'Zenodo gave no upload address (links.bucket) for the draft, so nothing can be uploaded to it.'
        ),
        hint: ''
      };
    default:
      // A workspace problem and a Zenodo hint have codes; Zenodo's and the
      // system's own words have no key to look up and pass as they are.
      return {
        message: error.problem
          ? workspaceProblemText(error.problem, trans)
          : zenodoMessageText(error, trans),
        hint: zenodoHintText(error, trans)
      };
  }
}

/**
 * A thrown error outside the publish workflow (e.g. of _Download folder as
 * zip_) in words: the workspace's problems and Zenodo's hints from their
 * codes; other errors carry the system's own words.
 */
export function thrownText(error: unknown, trans: TranslationBundle): string {
  if (error instanceof WorkspaceError) {
    return workspaceProblemText(error.problem, trans);
  }
  if (error instanceof ZenodoError) {
    return zenodoErrorText(error, trans);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * What Retry does after Zenodo could not be reached.
 */
function retryText(
  retry: PublishWorkflow.IError['retry'],
  trans: TranslationBundle
): string {
  switch (retry) {
    case 'draft-uncertain':
      return trans.__(
        'Retry looks for the draft Zenodo may have made before creating one, so there will not be two.'
      );
    case 'draft':
      return trans.__('Retry creates the draft.');
    case 'metadata':
      return trans.__('Retry sends the metadata again to the same draft.');
    case 'upload':
      return trans.__('Retry uploads the archive again to the same draft.');
    case 'publish':
      return trans.__(
        'Retry asks Zenodo again to publish the same draft (it is published once, whatever happened to the lost answer).'
      );
    default:
      return trans.__('Retry goes on from where it stopped.');
  }
}

/**
 * What to do next after the companion's publish job failed with `code`.
 */
function companionHint(code: string, trans: TranslationBundle): string {
  switch (code) {
    case 'zenodo-error':
      return trans.__(
        'Zenodo refused the upload; Retry sends it again to the same draft.'
      );
    case 'disk-full':
      return trans.__(
        'The server has no room to build the archive: free some space, then Retry.'
      );
    case 'forbidden':
      return trans.__(
        'Your Jupyter session may have ended: reload the page, then publish again.'
      );
    case 'network':
    case 'lost':
      return trans.__(
        'The Jupyter server stopped answering or restarted: check it runs, then Retry.'
      );
    case 'changed':
    case 'size-changed':
      return trans.__(
        'A file changed while it was being zipped: wait until nothing writes to the folder, then Retry.'
      );
    default:
      return trans.__('Retry goes on with the same draft.');
  }
}

/**
 * The wait before the Zenodo client tries again, in words.
 */
export function waitingText(
  waiting: NonNullable<PublishWorkflow.IState['waiting']>,
  trans: TranslationBundle
): string {
  switch (waiting.reason) {
    case 'rate-limit':
      return trans.__(
        "Zenodo's rate limit was reached: waiting %1 s, then going on.",
        waiting.seconds
      );
    case 'server-error':
      return trans.__(
        'Zenodo answered with an error (%1): trying again in %2 s.',
        waiting.status ?? '',
        waiting.seconds
      );
    default:
      return trans.__(
        'The connection dropped: trying again in %1 s.',
        waiting.seconds
      );
  }
}

/**
 * Why a file is left out (the walk's, the inspection's or the Share menu's
 * own reason), in words, from its code.
 */
export function reasonText(
  excluded: Pick<IExcludedPath, 'code'>,
  trans: TranslationBundle
): string {
  return exclusionText(excluded.code, trans);
}

/**
 * Why a file looks like it holds a secret, in words, from its code.
 */
export function secretReasonText(
  flag: Pick<ISecretFlag, 'code'>,
  trans: TranslationBundle
): string {
  return secretText(flag.code, trans);
}

/**
 * What a token check found, in words (never the token itself).
 */
export function tokenCheckText(
  check: ITokenCheck,
  baseUrl: string,
  trans: TranslationBundle
): string {
  let text: string;
  switch (check.code) {
    case 'ok':
      text = trans.__(
        'The token can publish on %1 (scopes deposit:write and deposit:actions). The check made an empty draft and discarded it.',
        baseUrl
      );
      break;
    case 'lacks-scopes':
      text = trans._n(
        '%2 knows this token, but it cannot publish: it lacks the scope %3. Create a new token with deposit:write and deposit:actions ticked.',
        '%2 knows this token, but it cannot publish: it lacks the scopes %3. Create a new token with deposit:write and deposit:actions ticked.',
        check.missingScopes.length,
        baseUrl,
        check.missingScopes.join(trans.__(' and '))
      );
      break;
    case 'unknown-token':
      text = trans.__(
        '%1 does not know this token (401). Copy it again, or create a new one.',
        baseUrl
      );
      break;
    case 'invalid-token':
      text = trans.__(
        'This token holds characters a Zenodo token cannot have (spaces inside, or letters outside ASCII), so it was not sent to %1. Copy it again, or create a new one.',
        baseUrl
      );
      break;
    case 'rate-limited':
      text = trans.__(
        '%1 asks to slow down (429). Try again in a minute.',
        baseUrl
      );
      break;
    case 'status':
      text = trans.__(
        '%1 answered %2 when checking the token.',
        baseUrl,
        check.status ?? ''
      );
      break;
    default:
      text = trans.__(
        'Could not reach %1. Check the Zenodo URL in the settings and your connection.',
        baseUrl
      );
  }
  if (check.leftOverDraft !== undefined) {
    text +=
      ' ' +
      trans.__(
        'The empty draft made for the check (deposition %1) could not be removed: delete it on Zenodo.',
        check.leftOverDraft
      );
  }
  return text;
}
