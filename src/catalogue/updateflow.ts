/**
 * The update workflow: bring a folder imported from one version of an
 * artifact to a newer version, the way nbgitpuller merges: files the user
 * did not change follow the new version, the user's changes are never
 * overwritten or deleted, and a report says what happened to each file.
 * A plain class, usable without JupyterLab: `prepare` downloads and plans
 * (writes nothing), `apply` writes.
 *
 * #### Notes
 * What the user changed is found by comparing with the imported version's
 * own files, downloaded again from Zenodo (a hidden checksum file would be
 * invisible to the Contents API, see DESIGN.md).
 *
 * @packageDocumentation
 * @module catalogue/updateflow
 */
import { ISignal, Signal } from '@lumino/signaling';

import { CITATION_FILE } from '../workspace/citation';
import {
  archiveKind,
  ArchiveError,
  collisionKey,
  IExtractionLimits
} from '../workspace/extract';
import { extractOffThread } from '../workspace/offthread';
import {
  besideName,
  FileBody,
  IUpdateStep,
  planUpdate
} from '../workspace/update';
import { ContentsWriter, safeFolderName, writeFile } from '../workspace/write';
import { throwIfAborted } from '../workspace/abort';
import { formatBytes } from '../format';
import { Artifact, ArtifactFile, TransferOptions } from '../zenodo';
import { CatalogueError } from './errors';
import { citationFor, withDoi } from './provenance';

/**
 * The steps of an update, in order.
 */
export type UpdatePhase =
  | 'ready'
  | 'downloading'
  | 'comparing'
  | 'planned'
  | 'writing'
  | 'done'
  | 'failed'
  | 'cancelled';

/**
 * Options of {@link UpdateWorkflow}.
 */
export interface IUpdateOptions {
  /** The imported folder (server path). */
  folder: string;
  /** The version the folder was imported from. */
  from: Artifact;
  /** The version to update to. */
  to: Artifact;
  /** Downloads one file (a catalogue source's `download`). */
  download: (file: ArtifactFile, options: TransferOptions) => Promise<Blob>;
  contents: ContentsWriter;
  /** Largest download of one version, in bytes. */
  maxBytes: number;
  limits: IExtractionLimits;
}

/**
 * What an update did (or, after `prepare`, will do).
 */
export interface IUpdateReport {
  /** The folder updated (server path). */
  folder: string;
  /** One step per file of either version (paths relative to the folder). */
  steps: IUpdateStep[];
  /** The folder's CITATION.cff (server path), naming the new version. */
  citation: string;
}

/**
 * The label of a version in file names: `v2`, `v1.3`, or the record id.
 */
export function versionLabel(artifact: Artifact): string {
  const version = (artifact.version ?? '').trim();
  if (!version) {
    return `r${artifact.id}`;
  }
  return /^\d/.test(version) ? `v${version}` : version;
}

/**
 * Updates an imported folder to a newer version.
 */
export class UpdateWorkflow {
  constructor(options: IUpdateOptions) {
    this._options = options;
  }

  /** The folder updated. */
  get folder(): string {
    return this._options.folder;
  }
  /** The version updated from. */
  get from(): Artifact {
    return this._options.from;
  }
  /** The version updated to. */
  get to(): Artifact {
    return this._options.to;
  }
  get phase(): UpdatePhase {
    return this._phase;
  }
  /** The plan (after `prepare`) or what was done (after `apply`). */
  get report(): IUpdateReport | null {
    return this._report;
  }
  get error(): Error | null {
    return this._error;
  }
  /** Files written so far while applying (server paths). */
  get written(): readonly string[] {
    return this._written;
  }
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Stop; what was written so far is listed in `written`. */
  cancel(): void {
    this._controller.abort();
  }

  /**
   * Download both versions, read the folder, and plan. Writes nothing.
   */
  async prepare(): Promise<IUpdateReport> {
    if (this._phase !== 'ready') {
      throw new Error('An update is prepared only once.');
    }
    const signal = this._controller.signal;
    return this.guard(async () => {
      const { from, to, folder } = this._options;
      this.set('downloading');
      this._base = await this.versionFiles(from, signal);
      this._next = await this.versionFiles(to, signal);
      this.set('comparing');
      const { files, folders, sizes } = await this.listFolder(signal);
      this._currentNames = [...files, ...folders];
      const current = new Map<string, FileBody | null>();
      for (const path of files) {
        current.set(path, null);
      }
      for (const path of new Set([
        ...this._base.files.keys(),
        ...this._next.files.keys()
      ])) {
        throwIfAborted(signal);
        if (!current.has(path)) {
          continue;
        }
        // A file whose size matches neither version's copy is changed: it
        // is not read (it may be far larger than the artifact).
        const size = sizes.get(path);
        const lengths = [this._base.files, this._next.files].map(
          m => m.get(path)?.length
        );
        current.set(
          path,
          size !== undefined && !lengths.includes(size)
            ? `changed (${size} bytes)`
            : ((await this.readCurrent(path)) ?? null)
        );
      }
      const steps = planUpdate({
        base: this._base.files,
        next: this._next.files,
        current,
        folders,
        label: versionLabel(to)
      });
      this._report = {
        folder,
        steps,
        citation: this._citationPath ?? `${folder}/${CITATION_FILE}`
      };
      this.set('planned');
      return this._report;
    });
  }

