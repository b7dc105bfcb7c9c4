/**
 * The workspace layer's words: why a file is left out or flagged, and what
 * failed, put into the person's language. The layer itself emits only codes
 * with parameters; Share and the catalogue call these functions with their
 * translation bundle (this module imports nothing at run time).
 *
 * @packageDocumentation
 * @module workspace/words
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { WorkspaceProblem } from './errors';
import type { SecretCode } from './secrets';
import type { ExclusionCode } from './walk';

/**
 * Why a file or folder is left out, in words (a fragment after its path).
 */
export function exclusionText(
  code: ExclusionCode,
  trans: TranslationBundle
): string {
  switch (code) {
    case 'jupyter-checkpoints':
      return trans.__('Jupyter checkpoints');
    case 'python-cache':
      return trans.__('Python cache');
    case 'node-packages':
      return trans.__('Node.js packages');
    case 'git-data':
      return trans.__('Git repository data');
    case 'virtual-environment':
      return trans.__('virtual environment');
    case 'too-deep':
      return trans.__('too deeply nested (a link that loops?)');
    case 'hidden-folder':
      return trans.__('hidden folder');
    case 'hidden-file':
      return trans.__('hidden file');
    case 'pattern':
      return trans.__('matches an exclusion pattern');
    case 'skipped':
      return trans.__('left out by you');
    case 'size-mismatch':
      return trans.__(
        'a link (its target is not shared) or a file that changed: its bytes differ from the size listed'
      );
    case 'unreadable':
      return trans.__(
        'not a regular file the server can send (a link to a device or a missing file?)'
      );
    case 'secret':
      return trans.__(
        'looks like a secret: left out unless you tick it in the warning'
      );
  }
}

/**
 * Why a file looks like it holds a secret, in words.
 */
export function secretText(code: SecretCode, trans: TranslationBundle): string {
  switch (code) {
    case 'key':
      return trans.__('private key or certificate');
    case 'ssh':
      return trans.__('SSH key');
    case 'credentials':
      return trans.__('credentials file');
    case 'env':
      return trans.__('environment or login file');
    case 'jupyter':
      return trans.__(
        'Jupyter server or kernel connection file (holds its token or key)'
      );
    case 'name':
      return trans.__('name suggests a secret');
    case 'privateKey':
      return trans.__('holds a private key');
    case 'aws':
      return trans.__('holds an AWS access key id');
    case 'github':
      return trans.__('holds a GitHub token');
    case 'zenodo':
      return trans.__('holds what looks like an access token');
    case 'jupyterUrl':
      return trans.__('holds a Jupyter server address with its token');
  }
}

/**
 * What failed in the workspace layer, in words. `detail` parameters are the
 * system's own text and stay as they are.
 */
export function workspaceProblemText(
  problem: WorkspaceProblem,
  trans: TranslationBundle
): string {
  switch (problem.code) {
    case 'archive-entry':
      return trans.__(
        'Could not add “%1” to the archive: %2',
        problem.path,
        problem.detail
      );
    case 'archive-unfinished':
      return trans.__('Could not finish the archive: %1', problem.detail);
    case 'citation-not-yaml':
      return trans.__('CITATION.cff is not valid YAML: %1', problem.detail);
    case 'citation-not-mapping':
      return trans.__('CITATION.cff does not hold a mapping of fields.');
    case 'nothing-to-download':
      return trans.__(
        'There is nothing to download in “%1”: it has no files that are not left out.',
        problem.folder
      );
    case 'folder-unreadable':
      return problem.status !== undefined
        ? trans.__(
            'Could not read the folder “%1” (HTTP %2).',
            problem.folder,
            problem.status
          )
        : trans.__(
            'Could not read the folder “%1”: %2',
            problem.folder,
            problem.detail ?? ''
          );
    case 'file-unreadable':
      return problem.status !== undefined
        ? trans.__(
            'Could not read “%1” from the server (HTTP %2).',
            problem.path,
            [problem.status, problem.statusText].filter(s => s).join(' ')
          )
        : trans.__(
            'Could not read “%1” from the server: %2',
            problem.path,
            problem.detail ?? ''
          );
    case 'compressor-stopped':
      return trans.__('The compressor was stopped.');
    case 'compress-failed':
      return trans.__(
        'Could not compress “%1”: %2',
        problem.path,
        problem.detail
      );
    case 'check-failed':
      return trans.__('Could not check %1: %2', problem.name, problem.detail);
    case 'no-free-name':
      return trans.__(
        'No free folder name for "%1" in "%2".',
        problem.name,
        problem.parent
      );
    case 'server-no-answer':
      return trans.__(
        'The Jupyter server did not answer (%1).',
        problem.detail
      );
    case 'job-lost':
      return trans.__(
        'The server no longer knows this job (%1); it may have restarted.',
        problem.detail
      );
    case 'outside-folder':
      return trans.__(
        'Refusing to write %1: it would not stay inside %2.',
        JSON.stringify(problem.path),
        problem.root
      );
  }
}
