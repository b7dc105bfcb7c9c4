/**
 * The publish workflow: a plain class with an explicit phase, progress, a
 * result or an error, cancellable, and resumable on the same deposition.
 *
 * @packageDocumentation
 * @module share/workflow
 */
import type { Contents } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import {
  Artifact,
  Deposition,
  originOf,
  parseRecordReference,
  RetryInfo,
  RetryReason,
  ZenodoClient,
  ZenodoError
} from '../zenodo';
import type { ZenodoHint, ZenodoMessage } from '../zenodo';
import type { ITransfers } from '../tokens';
import { buildArchive } from '../workspace/archive';
import {
  CITATION_FILE,
  ICitationFields,
  readFolderCitation,
  writeCitation
} from '../workspace/citation';
import {
  Companion,
  CompanionError,
  CompanionJob
} from '../workspace/companion';
import { readFolderArchive } from '../workspace/jupyterarchive';
import { WorkspaceError } from '../workspace/errors';
import type { WorkspaceProblem } from '../workspace/errors';
import { readServerFile } from '../workspace/read';
import {
  IInspection,
  inspectFiles,
  MISMATCH_REASON,
  UNREADABLE_REASON
} from '../workspace/inspect';
import { SECRET_REASONS, SecretCode } from '../workspace/secrets';
import {
  compare,
  flagSecrets,
  IExcludedPath,
  ISecretFlag,
  IWalkedFile,
  IWalkResult,
  joinPath,
  normaliseFolder,
  walkFolder
} from '../workspace/walk';
import {
  bumpVersion,
  emptyMetadata,
  formFieldFor,
  fromCitation,
  fromZenodoMetadata,
  IArtifactMetadata,
  IFieldError,
  toCitation,
  today,
  toZenodoMetadata,
  validateMetadata
} from './metadata';

/**
 * Bytes of the files the preview read that are kept for the archive (in the
 * browser) instead of being read again: all files of up to 4 KiB and text
 * up to the secret-scan limit are read to preview, for a folder of
 * thousands of small files one request each.
 */
const KEEP_PREVIEW_BYTES = 32 * 1024 * 1024;

/**
 * Publishes a folder to Zenodo: preview → draft (new deposition with a
 * reserved DOI, a new version, or an edit) → metadata → CITATION.cff →
 * archive → upload → publish (or keep the draft).
 *
 * #### Notes
 * A failure keeps the draft; {@link retry} resumes at the failed phase with
 * the same deposition, so one publish never makes two depositions. Cancel
 * discards a draft this workflow created (and says so), or keeps it if
 * Zenodo does not let it go, and puts back the folder's CITATION.cff.
 */
export class PublishWorkflow {
  constructor(options: PublishWorkflow.IOptions) {
    this._options = options;
    this._folder = normaliseFolder(options.folder);
    this._now = options.now ?? today;
    this._client = new ZenodoClient({
      baseUrl: options.zenodo.baseUrl,
      token: options.zenodo.token,
      tokenUrl: options.zenodo.tokenUrl,
      ...options.clientOptions,
      onRetry: info => this._onRetry(info)
    });
    this._read =
      options.read ??
      ((path, signal, maxBytes) =>
        readServerFile(options.contents.serverSettings, path, {
          signal,
          maxBytes
        }));
    this._readFolder =
      options.readFolder ??
      (options.read
        ? undefined
        : (path, signal, maxBytes) =>
            readFolderArchive(options.contents.serverSettings, path, {
              signal,
              maxBytes
            }));
  }

  /**
   * The folder being published (server path, no slashes around).
   */
  get folder(): string {
    return this._folder;
  }

  /**
   * The current state (a fresh copy).
   */
  get state(): PublishWorkflow.IState {
    return { ...this._state };
  }

  /**
   * Emitted whenever the state changes.
   */
  get stateChanged(): ISignal<this, PublishWorkflow.IState> {
    return this._stateChanged;
  }

  /**
   * Walk the folder and say what would be sent: files, size, the largest
   * files, what is left out and why, files that look like secrets, whether
   * the size limit is exceeded, and the folder's CITATION.cff if any.
   */
  async preview(
    skip?: (path: string) => boolean,
    includeFlagged: Iterable<string> = []
  ): Promise<PublishWorkflow.IPreview> {
    this._update({ phase: 'preview', message: { code: 'looking' } });
    const found = await walkFolder(this._options.contents, this._folder, {
      exclude: this._options.exclude,
      skip
    });
    // Links and files that changed are refused; text is searched.
    const inspection = await this._inspect(found.files);
    this._previewBytes = inspection.bytes;
    const refused = new Set(inspection.refused.map(r => r.path));
    const checked: IWalkResult = {
      files: found.files.filter(f => !refused.has(f.path)),
      excluded: [...found.excluded, ...inspection.refused],
      totalBytes: 0
    };
    const byName = flagSecrets(checked.files.map(f => f.path));
    const named = new Set(byName.map(f => f.path));
    const { walk, secrets, included } = leaveOutSecrets(
      checked,
      [
        ...byName,
        ...inspection.secrets.filter(
          f => !named.has(f.path) && !refused.has(f.path)
        )
      ].sort((a, b) => compare(a.path, b.path)),
      new Set(includeFlagged)
    );
    this._walk = walk;
    const limitBytes = this._options.maxBytes ?? 500 * 1000 * 1000;
    const preview: PublishWorkflow.IPreview = {
      folder: this._folder,
      ...walk,
      largest: [...walk.files].sort((a, b) => b.size - a.size).slice(0, 5),
      secrets,
      includedSecrets: included,
      refused: inspection.refused,
      limitBytes,
      overLimit: walk.totalBytes > limitBytes,
      citation: await this._readCitation()
    };
    this._preview = preview;
    this._update({
      phase: 'idle',
      message: undefined,
      filesTotal: walk.files.length,
      bytesTotal: walk.totalBytes
    });
    return preview;
  }

