/**
 * Walk a server folder through the Contents API, leaving out what does not
 * belong in a shared artifact and saying why.
 *
 * @packageDocumentation
 * @module workspace/walk
 */
import type { Contents } from '@jupyterlab/services';
import ignore from 'ignore';

import { throwIfAborted } from './abort';

/**
 * A file found by {@link walkFolder}.
 */
export interface IWalkedFile {
  /**
   * Path relative to the walked folder, `/`-separated, no leading slash.
   */
  path: string;
  /**
   * Size in bytes as the server reports it.
   */
  size: number;
}

/**
 * Why something is left out of an artifact, for code and for the words
 * module that says it (`workspace/words.ts`).
 */
export type ExclusionCode =
  | 'jupyter-checkpoints'
  | 'python-cache'
  | 'node-packages'
  | 'git-data'
  | 'virtual-environment'
  | 'too-deep'
  | 'hidden-folder'
  | 'hidden-file'
  | 'pattern'
  | 'skipped'
  | 'size-mismatch'
  | 'unreadable'
  | 'secret';

/**
 * Something {@link walkFolder} left out, and why.
 */
export interface IExcludedPath {
  /**
   * Path relative to the walked folder; folders end with `/`.
   */
  path: string;
  /**
   * Why, as an English fragment for logs (e.g. "Python cache"); a view says
   * it with `exclusionText` of `workspace/words.ts`, from `code`.
   */
  reason: string;
  /**
   * Why, for code and for the words module.
   */
  code: ExclusionCode;
}

/**
 * The result of {@link walkFolder}.
 */
export interface IWalkResult {
  /**
   * The files to include, sorted by path (code-unit order) so that archives
   * built from them have a stable entry order.
   */
  files: IWalkedFile[];
  /**
   * What was left out (whole folders appear once, not file by file).
   */
  excluded: IExcludedPath[];
  /**
   * Sum of the sizes of `files`.
   */
  totalBytes: number;
}

/**
 * Options of {@link walkFolder}.
 */
export interface IWalkOptions {
  /**
   * Extra gitignore-style patterns, matched against paths relative to the
   * folder (e.g. `*.tmp`, `data/raw/`, `!keep.tmp`).
   */
  exclude?: string[];
  /**
   * Leave out a path (relative to the folder) the user unticked. Folders are
   * passed with a trailing `/`.
   */
  skip?: (path: string) => boolean;
  signal?: AbortSignal;
}

/**
 * Folders deeper than this are not followed: the Contents API follows
 * symbolic links and cannot tell us about loops.
 */
export const MAX_DEPTH = 32;

const VENV_REASON = 'virtual environment';

/**
 * Folder names that are always left out, with the reason shown to the user.
 */
const ALWAYS_EXCLUDED_FOLDERS: Record<
  string,
  { code: ExclusionCode; reason: string }
> = {
  '.ipynb_checkpoints': {
    code: 'jupyter-checkpoints',
    reason: 'Jupyter checkpoints'
  },
  __pycache__: { code: 'python-cache', reason: 'Python cache' },
  node_modules: { code: 'node-packages', reason: 'Node.js packages' },
  '.git': { code: 'git-data', reason: 'Git repository data' },
  '.venv': { code: 'virtual-environment', reason: VENV_REASON },
  venv: { code: 'virtual-environment', reason: VENV_REASON },
  '.tox': { code: 'virtual-environment', reason: VENV_REASON },
  '.conda': { code: 'virtual-environment', reason: VENV_REASON }
};

/**
 * The always-left-out folders as gitignore-style patterns, for a server that
 * walks the folder itself (the companion's folder zip). Virtual environments
 * found only by their `pyvenv.cfg` / `conda-meta` are not among them.
 */
export const DEFAULT_EXCLUDE_PATTERNS: readonly string[] = Object.keys(
  ALWAYS_EXCLUDED_FOLDERS
).map(name => `${name}/`);

/**
 * Reason given for entries matched by the user's or the deployment's
 * patterns.
 */
export const PATTERN_REASON = 'matches an exclusion pattern';

/**
 * Reason given for entries the user left out in the preview.
 */
