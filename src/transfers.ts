/**
 * The transfers plugin: finds the server companion, lets the settings turn
 * it off, counts the jobs that run, and at start-up tells the user about
 * jobs that went on (or ended) while no page was open.
 *
 * @packageDocumentation
 * @module transfers
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';

import { ITransfers } from './tokens';
import {
  archiveRefusalOf,
  Companion,
  companionFor,
  CompanionJob
} from './workspace/companion';
import { archiveErrorText } from './workspace/words';
import { formatBytes } from './format';
import { TRANSLATION_DOMAIN } from './i18n';
import { SCHEMA_DEFAULTS } from './schemas';

/**
 * Whether transfers may use the companion.
 */
export type TransferMode = 'auto' | 'browser';

/**
 * The page's view of companion transfers (see {@link ITransfers}).
 */
export class Transfers implements ITransfers {
  constructor(options: Transfers.IOptions) {
    this._serverSettings = options.serverSettings;
    this._storage = options.storage ?? Private.localStorageOrNull();
    this._watchOptions = options.watchOptions ?? {};
  }

  /**
   * `auto` uses the companion when present; `browser` never does.
   */
  get mode(): TransferMode {
    return this._mode;
  }
  set mode(value: TransferMode) {
    this._mode = value === 'browser' ? 'browser' : 'auto';
  }

  get running(): number {
    return this._running.size;
  }

  get runningChanged(): ISignal<this, number> {
    return this._runningChanged;
  }

  async companion(): Promise<Companion | null> {
    if (this._mode === 'browser') {
      return null;
    }
    const companion = companionFor(this._serverSettings);
    return (await companion.info()) ? companion : null;
  }

  watch(
    job: Companion.IJob,
    options: CompanionJob.IOptions = {}
  ): CompanionJob {
    const watcher = new CompanionJob(companionFor(this._serverSettings), job, {
      ...this._watchOptions,
      ...options
    });
    if (!watcher.finished) {
      this._running.add(job.id);
      this._runningChanged.emit(this.running);
    }
    const ended = () => {
      this.markSeen(job.id);
      if (this._running.delete(job.id)) {
        this._runningChanged.emit(this.running);
      }
    };
    watcher.done.then(ended, ended);
    return watcher;
  }

  /**
   * The jobs to tell the user about at start-up: every running one, and
   * every finished one whose end no page has shown yet (the server says
   * whether any page fetched it after it ended; this browser remembers too).
   */
  async jobsToAnnounce(): Promise<Companion.IJob[]> {
    const companion = await this.companion();
    if (!companion) {
      return [];
    }
    let jobs: Companion.IJob[];
    try {
      jobs = await companion.jobs();
    } catch {
      return [];
    }
    const seen = this._seen();
    // Forget ids the server no longer keeps, so the list stays short.
    this._saveSeen(seen.filter(id => jobs.some(j => j.id === id)));
    // A job whose end a page already showed (in this browser or another one)
    // is not news.
    return jobs.filter(
      j => !Companion.isFinal(j) || !(seen.includes(j.id) || j.endShown)
    );
  }

  /**
   * Record that the end of job `id` has been shown.
   */
  markSeen(id: string): void {
    const seen = this._seen();
    if (!seen.includes(id)) {
      this._saveSeen([...seen, id].slice(-200));
    }
  }

  /**
   * Whether the end of job `id` has been shown.
   */
  isSeen(id: string): boolean {
    return this._seen().includes(id);
  }

  private get _key(): string {
    let base = this._serverSettings.baseUrl;
    try {
      base = new URL(base, window.location.href).href;
    } catch {
      // Keep it as given.
    }
    return `jupyterlab-artifacts:seen-jobs:${base}`;
  }

  private _seen(): string[] {
    try {
      const raw = this._storage?.getItem(this._key);
      const value = raw ? JSON.parse(raw) : [];
      return Array.isArray(value) ? value.map(String) : [];
    } catch {
      return [];
    }
  }

  private _saveSeen(ids: string[]): void {
    try {
      this._storage?.setItem(this._key, JSON.stringify(ids));
    } catch {
      // Storage full or forbidden: at worst a job is announced twice.
    }
  }

  private _serverSettings: ServerConnection.ISettings;
  private _storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  private _watchOptions: CompanionJob.IOptions;
  private _mode = SCHEMA_DEFAULTS.transfers.transfers as TransferMode;
  private _running = new Set<string>();
  private _runningChanged = new Signal<this, number>(this);
}

/**
 * Types of {@link Transfers}.
 */
export namespace Transfers {
  export interface IOptions {
    serverSettings: ServerConnection.ISettings;
    /** Where seen job ids are kept (default: `localStorage`). */
    storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
    /** Defaults for every watcher (tests shorten the interval). */
    watchOptions?: CompanionJob.IOptions;
  }

