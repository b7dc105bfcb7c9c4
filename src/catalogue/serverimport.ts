/**
 * Import through the server companion: the server downloads each file from
 * Zenodo, checks it (size, checksum, the archive planner) and writes the
 * planned entries into a hidden folder it renames into place. The page only
 * picks the folder name, starts the jobs, follows them and writes the
 * provenance file. Where the server cannot reach Zenodo, the browser
 * downloads and hands the raw bytes over (`PUT jobs/<id>/data`).
 *
 * @packageDocumentation
 * @module catalogue/serverimport
 */
import type { Contents } from '@jupyterlab/services';
import { PathExt } from '@jupyterlab/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import type { ITransfers } from '../tokens';
import {
  Companion,
  CompanionError,
  CompanionJob
} from '../workspace/companion';
import {
  createNewFolder,
  pathExists,
  safeFolderName,
  writeFile
} from '../workspace/write';
import { throwIfAborted } from '../workspace/abort';
import { WorkspaceError } from '../workspace/errors';
import { formatBytes } from '../format';
import { Artifact, ArtifactFile, TransferOptions } from '../zenodo';
import type { ISkippedEntry } from '../workspace/extract';
import type { IImportResult, ImportPhase } from './import';
import { importFolderName } from './import';
import { CatalogueError } from './errors';
import { citationFor, withDoi } from './provenance';

/**
 * What {@link ServerImport} needs besides the artifact.
 */
export interface IServerImportSetup {
  transfers: Pick<ITransfers, 'companion' | 'watch'>;
  contents: ServerImport.Contents;
  /**
   * The user's Zenodo token, sent (in a header) only with files on the
   * configured Zenodo, for restricted files.
   */
  token?: string;
  /** The configured Zenodo's base URL. */
  zenodoUrl?: string;
}

/**
 * One import through the companion, with the phases, bytes and files of
 * `ImportWorkflow`, which delegates to it.
 */
export class ServerImport {
  /**
   * A server import for `artifact`, or `null` when the companion is absent,
   * turned off in the settings, or cannot import.
   */
  static async create(
    setup: IServerImportSetup | null | undefined,
    options: ServerImport.IOptions
  ): Promise<ServerImport | null> {
    const companion = (await setup?.transfers.companion()) ?? null;
    if (!setup || !companion || !(await companion.can('import'))) {
      return null;
    }
    return new ServerImport(companion, setup, options);
  }

  private constructor(
    readonly companion: Companion,
    setup: IServerImportSetup,
    options: ServerImport.IOptions
  ) {
    this._setup = setup;
    this._options = options;
    this._files = options.files;
  }

  get phase(): ImportPhase {
    return this._phase;
  }
  get bytesDone(): number {
    return this._bytesBefore + this._bytesDone;
  }
  get bytesTotal(): number {
    return this._files.reduce((n, f) => n + (f.size || 0), 0);
  }
  get filesDone(): number {
    return this._filesDone;
  }
  get filesTotal(): number {
    return this._files.length;
  }
  get currentFile(): string {
    return this._currentFile;
  }
  /** The new folder, once its name is chosen. */
  get folder(): string | null {
    return this._folder;
  }
  /** What could not be removed after a failure (server paths). */
  get remaining(): string[] {
    return this._remaining;
  }
  /** Emitted whenever the state changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Run the import; cancelled through `signal` (the jobs are cancelled on
   * the server, which removes what they wrote).
   */
  async run(signal: AbortSignal): Promise<IImportResult> {
    const { artifact, parent } = this._options;
    this._set('checking');
    if (!this._files.length) {
      throw new CatalogueError(
        { code: 'no-files' },
        'This artifact has no files to import.'
      );
    }
    const limit = (await this.companion.info())?.limits?.maxImportBytes;
    const largest = Math.max(...this._files.map(f => f.size || 0));
    if (limit && largest > limit) {
      throw new CatalogueError(
        { code: 'file-too-large', bytes: largest, maxBytes: limit },
        `This artifact has a file of ${formatBytes(largest)}, more than the ${formatBytes(limit)} this server accepts for an import (its administrator sets the limit). Nothing was downloaded.`
      );
    }
    const contents = this._setup.contents;
    const single = this._files.length === 1;
    let made: string | null = null;
    try {
      if (single) {
        // The job makes the folder itself, all at once.
        await this._importFile(this._files[0], parent, null, signal);
      } else {
        // Several files: one folder, one job per file inside it.
        made = await createNewFolder(
          contents,
          parent,
          importFolderName(artifact)
        );
        this._folder = made;
        this._changed.emit();
        const taken = new Set<string>();
        for (const file of this._files) {
          await this._importFile(file, made, taken, signal);
        }
      }
      throwIfAborted(signal);
      this._set('finishing');
      const folder = this._folder!;
      await this._writeCitation(folder, signal);
      const open = await this._fileToOpen(folder);
      return {
        folder,
        files: this._written,
        skipped: this._skipped,
        open,
        method: 'server'
      };
    } catch (error) {
      await this._removeAfterFailure(made);
      throw error;
    }
  }

