/**
 * Download a server folder as a zip built in the browser; no Zenodo involved.
 * Shared by the Share menu and the expiry countdown's "Download my work".
 *
 * @packageDocumentation
 * @module workspace/download
 */
import type { Contents } from '@jupyterlab/services';

import { buildArchive, IArchiveProgress } from './archive';
import { WorkspaceError } from './errors';
import { inspectFiles } from './inspect';
import { readFolderArchive } from './jupyterarchive';
import { readServerFile } from './read';
import { joinPath, normaliseFolder, walkFolder } from './walk';

/**
 * Bytes of the files read to tell links apart that are kept for the zip
 * rather than read again.
 */
const KEEP_INSPECTED_BYTES = 16 * 1024 * 1024;

/**
 * Options of {@link downloadFolderAsZip}.
 */
export interface IDownloadFolderOptions {
  /**
   * Extra gitignore-style exclusion patterns (see `walkFolder`).
   */
  exclude?: string[];
  skip?: (path: string) => boolean;
  /**
   * Name of the saved file; default `<folder name>.zip` (`workspace.zip` for
   * the server root).
   */
  filename?: string;
  onProgress?: (progress: IArchiveProgress) => void;
  signal?: AbortSignal;
}

/**
 * Walk `folder`, build the same archive as a publish would, and save it
 * through the browser's download.
 *
 * @returns how many files and bytes (of the archive) were saved, and the name.
 */
export async function downloadFolderAsZip(
  contents: Contents.IManager,
  folder: string,
  options: IDownloadFolderOptions = {}
): Promise<{
  files: number;
  bytes: number;
  filename: string;
  /**
   * Files left out because they are links or not what the listing said.
   */
  refused: { path: string; reason: string }[];
}> {
  const root = normaliseFolder(folder);
  const walked = await walkFolder(contents, root, {
    exclude: options.exclude,
    skip: options.skip,
    signal: options.signal
  });
  const settings = contents.serverSettings;
  // Links are listed with their own size but read as their target: leave
  // them out (and say so) rather than fail the whole download.
  const { refused, bytes } = await inspectFiles(
    walked.files,
    (path, maxBytes, signal) =>
      readServerFile(settings, joinPath(root, path), { signal, maxBytes }),
    { signal: options.signal, scan: false, keepBytes: KEEP_INSPECTED_BYTES }
  );
  const out = new Set(refused.map(r => r.path));
  // The small files just read to tell links apart are not read again.
  const files = walked.files
    .filter(f => !out.has(f.path))
    .map(f => ({ ...f, data: bytes.get(f.path) }));
  const excluded = [...walked.excluded, ...refused];
  if (files.length === 0) {
    throw new WorkspaceError(
      { code: 'nothing-to-download', folder: root || '/' },
      `There is nothing to download in “${root || '/'}”: it has no files that are not left out.`
    );
  }
  const blob = await buildArchive(
    files,
    (path, signal, maxBytes) =>
      readServerFile(settings, joinPath(root, path), { signal, maxBytes }),
    {
      onProgress: options.onProgress,
      signal: options.signal,
      excluded: excluded.map(e => e.path),
      readFolder: (path, signal, maxBytes) =>
        readFolderArchive(settings, joinPath(root, path), { signal, maxBytes })
    }
  );
  const filename = options.filename || archiveName(root);
  saveBlob(blob, filename);
  return {
    files: files.length,
    bytes: blob.size,
    filename,
    refused: refused.map(r => ({ path: r.path, reason: r.reason }))
  };
}

/**
 * The default archive name for a folder: its last path segment + `.zip`.
 */
export function archiveName(folder: string): string {
  const name = normaliseFolder(folder).split('/').pop();
  return `${name || 'workspace'}.zip`;
}

/**
 * Hand a Blob to the browser as a download.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Have the browser download `url` (same origin) and save it as `filename`,
 * without leaving the page: the server streams the file, the browser writes
 * it to disk as it arrives, nothing is held in the page.
 */
export function saveUrl(url: string, filename: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
}
