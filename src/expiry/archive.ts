/**
 * "Download my work": what is the user's own, how big it is, and the zip.
 *
 * The walk and the zip follow the Share engineer's contract
 * (`src/workspace/walk.ts` `walkFolder`, `src/workspace/download.ts`
 * `downloadFolderAsZip`). Until that branch is merged, `fallbackArchive`
 * below implements the same signatures in a minimal way (whole files in
 * memory); the plugin takes whichever `IWorkspaceArchive` it is given.
 *
 * @packageDocumentation
 * @module expiry/archive
 */
import { Contents } from '@jupyterlab/services';
import { zipSync } from 'fflate';

/**
 * Progress of a download, as in the workspace contract.
 */
export interface IArchiveProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * The workspace contract's walk and zip.
 */
export interface IWorkspaceArchive {
  walkFolder(
    contents: Contents.IManager,
    folder: string,
    options?: {
      exclude?: string[];
      skip?: (path: string) => boolean;
      signal?: AbortSignal;
    }
  ): Promise<{
    files: { path: string; size: number }[];
    excluded: { path: string; reason: string }[];
    totalBytes: number;
  }>;
  downloadFolderAsZip(
    contents: Contents.IManager,
    folder: string,
    options?: {
      exclude?: string[];
      skip?: (path: string) => boolean;
      filename?: string;
      onProgress?: (p: IArchiveProgress) => void;
      signal?: AbortSignal;
    }
  ): Promise<{ files: number; bytes: number; filename: string }>;
}

/**
 * Decide what "my work" leaves out: group-shared folders, read-only folders
 * (from the rules, and top-level folders the server says are not writable),
 * and any configured extra paths.
 *
 * @param contents - the Contents API.
 * @param folder - the folder to download ('' for the server root).
 * @param isShared - whether a path is (inside) a group-shared or read-only folder.
 * @returns the `skip` function for the walk and the reasons, for display.
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
  return (path: string) => {
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

/**
 * Minimal implementation of the workspace contract, used until the Share
 * branch's `src/workspace/` is merged.
 */
export const fallbackArchive: IWorkspaceArchive = {
  async walkFolder(contents, folder, options = {}) {
    const files: { path: string; size: number }[] = [];
    const excluded: { path: string; reason: string }[] = [];
    const queue = [folder];
    while (queue.length > 0) {
      options.signal?.throwIfAborted();
      const path = queue.shift()!;
      const listing = await contents.get(path, { content: true });
      for (const item of (listing.content ?? []) as Contents.IModel[]) {
        if (options.skip?.(item.path)) {
          excluded.push({ path: item.path, reason: 'shared or read-only' });
          continue;
        }
        if (item.type === 'directory') {
          queue.push(item.path);
        } else {
          files.push({ path: item.path, size: item.size ?? 0 });
        }
      }
    }
    return {
      files,
      excluded,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0)
    };
  },

  async downloadFolderAsZip(contents, folder, options = {}) {
    const walk = await fallbackArchive.walkFolder(contents, folder, options);
    const entries: { [path: string]: Uint8Array } = {};
    let bytesDone = 0;
    let filesDone = 0;
    const prefix = folder ? folder.replace(/\/?$/, '/') : '';
    for (const file of walk.files) {
      options.signal?.throwIfAborted();
      const model = await contents.get(file.path, {
        content: true,
        type: 'file',
        format: 'base64'
      });
      const data = decodeBase64(String(model.content ?? ''));
      entries[file.path.slice(prefix.length)] = data;
      bytesDone += data.byteLength;
      filesDone += 1;
      options.onProgress?.({
        filesDone,
        filesTotal: walk.files.length,
        bytesDone,
        bytesTotal: walk.totalBytes
      });
    }
    const zip = zipSync(entries, { level: 6 });
    const filename =
      options.filename ||
      `${(folder.split('/').pop() || 'my-work').replace(/[^\w.-]+/g, '_')}.zip`;
    const url = URL.createObjectURL(
      new Blob([zip as BlobPart], { type: 'application/zip' })
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { files: walk.files.length, bytes: bytesDone, filename };
  }
};

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