  /**
   * Import one file into a new folder in `parent`: the artifact's folder
   * for a one-file artifact; else a subfolder (an archive's own name, or a
   * temporary one a loose file is moved out of).
   */
  private async _importFile(
    file: ArtifactFile,
    parent: string,
    taken: Set<string> | null,
    signal: AbortSignal
  ): Promise<void> {
    throwIfAborted(signal);
    const key = file.key.split('/').pop() || file.key;
    const archive = /\.(zip|tar|tar\.gz|tgz)$/i.test(key);
    this._currentFile = key;
    this._bytesDone = 0;
    const base = taken
      ? archive
        ? key.replace(/(\.tar\.gz|\.tgz|\.tar|\.zip)$/i, '') || 'archive'
        : `${key}-import`
      : importFolderName(this._options.artifact);
    let name = await this._freeName(parent, base, taken);
    const request = () => ({
      key,
      size: file.size,
      checksum: file.checksum ?? null,
      parent,
      name
    });
    let job: Companion.IJob | null = null;
    let viaBrowser = false;
    for (let attempt = 0; !job; attempt++) {
      try {
        job = await this.companion.startImport(
          { url: file.downloadUrl, ...request() },
          { token: this._tokenFor(file.downloadUrl), signal }
        );
      } catch (error) {
        if (error instanceof CompanionError && error.code === 'exists') {
          // Someone made that folder meanwhile: take the next name.
          if (attempt > 5) {
            throw error;
          }
          taken?.add(name.toLowerCase());
          name = await this._freeName(parent, base, taken, name);
          continue;
        }
        if (error instanceof CompanionError && error.unreachable) {
          viaBrowser = true;
          break;
        }
        throw this._explain(error, key);
      }
    }
    const target = parent ? `${parent}/${name}` : name;
    if (!taken) {
      this._folder = target;
    }
    taken?.add(name.toLowerCase());
    if (job) {
      try {
        const done = await this._follow(job, signal);
        this._noteSkipped(done, taken ? name : '');
      } catch (error) {
        if (
          !(error instanceof CompanionError) ||
          !error.unreachable ||
          signal.aborted
        ) {
          throw this._explain(error, key);
        }
        viaBrowser = true;
      }
    }
    if (viaBrowser) {
      await this._importThroughBrowser(file, request(), signal);
    }
    if (taken && !archive) {
      // A loose file came in its own folder: move it up beside the others.
      const from = `${target}/${key}`;
      let to = `${parent}/${key}`;
      if (await pathExists(this._setup.contents, to)) {
        to = `${parent}/${await this._freeName(parent, key, taken)}`;
      }
      await this._setup.contents.rename(from, to);
      await this._setup.contents.delete(target);
      this._written.push(to);
    } else if (taken && (await this._moveUp(parent, target, taken))) {
      // Unpacked into the artifact's folder itself, as the browser does.
    } else {
      this._written.push(target);
    }
    this._filesDone++;
    this._bytesBefore += file.size || 0;
    this._bytesDone = 0;
    this._changed.emit();
  }

