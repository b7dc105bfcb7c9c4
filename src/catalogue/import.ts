/**
 * The import workflow: record → size check → download → safe extraction →
 * chunked writes into a new folder → provenance. A plain class, usable
 * without JupyterLab; views render its state and call `run` and `cancel`.
 *
 * @packageDocumentation
 * @module catalogue/import
 */
import { PathExt } from '@jupyterlab/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import {
  archiveKind,
  ArchiveError,
  type ArchiveProblem,
  checkEntryName,
  collisionKey,
  IExtraction,
  IExtractionLimits,
  IExtractionPlan,
  ISkippedEntry
} from '../workspace/extract';
import { extractOffThread } from '../workspace/offthread';
import {
  ContentsWriter,
  createNewFolder,
  FolderWriter,
  safeFolderName,
  writeFile
} from '../workspace/write';
import { throwIfAborted } from '../workspace/abort';
import { formatBytes } from '../format';
import { Artifact, ArtifactFile, TransferOptions } from '../zenodo';
import { CatalogueError } from './errors';
import { citationFor, withDoi } from './provenance';
import { IServerImportSetup, ServerImport } from './serverimport';

/**
 * The steps of an import, in order.
 */
export type ImportPhase =
  | 'ready'
  | 'checking'
  | 'downloading'
  | 'extracting'
  | 'writing'
  | 'finishing'
  | 'done'
  | 'failed'
  | 'cancelled';

/**
 * What a finished import produced.
 */
export interface IImportResult {
  /** The new folder (server path). */
  folder: string;
  /** Files written, server paths. */
  files: string[];
  /** Entries left out (hidden files), with why. */
  skipped: ISkippedEntry[];
  /** The README or first notebook to open, if any (server path). */
  open: string | null;
  /**
   * How archives were unpacked: here, in the browser ('browser'), or by the
   * server companion ('server'); 'none' when there were no archives.
   */
  method: 'browser' | 'server' | 'none';
}

/**
 * Options of {@link ImportWorkflow}.
 */
export interface IImportOptions {
  artifact: Artifact;
  /** Files to import; all of the artifact's by default. */
  files?: ArtifactFile[];
  /** Downloads one file (a catalogue source's `download`). */
  download: (file: ArtifactFile, options: TransferOptions) => Promise<Blob>;
  contents: ContentsWriter;
  /** The folder the new folder is created in ('' for the server root). */
  parent: string;
  /** Largest total download, in bytes. */
  maxBytes: number;
  limits: IExtractionLimits;
  /** The server companion: when present, the server does the import. */
  server?: IServerImportSetup | null;
}

/**
 * Imports an artifact into a new folder, safely and cancellably.
 */
export class ImportWorkflow {
  constructor(options: IImportOptions) {
    this._options = options;
    this._files = options.files ?? options.artifact.files;
    this._bytesTotal = this._files.reduce((n, f) => n + (f.size || 0), 0);
  }

  /** The artifact imported. */
  get artifact(): Artifact {
    return this._options.artifact;
  }
  /** The current step. */
  get phase(): ImportPhase {
    return this._phase;
  }
  /** Bytes done in the current step. */
  get bytesDone(): number {
    return this._bytesDone;
  }
  /** Bytes to do in the current step. */
  get bytesTotal(): number {
    return this._bytesTotal;
  }
  /** Files done in the current step. */
  get filesDone(): number {
    return this._filesDone;
  }
  /** Files to do in the current step. */
  get filesTotal(): number {
    return this._filesTotal;
  }
  /** The file being downloaded or written. */
  get currentFile(): string {
    return this._currentFile;
  }
  /** The result, once done. */
  get result(): IImportResult | null {
    return this._result;
  }
  /** The error, once failed. */
  get error(): Error | null {
    return this._error;
  }
  /** The folder being written into, once created. */
  get folder(): string | null {
    return this._writer?.root ?? this._server?.folder ?? null;
  }
  /**
   * After a failure or cancel: what could not be removed (server paths).
   * Empty when everything written was removed again.
   */
  get remaining(): string[] {
    return this._remaining;
  }
  /** Emitted whenever the state changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Stop the import; what was written is removed.
   */
  cancel(): void {
    this._controller.abort();
  }