  /**
   * Find the published artifact a DOI names (as in the folder's
   * CITATION.cff), its latest version, and whether this token owns it.
   */
  async resolve(doi: string): Promise<PublishWorkflow.IResolved> {
    // The client is the one place that reads DOIs and record links.
    let record: Artifact;
    try {
      record = await this._client.resolveRecord(doi);
    } catch (error) {
      if (
        error instanceof ZenodoError &&
        (error.kind === 'not-found' || error.kind === 'invalid-input')
      ) {
        throw new PublishWorkflow.Problem('no-record', doi);
      }
      throw error;
    }
    let latest = record;
    const latestId = parseRecordReference(record.links.latest ?? '')?.recordId;
    if (latestId && latestId !== String(record.id)) {
      latest = await this._client.getRecord(latestId);
    }
    let deposition: Deposition | undefined;
    try {
      deposition = await this._client.getDeposition(latest.id);
    } catch (error) {
      if (
        !(error instanceof ZenodoError) ||
        !['forbidden', 'not-found', 'unauthorized'].includes(error.kind)
      ) {
        throw error;
      }
    }
    const metadata = deposition
      ? fromZenodoMetadata(deposition.metadata)
      : this._fromArtifact(latest);
    return { record, latest, owned: !!deposition, metadata };
  }

  /**
   * The form's starting values: the previous version's metadata (for a new
   * version or an edit), else the folder's CITATION.cff, else `defaults`;
   * the hub user as creator when there is none.
   */
  initialMetadata(
    defaults: Partial<IArtifactMetadata>,
    resolved?: PublishWorkflow.IResolved,
    mode: PublishWorkflow.Mode = 'new',
    userName?: string
  ): IArtifactMetadata {
    let m = emptyMetadata(defaults);
    const fields = this._preview?.citation?.fields;
    const derived = mode === 'new' ? this.derivedFrom() : undefined;
    if (resolved?.metadata && resolved.owned) {
      m = { ...resolved.metadata };
      if (mode === 'version') {
        m.version = bumpVersion(m.version);
        m.publicationDate = '';
      }
    } else if (fields) {
      m = fromCitation(fields, m);
    }
    if (derived) {
      // A new artifact from a published one: its authors and version are
      // the original's, not this one's. The creator is the person
      // publishing; the original is credited by its DOI.
      m.creators = [];
      m.version = '';
      if (
        !m.relatedIdentifiers.some(
          r => r.relation === 'isDerivedFrom' && r.identifier === derived.doi
        )
      ) {
        m.relatedIdentifiers = [
          ...m.relatedIdentifiers,
          { identifier: derived.doi, relation: 'isDerivedFrom' }
        ];
      }
    }
    if (!m.title) {
      m.title = this._folder.split('/').pop() || '';
    }
    if (!m.creators.length && derived && !userName) {
      // An empty row for the person to fill in (the form requires one).
      m.creators = [{ family: '', given: '', affiliation: '', orcid: '' }];
    }
    if (!m.creators.length && userName) {
      const parts = userName.trim().split(/\s+/);
      m.creators = [
        {
          family: parts.length > 1 ? parts.pop()! : parts[0],
          given: parts.length ? parts.join(' ') : '',
          affiliation: '',
          orcid: ''
        }
      ];
      if (parts.length === 0) {
        m.creators[0].given = '';
      }
    }
    return m;
  }

  /**
   * The published artifact a new one from this folder derives from: the DOI
   * and authors its CITATION.cff names (the folder was imported, or
   * published before). Undefined when the file names no DOI. Needs
   * {@link preview} first.
   */
  derivedFrom(): { doi: string; authors: string[] } | undefined {
    const citation = this._preview?.citation;
    const doi = citation?.doi ?? citation?.fields?.doi;
    if (!doi) {
      return undefined;
    }
    const authors = (citation?.fields?.authors ?? [])
      .map(
        a =>
          [a.givenNames, a.familyNames].filter(Boolean).join(' ') ||
          a.name ||
          ''
      )
      .filter(Boolean);
    return { doi, authors };
  }

  /**
   * Check the form with the rules Zenodo applies at publish (as of today):
   * the one validation the views and {@link run} share.
   */
  check(metadata: IArtifactMetadata): IFieldError[] {
    return validateMetadata(metadata, this._now());
  }

  /**
   * Run the workflow. Resolves with the result, or with undefined when it
   * failed or was cancelled (see `state`).
   */
  async run(
    request: PublishWorkflow.IRequest
  ): Promise<PublishWorkflow.IResult | undefined> {
    const problems = this.check(request.metadata);
    if (problems.length) {
      this._update({
        phase: 'failed',
        failedPhase: 'metadata',
        message: { code: 'fields' },
        error: {
          code: 'fields',
          message: '',
          hint: '',
          fieldErrors: problems
        }
      });
      return undefined;
    }
    this._request = request;
    this._deposition = undefined;
    this._archive = undefined;
    this._citationBefore = undefined;
    this._citationWritten = false;
    return this._go('draft');
  }

  /**
   * Resume after a failure at the phase that failed, with the same draft.
   */
  async retry(
    metadata?: IArtifactMetadata
  ): Promise<PublishWorkflow.IResult | undefined> {
    if (!this._request || this._state.phase !== 'failed') {
      throw new Error('There is nothing to retry.');
    }
    if (metadata) {
      this._request = { ...this._request, metadata };
    }
    const from = this._state.failedPhase ?? 'draft';
    // Metadata may have changed after field errors: send it again.
    const start = from === 'publish' && metadata ? ('metadata' as const) : from;
    return this._go(start);
  }

  /**
   * Stop. A draft this workflow created is discarded (the state says
   * whether that worked); the folder's CITATION.cff is put back.
   */
  cancel(): void {
    this._controller?.abort(new DOMException('Cancelled', 'AbortError'));
    if (this._state.phase === 'failed') {
      void this._cleanUp();
    }
  }