  /**
   * Write the plan, then the folder's CITATION.cff naming the new version.
   * A file planned to be replaced or deleted is read again first: if it
   * changed since the plan, it is kept and the new copy written beside it.
   */
  async apply(): Promise<IUpdateReport> {
    if (this._phase !== 'planned' || !this._report || !this._next) {
      throw new Error('Prepare the update before applying it.');
    }
    const signal = this._controller.signal;
    const report = this._report;
    const next = this._next;
    return this.guard(async () => {
      this.set('writing');
      const { contents, folder, to } = this._options;
      const made = new Set<string>();
      const ensureFolders = async (relative: string) => {
        const parts = relative.split('/').slice(0, -1);
        for (let i = 1; i <= parts.length; i++) {
          const sub = parts.slice(0, i).join('/');
          if (!made.has(sub)) {
            await contents.save(`${folder}/${sub}`, { type: 'directory' });
            made.add(sub);
          }
        }
      };
      for (const step of report.steps) {
        throwIfAborted(signal);
        if (step.action === 'replaced' || step.action === 'deleted') {
          const now = await this.readCurrent(step.path);
          const base = this._base!.files.get(step.path)!;
          if (!Private.same(now, base)) {
            // Changed since the plan: the user's edit wins.
            if (step.action === 'deleted') {
              step.action = 'left';
              continue;
            }
            step.action = 'kept-beside';
            const used = new Set(
              [
                ...this._currentNames,
                ...report.steps.flatMap(s => [s.path, s.writeTo ?? ''])
              ].map(collisionKey)
            );
            step.writeTo = besideName(step.path, versionLabel(to), p =>
              used.has(collisionKey(p))
            );
          }
        }
        if (step.action === 'deleted') {
          await contents.delete(`${folder}/${step.path}`);
          continue;
        }
        if (step.writeTo) {
          await ensureFolders(step.writeTo);
          const target = `${folder}/${step.writeTo}`;
          await writeFile(contents, target, next.files.get(step.path)!, {
            signal
          });
          this._written.push(target);
          this._changed.emit();
        }
      }
      throwIfAborted(signal);
      report.citation = await this.writeCitation();
      this.set('done');
      return report;
    });
  }

  /**
   * The files of one version as they are laid out in an imported folder:
   * archives unpacked into it (each into a subfolder of its own when names
   * would clash, as the import does), other files as they are.
   */
  private async versionFiles(
    artifact: Artifact,
    signal: AbortSignal
  ): Promise<Private.IVersionFiles> {
    const { download, maxBytes, limits } = this._options;
    const total = artifact.files.reduce((n, f) => n + (f.size || 0), 0);
    if (total > maxBytes) {
      throw new CatalogueError(
        {
          code: 'version-too-large',
          version: artifact.version ?? artifact.id,
          bytes: total,
          maxBytes
        },
        `Version ${artifact.version ?? artifact.id} is ${formatBytes(total)}, more than the ${formatBytes(maxBytes)} this server accepts. Nothing was written.`
      );
    }
    const parts: { key: string; files: Map<string, Uint8Array> | null }[] = [];
    const loose = new Map<string, Uint8Array>();
    for (const file of artifact.files) {
      throwIfAborted(signal);
      const key = file.key.split('/').pop() || file.key;
      const blob = await download(file, { signal });
      const data = new Uint8Array(await blob.arrayBuffer());
      if (archiveKind(key)) {
        try {
          // Off the main thread, by the same reader as the import.
          const { extraction } = await extractOffThread(data, key, limits, {
            signal
          });
          parts.push({
            key,
            files: new Map(extraction.entries.map(e => [e.path, e.data]))
          });
        } catch (reason) {
          if (reason instanceof ArchiveError) {
            throw new CatalogueError(
              {
                code: 'version-archive-refused',
                key,
                version: artifact.version ?? artifact.id,
                archive: reason.problem,
                ...(reason.entry !== undefined ? { entry: reason.entry } : {})
              },
              `${key} of version ${artifact.version ?? artifact.id} could not be read: ${reason.message} Nothing was written.`
            );
          }
          throw reason;
        }
      } else {
        parts.push({ key, files: null });
        loose.set(key, data);
      }
    }
    const owners = new Map<string, Set<string>>();
    for (const p of parts) {
      const tops = p.files
        ? [...p.files.keys()].map(path => path.split('/')[0])
        : [p.key];
      for (const t of tops) {
        const k = collisionKey(t);
        owners.set(k, (owners.get(k) ?? new Set()).add(p.key));
      }
    }
    const clash = [...owners.values()].some(s => s.size > 1);
    const files = new Map<string, Uint8Array>();
    let citation: Uint8Array | null = null;
    const taken = new Set(
      parts.filter(p => !p.files).map(p => collisionKey(p.key))
    );
    for (const p of parts) {
      if (!p.files) {
        files.set(p.key, loose.get(p.key)!);
        continue;
      }
      let prefix = '';
      if (clash) {
        const base = safeFolderName(
          p.key.replace(/(\.tar\.gz|\.tgz|\.tar|\.zip)$/i, '') || 'archive'
        );
        let name = base;
        for (let n = 2; taken.has(collisionKey(name)); n++) {
          name = `${base} (${n})`;
        }
        taken.add(collisionKey(name));
        prefix = `${name}/`;
      }
      for (const [path, data] of p.files) {
        files.set(`${prefix}${path}`, data);
      }
    }
    // The folder's CITATION.cff is the import's record of where it came
    // from: it is rewritten to name the new version, not merged.
    for (const path of [...files.keys()]) {
      if (path.toLowerCase() === CITATION_FILE.toLowerCase()) {
        citation = files.get(path)!;
        files.delete(path);
      }
    }
    return { files, citation };
  }