  /**
   * Run the import.
   *
   * @returns the result; throws the error (also kept in `error`) on failure
   * or cancel, after removing what was written.
   */
  async run(): Promise<IImportResult> {
    if (this._phase !== 'ready') {
      throw new Error('An import runs only once.');
    }
    const signal = this._controller.signal;
    // ---- Server companion (serverimport.ts) -------------------------------
    this._server = await ServerImport.create(this._options.server, {
      artifact: this._options.artifact,
      files: this._files,
      parent: this._options.parent,
      download: this._options.download
    });
    if (this._server) {
      const server = this._server;
      server.changed.connect(() => {
        this._phase = server.phase;
        this._bytesDone = server.bytesDone;
        this._bytesTotal = server.bytesTotal;
        this._filesDone = server.filesDone;
        this._filesTotal = server.filesTotal;
        this._currentFile = server.currentFile;
        this.emit();
      });
      try {
        // The same names are refused as on the browser path, in its words.
        for (const file of this._files) {
          Private.checkFileKey(Private.baseName(file.key));
        }
        this._result = await server.run(signal);
        this.set('done');
        return this._result;
      } catch (reason) {
        this._error = signal.aborted
          ? new CatalogueError(
              { code: 'import-cancelled' },
              'The import was cancelled.'
            )
          : (reason as Error);
        this._remaining = server.remaining;
        this.set(signal.aborted ? 'cancelled' : 'failed');
        throw this._error;
      }
    }
    // ---- Browser path -----------------------------------------------------
    try {
      this.check();
      const downloads = await this.downloadAll(signal);
      const planned = await this.planAll(downloads, signal);
      const result = await this.writeAll(planned, signal);
      this._result = result;
      this.set('done');
      return result;
    } catch (reason) {
      const cancelled = signal.aborted;
      this._error = cancelled
        ? new CatalogueError(
            { code: 'import-cancelled' },
            'The import was cancelled.'
          )
        : (reason as Error);
      if (this._writer) {
        // Only what this import created: the files and folders it wrote,
        // then its own new folder.
        const { remaining } = await this._writer.remove();
        this._remaining = remaining;
      }
      this.set(cancelled ? 'cancelled' : 'failed');
      throw this._error;
    }
  }

  /**
   * Refuse, before any download, what is larger than the limit.
   */
  private check(): void {
    this.set('checking');
    const { maxBytes } = this._options;
    if (!this._files.length) {
      throw new CatalogueError(
        { code: 'no-files' },
        'This artifact has no files to import.'
      );
    }
    if (this._bytesTotal > maxBytes) {
      throw new CatalogueError(
        { code: 'too-large', bytes: this._bytesTotal, maxBytes },
        `This artifact is ${formatBytes(this._bytesTotal)}, more than the ${formatBytes(maxBytes)} this server accepts for an import. Nothing was downloaded.`
      );
    }
    // Every file name becomes a name in the new folder (a loose file) or a
    // subfolder's name (an archive, when names clash): refuse, before
    // anything is downloaded, what could climb out, hide or break elsewhere.
    const seen = new Map<string, string>();
    for (const file of this._files) {
      const key = Private.baseName(file.key);
      Private.checkFileKey(key);
      const collision = seen.get(collisionKey(key));
      if (collision !== undefined) {
        throw new CatalogueError(
          { code: 'name-clash', first: collision, second: key },
          `The files "${collision}" and "${key}" differ only in case or Unicode form; both cannot live in one folder on macOS or Windows. Nothing was downloaded.`
        );
      }
      seen.set(collisionKey(key), key);
    }
  }