  private async _go(
    from: PublishWorkflow.Phase
  ): Promise<PublishWorkflow.IResult | undefined> {
    const request = this._request!;
    const controller = new AbortController();
    this._controller = controller;
    const signal = controller.signal;
    const order: PublishWorkflow.Phase[] =
      request.mode === 'edit'
        ? ['draft', 'metadata', 'citation', 'publish']
        : ['draft', 'metadata', 'citation', 'archive', 'upload', 'publish'];
    let index = Math.max(0, order.indexOf(from));
    this._update({ error: undefined, cancelOutcome: undefined });
    try {
      for (; index < order.length; index++) {
        const phase = order[index];
        this._update({ phase, waiting: undefined });
        await this._phase(phase, request, signal);
      }
      const result = this._makeResult(request);
      this._update({
        phase: 'done',
        message: result.published
          ? { code: 'published', doi: result.doi }
          : { code: 'draft-ready' },
        result,
        waiting: undefined
      });
      return result;
    } catch (error) {
      if (signal.aborted) {
        await this._cleanUp();
        return undefined;
      }
      const failedPhase = order[index];
      const unreachable =
        error instanceof ZenodoError && error.kind === 'network';
      this._update({
        phase: 'failed',
        failedPhase,
        waiting: undefined,
        ...(unreachable
          ? this._unreachable(failedPhase, error)
          : {
              message: {
                code: 'failed',
                phase: failedPhase,
                kept: !!this._deposition
              },
              error: PublishWorkflow.describeError(error)
            })
      });
      return undefined;
    } finally {
      if (this._controller === controller) {
        this._controller = undefined;
      }
    }
  }

  private async _phase(
    phase: PublishWorkflow.Phase,
    request: PublishWorkflow.IRequest,
    signal: AbortSignal
  ): Promise<void> {
    const client = this._client;
    switch (phase) {
      case 'draft': {
        if (this._deposition) {
          return; // Resuming: never a second deposition.
        }
        if (request.mode === 'new') {
          this._update({ message: { code: 'creating-draft' } });
          if (this._draftUncertain) {
            // The last attempt's answer was lost: Zenodo may have made the
            // draft all the same. Find it by its marker rather than make
            // a second one.
            this._deposition = await this._findMarkedDraft(signal);
          }
          if (!this._deposition) {
            try {
              // The marker (in `notes`, replaced by the metadata sent next)
              // tells this run's draft apart from any other.
              this._deposition = await client.createDeposition(
                { prereserve_doi: true, notes: this._marker } as any,
                { signal }
              );
              this._draftUncertain = false;
            } catch (error) {
              this._draftUncertain =
                error instanceof ZenodoError &&
                (error.kind === 'network' || error.kind === 'server');
              throw error;
            }
          }
          this._createdDraft = true;
        } else if (request.mode === 'version') {
          this._update({ message: { code: 'starting-version' } });
          this._deposition = await client.newVersion(request.previousId!, {
            signal,
            // A draft left open by an earlier run (or on Zenodo's site) is
            // continued: its files are replaced by this run's archive below.
            onOpenDraft: () =>
              this._update({ message: { code: 'continuing-version' } })
          });
          this._createdDraft = true;
        } else {
          this._update({ message: { code: 'opening-edit' } });
          this._deposition = await client.edit(request.previousId!, {
            signal
          });
          this._createdDraft = true;
        }
        this._update({
          depositionId: this._deposition.id,
          reservedDoi: this._deposition.doi ?? this._deposition.prereservedDoi
        });
        return;
      }
      case 'metadata': {
        this._update({ message: { code: 'sending-metadata' } });
        const metadata: Record<string, unknown> = toZenodoMetadata(
          request.metadata,
          this._now()
        );
        this._deposition = await client.updateMetadata(
          this._deposition!,
          metadata as any,
          { signal }
        );
        return;
      }
      case 'citation': {
        if (!request.writeCitation) {
          return;
        }
        this._update({ message: { code: 'writing-citation' } });
        await this._writeCitation(request, signal);
        return;
      }
      case 'archive': {
        if (this._archive) {
          return;
        }
        this._update({ message: { code: 'building-archive' } });
        if (!this._walk) {
          await this.preview(request.skip, request.includeFlagged);
          this._update({ phase: 'archive' });
        }
        const companion = await this._serverCompanion();
        if (companion) {
          try {
            // The server zips and uploads; this phase lasts while it zips.
            await this._publishOnServer(companion, request, 'archive', signal);
            return;
          } catch (error) {
            // The server may upload only to its own configured Zenodo: when
            // the page's Zenodo is another one, the browser does it.
            if (
              !(error instanceof CompanionError) ||
              error.code !== 'host-not-allowed' ||
              this._serverJob
            ) {
              throw error;
            }
            this._viaServer = false;
            this._companion = null;
            if (this._inspectedOnServer) {
              // The server's checks follow links inside the folder, which
              // the page cannot read as listed: check again as the page.
              await this.preview(request.skip, request.includeFlagged);
              this._update({ phase: 'archive' });
            }
          }
        }
        // What the preview read (and searched for secrets) is what is sent:
        // not read again.
        const name = this._citationName;
        const entries = this._walk!.files.filter(f => f.path !== name).map(
          f =>
            ({
              ...f,
              data: this._previewBytes.get(f.path)
            }) as IWalkedFile & { data?: Uint8Array }
        );
        if (this._citationText !== undefined && request.writeCitation) {
          const data = new TextEncoder().encode(this._citationText);
          entries.push({ path: name, size: data.byteLength, data });
        } else {
          const existing = this._walk!.files.find(f => f.path === name);
          if (existing) {
            entries.push({ ...existing });
          }
        }
        const blob = await buildArchive(
          entries,
          (path, s, max) => this._read(joinPath(this._folder, path), s, max),
          {
            signal,
            readFolder: this._readFolder
              ? (path, s, max) =>
                  this._readFolder!(joinPath(this._folder, path), s, max)
              : undefined,
            excluded: this._walk!.excluded.map(e => e.path),
            onProgress: p =>
              this._update({
                filesDone: p.filesDone,
                filesTotal: p.filesTotal,
                bytesDone: p.bytesDone,
                bytesTotal: p.bytesTotal
              })
          }
        );
        this._archive = blob;
        return;
      }
      case 'upload': {
        if (!this._archive && this._viaServer) {
          await this._publishOnServer(
            (await this._serverCompanion())!,
            request,
            'upload',
            signal
          );
          if (request.mode === 'version') {
            await this._removeCarriedFiles(this._archiveName(), signal);
          }
          return;
        }
        const blob = this._archive!;
        const name = this._archiveName();
        this._update({
          message: { code: 'uploading', name },
          bytesDone: 0,
          bytesTotal: blob.size
        });
        const samples: [number, number][] = [];
        await client.uploadFile(this._deposition!, name, blob, {
          signal,
          onProgress: (loaded, total) => {
            const now = Date.now();
            samples.push([now, loaded]);
            while (samples.length > 2 && now - samples[0][0] > 3000) {
              samples.shift();
            }
            const [t0, b0] = samples[0];
            const rate = now > t0 ? ((loaded - b0) * 1000) / (now - t0) : 0;
            this._update({
              waiting: undefined,
              bytesDone: loaded,
              bytesTotal: total ?? blob.size,
              rateBytesPerSecond: rate || undefined,
              secondsLeft:
                rate > 0 ? ((total ?? blob.size) - loaded) / rate : undefined
            });
          }
        });
        this._update({ bytesDone: blob.size, secondsLeft: 0 });
        if (request.mode === 'version') {
          await this._removeCarriedFiles(name, signal);
        }
        return;
      }
      case 'publish': {
        if (!request.publish) {
          this._deposition = await client.getDeposition(this._deposition!, {
            signal
          });
          return;
        }
        this._update({ message: { code: 'publishing' } });
        this._deposition = await client.publish(this._deposition!, {
          signal
        });
        this._createdDraft = false;
        return;
      }
    }
  }