export const SKIPPED_REASON = 'left out by you';

/**
 * List the files under `folder` that belong in an artifact.
 *
 * #### Notes
 * Left out, each with its reason: hidden files and folders (the Contents API
 * hides them anyway unless the server allows hidden files), Jupyter
 * checkpoints, Python caches, `node_modules`, `.git`, virtual environments
 * (recognised by name or by a `pyvenv.cfg` / `conda-meta` inside), anything
 * matching `options.exclude`, anything `options.skip` returns true for.
 */
export async function walkFolder(
  contents: Pick<Contents.IManager, 'get'>,
  folder: string,
  options: IWalkOptions = {}
): Promise<IWalkResult> {
  const root = normaliseFolder(folder);
  const matcher = ignore({ allowRelativePaths: true }).add(
    (options.exclude ?? []).map(p => p.trim()).filter(p => p && p[0] !== '#')
  );
  const files: IWalkedFile[] = [];
  const excluded: IExcludedPath[] = [];

  const visit = async (relative: string, depth: number): Promise<void> => {
    throwIfAborted(options.signal);
    if (depth > MAX_DEPTH) {
      excluded.push({
        path: relative,
        code: 'too-deep',
        reason: 'too deeply nested (a link that loops?)'
      });
      return;
    }
    const serverPath = joinPath(root, relative);
    const model = await contents.get(serverPath, { content: true });
    throwIfAborted(options.signal);
    if (model.type !== 'directory') {
      // The folder itself is a file: share that file alone.
      files.push({ path: model.name, size: model.size ?? 0 });
      return;
    }
    const children = (model.content ?? []) as Contents.IModel[];
    const names = new Set(children.map(c => c.name));
    if (relative && (names.has('pyvenv.cfg') || names.has('conda-meta'))) {
      excluded.push({
        path: relative,
        code: 'virtual-environment',
        reason: VENV_REASON
      });
      return;
    }
    const subfolders: string[] = [];
    for (const child of children) {
      const isDir = child.type === 'directory';
      const path = relative + child.name + (isDir ? '/' : '');
      const why = exclusionReason(child.name, path, isDir, matcher, options);
      if (why) {
        excluded.push({ path, ...why });
      } else if (isDir) {
        subfolders.push(path);
      } else {
        files.push({ path, size: child.size ?? 0 });
      }
    }
    // A few listings at a time: fast on wide trees, gentle on the server.
    await runLimited(subfolders, 4, sub => visit(sub, depth + 1));
  };

  await visit('', 0);
  files.sort((a, b) => compare(a.path, b.path));
  excluded.sort((a, b) => compare(a.path, b.path));
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  return { files, excluded, totalBytes };
}

export { flagSecrets } from './secrets';
export type { ISecretFlag } from './secrets';

/**
 * Code-unit comparison: the same order in every browser and locale.
 */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `folder` without leading/trailing slashes ('' is the server root).
 */
export function normaliseFolder(folder: string): string {
  return folder.replace(/^\/+|\/+$/g, '');
}

/**
 * Join a server folder and a relative path.
 */
export function joinPath(folder: string, relative: string): string {
  const rel = relative.replace(/\/+$/, '');
  return folder ? (rel ? `${folder}/${rel}` : folder) : rel;
}

function exclusionReason(
  name: string,
  path: string,
  isDir: boolean,
  matcher: ReturnType<typeof ignore>,
  options: IWalkOptions
): Omit<IExcludedPath, 'path'> | null {
  if (isDir && ALWAYS_EXCLUDED_FOLDERS[name]) {
    return ALWAYS_EXCLUDED_FOLDERS[name];
  }
  if (name.startsWith('.')) {
    return isDir
      ? { code: 'hidden-folder', reason: 'hidden folder' }
      : { code: 'hidden-file', reason: 'hidden file' };
  }
  if (matcher.ignores(path)) {
    return { code: 'pattern', reason: PATTERN_REASON };
  }
  if (options.skip?.(path)) {
    return { code: 'skipped', reason: SKIPPED_REASON };
  }
  return null;
}

/**
 * Run `task` over `items` with at most `limit` running at once.
 */
export async function runLimited<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker)
  );
}
