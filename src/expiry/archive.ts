/**
 * "Download my work": what is the user's own.
 *
 * The walk and the zip are the workspace module's (`walkFolder`,
 * `downloadFolderAsZip`); this module only decides what to leave out.
 *
 * @packageDocumentation
 * @module expiry/archive
 */
import { Contents } from '@jupyterlab/services';

/**
 * Decide what "my work" leaves out: group-shared folders and read-only
 * folders (from the rules, and top-level folders the server says are not
 * writable).
 *
 * @param contents - the Contents API.
 * @param folder - the folder to download ('' for the server root).
 * @param isShared - whether a server path is (inside) a group-shared or read-only folder.
 * @returns a `skip` function for `walkFolder`, which passes paths relative
 *   to `folder` (folders with a trailing `/`).
 */
export async function myWorkFilter(
  contents: Contents.IManager,
  folder: string,
  isShared: (path: string) => boolean
): Promise<(path: string) => boolean> {
  const readOnly = new Set<string>();
  try {
    const listing = await contents.get(folder, { content: true });
    for (const item of (listing.content ?? []) as Contents.IModel[]) {
      if (item.type === 'directory' && item.writable === false) {
        readOnly.add(item.path);
      }
    }
  } catch {
    // Without the listing, only the rules decide.
  }
  const prefix = folder ? folder.replace(/\/+$/, '') + '/' : '';
  return (relative: string) => {
    const path = prefix + relative.replace(/\/+$/, '');
    if (isShared(path)) {
      return true;
    }
    for (const root of readOnly) {
      if (path === root || path.startsWith(root + '/')) {
        return true;
      }
    }
    return false;
  };
}
