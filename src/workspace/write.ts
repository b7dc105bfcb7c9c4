/**
 * Writing files into the server through the Contents API: chunked saves,
 * new folders that never replace an existing one, and removal of what was
 * written when an import fails or is cancelled.
 *
 * @packageDocumentation
 * @module workspace/write
 */
import { PathExt } from '@jupyterlab/coreutils';
import { Contents } from '@jupyterlab/services';

import { throwIfAborted } from './abort';
import { WorkspaceError } from './errors';
import { hasControlCharacters, windowsProblem } from './extract';

/**
 * The slice of each chunked save, before base64. JupyterLab's uploader uses
 * 1 MiB; larger slices mean fewer requests for big files while each request
 * (about 5.3 MB of JSON) still encodes in a few milliseconds.
 */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * How many saves run at once: enough to hide each request's latency, few
 * enough not to crowd the server (it decodes base64 on one thread).
 */
export const WRITE_CONCURRENCY = 4;

/**
 * The part of `Contents.IManager` the writers use.
 */
export type ContentsWriter = Pick<Contents.IManager, 'get' | 'save' | 'delete'>;

/**
 * Progress of a set of writes.
 */
export interface IWriteProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * Encode bytes as base64, each slice on its own (the server decodes every
 * chunk separately).
 */
export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as any).toBase64;
  if (typeof native === 'function') {
    return native.call(bytes);
  }
  if (typeof Buffer !== 'undefined') {
    return Buffer.from(
      bytes.buffer,
      bytes.byteOffset,
      bytes.byteLength
    ).toString('base64');
  }
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.byteLength; i += step) {
    binary += String.fromCharCode.apply(
      null,
      bytes.subarray(i, i + step) as unknown as number[]
    );
  }
  return btoa(binary);
}

/**
 * Save one file. Files up to one chunk go in a single save; larger ones in
 * chunks numbered 1, 2, … with -1 for the last (JupyterLab's own protocol).
 *
 * @param onBytes - called with the bytes sent by each completed request
 */
export async function writeFile(
  contents: ContentsWriter,
  path: string,
  data: Uint8Array,
  options: {
    signal?: AbortSignal;
    onBytes?: (bytes: number) => void;
    chunkBytes?: number;
  } = {}
): Promise<void> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const name = PathExt.basename(path);
  if (data.byteLength <= chunkBytes) {
    await nextTask();
    throwIfAborted(options.signal);
    await contents.save(path, {
      type: 'file',
      format: 'base64',
      name,
      content: toBase64(data)
    });
    options.onBytes?.(data.byteLength);
    return;
  }
  for (let start = 0, index = 1; start < data.byteLength; index++) {
    await nextTask();
    throwIfAborted(options.signal);
    const end = Math.min(data.byteLength, start + chunkBytes);
    const last = end >= data.byteLength;
    await contents.save(path, {
      type: 'file',
      format: 'base64',
      name,
      chunk: last ? -1 : index,
      content: toBase64(data.subarray(start, end))
    });
    options.onBytes?.(end - start);
    start = end;
  }
}

/**
 * Wait for a task of its own: encoding a chunk and handing it to the
 * Contents API (base64, JSON, a File) costs tens of milliseconds, and when
 * several writers' answers arrive together their next chunks would otherwise
 * be encoded in one long task.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') {
    return new Promise(resolve => setTimeout(resolve, 0));
  }
  return new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Whether a path exists on the server.
 */
export async function pathExists(
  contents: ContentsWriter,
  path: string
): Promise<boolean> {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch (reason) {
    if ((reason as any)?.response?.status === 404) {
      return false;
    }
    throw reason;
  }
}

/**
 * Make a name safe as one folder name: no slashes, no leading dot (so never
 * `.` or `..`), no control characters, nothing Windows cannot hold (a
 * reserved device name, a trailing dot or space), at most 120 characters.
 */