  /**
   * The preview's checks of the walked files: on the server when the
   * companion will zip them and can inspect (no byte comes to the page),
   * else (or when the server's answer fails) by reading them here.
   */
  private async _inspect(files: IWalkedFile[]): Promise<IInspection> {
    const companion = await this._serverCompanion();
    const single =
      files.length === 1 && files[0].path === this._folder.split('/').pop();
    this._inspectedOnServer = false;
    if (companion && !single && (await companion.can('inspect'))) {
      try {
        const found = await this._inspectOnServer(companion, files);
        this._inspectedOnServer = true;
        return found;
      } catch (error) {
        // An older companion, or no answer: the page reads and searches.
        console.warn(
          'jupyterlab-artifacts: the server could not inspect the files; the page does',
          error
        );
      }
    }
    return inspectFiles(
      files,
      (path, maxBytes, signal) =>
        this._readAtMost(joinPath(this._folder, path), maxBytes, signal),
      { cache: this._inspected, keepBytes: KEEP_PREVIEW_BYTES }
    );
  }

  /**
   * {@link _inspect} on the server: the same refusals and secrets as
   * `inspectFiles` gives (the server searches with the same rules), and no
   * bytes (the server builds the archive).
   */
  private async _inspectOnServer(
    companion: Companion,
    files: IWalkedFile[]
  ): Promise<IInspection> {
    const key = (f: IWalkedFile) => `${f.size}\u0000${f.path}`;
    const todo = files.filter(f => !this._serverInspected.has(key(f)));
    const limit = (await companion.info())?.limits?.maxEntries || 10000;
    const found = new Map<string, { refused?: string; secret?: string }>();
    for (let start = 0; start < todo.length; start += limit) {
      const batch = todo.slice(start, start + limit);
      const answer = await companion.inspect(this._folder, batch);
      for (const { path, code } of answer.refused) {
        found.set(path, { refused: code });
      }
      for (const { path, code } of answer.secrets) {
        found.set(path, { ...found.get(path), secret: code });
      }
      for (const f of batch) {
        this._serverInspected.set(key(f), found.get(f.path) ?? {});
      }
    }
    const result: IInspection = { secrets: [], refused: [], bytes: new Map() };
    for (const file of files) {
      const { refused, secret } = this._serverInspected.get(key(file)) ?? {};
      if (refused) {
        // A code this page does not know (a newer companion) still refuses.
        result.refused.push(
          refused === 'size-mismatch'
            ? { path: file.path, code: refused, reason: MISMATCH_REASON }
            : { path: file.path, code: 'unreadable', reason: UNREADABLE_REASON }
        );
      } else if (secret) {
        // Likewise a secret of a kind this page does not know is flagged.
        const code: SecretCode =
          secret in SECRET_REASONS ? (secret as SecretCode) : 'zenodo';
        result.secrets.push({
          path: file.path,
          code,
          reason: SECRET_REASONS[code]
        });
      }
    }
    return result;
  }

  /**
   * Read at most `maxBytes` of a server file (the whole file through the
   * `read` test seam).
   */
  private async _readAtMost(
    path: string,
    maxBytes: number,
    signal?: AbortSignal
  ): Promise<Uint8Array> {
    // The `read` test seam may return the whole file.
    return (await this._read(path, signal, maxBytes)).subarray(0, maxBytes);
  }

  /**
   * The companion, when the server has one that publishes and the settings
   * allow it; decided once per workflow so that a retry goes the same way.
   */
  private async _serverCompanion(): Promise<Companion | null> {
    if (this._viaServer === undefined) {
      const companion = (await this._options.transfers?.companion()) ?? null;
      this._viaServer =
        !!companion &&
        !!this._options.zenodo.token &&
        (await companion.can('publish'));
      this._companion = this._viaServer ? companion : null;
    }
    return this._companion;
  }

