/**
 * Launch links: what a link asks for (`?artifact=`, `&open=`, `&into=`),
 * checked, and the links the catalogue's generator writes. Pure logic.
 *
 * #### Notes
 * A link is written by someone else (a portal, a course page): it only ever
 * *names* what to show. Nothing is written until the user clicks, and the
 * folders it names must stay inside the user's files.
 *
 * @packageDocumentation
 * @module catalogue/launch
 */
import { ArchiveError, checkEntryName } from '../workspace/extract';
import { archiveProblemText, ENGLISH } from '../workspace/words';
import { CatalogueError, CatalogueProblem } from './errors';

/**
 * The query parameters a launch link uses.
 */
export const LAUNCH_PARAMETERS = ['artifact', 'open', 'into'] as const;

/**
 * What a launch link asked for.
 */
export interface ILaunchRequest {
  /** The artifact: a DOI, a record URL or a record id, as the link says. */
  artifact: string;
  /**
   * A file to open after the import, relative to the imported folder
   * (checked), or null.
   */
  open: string | null;
  /**
   * The folder to import into, relative to the user's files (checked;
   * '' is the top of the user's files), or null for the usual place.
   */
  into: string | null;
  /**
   * Why `open` or `into` were set aside (each a sentence in English, for
   * logs); the artifact is still shown.
   */
  problems: string[];
  /**
   * The same as codes, so that the page can say them in the person's
   * language (`catalogue/words.ts`, `setAsideText`).
   */
  setAside: ILaunchSetAside[];
}

/**
 * A launch link's `open` or `into` that was set aside, and why.
 */
export interface ILaunchSetAside {
  name: 'open' | 'into';
  value: string;
  problem: CatalogueProblem;
}

/**
 * Read a launch link's parameters from a query string. Returns null when
 * there is no `artifact`.
 */
export function readLaunchRequest(
  params: URLSearchParams
): ILaunchRequest | null {
  const artifact = params.get('artifact');
  if (artifact === null) {
    return null;
  }
  const problems: string[] = [];
  const setAside: ILaunchSetAside[] = [];
  const check = (name: 'open' | 'into'): string | null => {
    const value = params.get(name);
    if (value === null) {
      return null;
    }
    try {
      return checkUserPath(value, name === 'into');
    } catch (reason) {
      problems.push(
        `The link's "${name}=${value}" was set aside: ${(reason as Error).message}`
      );
      if (reason instanceof CatalogueError) {
        setAside.push({ name, value, problem: reason.problem });
      }
      return null;
    }
  };
  const into = check('into');
  const open = check('open');
  return { artifact, open, into, problems, setAside };
}

/**
 * Check a path a link names: relative to the user's files (a leading `/`
 * means their top) and never outside them. Returns it normalised (no
 * leading or trailing `/`); throws an Error saying why it is refused.
 *
 * @param allowRoot - whether '' (the top of the user's files) is allowed.
 */
export function checkUserPath(value: string, allowRoot = false): string {
  const trimmed = value.trim().replace(/^\/+/, '');
  if (/^~/.test(trimmed)) {
    throw new CatalogueError(
      { code: 'path-home' },
      'a path starting with "~" is not inside your files as Jupyter shows them; use a path relative to the top of the file browser.'
    );
  }
  let path: string;
  try {
    path = checkEntryName(trimmed);
  } catch (reason) {
    if (!(reason instanceof ArchiveError)) {
      throw reason;
    }
    // The words say where the path must stay: inside the person's files.
    const why = archiveProblemText(reason.problem, ENGLISH, {
      place: 'your-files'
    });
    throw new CatalogueError(
      { code: 'path-entry', archive: reason.problem },
      why + ' Only folders inside your files can be named.'
    );
  }
  if (path.split('/').some(s => s.startsWith('.'))) {
    throw new CatalogueError(
      { code: 'path-hidden' },
      'hidden files and folders (starting with ".") are refused.'
    );
  }
  if (!path && !allowRoot) {
    throw new CatalogueError({ code: 'path-empty' }, 'it names no file.');
  }
  return path;
}

/**
 * Where a generated link sends people.
 *
 * - `lab`: one JupyterLab server (`<server>/lab?artifact=…`).
 * - `hub`: a JupyterHub; each user is sent to their own server
 *   (`<hub>/hub/user-redirect/lab?artifact=…`), starting it if needed.
 */
export type LaunchTarget = 'lab' | 'hub';

/**
 * Options of {@link buildLaunchLink}.
 */
export interface ILaunchLinkOptions {
  target: LaunchTarget;
  /**
   * For `lab`: the server's base URL (`https://host/` or
   * `https://host/user/ana/`). For `hub`: the hub's address
   * (`https://hub.example.org/`); its prefix `hub/` is added unless given.
   */
  server: string;
  /** What the link names: a version's DOI, or the concept DOI (latest). */
  artifact: string;
  /** A file to open after the import, relative to the imported folder. */
  open?: string;
  /** The folder to import into, relative to the user's files. */
  into?: string;
}

/**
 * A launch link. Throws an Error when `open` or `into` are refused (the
 * same rule the link's reader applies), or the server address is not a web
 * address.
 */
export function buildLaunchLink(options: ILaunchLinkOptions): string {
  let base: URL;
  try {
    base = new URL(options.server.trim());
  } catch {
    throw new CatalogueError(
      { code: 'not-web-address', address: options.server },
      `"${options.server}" is not a web address.`
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new CatalogueError(
      { code: 'not-http', address: options.server },
      `"${options.server}" is not an http(s) address.`
    );
  }
  let path = base.pathname.replace(/\/*$/, '/');
  if (options.target === 'hub') {
    // A hub's pages live under its prefix, `/hub/` unless configured.
    if (!/\/hub\/$/.test(path)) {
      path += 'hub/';
    }
    path += 'user-redirect/lab';
  } else {
    path = path.replace(/\/lab\/$/, '/') + 'lab';
  }
  const params = new URLSearchParams();
  params.set('artifact', options.artifact.trim());
  if (options.open?.trim()) {
    params.set('open', checkUserPath(options.open));
  }
  if (options.into !== undefined && options.into.trim()) {
    params.set('into', checkUserPath(options.into, true));
  }
  return `${base.origin}${path}?${params.toString().replace(/%2F/g, '/')}`;
}

/**
 * A "Launch in Jupyter" button for a Markdown page (a shields.io-style
 * badge image would load from elsewhere, so it is plain text in a link).
 */
export function markdownButton(link: string, label: string): string {
  return `[${label.replace(/[[\]]/g, '')}](${link.replace(/\)/g, '%29')})`;
}

/**
 * A "Launch in Jupyter" button for an HTML page.
 */
export function htmlButton(link: string, label: string): string {
  const escape = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
  return `<a href="${escape(link)}" target="_blank" rel="noopener">${escape(label)}</a>`;
}

/**
 * Remove the launch parameters from a URL (so that a reload or a bookmark
 * does not ask again), returning the URL without them.
 */
export function withoutLaunchParameters(url: URL): URL {
  const out = new URL(url.toString());
  for (const name of LAUNCH_PARAMETERS) {
    out.searchParams.delete(name);
  }
  return out;
}
