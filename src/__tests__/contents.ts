/**
 * The one Contents fake of the jest tests: an in-memory Contents API with
 * the server's chunked-save rules (chunk 1 truncates, later chunks append,
 * each chunk's base64 decoded on its own), text saves, sizes in listings,
 * 404s shaped like ServerConnection.ResponseError, and failure injection.
 */
import { Contents } from '@jupyterlab/services';

import { ContentsWriter } from '../workspace/write';

/**
 * A folder tree for {@link FakeContents.fromTree}: a folder is an object, a
 * file is its text or its size in bytes (filled with `x`).
 */
export type Tree = { [name: string]: Tree | string | number };

/**
 * An in-memory Contents manager (see the module's description).
 */
export class FakeContents implements ContentsWriter {
  /**
   * A manager holding `tree` under the top folder.
   */
  static fromTree(tree: Tree): FakeContents {
    const contents = new FakeContents();
    const add = (folder: string, node: Tree) => {
      for (const [name, child] of Object.entries(node)) {
        const path = folder ? `${folder}/${name}` : name;
        if (typeof child === 'object') {
          contents.dirs.add(path);
          add(path, child);
        } else {
          contents.files.set(
            path,
            typeof child === 'number'
              ? Buffer.alloc(child, 'x')
              : Buffer.from(child, 'utf-8')
          );
        }
      }
    };
    add('', tree);
    return contents;
  }

  /**
   * Put a file (and the folders above it) in place without a save.
   */
  write(path: string, data: string | Uint8Array): void {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      this.dirs.add(parts.slice(0, i).join('/'));
    }
    this.files.set(
      path,
      typeof data === 'string' ? Buffer.from(data, 'utf-8') : Buffer.from(data)
    );
  }

  /**
   * A file's text, or undefined when there is none.
   */
  text(path: string): string | undefined {
    return this.files.get(path)?.toString('utf-8');
  }

  files = new Map<string, Buffer>();
  dirs = new Set<string>(['']);
  /** Every save, in order: path and chunk. */
  saves: { path: string; chunk?: number; type?: string }[] = [];
  /** Every path whose content was read, in order. */
  reads: string[] = [];
  /** Throw on the nth save (1-based), once. */
  failOnSave = 0;
  /**
   * Delete folders with everything in them, as jupyter_server does when it
   * sends a folder to the trash (its default), instead of refusing.
   */
  recursiveDelete = false;

  private notFound(path: string): Error {
    const error = new Error(`No such file or directory: ${path}`) as any;
    error.response = { status: 404 };
    return error;
  }

  private parentOf(path: string): string {
    const i = path.lastIndexOf('/');
    return i < 0 ? '' : path.slice(0, i);
  }

  /** Every `get`, in order: its path. */
  gets: string[] = [];

  async get(
    path: string,
    options?: Contents.IFetchOptions
  ): Promise<Contents.IModel> {
    this.gets.push(path);
    if (this.dirs.has(path)) {
      const children = [...this.dirs, ...this.files.keys()].filter(
        p => p !== path && this.parentOf(p) === path
      );
      return {
        name: path.split('/').pop() ?? '',
        path,
        type: 'directory',
        content: options?.content
          ? children.map(p => ({
              name: p.split('/').pop(),
              path: p,
              type: this.dirs.has(p) ? 'directory' : 'file',
              // jupyter_server lists a file's size in bytes.
              size: this.files.get(p)?.length
            }))
          : null
      } as any;
    }
    const data = this.files.get(path);
    if (!data) {
      throw this.notFound(path);
    }
    if (options?.content) {
      this.reads.push(path);
    }
    return {
      name: path.split('/').pop() ?? '',
      path,
      type: 'file',
      size: data.length,
      content: options?.content
        ? options.format === 'text'
          ? data.toString('utf-8')
          : data.toString('base64')
        : null
    } as any;
  }

  async save(
    path: string,
    options: Partial<Contents.IModel> = {}
  ): Promise<Contents.IModel> {
    this.saves.push({ path, chunk: options.chunk, type: options.type });
    if (this.failOnSave && this.saves.length === this.failOnSave) {
      this.failOnSave = 0;
      const error = new Error('Disk quota exceeded') as any;
      error.response = { status: 500 };
      throw error;
    }
    if (!this.dirs.has(this.parentOf(path))) {
      throw this.notFound(this.parentOf(path));
    }
    if (options.type === 'directory') {
      this.dirs.add(path);
    } else {
      // A text save (as Share writes CITATION.cff) holds the text itself.
      const bytes = Buffer.from(
        String(options.content ?? ''),
        options.format === 'text' ? 'utf-8' : 'base64'
      );
      if (options.chunk === undefined || options.chunk === 1) {
        this.files.set(path, bytes);
      } else {
        if (!this.files.has(path)) {
          throw new Error(`chunk ${options.chunk} of ${path} before chunk 1`);
        }
        this.files.set(path, Buffer.concat([this.files.get(path)!, bytes]));
      }
    }
    return this.get(path);
  }

  async delete(path: string): Promise<void> {
    if (this.files.delete(path)) {
      return;
    }
    if (this.dirs.has(path)) {
      const busy = [...this.dirs, ...this.files.keys()].some(
        p => p !== path && p.startsWith(path + '/')
      );
      if (busy && this.recursiveDelete) {
        for (const p of [...this.files.keys()]) {
          if (p.startsWith(path + '/')) {
            this.files.delete(p);
          }
        }
        for (const p of [...this.dirs]) {
          if (p.startsWith(path + '/')) {
            this.dirs.delete(p);
          }
        }
      } else if (busy) {
        const error = new Error(`Directory ${path} not empty`) as any;
        error.response = { status: 400 };
        throw error;
      }
      this.dirs.delete(path);
      return;
    }
    throw this.notFound(path);
  }

  /** Everything under a folder, relative, sorted. */
  tree(folder: string): string[] {
    return [...this.files.keys()]
      .filter(p => p.startsWith(folder + '/'))
      .map(p => p.slice(folder.length + 1))
      .sort();
  }
}