  private async downloadAll(
    signal: AbortSignal
  ): Promise<{ file: ArtifactFile; data: Uint8Array }[]> {
    this._filesTotal = this._files.length;
    this._filesDone = 0;
    this._bytesDone = 0;
    this.set('downloading');
    const out: { file: ArtifactFile; data: Uint8Array }[] = [];
    let before = 0;
    for (const file of this._files) {
      throwIfAborted(signal);
      this._currentFile = file.key;
      this.emit();
      // Stop reading the moment the bytes pass the declared size or the
      // limit: a download that lies about its size must not be buffered
      // whole before it is refused.
      const { maxBytes } = this._options;
      const declared = file.size > 0 ? file.size : Infinity;
      const tooLarge = (loaded: number): Error | null =>
        loaded > declared
          ? new CatalogueError(
              { code: 'larger-than-record', key: file.key, size: file.size },
              `${file.key} is larger than its record says (${formatBytes(file.size)}); the download was stopped and nothing was written.`
            )
          : before + loaded > maxBytes
            ? new CatalogueError(
                { code: 'over-limit', key: file.key, maxBytes },
                `${file.key} is larger than the artifact's record says; the import stops at the ${formatBytes(maxBytes)} limit.`
              )
            : null;
      const stop = new AbortController();
      const onAbort = () => stop.abort(signal.reason);
      signal.addEventListener('abort', onAbort);
      let refusal: Error | null = null;
      let blob: Blob;
      try {
        blob = await this._options.download(file, {
          signal: stop.signal,
          onProgress: loaded => {
            refusal = refusal ?? tooLarge(loaded);
            if (refusal) {
              stop.abort(refusal);
              return;
            }
            this._bytesDone = before + loaded;
            this.emitSoon();
          }
        });
      } catch (reason) {
        throw refusal ?? reason;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (refusal) {
        throw refusal;
      }
      throwIfAborted(signal);
      const refused = tooLarge(blob.size);
      if (refused) {
        throw refused;
      }
      const data = new Uint8Array(await blob.arrayBuffer());
      before += data.byteLength;
      this._bytesDone = before;
      this._filesDone++;
      out.push({ file, data });
      this.emit();
    }
    return out;
  }

  /**
   * Plan every archive in full, and decide where each file goes: archives
   * unpack into the folder itself unless names would collide, in which case
   * each archive gets a subfolder of its own.
   */
  private async planAll(
    downloads: { file: ArtifactFile; data: Uint8Array }[],
    signal: AbortSignal
  ): Promise<Private.IPlanned[]> {
    this._filesTotal = downloads.length;
    this._filesDone = 0;
    this.set('extracting');
    const planned: Private.IPlanned[] = [];
    for (const { file, data } of downloads) {
      throwIfAborted(signal);
      this._currentFile = file.key;
      this.emit();
      const key = Private.baseName(file.key);
      if (archiveKind(key)) {
        let plan: IExtractionPlan;
        let bytes: Uint8Array;
        let extraction: IExtraction | undefined;
        try {
          // In a Web Worker: the bytes travel there and back. The files are
          // kept from this same pass: what is written is exactly what was
          // checked, by the same reader (no other extractor ever sees it).
          ({ extraction, data: bytes } = await extractOffThread(
            data,
            key,
            this._options.limits,
            { signal }
          ));
          plan = extraction;
        } catch (reason) {
          if (reason instanceof ArchiveError) {
            throw new CatalogueError(
              {
                code: 'archive-refused',
                key,
                archive: reason.problem,
                ...(reason.entry !== undefined ? { entry: reason.entry } : {})
              },
              `${key} was not imported: ${reason.message} Nothing was written.`
            );
          }
          throw reason;
        }
        planned.push({ key, data: bytes, plan, subfolder: '', extraction });
      } else {
        planned.push({ key, data, plan: null, subfolder: '' });
      }
      this._filesDone++;
      this.emit();
    }
    const archives = planned.filter(p => p.plan);
    if (archives.length) {
      // Top-level names counted once per owner; a clash needs subfolders.
      const owners = new Map<string, Set<Private.IPlanned>>();
      for (const p of planned) {
        const tops = p.plan
          ? [
              ...p.plan.entries.map(e => e.path.split('/')[0]),
              ...p.plan.folders.map(f => f.split('/')[0])
            ]
          : [p.key];
        for (const t of tops) {
          const k = collisionKey(t);
          owners.set(k, (owners.get(k) ?? new Set()).add(p));
        }
      }
      const clash = [...owners.values()].some(s => s.size > 1);
      if (clash) {
        // Each archive its own subfolder, named after it through the same
        // safe-name rule as the import folder, distinct from every other
        // subfolder and loose file.
        const taken = new Set(
          planned.filter(p => !p.plan).map(p => collisionKey(p.key))
        );
        for (const p of archives) {
          const base = safeFolderName(Private.stripArchiveExtension(p.key));
          let name = base;
          for (let n = 2; taken.has(collisionKey(name)); n++) {
            name = `${base} (${n})`;
          }
          taken.add(collisionKey(name));
          p.subfolder = name;
        }
      }
    }
    return planned;
  }

  private async writeAll(
    planned: Private.IPlanned[],
    signal: AbortSignal
  ): Promise<IImportResult> {
    throwIfAborted(signal);
    const { contents, parent, artifact, limits } = this._options;
    const folder = await createNewFolder(
      contents,
      parent,
      Private.folderName(artifact)
    );
    this._writer = new FolderWriter(contents, folder);
    const writer = this._writer;
    const skipped: ISkippedEntry[] = [];
    const written: string[] = [];
    let method: IImportResult['method'] = 'none';

    const total = planned.reduce(
      (n, p) => n + (p.plan ? p.plan.totalBytes : p.data.byteLength),
      0
    );
    this._bytesDone = 0;
    this._bytesTotal = total;
    this._filesDone = 0;
    this._filesTotal = planned.reduce(
      (n, p) => n + (p.plan ? p.plan.entries.length : 1),
      0
    );
    this.set('writing');
    let bytesBefore = 0;
    let filesBefore = 0;
    const progress = (p: { filesDone: number; bytesDone: number }) => {
      this._bytesDone = bytesBefore + p.bytesDone;
      this._filesDone = filesBefore + p.filesDone;
      this.emitSoon();
    };

    for (const p of planned) {
      throwIfAborted(signal);
      this._currentFile = p.key;
      const base = p.subfolder ? `${p.subfolder}/` : '';
      if (p.plan) {
        method = 'browser';
        const extraction =
          p.extraction ??
          (await extractOffThread(p.data, p.key, limits, { signal }))
            .extraction;
        p.extraction = undefined;
        await writer.makeFolders(
          extraction.folders.map(f => `${base}${f}`),
          signal
        );
        await writer.writeFiles(
          extraction.entries.map(e => ({
            path: `${base}${e.path}`,
            data: e.data
          })),
          { signal, onProgress: progress }
        );
        extraction.entries.forEach(e =>
          written.push(writer.resolve(`${base}${e.path}`))
        );
        skipped.push(...extraction.skipped);
      } else {
        await writer.writeFiles([{ path: p.key, data: p.data }], {
          signal,
          onProgress: progress
        });
        written.push(writer.resolve(p.key));
      }
      bytesBefore = this._bytesDone;
      filesBefore = this._filesDone;
    }

    throwIfAborted(signal);
    this.set('finishing');
    const citation = await this.writeCitation(folder, written, signal);
    if (citation && !written.includes(citation)) {
      written.push(citation);
    }
    return {
      folder,
      files: written,
      skipped,
      open: Private.pickFileToOpen(folder, written),
      method
    };
  }

  /**
   * Write the folder's `CITATION.cff`, or add the DOI to the one the
   * artifact brought.
   */
  private async writeCitation(
    folder: string,
    written: string[],
    signal: AbortSignal
  ): Promise<string | null> {
    const { contents, artifact } = this._options;
    const path = `${folder}/CITATION.cff`;
    const existing = written.find(w => w.toLowerCase() === path.toLowerCase());
    let text: string | null;
    if (existing) {
      const model = await contents.get(existing, {
        content: true,
        format: 'text',
        type: 'file'
      });
      text = withDoi(String(model.content ?? ''), artifact);
    } else {
      text = citationFor(artifact);
    }
    if (text === null) {
      return existing ?? null;
    }
    const target = existing ?? path;
    if (!existing) {
      this._writer!.track(target);
    }
    await writeFile(contents, target, new TextEncoder().encode(text), {
      signal
    });
    return target;
  }

  private set(phase: ImportPhase): void {
    this._phase = phase;
    this.emit();
  }

  private emit(): void {
    this._lastEmit = Date.now();
    this._changed.emit();
  }

  /**
   * Progress ticks are frequent; views need at most a few a second.
   */
  private emitSoon(): void {
    if (Date.now() - this._lastEmit > 100) {
      this.emit();
    }
  }

  private _options: IImportOptions;
  private _files: ArtifactFile[];
  private _phase: ImportPhase = 'ready';
  private _bytesDone = 0;
  private _bytesTotal = 0;
  private _filesDone = 0;
  private _filesTotal = 0;
  private _currentFile = '';
  private _result: IImportResult | null = null;
  private _error: Error | null = null;
  private _remaining: string[] = [];
  private _writer: FolderWriter | null = null;
  private _server: ServerImport | null = null;
  private _lastEmit = 0;
  private _controller = new AbortController();
  private _changed = new Signal<this, void>(this);
}

/**
 * The folder an artifact imports into: its title and version, as a
 * shell-friendly slug (`urban-heat-island-lyon-v1.2`).
 */
export function importFolderName(artifact: Artifact): string {
  return Private.folderName(artifact);
}

/**
 * Module-private helpers.
 */
namespace Private {
  /**
   * One downloaded file with its plan (null for a file saved as it is).
   */
  export interface IPlanned {
    key: string;
    data: Uint8Array;
    plan: IExtractionPlan | null;
    subfolder: string;
    /**
     * The files, when they were kept from the checking pass.
     */
    extraction?: IExtraction;
  }