  /**
   * The server cannot reach Zenodo: download here, then stream the bytes to
   * a job that checks and writes them the same way.
   */
  private async _importThroughBrowser(
    file: ArtifactFile,
    request: Companion.IImportUploadRequest,
    signal: AbortSignal
  ): Promise<void> {
    if (!(await this.companion.can('import-upload'))) {
      throw new CatalogueError(
        {
          code: 'server-cannot-download',
          key: request.key,
          host: PathExt.dirname(file.downloadUrl)
        },
        `The server cannot download ${request.key} from ${PathExt.dirname(file.downloadUrl)}, and it does not accept the bytes from the browser either. Ask the administrator to allow that host.`
      );
    }
    this._set('downloading');
    const blob = await this._options.download(file, {
      signal,
      onProgress: loaded => {
        this._bytesDone = loaded;
        this._emitSoon();
      }
    });
    throwIfAborted(signal);
    const job = await this.companion.startImportUpload(request, { signal });
    const watcher = this._setup.transfers.watch(job, { signal });
    const follow = this._follow(job, signal, watcher);
    try {
      await this.companion.sendImportData(job.id, blob, { signal });
    } catch (error) {
      if (!watcher.finished) {
        void watcher.cancel();
      }
      await follow.catch(() => undefined);
      throw this._explain(error, request.key);
    }
    try {
      this._noteSkipped(
        await follow,
        request.parent === this._folder ? request.name : ''
      );
    } catch (error) {
      throw this._explain(error, request.key);
    }
  }

  /**
   * Move an archive's top-level entries from its subfolder into the
   * artifact's folder when none of their names is taken there (the browser
   * import's layout); false, and nothing moved, when one is.
   */
  private async _moveUp(
    parent: string,
    target: string,
    taken: Set<string>
  ): Promise<boolean> {
    const contents = this._setup.contents;
    const children = (
      ((await contents.get(target, { content: true })).content ??
        []) as Contents.IModel[]
    ).map(m => m.name);
    const here = (
      ((await contents.get(parent, { content: true })).content ??
        []) as Contents.IModel[]
    )
      .map(m => m.name.toLowerCase())
      .filter(n => n !== PathExt.basename(target).toLowerCase());
    if (children.some(c => here.includes(c.toLowerCase()))) {
      return false;
    }
    for (const child of children) {
      await contents.rename(`${target}/${child}`, `${parent}/${child}`);
      this._written.push(`${parent}/${child}`);
      taken.add(child.toLowerCase());
    }
    await contents.delete(target);
    return true;
  }

  /**
   * Keep what the server left out of an archive (hidden entries), as paths
   * inside the artifact's folder.
   */
  private _noteSkipped(job: Companion.IJob, subfolder: string): void {
    for (const s of job.result?.skipped ?? []) {
      this._skipped.push({
        path: subfolder ? `${subfolder}/${s.path}` : s.path,
        reason: s.reason
      });
    }
  }

  /**
   * Follow a job to its end, mirroring its phase and bytes.
   */
  private async _follow(
    job: Companion.IJob,
    signal: AbortSignal,
    existing?: CompanionJob
  ): Promise<Companion.IJob> {
    const watcher = existing ?? this._setup.transfers.watch(job, { signal });
    const show = (j: Companion.IJob) => {
      const phase = ServerImport.phaseFor(j.phase);
      if (phase) {
        this._phase = phase;
      }
      if (j.phase === 'downloading' || j.phase === 'waiting-for-data') {
        this._bytesDone = j.bytesDone;
      }
      this._changed.emit();
    };
    show(watcher.job);
    watcher.changed.connect((_, j) => show(j));
    return watcher.done;
  }

