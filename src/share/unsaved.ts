/**
 * Open documents: which have changes not yet saved to disk, and where they are.
 *
 * The archive is built from the server's files, so a notebook open with
 * unsaved edits (in this tab, or in a shared session whose server has not
 * saved yet) goes in as it was last saved. The preview names such documents.
 *
 * @packageDocumentation
 * @module share/unsaved
 */

/**
 * The part of a document widget this module reads (`DocumentWidget` has it).
 */
export interface IOpenDocument {
  context?: {
    /** The path without a drive prefix (`RTC:` and the like). */
    localPath?: string;
    path?: string;
    model?: { dirty?: boolean };
  };
}

/**
 * Paths of open documents inside `folder` whose model is dirty, each once,
 * sorted.
 *
 * @param widgets - the shell's main-area widgets (anything else is ignored).
 * @param folder - a server path relative to the root ('' for the root).
 */
export function unsavedDocuments(
  widgets: Iterable<unknown>,
  folder: string
): string[] {
  const root = folder.replace(/^\/+|\/+$/g, '');
  const prefix = root ? root + '/' : '';
  const found = new Set<string>();
  for (const widget of widgets) {
    const context = (widget as IOpenDocument | null)?.context;
    if (!context?.model?.dirty) {
      continue;
    }
    const path = (context.localPath ?? context.path ?? '').replace(/^\/+/, '');
    if (path && path.startsWith(prefix)) {
      found.add(path);
    }
  }
  return Array.from(found).sort();
}

/**
 * The folder of a document widget (e.g. the shell's current widget), or
 * `null` if it is not a document.
 */
export function documentFolder(widget: unknown): string | null {
  const context = (widget as IOpenDocument | null)?.context;
  const path = (context?.localPath ?? context?.path ?? '').replace(/^\/+/, '');
  if (!path) {
    return null;
  }
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
