/**
 * The catalogue's words for what failed: the codes the import and update
 * workflows, the sources and the launch links emit, and those of the layers
 * below (the workspace, the Zenodo client), put into the person's language.
 * Nothing else in `catalogue/` makes a sentence about a failure.
 *
 * @packageDocumentation
 * @module catalogue/words
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { formatBytes } from '../format';
import { CompanionError } from '../workspace/companion';
import { WorkspaceError } from '../workspace/errors';
import {
  archiveErrorText,
  archiveProblemText,
  workspaceProblemText
} from '../workspace/words';
import { ZenodoError } from '../zenodo/errors';
import { zenodoErrorText } from '../zenodo/words';
import { CatalogueError, CatalogueProblem } from './errors';
import type { ILaunchSetAside } from './launch';

/**
 * Any failure the catalogue shows, in words: its own problems, the
 * workspace's, Zenodo's (its message and the hint in words); other errors
 * carry the system's own words and pass as they are.
 */
export function catalogueErrorText(
  error: unknown,
  trans: TranslationBundle
): string {
  if (error instanceof CatalogueError) {
    return problemText(error.problem, trans);
  }
  if (error instanceof WorkspaceError) {
    return workspaceProblemText(error.problem, trans);
  }
  if (error instanceof CompanionError && error.archiveProblem) {
    return archiveErrorText(error.archiveProblem, error.entry, trans);
  }
  if (error instanceof CompanionError && error.problem) {
    return workspaceProblemText(error.problem, trans);
  }
  if (error instanceof ZenodoError) {
    return zenodoErrorText(error, trans);
  }
  if (error instanceof Error) {
    return error.message;
  }
  return error === undefined || error === null ? '' : String(error);
}

/**
 * A launch link's `open` or `into` that was set aside, in words.
 */
export function setAsideText(
  setAside: ILaunchSetAside,
  trans: TranslationBundle
): string {
  return trans.__(
    'The link\'s "%1=%2" was set aside: %3',
    setAside.name,
    setAside.value,
    problemText(setAside.problem, trans)
  );
}

/**
 * One of the catalogue's problems in words.
 */