  /**
   * Publish through the companion: start a job (unless one runs) that zips
   * the preview's files plus the generated CITATION.cff and PUTs the zip to
   * the draft's bucket, then follow it: in the `archive` phase until the
   * server starts uploading, in the `upload` phase until it is done.
   */
  private async _publishOnServer(
    companion: Companion,
    request: PublishWorkflow.IRequest,
    phase: 'archive' | 'upload',
    signal: AbortSignal
  ): Promise<void> {
    const name = this._archiveName();
    let watcher = this._serverJob;
    if (!watcher || (watcher.finished && watcher.phase !== 'done')) {
      const bucket = this._deposition!.links.bucket;
      if (!bucket) {
        throw new PublishWorkflow.Problem('no-bucket');
      }
      const asFile = this._folderIsFile();
      const path = asFile
        ? this._folder.split('/').slice(0, -1).join('/')
        : this._folder;
      const extra: { path: string; content: string }[] = [];
      let files = this._walk!.files.map(f => f.path);
      if (this._citationText !== undefined && request.writeCitation) {
        const name = this._citationName;
        files = files.filter(f => f !== name);
        extra.push({ path: name, content: this._citationText });
      }
      this._update({
        message: { code: 'server-asking' },
        bytesDone: 0,
        filesDone: 0,
        rateBytesPerSecond: undefined,
        secondsLeft: undefined
      });
      const job = await companion.startPublish(
        { path, files, extra, bucket, key: name },
        this._options.zenodo.token!,
        { signal }
      );
      watcher = this._options.transfers!.watch(job, { signal });
      this._serverJob = watcher;
    }
    const show = (job: Companion.IJob) => {
      if (Companion.isFinal(job)) {
        return;
      }
      this._update({
        message:
          job.phase === 'uploading'
            ? { code: 'server-uploading', name }
            : job.phase === 'queued'
              ? { code: 'server-queued' }
              : { code: 'server-zipping', name },
        bytesDone: job.bytesDone,
        bytesTotal: job.bytesTotal ?? 0,
        filesDone: job.filesDone,
        filesTotal: job.filesTotal ?? this._walk?.files.length ?? 0,
        rateBytesPerSecond: job.rate ?? undefined,
        secondsLeft: job.secondsLeft ?? undefined
      });
    };
    show(watcher.job);
    const w = watcher;
    const onChange = (_: CompanionJob, job: Companion.IJob) => show(job);
    w.changed.connect(onChange);
    try {
      if (phase === 'archive') {
        // Go on to `upload` as soon as the server uploads (or is done).
        await new Promise<void>((resolve, reject) => {
          const check = () => {
            if (w.phase === 'uploading' || w.phase === 'done') {
              w.changed.disconnect(check);
              resolve();
            }
          };
          w.changed.connect(check);
          // A failure of the upload itself may come before a poll saw
          // `uploading`: the upload phase reports it.
          w.done.catch(error =>
            error instanceof CompanionError &&
            ['network', 'zenodo-error', 'changed'].includes(error.code)
              ? resolve()
              : reject(error)
          );
          check();
        });
        return;
      }
      const job = await w.done;
      const upload = job.result?.upload as { size?: number } | undefined;
      this._uploadedBytes = upload?.size ?? job.result?.bytes ?? job.bytesDone;
      this._update({
        bytesDone: job.bytesTotal ?? job.bytesDone,
        secondsLeft: 0
      });
    } finally {
      w.changed.disconnect(onChange);
    }
  }

  /**
   * The folder's citation file, read by the one reader every capability
   * uses (it finds `citation.cff` written elsewhere too). A single file
   * being published has none: it is not listed, so its bytes are not read.
   */
  private async _readCitation(): Promise<PublishWorkflow.ICitationInfo> {
    const found = this._folderIsFile()
      ? null
      : await readFolderCitation(this._options.contents, this._folder);
    if (!found) {
      this._citationName = CITATION_FILE;
      return { exists: false };
    }
    // Rewritten, put back and archived under the name it has on disk.
    this._citationName = found.path.split('/').pop() ?? CITATION_FILE;
    const { text, fields, doi, error } = found;
    return fields
      ? { exists: true, text, fields, doi }
      : { exists: true, text, error };
  }

  private async _writeCitation(
    request: PublishWorkflow.IRequest,
    signal: AbortSignal
  ): Promise<void> {
    if (this._citationBefore === undefined) {
      const before = await this._readCitation();
      this._citationBefore = before.exists ? (before.text ?? '') : null;
    }
    const d = this._deposition!;
    const doi = d.doi ?? d.prereservedDoi;
    const fields: ICitationFields = toCitation(request.metadata, doi, {
      conceptDoi: request.conceptDoi ?? d.conceptDoi,
      now: this._now()
    });
    const text = writeCitation(fields, this._citationBefore || undefined);
    this._citationText = text;
    if (this._folderIsFile()) {
      return; // A single file is published: the citation goes in the archive only.
    }
    const path = joinPath(this._folder, this._citationName);
    await this._options.contents.save(path, {
      type: 'file',
      format: 'text',
      content: text
    });
    this._citationWritten = true;
    if (signal.aborted) {
      throw signal.reason;
    }
  }

  private async _cleanUp(): Promise<void> {
    let outcome: PublishWorkflow.CancelOutcome = 'nothing';
    let message: PublishWorkflow.Message = { code: 'cancelled' };
    const d = this._deposition;
    if (d && this._createdDraft) {
      try {
        await this._client.discard(d);
        outcome = 'discarded';
        message =
          this._request?.mode === 'edit'
            ? { code: 'cancelled-edits-discarded' }
            : { code: 'cancelled-discarded' };
        this._deposition = undefined;
        this._createdDraft = false;
      } catch (error) {
        outcome = 'kept';
        message = {
          code: 'cancelled-kept',
          depositionId: d.id,
          link: d.links.html,
          error: PublishWorkflow.describeError(error)
        };
      }
    }
    if (this._citationWritten) {
      const path = joinPath(this._folder, this._citationName);
      try {
        if (this._citationBefore === null) {
          await this._options.contents.delete(path);
        } else if (this._citationBefore !== undefined) {
          await this._options.contents.save(path, {
            type: 'file',
            format: 'text',
            content: this._citationBefore
          });
        }
        this._citationWritten = false;
      } catch {
        message = { ...message, citationLeft: true };
      }
    }
    this._update({
      phase: 'cancelled',
      cancelOutcome: outcome,
      message,
      waiting: undefined
    });
  }

  private _makeResult(
    request: PublishWorkflow.IRequest
  ): PublishWorkflow.IResult {
    const d = this._deposition!;
    const doi = d.doi ?? d.prereservedDoi ?? '';
    const published = request.publish;
    const recordUrl =
      d.links.recordHtml ?? d.links.latestHtml ?? d.links.html ?? '';
    const baseUrl = this._client.baseUrl;
    return {
      published,
      depositionId: d.id,
      doi,
      conceptDoi: d.conceptDoi ?? '',
      recordUrl: published ? recordUrl : '',
      draftUrl: published ? undefined : d.links.html,
      archiveName: request.mode === 'edit' ? undefined : this._archiveName(),
      archiveBytes: this._archive?.size ?? this._uploadedBytes,
      citationWritten: this._citationWritten,
      includedDespiteWarning:
        request.mode === 'edit'
          ? []
          : (this._preview?.secrets ?? []).filter(f =>
              this._preview!.includedSecrets.includes(f.path)
            ),
      badgeMarkdown: doi
        ? `[![DOI](${baseUrl}/badge/DOI/${doi}.svg)](https://doi.org/${doi})`
        : '',
      citation: PublishWorkflow.formatCitation(
        request.metadata,
        doi,
        this._now()
      )
    };
  }

