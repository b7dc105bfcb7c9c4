/**
 * The workspace layer's failures as codes with parameters. The layer makes
 * no sentence a person reads: `workspace/words.ts` puts a problem into the
 * person's language for the views of Share and the catalogue.
 *
 * @packageDocumentation
 * @module workspace/errors
 */

/**
 * What went wrong in the workspace layer, with what a sentence about it
 * needs. `detail` is the system's own text (a browser's or a library's
 * message), shown as it is.
 */
export type WorkspaceProblem =
  | { code: 'archive-entry'; path: string; detail: string }
  | { code: 'archive-unfinished'; detail: string }
  | { code: 'citation-not-yaml'; detail: string }
  | { code: 'citation-not-mapping' }
  | { code: 'nothing-to-download'; folder: string }
  | {
      code: 'folder-unreadable';
      folder: string;
      detail?: string;
      status?: number;
    }
  | {
      code: 'file-unreadable';
      path: string;
      detail?: string;
      status?: number;
      statusText?: string;
    }
  | { code: 'compressor-stopped' }
  | { code: 'compress-failed'; path: string; detail: string }
  | { code: 'check-failed'; name: string; detail: string }
  | { code: 'no-free-name'; name: string; parent: string }
  | { code: 'outside-folder'; path: string; root: string }
  | { code: 'server-no-answer'; detail: string }
  | { code: 'job-lost'; detail: string };

/**
 * An error that carries what went wrong as a `problem` (a code with its
 * parameters) for a view to word, and an English `message` for logs. Each
 * layer's error is one, with its own problems.
 */
export class ProblemError<P extends { code: string }> extends Error {
  constructor(
    readonly problem: P,
    message: string
  ) {
    super(message);
    // Keep instanceof working when compiled to ES5-style classes.
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** The problem's code, for code that only switches on it. */
  get code(): P['code'] {
    return this.problem.code;
  }
}

/**
 * An error of the workspace layer: `problem` is what a view words; `message`
 * is an English description for logs.
 */
export class WorkspaceError extends ProblemError<WorkspaceProblem> {
  name = 'WorkspaceError';
}

/**
 * The error of a compression asked of a compressor that was stopped.
 */
export function compressorStopped(): WorkspaceError {
  return new WorkspaceError(
    { code: 'compressor-stopped' },
    'The compressor was stopped.'
  );
}