  /**
   * A job's progress in words: phase, bytes, files, rate and time left.
   */
  export function progressText(
    job: Companion.IJob,
    trans: TranslationBundle
  ): string {
    const parts: string[] = [];
    if (job.bytesTotal) {
      parts.push(
        trans.__(
          '%1 of %2',
          formatBytes(job.bytesDone),
          formatBytes(job.bytesTotal)
        )
      );
    } else if (job.bytesDone) {
      parts.push(formatBytes(job.bytesDone));
    }
    if (job.filesTotal) {
      parts.push(trans.__('%1 of %2 files', job.filesDone, job.filesTotal));
    }
    if (job.rate) {
      parts.push(trans.__('%1/s', formatBytes(job.rate)));
    }
    if (job.secondsLeft !== null && job.secondsLeft !== undefined) {
      parts.push(trans.__('%1 left', formatSeconds(job.secondsLeft, trans)));
    }
    return parts.join(' · ');
  }

  /**
   * A job's phase in words.
   */
  export function phaseText(
    phase: Companion.Phase,
    trans: TranslationBundle
  ): string {
    const words: Record<Companion.Phase, string> = {
      queued: trans.__('waiting to start'),
      'waiting-for-data': trans.__('waiting for the bytes from the browser'),
      downloading: trans.__('downloading'),
      checking: trans.__('checking'),
      writing: trans.__('writing files'),
      zipping: trans.__('zipping'),
      uploading: trans.__('uploading to Zenodo'),
      done: trans.__('done'),
      failed: trans.__('failed'),
      cancelled: trans.__('cancelled')
    };
    return words[phase] ?? phase;
  }

  /**
   * Why a job failed, in words: a newer companion says why it refused an
   * archive (or a name) as a code with the entry, said here in the person's
   * language; otherwise the server's own (English) message.
   */
  export function errorText(
    error: Companion.IJob['error'],
    trans: TranslationBundle
  ): string {
    const refusal = archiveRefusalOf(error);
    return refusal
      ? archiveErrorText(refusal.problem, refusal.entry, trans)
      : (error?.message ?? trans.__('no reason given'));
  }

  /**
   * What a failed job's code means for the user: what to do next.
   */
  export function adviceFor(code: string, trans: TranslationBundle): string {
    switch (code) {
      case 'too-large':
        return trans.__(
          'It is over the limit this server sets; ask its administrator to raise it.'
        );
      case 'disk-full':
        return trans.__(
          'The server is out of space: delete files you do not need and try again.'
        );
      case 'exists':
        return trans.__('Choose another folder name and try again.');
      case 'host-not-allowed':
        return trans.__(
          'The server may not download from that address; ask its administrator to allow it.'
        );
      case 'checksum-mismatch':
        return trans.__(
          'The file changed on the way; try again, and tell the artifact owner if it happens again.'
        );
      case 'size-mismatch':
        return trans.__(
          'The file is not the size its record says; tell the artifact owner.'
        );
      case 'unsafe-entry':
        return trans.__(
          'The archive contains something that could harm your files; nothing was written.'
        );
      case 'zenodo-error':
        return trans.__('Check Zenodo’s message above, then try again.');
      case 'forbidden':
        return trans.__(
          'Your session may have ended: reload the page and try again.'
        );
      case 'network':
      case 'lost':
        return trans.__(
          'Check that the server is still running (reload the page), then try again.'
        );
      default:
        return trans.__(
          'Try again; if it fails again, tell the administrator.'
        );
    }
  }

  function formatSeconds(seconds: number, trans: TranslationBundle): string {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return trans.__('%1 s', s);
    }
    if (s < 3600) {
      return trans.__('%1 min', Math.round(s / 60));
    }
    return trans.__(
      '%1 h %2 min',
      Math.floor(s / 3600),
      Math.round((s % 3600) / 60)
    );
  }
}

/**
 * The transfers plugin.
 */
export const transfersPlugin: JupyterFrontEndPlugin<ITransfers> = {
  id: 'jupyterlab-artifacts:transfers',
  description:
    'Moves artifacts through the server companion when there is one; tells about jobs that ran while the page was closed.',
  autoStart: true,
  provides: ITransfers,
  optional: [ISettingRegistry, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): Promise<ITransfers> => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const transfers = new Transfers({
      serverSettings: app.serviceManager.serverSettings
    });
    if (settingRegistry) {
      try {
        const settings = await settingRegistry.load(transfersPlugin.id);
        const apply = () => {
          transfers.mode = settings.get('transfers').composite as TransferMode;
        };
        apply();
        settings.changed.connect(apply);
      } catch (reason) {
        console.error(
          'jupyterlab-artifacts: could not load the transfers settings.',
          reason
        );
      }
    }
    void app.restored.then(() => Private.announce(app, transfers, trans));
    return transfers;
  }
};