  /**
   * A new version starts with every file of the previous one; the archive
   * just uploaded is now the whole artifact, so drop the rest. Done after the
   * upload so that the draft is never without an archive, and safe to repeat
   * when a resumed run comes here again.
   */
  private async _removeCarriedFiles(
    keep: string,
    signal: AbortSignal
  ): Promise<void> {
    const draft = await this._client.getDeposition(this._deposition!, {
      signal
    });
    const carried = draft.files.filter(f => f.key !== keep);
    for (const file of carried) {
      this._update({ message: { code: 'removing-carried', key: file.key } });
      await this._client.deleteFile(draft, file.key, { signal });
    }
    this._deposition = carried.length
      ? await this._client.getDeposition(draft, { signal })
      : draft;
  }

  /**
   * This run's draft, if Zenodo made it although its answer was lost: the
   * newest drafts are searched for the run's marker.
   */
  private async _findMarkedDraft(
    signal: AbortSignal
  ): Promise<Deposition | undefined> {
    const drafts = await this._client.listDepositions({
      status: 'draft',
      sort: 'mostrecent',
      size: 25,
      signal
    });
    return drafts.find(d => (d.metadata as any)?.notes === this._marker);
  }

  private _archiveName(): string {
    if (!this._archiveKey) {
      // A new version replaces the previous archive under the same key.
      const previous = this._deposition?.files.find(f =>
        f.key.toLowerCase().endsWith('.zip')
      );
      const base = (this._folder.split('/').pop() || 'workspace').replace(
        /[\\/:*?"<>|]+/g,
        '_'
      );
      this._archiveKey = previous?.key ?? `${base}.zip`;
    }
    return this._archiveKey;
  }

  private _folderIsFile(): boolean {
    const files = this._walk?.files;
    return (
      !!files &&
      files.length === 1 &&
      files[0].path === this._folder.split('/').pop()
    );
  }

  private _fromArtifact(a: Artifact): IArtifactMetadata {
    return fromZenodoMetadata({
      title: a.title,
      description: a.description,
      creators: a.creators,
      keywords: a.keywords,
      license: a.license,
      version: a.version,
      upload_type: (a as any).resourceType?.type ?? a.resourceType
    });
  }

  /**
   * What to say when Zenodo could not be reached (after the client's own
   * retries): that, once, and what Retry will do, rather than "Zenodo did
   * not accept …", which blames an answer that never came.
   */
  private _unreachable(
    phase: PublishWorkflow.Phase,
    error: ZenodoError
  ): Pick<PublishWorkflow.IState, 'message' | 'error'> {
    return {
      message: {
        code: 'unreachable',
        // The whole setting when it does not parse: still what to check.
        origin:
          originOf(this._options.zenodo.baseUrl) ??
          this._options.zenodo.baseUrl,
        kept: !!this._deposition,
        ...(phase === 'upload' && this._deposition
          ? { lost: 'upload' as const }
          : {})
      },
      error: {
        code: 'unreachable',
        message: '',
        hint: '',
        retry:
          phase === 'draft' && this._draftUncertain ? 'draft-uncertain' : phase,
        status: error.status || undefined,
        fieldErrors: []
      }
    };
  }

  private _onRetry(info: RetryInfo): void {
    this._update({
      waiting: {
        reason: info.reason,
        until: info.retryAt,
        seconds: Math.max(1, Math.round(info.delayMs / 1000)),
        status: info.status
      }
    });
  }

  private _update(patch: Partial<PublishWorkflow.IState>): void {
    this._state = { ...this._state, ...patch };
    this._stateChanged.emit(this.state);
  }

  private _options: PublishWorkflow.IOptions;
  private _folder: string;
  private _now: () => string;
  private _client: ZenodoClient;
  private _read: (
    path: string,
    signal?: AbortSignal,
    maxBytes?: number
  ) => Promise<Uint8Array>;
  private _readFolder:
    | ((
        path: string,
        signal?: AbortSignal,
        maxBytes?: number
      ) => Promise<Uint8Array | null>)
    | undefined;
  private _walk: IWalkResult | undefined;
  private _previewBytes = new Map<string, Uint8Array>();
  private _inspected = new Map<string, { secret?: string; refused?: string }>();
  /** Whether the last preview's checks ran on the server. */
  private _inspectedOnServer = false;
  /**
   * The companion's findings by size and path (codes), kept between previews
   * like `_inspected`.
   */
  private _serverInspected = new Map<
    string,
    { secret?: string; refused?: string }
  >();
  private _preview: PublishWorkflow.IPreview | undefined;
  private _request: PublishWorkflow.IRequest | undefined;
  private _deposition: Deposition | undefined;
  private _createdDraft = false;
  private _draftUncertain = false;
  private readonly _marker = `jupyterlab-artifacts run ${Date.now().toString(36)}-${Math.random()
    .toString(36)
    .slice(2, 10)}`;
  private _archive: Blob | undefined;
  private _viaServer: boolean | undefined;
  private _companion: Companion | null = null;
  private _serverJob: CompanionJob | undefined;
  private _uploadedBytes: number | undefined;
  private _archiveKey: string | undefined;
  private _citationBefore: string | null | undefined;
  private _citationText: string | undefined;
  private _citationWritten = false;
  /**
   * The citation file's name in the folder: CITATION.cff, or the spelling
   * the folder already has (`citation.cff`), found by {@link _readCitation}.
   */
  private _citationName = CITATION_FILE;
  private _controller: AbortController | undefined;
  private _state: PublishWorkflow.IState = {
    phase: 'idle',
    filesDone: 0,
    filesTotal: 0,
    bytesDone: 0,
    bytesTotal: 0
  };
  private _stateChanged = new Signal<this, PublishWorkflow.IState>(this);
}

/**
 * Types and helpers of the publish workflow.
 */
export namespace PublishWorkflow {
  /**
   * What is published: a new artifact, a new version, or metadata edits.
   */
  export type Mode = 'new' | 'version' | 'edit';

