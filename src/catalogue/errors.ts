/**
 * The catalogue's failures as codes with parameters: the import and update
 * workflows, the catalogue sources and the launch links make no sentence a
 * person reads; `catalogue/words.ts` says a problem in the person's
 * language.
 *
 * @packageDocumentation
 * @module catalogue/errors
 */
import { ProblemError, type WorkspaceProblem } from '../workspace/errors';
import type { ArchiveProblem } from '../workspace/extract';

/**
 * What went wrong, with what a sentence about it needs. `detail` is another
 * party's own text (the archive reader's, the Jupyter server's, the
 * browser's), shown as it is.
 */
export type CatalogueProblem =
  | { code: 'import-cancelled' }
  | { code: 'no-source' }
  | { code: 'no-files' }
  | { code: 'too-large'; bytes: number; maxBytes: number }
  | { code: 'file-too-large'; bytes: number; maxBytes: number }
  | { code: 'name-clash'; first: string; second: string }
  | { code: 'larger-than-record'; key: string; size: number }
  | { code: 'over-limit'; key: string; maxBytes: number }
  | {
      code: 'archive-refused';
      key: string;
      /** Why the archive reader refused it. */
      archive: ArchiveProblem;
      /** The entry at fault, when one is. */
      entry?: string;
    }
  | {
      code: 'bad-file-name';
      key: string;
      why: 'hidden' | 'not-plain' | 'entry';
      /** With `why: 'entry'`: the name rule it breaks. */
      archive?: ArchiveProblem;
    }
  | { code: 'server-cannot-download'; key: string; host: string }
  | {
      code: 'server-refused';
      key: string;
      detail: string;
      /** When `detail` is the client's own words, as a code. */
      detailProblem?: WorkspaceProblem;
      /**
       * When the server refused an archive (or a name) and said why as a
       * code (`unsafe-entry`, `bad-name`): that code, and the entry at fault.
       * Absent from older companions: then `detail` is said.
       */
      archive?: ArchiveProblem;
      entry?: string;
      serverCode: string;
    }
  | { code: 'index-too-large'; url: string; mib: number }
  | {
      code: 'index-unreadable';
      url: string;
      status: number;
      statusText: string;
    }
  | { code: 'index-not-json'; url: string; detail: string }
  | { code: 'index-no-list'; url: string }
  | { code: 'index-no-artifact'; index: string; id: string }
  | { code: 'index-not-listed'; index: string }
  | {
      code: 'download-failed';
      key: string;
      status: number;
      statusText: string;
    }
  | { code: 'download-larger'; key: string; size: number }
  | {
      code: 'version-too-large';
      version: string;
      bytes: number;
      maxBytes: number;
    }
  | {
      code: 'version-archive-refused';
      key: string;
      version: string;
      archive: ArchiveProblem;
      entry?: string;
    }
  | { code: 'not-web-address'; address: string }
  | { code: 'not-http'; address: string }
  | { code: 'path-home' }
  | { code: 'path-entry'; archive: ArchiveProblem }
  | { code: 'path-hidden' }
  | { code: 'path-empty' };

/**
 * An error of the catalogue: `problem` is what a view words; `message` is
 * an English description for logs.
 */
export class CatalogueError extends ProblemError<CatalogueProblem> {
  name = 'CatalogueError';
}