  private async listFolder(signal: AbortSignal): Promise<{
    files: string[];
    folders: string[];
    sizes: Map<string, number>;
  }> {
    const { contents, folder } = this._options;
    const files: string[] = [];
    const folders: string[] = [];
    const sizes = new Map<string, number>();
    const queue = [''];
    while (queue.length) {
      throwIfAborted(signal);
      const relative = queue.shift()!;
      const path = relative ? `${folder}/${relative}` : folder;
      const listing = await contents.get(path, { content: true });
      for (const child of (listing.content ?? []) as {
        name: string;
        type: string;
        size?: number | null;
      }[]) {
        const rel = relative ? `${relative}/${child.name}` : child.name;
        if (child.type === 'directory') {
          folders.push(rel);
          queue.push(rel);
        } else if (
          !relative &&
          child.name.toLowerCase() === CITATION_FILE.toLowerCase()
        ) {
          this._citationPath = `${folder}/${child.name}`;
        } else {
          files.push(rel);
          if (typeof child.size === 'number') {
            sizes.set(rel, child.size);
          }
        }
      }
    }
    return { files, folders, sizes };
  }

  private async readCurrent(path: string): Promise<Uint8Array | undefined> {
    const { contents, folder } = this._options;
    try {
      const model = await contents.get(`${folder}/${path}`, {
        type: 'file',
        format: 'base64',
        content: true
      });
      return Private.fromBase64(String(model.content ?? ''));
    } catch (reason) {
      const status = (reason as { response?: { status?: number } }).response
        ?.status;
      if (status === 404) {
        return undefined; // Deleted by the user.
      }
      throw reason;
    }
  }

  /**
   * The CITATION.cff names the new version: the one the new version brings
   * (with its DOI), else a fresh one.
   */
  private async writeCitation(): Promise<string> {
    const { contents, folder, to } = this._options;
    const brought = this._next?.citation;
    let text: string | null = null;
    if (brought) {
      const own = new TextDecoder().decode(brought);
      text = withDoi(own, to) ?? own;
    }
    text = text ?? citationFor(to);
    const target = this._citationPath ?? `${folder}/${CITATION_FILE}`;
    await writeFile(contents, target, new TextEncoder().encode(text));
    this._written.push(target);
    return target;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    const signal = this._controller.signal;
    try {
      return await work();
    } catch (reason) {
      this._error = signal.aborted
        ? new Error(
            this._written.length
              ? `The update was cancelled after writing ${this._written.length} file(s); the folder's CITATION.cff still names the version it had.`
              : 'The update was cancelled; nothing was written.'
          )
        : (reason as Error);
      this.set(signal.aborted ? 'cancelled' : 'failed');
      throw this._error;
    }
  }

  private set(phase: UpdatePhase): void {
    this._phase = phase;
    this._changed.emit();
  }

  private _options: IUpdateOptions;
  private _phase: UpdatePhase = 'ready';
  private _report: IUpdateReport | null = null;
  private _error: Error | null = null;
  private _written: string[] = [];
  private _base: Private.IVersionFiles | null = null;
  private _next: Private.IVersionFiles | null = null;
  private _citationPath: string | null = null;
  private _currentNames: string[] = [];
  private _controller = new AbortController();
  private _changed = new Signal<this, void>(this);
}

namespace Private {
  export interface IVersionFiles {
    files: Map<string, Uint8Array>;
    citation: Uint8Array | null;
  }

  export function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
    if (!a || a.byteLength !== b.byteLength) {
      return false;
    }
    for (let i = 0; i < a.byteLength; i++) {
      if (a[i] !== b[i]) {
        return false;
      }
    }
    return true;
  }

  export function fromBase64(text: string): Uint8Array {
    const binary = atob(text.replace(/\s+/g, ''));
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      out[i] = binary.charCodeAt(i);
    }
    return out;
  }
}