  /**
   * Where the workflow is.
   */
  export type Phase =
    | 'idle'
    | 'preview'
    | 'draft'
    | 'metadata'
    | 'citation'
    | 'archive'
    | 'upload'
    | 'publish'
    | 'done'
    | 'failed'
    | 'cancelled';

  /**
   * What happened to the draft on cancel.
   */
  export type CancelOutcome = 'discarded' | 'kept' | 'nothing';

  /**
   * Construction options.
   */
  export interface IOptions {
    contents: Contents.IManager;
    /**
     * Server path of the folder to publish.
     */
    folder: string;
    zenodo: { baseUrl: string; token?: string; tokenUrl?: string };
    /**
     * Read a server file's bytes (default: `/files/`).
     */
    read?: (path: string, signal?: AbortSignal) => Promise<Uint8Array>;
    /**
     * Read a whole server folder as a zip the server compressed, or `null`
     * (default: jupyter-archive's `/directories/` when the server has it and
     * `read` is not given).
     */
    readFolder?: (
      path: string,
      signal?: AbortSignal
    ) => Promise<Uint8Array | null>;
    /**
     * The server companion: when it is present, the server zips and uploads
     * (default: always in the browser).
     */
    transfers?: Pick<ITransfers, 'companion' | 'watch'> | null;
    /**
     * Extra exclusion patterns (settings).
     */
    exclude?: string[];
    /**
     * Size limit in bytes (default 500 MB).
     */
    maxBytes?: number;
    /**
     * Passed to the Zenodo client (test seams, retry counts).
     */
    clientOptions?: Partial<ZenodoClient.IOptions>;
    /**
     * Today as YYYY-MM-DD (a test seam).
     */
    now?: () => string;
  }

  /**
   * The folder's CITATION.cff as found.
   */
  export interface ICitationInfo {
    exists: boolean;
    text?: string;
    fields?: ICitationFields;
    doi?: string;
    /**
     * Why it could not be read.
     */
    error?: string;
  }

  /**
   * What a publish would send.
   */
  export interface IPreview extends IWalkResult {
    folder: string;
    largest: IWalkedFile[];
    /**
     * Every file that looks like a secret, whether left out or not.
     */
    secrets: ISecretFlag[];
    /**
     * The flagged files the user chose to include (the others are left out
     * and listed in `excluded`).
     */
    includedSecrets: string[];
    /**
     * Files refused because they are links or not what the listing said
     * (also in `excluded`).
     */
    refused: IExcludedPath[];
    limitBytes: number;
    overLimit: boolean;
    citation: ICitationInfo;
  }

  /**
   * A published artifact found from a DOI.
   */
  export interface IResolved {
    record: Artifact;
    latest: Artifact;
    /**
     * Whether the token owns it (can make new versions and edits).
     */
    owned: boolean;
    metadata?: IArtifactMetadata;
  }

  /**
   * What to publish.
   */
  export interface IRequest {
    mode: Mode;
    metadata: IArtifactMetadata;
    /**
     * Write CITATION.cff with the DOI into the folder (and archive).
     */
    writeCitation: boolean;
    /**
     * Publish now; false keeps the draft for review on Zenodo.
     */
    publish: boolean;
    /**
     * For `version` and `edit`: the record (deposition) id to start from.
     */
    previousId?: number | string;
    conceptDoi?: string;
    skip?: (path: string) => boolean;
    /**
     * Files flagged as secrets that the user chose to include; every other
     * flagged file is left out.
     */
    includeFlagged?: string[];
  }

  /**
   * What a person needs after a publish.
   */
  export interface IResult {
    published: boolean;
    depositionId: number;
    doi: string;
    conceptDoi: string;
    recordUrl: string;
    draftUrl?: string;
    archiveName?: string;
    archiveBytes?: number;
    citationWritten: boolean;
    /**
     * Files sent although they looked like secrets (the user ticked them).
     */
    includedDespiteWarning: ISecretFlag[];
    badgeMarkdown: string;
    citation: string;
  }

  /**
   * What the workflow says it is doing or has done, as a code with its
   * parameters; `share/words.ts` puts it in words.
   */
  export type Message =
    | { code: 'looking' }
    | { code: 'creating-draft' }
    | { code: 'starting-version' }
    | { code: 'continuing-version' }
    | { code: 'opening-edit' }
    | { code: 'sending-metadata' }
    | { code: 'writing-citation' }
    | { code: 'building-archive' }
    | { code: 'uploading'; name: string }
    | { code: 'publishing' }
    | { code: 'server-asking' }
    | { code: 'server-queued' }
    | { code: 'server-zipping'; name: string }
    | { code: 'server-uploading'; name: string }
    | { code: 'removing-carried'; key: string }
    | { code: 'published'; doi: string }
    | { code: 'draft-ready' }
    | { code: 'fields' }
    /** A phase failed; `kept`: the draft stays on Zenodo for Retry. */
    | { code: 'failed'; phase: Phase; kept: boolean }
    /**
     * Zenodo never answered (after the client's retries). `lost`: it had
     * answered (the draft exists) and the connection broke during the
     * upload, which is no sign that Zenodo is down.
     */
    | { code: 'unreachable'; origin: string; kept: boolean; lost?: 'upload' }
    | ICancelled;

  /**
   * How a cancel ended; `citationLeft`: the folder's CITATION.cff could not
   * be put back and still names the reserved DOI.
   */
  export type ICancelled = { citationLeft?: boolean } & (
    | { code: 'cancelled' }
    | { code: 'cancelled-discarded' }
    | { code: 'cancelled-edits-discarded' }
    | {
        code: 'cancelled-kept';
        depositionId: number;
        link?: string;
        error: IError;
      }
  );

  /**
   * What kind of failure an {@link IError} is:
   * - `fields`: the form's checks found problems (`fieldErrors`);
   * - `zenodo`: Zenodo's (or its client's) words in `message` and `hint`;
   * - `companion`: the Jupyter server's job failed (`message`, `serverCode`);
   * - `unreachable`: no answer from Zenodo; `retry` says what Retry does;
   * - `no-record`: no record has the DOI in `subject`;
   * - `no-bucket`: Zenodo gave the draft no upload address;
   * - `other`: anything else, its own words in `message`.
   */
  export type ErrorCode =
    | 'fields'
    | 'zenodo'
    | 'companion'
    | 'unreachable'
    | 'no-record'
    | 'no-bucket'
    | 'other';