  export function folderName(artifact: Artifact): string {
    const slug = artifact.title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
    const base = slug || `zenodo-${artifact.id}`;
    const version = (artifact.version ?? '')
      .trim()
      .replace(/^v(?=\d)/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-');
    return version ? `${base}-v${version}` : base;
  }

  /**
   * The last segment of a file key (Zenodo keys have no folders, an index's
   * might).
   */
  export function baseName(key: string): string {
    return key.split('/').pop() || key;
  }

  /**
   * Refuse a file key that cannot become a name in the new folder: hidden
   * (`.x`, and `...zip`, whose subfolder would be `..`), climbing (`..`),
   * or breaking on another system (Windows-reserved names and characters,
   * control characters, backslashes).
   */
  export function checkFileKey(key: string): void {
    const refuse = (
      why: 'hidden' | 'not-plain' | 'entry',
      english: string,
      archive?: ArchiveProblem
    ): never => {
      throw new CatalogueError(
        { code: 'bad-file-name', key, why, ...(archive ? { archive } : {}) },
        `The file name ${JSON.stringify(key)} cannot be stored on the server: ${english} Nothing was downloaded.`
      );
    };
    if (key.startsWith('.')) {
      refuse(
        'hidden',
        'it is hidden (it starts with a dot), which could also turn its folder into "." or "..".'
      );
    }
    let checked: string;
    try {
      checked = checkEntryName(key);
    } catch (reason) {
      if (!(reason instanceof ArchiveError)) {
        throw reason;
      }
      return refuse('entry', reason.reason, reason.problem);
    }
    if (checked !== key) {
      refuse('not-plain', 'it is not a plain file name.');
    }
  }

  export function stripArchiveExtension(key: string): string {
    return key.replace(/(\.tar\.gz|\.tgz|\.tar|\.zip)$/i, '') || 'archive';
  }

  /**
   * The README at the shallowest level, else the shallowest first notebook.
   */
  export function pickFileToOpen(
    folder: string,
    files: string[]
  ): string | null {
    const depth = (p: string) => p.split('/').length;
    const rel = files
      .filter(f => f.startsWith(folder + '/'))
      .sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
    const readme = rel.find(f =>
      /^readme(\.(md|ipynb|txt|rst))?$/i.test(PathExt.basename(f))
    );
    if (readme && depth(readme) <= depth(folder) + 2) {
      return readme;
    }
    return rel.find(f => f.toLowerCase().endsWith('.ipynb')) ?? readme ?? null;
  }
}