export function safeFolderName(name: string): string {
  const printable = Array.from(name, c =>
    hasControlCharacters(c) ? ' ' : c
  ).join('');
  let cleaned = printable
    .replace(/[/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+/, '')
    .slice(0, 120)
    .replace(/[. ]+$/, '');
  if (cleaned && windowsProblem(cleaned)) {
    cleaned = `${cleaned}_`;
  }
  return cleaned || 'artifact';
}

/**
 * Create a new, empty folder under `parent` named `name`, or `name (2)`,
 * `name (3)`, … when that name is taken. An existing folder is never reused.
 *
 * @returns the path of the folder created
 */
export async function createNewFolder(
  contents: ContentsWriter,
  parent: string,
  name: string
): Promise<string> {
  const base = safeFolderName(name);
  const listing = await contents.get(parent, { content: true });
  const taken = new Set(
    ((listing.content as Contents.IModel[]) ?? []).map(m =>
      m.name.toLowerCase()
    )
  );
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base} (${n})`;
    if (taken.has(candidate.toLowerCase())) {
      continue;
    }
    const path = parent ? `${parent}/${candidate}` : candidate;
    // Re-check right before creating: someone may have made it meanwhile.
    if (await pathExists(contents, path)) {
      continue;
    }
    await contents.save(path, { type: 'directory' });
    return path;
  }
  throw new WorkspaceError(
    { code: 'no-free-name', name: base, parent: parent || '/' },
    `No free folder name for "${base}" in "${parent || '/'}".`
  );
}

/**
 * Writes files into one new folder and remembers what it wrote, so that a
 * failed or cancelled import can be removed again.
 */
export class FolderWriter {
  /**
   * @param contents - the Contents API
   * @param root - the (new, empty) folder written into
   */
  constructor(
    readonly contents: ContentsWriter,
    readonly root: string
  ) {}

  /**
   * Paths written so far, relative to the server root, in order.
   */
  get written(): readonly string[] {
    return this._files;
  }

  /**
   * The server path of `relative`, a path inside the root.
   *
   * @throws when the path would leave the root: empty, absolute, or with a
   * `.` or `..` segment (the browser resolves `a/../b` in a request's URL,
   * so such a path would write next to the root, not in it).
   */
  resolve(relative: string): string {
    const segments = relative.split('/');
    if (
      !relative ||
      segments.some(s => s === '' || s === '.' || s === '..') ||
      relative.includes('\\')
    ) {
      throw new WorkspaceError(
        { code: 'outside-folder', path: relative, root: this.root },
        `Refusing to write ${JSON.stringify(relative)}: it would not stay inside ${this.root}.`
      );
    }
    return `${this.root}/${relative}`;
  }

  /**
   * Whether a server path is the root or inside it, once normalised as a
   * request URL would be.
   */
  contains(path: string): boolean {
    const normalised = PathExt.normalize(path);
    const root = PathExt.normalize(this.root);
    return (
      normalised === path &&
      (normalised === root || normalised.startsWith(`${root}/`))
    );
  }

  /**
   * Create folders (relative to the root), parents first.
   */
  async makeFolders(relative: string[], signal?: AbortSignal): Promise<void> {
    const all = new Set<string>();
    for (const path of relative) {
      const parts = path.split('/');
      for (let i = 1; i <= parts.length; i++) {
        all.add(parts.slice(0, i).join('/'));
      }
    }
    const sorted = [...all].sort(
      (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b)
    );
    const paths = sorted.map(folder => this.resolve(folder));
    for (const path of paths) {
      throwIfAborted(signal);
      await this.contents.save(path, { type: 'directory' });
      this._folders.push(path);
    }
  }

  /**
   * Write files (relative paths), a few at a time, creating their folders.
   */
  async writeFiles(
    files: { path: string; data: Uint8Array }[],
    options: {
      signal?: AbortSignal;
      onProgress?: (progress: IWriteProgress) => void;
      concurrency?: number;
    } = {}
  ): Promise<void> {
    const { signal, onProgress } = options;
    // Every path checked before the first request.
    const targets = files.map(f => this.resolve(f.path));
    const folders = files
      .map(f => PathExt.dirname(f.path))
      .filter(d => d && d !== '.');
    await this.makeFolders([...new Set(folders)], signal);
    const progress: IWriteProgress = {
      filesDone: 0,
      filesTotal: files.length,
      bytesDone: 0,
      bytesTotal: files.reduce((n, f) => n + f.data.byteLength, 0)
    };
    onProgress?.({ ...progress });
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        throwIfAborted(signal);
        const index = next++;
        const file = files[index];
        const path = targets[index];
        // Recorded before the first request so that a partial file is removed.
        this._files.push(path);
        await writeFile(this.contents, path, file.data, {
          signal,
          onBytes: bytes => {
            progress.bytesDone += bytes;
            onProgress?.({ ...progress });
          }
        });
        progress.filesDone++;
        onProgress?.({ ...progress });
      }
    };
    const workers = Array.from(
      {
        length: Math.min(options.concurrency ?? WRITE_CONCURRENCY, files.length)
      },
      worker
    );
    const results = await Promise.allSettled(workers);
    const failed = results.find(r => r.status === 'rejected');
    if (failed) {
      throw (failed as PromiseRejectedResult).reason;
    }
  }

  /**
   * Record a file written into this folder by other means (the citation),
   * so that removal includes it.
   *
   * @throws when the path is not inside the root
   */
  track(path: string, kind: 'file' | 'directory' = 'file'): void {
    if (!this.contains(path) || path === this.root) {
      throw new Error(
        `Refusing to track ${JSON.stringify(path)}: it is not inside ${this.root}.`
      );
    }
    (kind === 'file' ? this._files : this._folders).push(path);
  }

  /**
   * Remove what this writer created, files first, then folders deepest
   * first, then the root folder itself: never anything else. A folder that
   * is not empty (someone else wrote into it) stays and is reported.
   *
   * @returns what was removed and what could not be (with why)
   */
  async remove(): Promise<{ removed: string[]; remaining: string[] }> {
    const removed: string[] = [];
    const remaining: string[] = [];
    const folders = [...this._folders, this.root].sort(
      (a, b) => b.split('/').length - a.split('/').length
    );
    const attempt = async (path: string, folder: boolean) => {
      if (!this.contains(path)) {
        // Cannot happen through resolve/track; kept as the last guard.
        remaining.push(path);
        return;
      }
      try {
        if (folder) {
          // The server deletes (or trashes) a folder with all it holds:
          // only an empty one is removed, so nothing but ours goes.
          const listing = await this.contents.get(path, { content: true });
          if (((listing.content as Contents.IModel[]) ?? []).length) {
            remaining.push(path);
            return;
          }
        }
        await this.contents.delete(path);
        removed.push(path);
      } catch (reason) {
        if ((reason as any)?.response?.status === 404) {
          return;
        }
        remaining.push(path);
      }
    };
    for (const path of [...this._files].reverse()) {
      await attempt(path, false);
    }
    for (const path of folders) {
      await attempt(path, true);
    }
    return { removed, remaining };
  }

  private _files: string[] = [];
  private _folders: string[] = [];
}