/**
 * Module-private helpers.
 */
namespace Private {
  export function localStorageOrNull(): Storage | null {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  /**
   * One notification per job that ran or ended while no page watched it;
   * a running one follows the job to its end.
   */
  export async function announce(
    app: JupyterFrontEnd,
    transfers: Transfers,
    trans: TranslationBundle
  ): Promise<void> {
    const jobs = await transfers.jobsToAnnounce();
    for (const job of jobs) {
      if (Companion.isFinal(job)) {
        const { message, type, actions } = endNotice(app, job, trans);
        Notification.emit(message, type, { autoClose: false, actions });
        transfers.markSeen(job.id);
        continue;
      }
      const watcher = transfers.watch(job);
      const id = Notification.emit(runningText(job, trans), 'in-progress', {
        autoClose: false,
        progress: fraction(job),
        actions: [
          {
            label: trans.__('Cancel'),
            caption: trans.__('Stop this transfer; what it wrote is removed'),
            callback: event => {
              // Keep the notification: it will say the job was cancelled.
              event.preventDefault();
              void watcher.cancel();
            }
          }
        ]
      });
      watcher.changed.connect((_, next) => {
        if (Companion.isFinal(next)) {
          return;
        }
        Notification.update({
          id,
          message: runningText(next, trans),
          type: 'in-progress',
          progress: fraction(next)
        });
      });
      const ended = () => {
        const { message, type, actions } = endNotice(app, watcher.job, trans);
        Notification.update({
          id,
          message,
          type,
          progress: undefined,
          autoClose: false,
          actions
        });
      };
      watcher.done.then(ended, ended);
    }
  }

  function fraction(job: Companion.IJob): number | undefined {
    return job.bytesTotal
      ? Math.min(1, job.bytesDone / job.bytesTotal)
      : undefined;
  }

  function runningText(job: Companion.IJob, trans: TranslationBundle): string {
    const progress = Transfers.progressText(job, trans);
    const phase = Transfers.phaseText(job.phase, trans);
    // Toasts show the first 140 characters: what and how far come first.
    return job.kind === 'import'
      ? trans.__(
          'Still importing “%1” on the server, %2%3',
          job.label,
          phase,
          progress ? `: ${progress}` : '.'
        )
      : trans.__(
          'Still sending “%1” to Zenodo from the server, %2%3',
          job.label,
          phase,
          progress ? `: ${progress}` : '.'
        );
  }

  function endNotice(
    app: JupyterFrontEnd,
    job: Companion.IJob,
    trans: TranslationBundle
  ): {
    message: string;
    type: Notification.TypeOptions;
    actions: Notification.IAction[];
  } {
    if (job.phase === 'done') {
      if (job.kind === 'import') {
        const path = job.result?.path ?? job.label;
        return {
          message: trans.__(
            'Imported into %1 (%2 files, %3).',
            path,
            job.result?.files ?? 0,
            formatBytes(job.result?.bytes ?? 0)
          ),
          type: 'success',
          actions: [
            {
              label: trans.__('Open'),
              caption: trans.__('Show the folder in the file browser'),
              callback: () =>
                void app.commands.execute('filebrowser:go-to-path', {
                  path: `/${path}`
                })
            }
          ]
        };
      }
      return {
        message: trans.__(
          'The server finished uploading “%1” (%2) to your Zenodo draft. The draft is not published yet: publish it on Zenodo, or run Share › Publish Folder to Zenodo… again.',
          job.label,
          formatBytes(job.result?.bytes ?? job.bytesDone)
        ),
        type: 'success',
        actions: []
      };
    }
    if (job.phase === 'cancelled') {
      return {
        message:
          job.kind === 'import'
            ? trans.__(
                'The import of “%1” was cancelled; nothing was left behind.',
                job.label
              )
            : trans.__(
                'The upload of “%1” to Zenodo was cancelled.',
                job.label
              ),
        type: 'info',
        actions: []
      };
    }
    const code = job.error?.code ?? 'failed';
    const reason = Transfers.errorText(job.error, trans);
    return {
      message:
        job.kind === 'import'
          ? trans.__(
              'The import of “%1” on the server failed: %2 (%3). Nothing was left behind. %4',
              job.label,
              reason,
              code,
              Transfers.adviceFor(code, trans)
            )
          : trans.__(
              'The upload of “%1” to Zenodo from the server failed: %2 (%3). The draft is kept; publish the folder again. %4',
              job.label,
              reason,
              code,
              Transfers.adviceFor(code, trans)
            ),
      type: 'error',
      actions: []
    };
  }
}