export function problemText(
  problem: CatalogueProblem,
  trans: TranslationBundle
): string {
  switch (problem.code) {
    case 'import-cancelled':
      return trans.__('The import was cancelled.');
    case 'no-source':
      return trans.__('No catalogue source is configured.');
    case 'no-files':
      return trans.__('This artifact has no files to import.');
    case 'too-large':
      return trans.__(
        'This artifact is %1, more than the %2 this server accepts for an import. Nothing was downloaded.',
        formatBytes(problem.bytes),
        formatBytes(problem.maxBytes)
      );
    case 'file-too-large':
      return trans.__(
        'This artifact has a file of %1, more than the %2 this server accepts for an import (its administrator sets the limit). Nothing was downloaded.',
        formatBytes(problem.bytes),
        formatBytes(problem.maxBytes)
      );
    case 'name-clash':
      return trans.__(
        'The files "%1" and "%2" differ only in case or Unicode form; both cannot live in one folder on macOS or Windows. Nothing was downloaded.',
        problem.first,
        problem.second
      );
    case 'larger-than-record':
      return trans.__(
        '%1 is larger than its record says (%2); the download was stopped and nothing was written.',
        problem.key,
        formatBytes(problem.size)
      );
    case 'over-limit':
      return trans.__(
        "%1 is larger than the artifact's record says; the import stops at the %2 limit.",
        problem.key,
        formatBytes(problem.maxBytes)
      );
    case 'archive-refused':
      return trans.__(
        '%1 was not imported: %2 Nothing was written.',
        problem.key,
        archiveErrorText(problem.archive, problem.entry, trans)
      );
    case 'bad-file-name':
      return trans.__(
        'The file name %1 cannot be stored on the server: %2 Nothing was downloaded.',
        JSON.stringify(problem.key),
        problem.why === 'hidden'
          ? trans.__(
              'it is hidden (it starts with a dot), which could also turn its folder into "." or "..".'
            )
          : problem.why === 'not-plain'
            ? trans.__('it is not a plain file name.')
            : problem.archive
              ? archiveProblemText(problem.archive, trans)
              : ''
      );
    case 'server-cannot-download':
      return trans.__(
        'The server cannot download %1 from %2, and it does not accept the bytes from the browser either. Ask the administrator to allow that host.',
        problem.key,
        problem.host
      );
    case 'server-refused':
      return [
        trans.__(
          '%1 was not imported: %2 (%3).',
          problem.key,
          problem.archive
            ? archiveErrorText(problem.archive, problem.entry, trans)
            : problem.detailProblem
              ? workspaceProblemText(problem.detailProblem, trans)
              : problem.detail,
          problem.serverCode
        ),
        serverNext(problem.serverCode, trans)
      ]
        .filter(s => s)
        .join(' ');
    case 'index-too-large':
      return trans.__(
        'The catalogue index %1 is larger than %2 MiB; reading stopped.',
        problem.url,
        problem.mib
      );
    case 'index-unreadable':
      return trans.__(
        'The catalogue index %1 could not be read: %2 %3.',
        problem.url,
        problem.status,
        problem.statusText
      );
    case 'index-not-json':
      return trans.__(
        'The catalogue index %1 is not valid JSON (%2).',
        problem.url,
        problem.detail
      );
    case 'index-no-list':
      return trans.__(
        'The catalogue index %1 has no "artifacts" list (see the catalogue documentation for its format).',
        problem.url
      );
    case 'index-no-artifact':
      return trans.__(
        'The index "%1" has no artifact %2.',
        problem.index,
        problem.id
      );
    case 'index-not-listed':
      return trans.__(
        'The index "%1" does not list this artifact.',
        problem.index
      );
    case 'download-failed':
      return trans.__(
        'Downloading %1 failed: %2 %3.',
        problem.key,
        problem.status,
        problem.statusText
      );
    case 'download-larger':
      return trans._n(
        '%2 is larger than its record says (%1 byte); the download was stopped.',
        '%2 is larger than its record says (%1 bytes); the download was stopped.',
        problem.size,
        problem.key
      );
    case 'version-too-large':
      return trans.__(
        'Version %1 is %2, more than the %3 this server accepts. Nothing was written.',
        problem.version,
        formatBytes(problem.bytes),
        formatBytes(problem.maxBytes)
      );
    case 'version-archive-refused':
      return trans.__(
        '%1 of version %2 could not be read: %3 Nothing was written.',
        problem.key,
        problem.version,
        archiveErrorText(problem.archive, problem.entry, trans)
      );
    case 'not-web-address':
      return trans.__('"%1" is not a web address.', problem.address);
    case 'not-http':
      return trans.__('"%1" is not an http(s) address.', problem.address);
    case 'path-home':
      return trans.__(
        'a path starting with "~" is not inside your files as Jupyter shows them; use a path relative to the top of the file browser.'
      );
    case 'path-entry':
      return trans.__(
        '%1 Only folders inside your files can be named.',
        archiveProblemText(problem.archive, trans, { place: 'your-files' })
      );
    case 'path-hidden':
      return trans.__(
        'hidden files and folders (starting with ".") are refused.'
      );
    case 'path-empty':
      return trans.__('it names no file.');
  }
}

/**
 * What to do after the server refused an import with `code`.
 */
function serverNext(code: string, trans: TranslationBundle): string {
  switch (code) {
    case 'too-large':
      return trans.__(
        'It is over the limit this server sets; ask its administrator to raise it.'
      );
    case 'disk-full':
      return trans.__(
        'The server is out of space: delete files you do not need, then import again.'
      );
    case 'checksum-mismatch':
      return trans.__(
        'The file changed on the way: import again, and tell the artifact owner if it happens again.'
      );
    case 'unsafe-entry':
      return trans.__(
        'The archive holds something that could harm your files, so nothing was written.'
      );
    case 'size-mismatch':
      return trans.__(
        'The file is not the size its record says: tell the artifact owner; nothing was written.'
      );
    case 'cancelled':
      return '';
    case 'forbidden':
      return trans.__(
        'Your session may have ended: reload the page and try again.'
      );
    case 'lost':
    case 'network':
      return trans.__(
        'Check that the server still runs (reload the page), then import again.'
      );
    default:
      return trans.__('Try again.');
  }
}