  /**
   * A failure as shown: a code, words from elsewhere (Zenodo's message and
   * its client's hint, the server's message), errors on form fields.
   */
  export interface IError {
    code: ErrorCode;
    /**
     * Words of Zenodo, the Jupyter server or the system, shown as they are
     * ('' when there are none).
     */
    message: string;
    /**
     * The Zenodo client's hint in English ('' when there is none).
     */
    hint: string;
    /**
     * The Zenodo client's hint as a code (`share/words.ts` says it).
     */
    hintCode?: ZenodoHint;
    /**
     * For `zenodo`: the client's own message as a code (`share/words.ts`
     * says it); none when the message is Zenodo's own words.
     */
    messageCode?: ZenodoMessage;
    /**
     * For `other` and `companion`: the workspace layer's problem as a code,
     * when it was one (`share/words.ts` says it; `message` holds it in
     * English).
     */
    problem?: WorkspaceProblem;
    fieldErrors: IFieldError[];
    status?: number;
    /**
     * For `companion`: the server's error code.
     */
    serverCode?: string;
    /**
     * For `unreachable`: what Retry does (the phase it resumes, or
     * `draft-uncertain` when Zenodo may have made the draft already).
     */
    retry?: Phase | 'draft-uncertain';
    /**
     * For `no-record`: the DOI.
     */
    subject?: string;
  }

  /**
   * A failure of the workflow's own making, as a code.
   */
  export class Problem extends Error {
    constructor(
      readonly code: 'no-record' | 'no-bucket',
      readonly subject?: string
    ) {
      super(code);
      Object.setPrototypeOf(this, Problem.prototype);
      this.name = 'PublishWorkflow.Problem';
    }
  }

  /**
   * The workflow's state.
   */
  export interface IState {
    phase: Phase;
    /**
     * What it is doing or has done (none while idle).
     */
    message?: Message;
    filesDone: number;
    filesTotal: number;
    bytesDone: number;
    bytesTotal: number;
    rateBytesPerSecond?: number;
    secondsLeft?: number;
    /**
     * A wait before the Zenodo client tries again: why, until when (epoch
     * ms), how long it was announced for, and the status that caused it.
     */
    waiting?: {
      reason: RetryReason;
      until: number;
      seconds: number;
      status?: number;
    };
    depositionId?: number;
    reservedDoi?: string;
    failedPhase?: Phase;
    error?: IError;
    cancelOutcome?: CancelOutcome;
    result?: IResult;
  }

  /**
   * Turn any error into what the views show.
   */
  export function describeError(error: unknown): IError {
    if (error instanceof ZenodoError) {
      return {
        code: 'zenodo',
        message: error.message,
        hint: error.hint,
        hintCode: error.hintCode,
        messageCode: error.messageCode,
        status: error.status,
        fieldErrors: error.fieldErrors.map(f => ({
          field: formFieldFor(
            f.metadataField
              ? `metadata.${f.metadataField}${f.index !== undefined ? `.${f.index}` : ''}${
                  /\.(orcid|affiliation)$/.exec(f.field)?.[0] ?? ''
                }`
              : f.field
          ),
          message: f.messages.join(' ')
        }))
      };
    }
    if (error instanceof CompanionError) {
      return {
        code: 'companion',
        message: error.message,
        hint: '',
        ...(error.problem ? { problem: error.problem } : {}),
        serverCode: error.code,
        status: error.status || undefined,
        fieldErrors: []
      };
    }
    if (error instanceof Problem) {
      return {
        code: error.code,
        message: '',
        hint: '',
        subject: error.subject,
        fieldErrors: []
      };
    }
    return {
      code: 'other',
      message: error instanceof Error ? error.message : String(error),
      hint: '',
      ...(error instanceof WorkspaceError ? { problem: error.problem } : {}),
      fieldErrors: []
    };
  }

  /**
   * A citation in the usual data-citation style:
   * `Family, G. (2025). Title (Version 1.0) [Data set]. Zenodo. https://doi.org/…`.
   */
  export function formatCitation(
    m: IArtifactMetadata,
    doi: string,
    now: string
  ): string {
    const names = m.creators.map(c => {
      const initials = c.given
        .split(/[\s-]+/)
        .filter(Boolean)
        .map(g => `${g[0]}.`)
        .join(' ');
      return initials ? `${c.family}, ${initials}` : c.family;
    });
    const authors =
      names.length > 1
        ? `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`
        : (names[0] ?? '');
    const year = (m.publicationDate || now).slice(0, 4);
    const version = m.version ? ` (Version ${m.version})` : '';
    const type = m.uploadType === 'software' ? 'Computer software' : 'Data set';
    return `${authors} (${year}). ${m.title}${version} [${type}]. Zenodo. ${
      doi ? `https://doi.org/${doi}` : ''
    }`.trim();
  }
}

/**
 * The reason a flagged file the user has not chosen to include is left out
 * (in `excluded`); `share/words.ts` puts it in the person's language.
 */
export const SECRET_REASON =
  'looks like a secret: left out unless you tick it in the warning';

/**
 * Move the flagged files that were not chosen from `walk.files` to
 * `walk.excluded`: a secret goes out only by a deliberate act.
 */
function leaveOutSecrets(
  walk: IWalkResult,
  secrets: ISecretFlag[],
  chosen: Set<string>
): { walk: IWalkResult; secrets: ISecretFlag[]; included: string[] } {
  const out = new Set(
    secrets.filter(s => !chosen.has(s.path)).map(s => s.path)
  );
  const files = walk.files.filter(f => !out.has(f.path));
  const excluded = [
    ...walk.excluded,
    ...[...out].map(path => ({
      path,
      code: 'secret' as const,
      reason: SECRET_REASON
    }))
  ].sort((a, b) => compare(a.path, b.path));
  return {
    walk: {
      files,
      excluded,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0)
    },
    secrets,
    included: secrets.filter(s => chosen.has(s.path)).map(s => s.path)
  };
}