  private _tokenFor(url: string): string | undefined {
    const { token, zenodoUrl } = this._setup;
    try {
      return token &&
        zenodoUrl &&
        new URL(url).origin === new URL(zenodoUrl).origin
        ? token
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * A name not taken in `parent`: `base`, `base (2)`, … (the browser
   * import's scheme).
   */
  private async _freeName(
    parent: string,
    base: string,
    taken: Set<string> | null,
    after?: string
  ): Promise<string> {
    const safe = safeFolderName(base);
    const listing = await this._setup.contents.get(parent, { content: true });
    const names = new Set(
      ((listing.content as Contents.IModel[]) ?? []).map(m =>
        m.name.toLowerCase()
      )
    );
    taken?.forEach(t => names.add(t));
    if (after) {
      names.add(after.toLowerCase());
    }
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? safe : `${safe} (${n})`;
      if (!names.has(candidate.toLowerCase())) {
        return candidate;
      }
    }
    throw new WorkspaceError(
      { code: 'no-free-name', name: safe, parent: parent || '/' },
      `No free folder name for "${safe}" in "${parent || '/'}".`
    );
  }

  /**
   * The server's refusal in words: what failed, why, what to do.
   */
  private _explain(error: unknown, key: string): Error {
    return explainServerError(error, key);
  }

  private async _writeCitation(
    folder: string,
    signal: AbortSignal
  ): Promise<void> {
    const { artifact } = this._options;
    const contents = this._setup.contents;
    const path = `${folder}/CITATION.cff`;
    let text: string | null;
    let exists = false;
    try {
      const model = await contents.get(path, {
        content: true,
        format: 'text',
        type: 'file'
      });
      exists = true;
      text = withDoi(String(model.content ?? ''), artifact);
    } catch {
      text = citationFor(artifact);
    }
    if (text !== null) {
      await writeFile(contents, path, new TextEncoder().encode(text), {
        signal
      });
    }
    if (text !== null || exists) {
      this._written.push(path);
    }
  }

  /**
   * The README at the top, else the first notebook at the top or one level
   * down (the browser import's choice, from a listing).
   */
  private async _fileToOpen(folder: string): Promise<string | null> {
    const list = async (path: string) => {
      try {
        const model = await this._setup.contents.get(path, { content: true });
        return ((model.content as Contents.IModel[]) ?? []).sort((a, b) =>
          a.name.localeCompare(b.name)
        );
      } catch {
        return [];
      }
    };
    const top = await list(folder);
    const readme = top.find(
      m =>
        m.type !== 'directory' &&
        /^readme(\.(md|ipynb|txt|rst))?$/i.test(m.name)
    );
    if (readme) {
      return readme.path;
    }
    const notebook = top.find(m => m.name.toLowerCase().endsWith('.ipynb'));
    if (notebook) {
      return notebook.path;
    }
    const dirs = top.filter(m => m.type === 'directory');
    if (dirs.length === 1) {
      const inner = await list(dirs[0].path);
      return (
        inner.find(m => /^readme(\.(md|ipynb|txt|rst))?$/i.test(m.name))
          ?.path ??
        inner.find(m => m.name.toLowerCase().endsWith('.ipynb'))?.path ??
        null
      );
    }
    return null;
  }

  /**
   * After a failure: each job removed its own work; what remains is the
   * folder this page made for a several-file artifact, and the files other
   * jobs finished in it.
   */
  private async _removeAfterFailure(made: string | null): Promise<void> {
    const contents = this._setup.contents;
    const gone: string[] = [];
    for (const path of [...this._written].reverse()) {
      try {
        await Private.removeTree(contents, path);
        gone.push(path);
      } catch {
        // Reported below.
      }
    }
    const left = this._written.filter(p => !gone.includes(p));
    if (made) {
      try {
        await contents.delete(made);
      } catch {
        left.push(made);
      }
    }
    this._remaining = left;
  }

  private _set(phase: ImportPhase): void {
    this._phase = phase;
    this._changed.emit();
  }

  private _emitSoon(): void {
    const now = Date.now();
    if (now - this._lastEmit > 100) {
      this._lastEmit = now;
      this._changed.emit();
    }
  }

  private _setup: IServerImportSetup;
  private _options: ServerImport.IOptions;
  private _files: ArtifactFile[];
  private _phase: ImportPhase = 'ready';
  private _bytesBefore = 0;
  private _bytesDone = 0;
  private _filesDone = 0;
  private _currentFile = '';
  private _folder: string | null = null;
  private _written: string[] = [];
  private _remaining: string[] = [];
  private _skipped: ISkippedEntry[] = [];
  private _lastEmit = 0;
  private _changed = new Signal<this, void>(this);
}

/**
 * Types and helpers of {@link ServerImport}.
 */
export namespace ServerImport {
  /**
   * The Contents API, as much as a server import uses.
   */
  export type Contents = Pick<
    import('@jupyterlab/services').Contents.IManager,
    'get' | 'save' | 'delete' | 'rename'
  >;

  export interface IOptions {
    artifact: Artifact;
    files: ArtifactFile[];
    /** The folder the new folder goes in ('' = root). */
    parent: string;
    /** Downloads a file in the browser (when the server cannot). */
    download: (file: ArtifactFile, options: TransferOptions) => Promise<Blob>;
  }

  /**
   * The import phase a job phase shows as.
   */
  export function phaseFor(phase: Companion.Phase): ImportPhase | null {
    switch (phase) {
      case 'queued':
      case 'waiting-for-data':
      case 'downloading':
        return 'downloading';
      case 'checking':
        return 'extracting';
      case 'writing':
        return 'writing';
      default:
        return null;
    }
  }
}

/**
 * Module-private helpers.
 */
namespace Private {
  /**
   * Delete a file or a folder with everything in it (the Contents API
   * deletes only empty folders everywhere).
   */
  export async function removeTree(
    contents: ServerImport.Contents,
    path: string
  ): Promise<void> {
    const model = await contents.get(path, { content: true });
    if (model.type === 'directory') {
      for (const child of (model.content as Contents.IModel[]) ?? []) {
        await removeTree(contents, child.path);
      }
    }
    await contents.delete(path);
  }
}

/**
 * A companion's refusal of an import of `key`, as the catalogue's problem
 * (`server-refused`): the server's code, its English message, and, when it
 * said why an archive or name was refused as a code, that code and the
 * entry, for the words. Other errors pass as they are.
 */
export function explainServerError(error: unknown, key: string): Error {
  if (!(error instanceof CompanionError)) {
    return error as Error;
  }
  const next: Record<string, string> = {
    'too-large':
      'It is over the limit this server sets; ask its administrator to raise it.',
    'disk-full':
      'The server is out of space: delete files you do not need, then import again.',
    'checksum-mismatch':
      'The file changed on the way: import again, and tell the artifact owner if it happens again.',
    'unsafe-entry':
      'The archive holds something that could harm your files, so nothing was written.',
    'size-mismatch':
      'The file is not the size its record says: tell the artifact owner; nothing was written.',
    cancelled: '',
    forbidden: 'Your session may have ended: reload the page and try again.',
    lost: 'Check that the server still runs (reload the page), then import again.',
    network:
      'Check that the server still runs (reload the page), then import again.'
  };
  return new CatalogueError(
    {
      code: 'server-refused',
      key,
      detail: error.message,
      ...(error.problem ? { detailProblem: error.problem } : {}),
      ...(error.archiveProblem ? { archive: error.archiveProblem } : {}),
      ...(error.archiveProblem && error.entry !== undefined
        ? { entry: error.entry }
        : {}),
      serverCode: error.code
    },
    `${key} was not imported: ${error.message} (${error.code}). ${
      next[error.code] ?? 'Try again.'
    }`.trim()
  );
}
