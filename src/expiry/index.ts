/**
 * The session-expiry countdown: wires settings, activity sources, the
 * status-bar item, warnings and "Download my work".
 *
 * @packageDocumentation
 * @module expiry
 */
import { formatBytes } from '../format';
import { SCHEMA_DEFAULTS } from '../schemas';
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { HubClient, readHubInfo } from '../hub';
import { IFolderBadges, ITransfers } from '../tokens';
import { Companion } from '../workspace/companion';
import { downloadFolderAsZip, saveUrl } from '../workspace/download';
import {
  DEFAULT_EXCLUDE_PATTERNS,
  SKIPPED_REASON,
  walkFolder
} from '../workspace/walk';
import { myWorkFilter } from './archive';
import { ExpiryModel, IActivitySource } from './model';
import { IExpiryPolicy } from './policy';
import { HubActivitySource, ServerStatusSource } from './sources';
import { ExpiryStatus, hasCountdown } from './status';
import { endText, policyText, statusText, warningText } from './words';
import { TRANSLATION_DOMAIN } from '../i18n';

const PLUGIN_ID = 'jupyterlab-artifacts:expiry';

/**
 * Command ids.
 */
export namespace CommandIDs {
  export const details = 'jupyterlab-artifacts:expiry-details';
  export const download = 'jupyterlab-artifacts:download-my-work';
  export const stillHere = 'jupyterlab-artifacts:still-here';
}

/**
 * Settings besides the policy.
 */
interface IExpirySettings extends IExpiryPolicy {
  downloadFolder: string;
  includeShared: boolean;
}

/**
 * The countdown plugin.
 */
export const expiryPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Shows when the server will stop or be deleted, warns in time, and offers to download your work.',
  autoStart: true,
  optional: [
    ISettingRegistry,
    IStatusBar,
    ITranslator,
    IFolderBadges,
    ITransfers
  ],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null,
    folderBadges: IFolderBadges | null,
    transfers: ITransfers | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const serverSettings = app.serviceManager.serverSettings;
    const contents = app.serviceManager.contents;

    const sources: IActivitySource[] = [];
    const hub = readHubInfo();
    if (hub) {
      sources.push(new HubActivitySource(new HubClient(hub)));
    }
    sources.push(
      new ServerStatusSource((path, signal) =>
        ServerConnection.makeRequest(
          URLExt.join(serverSettings.baseUrl, path),
          { cache: 'no-store', signal },
          serverSettings
        )
      )
    );
    const model = new ExpiryModel(sources);
    let settings: IExpirySettings = {
      ...model.policy,
      downloadFolder: SCHEMA_DEFAULTS.expiry.downloadFolder,
      includeShared: SCHEMA_DEFAULTS.expiry.includeShared
    };

    // The warning on screen, if any: one at a time. Its words hold until
    // the next step ("less than N min"), so it needs no updating; it goes
    // when a later one shows, at the end, or when activity moved the
    // deadline past its step.
    let shown: { id: string; step: number } | null = null;
    const dismissWarning = () => {
      if (shown) {
        Notification.dismiss(shown.id);
        shown = null;
      }
    };
    model.stateChanged.connect(() => {
      const remaining = model.remaining;
      if (
        shown &&
        (model.phase !== 'running' ||
          remaining === null ||
          remaining > shown.step)
      ) {
        dismissWarning();
      }
    });
    // A transfer on the server keeps it active (the companion says so to
    // the culler), so the idle estimate waits for it.
    if (transfers) {
      model.setServerBusy(transfers.running > 0);
      transfers.runningChanged.connect((_, running) =>
        model.setServerBusy(running > 0)
      );
    }

    const stillHere = async () => {
      // A tracked Contents API request: it moves the server's own
      // last_activity, and through the proxy the hub's.
      await contents.get('', { content: false });
      model.noteDeliberateActivity();
      Notification.info(
        trans.__('Thanks: the server counts this as activity.'),
        { autoClose: 4000 }
      );
    };

    const isExcluded = (path: string) => {
      if (settings.includeShared || !folderBadges) {
        return false;
      }
      const shared = folderBadges.sharedFolderOf(path);
      return shared !== null;
    };

    const downloadMyWork = async () => {
      const folder = settings.downloadFolder.replace(/^\/+|\/+$/g, '');
      const skip = await myWorkFilter(contents, folder, isExcluded);
      const plan = await walkFolder(contents, folder, { skip });
      const body = document.createElement('div');
      body.className = 'jp-artifacts-ExpiryDownload';
      const summary = document.createElement('p');
      summary.textContent = trans._n(
        '%1 file, %2 in total, from %3.',
        '%1 files, %2 in total, from %3.',
        plan.files.length,
        formatBytes(plan.totalBytes),
        folder || trans.__('your home folder')
      );
      body.appendChild(summary);
      const left = plan.excluded.filter(e => e.reason === SKIPPED_REASON);
      if (left.length > 0) {
        const note = document.createElement('p');
        note.textContent = trans.__(
          'Left out (shared with a group or read-only): %1',
          left
            .slice(0, 8)
            .map(e => e.path.replace(/\/$/, ''))
            .join(', ') + (left.length > 8 ? ', …' : '')
        );
        body.appendChild(note);
      }
      const answer = await showDialog({
        title: trans.__('Download my work'),
        body: new Widget({ node: body }),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({ label: trans.__('Download zip') })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
      const user = PageConfig.getOption('hubUser');
      const filename = user ? `${user}-work.zip` : 'my-work.zip';
      const companion = await transfers?.companion();
      if (companion && (await companion.can('download'))) {
        // The server streams the zip; the browser saves it as it arrives.
        // What the walk left out as shared or read-only is left out by
        // anchored patterns; the always-left-out rest the server knows.
        saveUrl(
          companion.downloadUrl(
            folder,
            [
              ...DEFAULT_EXCLUDE_PATTERNS,
              ...left.map(e => Companion.literalPattern(e.path))
            ],
            filename
          ),
          filename
        );
        Notification.info(
          trans.__(
            'The server is zipping your work: your browser saves %1 as it arrives (see its downloads).',
            filename
          ),
          { autoClose: 6000 }
        );
        return;
      }
      const done = downloadFolderAsZip(contents, folder, {
        skip,
        filename
      });
      Notification.promise(done, {
        pending: { message: trans.__('Preparing your zip…'), options: {} },
        success: {
          message: (result: any) =>
            trans._n(
              'Downloaded %2 (%1 file, %3).',
              'Downloaded %2 (%1 files, %3).',
              result.files,
              result.filename,
              formatBytes(result.bytes)
            ),
          options: { autoClose: 5000 }
        },
        error: {
          message: (reason: unknown) =>
            trans.__('The download failed: %1', String(reason)),
          options: { autoClose: false }
        }
      });
      await done;
    };

    app.commands.addCommand(CommandIDs.download, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__('Download My Work'),
      caption: trans.__(
        'Download your own files as a zip, without group-shared folders'
      ),
      execute: () => downloadMyWork()
    });
    app.commands.addCommand(CommandIDs.stillHere, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__("I'm Still Here"),
      caption: trans.__('Tell the server you are still working'),
      isEnabled: () => model.phase === 'running' && model.needsActivity,
      execute: () => stillHere()
    });
    app.commands.addCommand(CommandIDs.details, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__('Server Time Limits'),
      execute: async () => {
        const body = document.createElement('div');
        body.className = 'jp-artifacts-ExpiryDetails';
        const head = document.createElement('p');
        head.className = 'jp-artifacts-ExpiryDetails-status';
        head.textContent = statusText(model, trans);
        body.appendChild(head);
        for (const line of policyText(model, trans).split('\n').slice(0, -1)) {
          const p = document.createElement('p');
          p.textContent = line;
          body.appendChild(p);
        }
        const buttons = [
          Dialog.cancelButton({ label: trans.__('Close') }),
          Dialog.createButton({
            label: trans.__('Download my work'),
            actions: ['download']
          })
        ];
        if (model.needsActivity && model.phase === 'running') {
          buttons.push(
            Dialog.okButton({
              label: trans.__("I'm still here"),
              actions: ['still-here']
            })
          );
        }
        const answer = await showDialog({
          title: trans.__('When this server stops'),
          body: new Widget({ node: body }),
          buttons
        });
        if (answer.button.actions.includes('download')) {
          await downloadMyWork();
        } else if (answer.button.actions.includes('still-here')) {
          await stillHere();
        }
      }
    });

    model.warned.connect((_, warning) => {
      const actions = [
        {
          label: trans.__('Download my work'),
          callback: () => void app.commands.execute(CommandIDs.download)
        }
      ];
      if (warning.deadline.kind === 'idle') {
        actions.push({
          label: trans.__("I'm still here"),
          callback: () => void app.commands.execute(CommandIDs.stillHere)
        });
      }
      dismissWarning();
      const text = warningText(
        model,
        warning.deadline,
        warning.remaining,
        warning.step,
        trans
      );
      const id = Notification.warning(text, { autoClose: false, actions });
      shown = { id, step: warning.step };
    });
    model.ended.connect((_, deadline) => {
      dismissWarning();
      Notification.error(endText(model, deadline, trans), {
        autoClose: false
      });
    });

    const item = new ExpiryStatus(
      model,
      trans,
      () => void app.commands.execute(CommandIDs.details)
    );
    if (statusBar) {
      statusBar.registerStatusItem(PLUGIN_ID, {
        item,
        align: 'left',
        rank: 5,
        isActive: () => hasCountdown(model),
        activeStateChanged: model.stateChanged
      });
    } else {
      // Jupyter Notebook 7 has no status bar: the countdown goes in its top
      // area, by the title and the menus, hidden while there is nothing to say.
      item.addClass('jp-artifacts-ExpiryTop');
      const show = () => item.setHidden(!hasCountdown(model));
      model.stateChanged.connect(show);
      show();
      app.shell.add(item, 'top', { rank: 1000 });
    }

    const apply = (composite: Partial<IExpirySettings>) => {
      settings = { ...settings, ...composite, ...pageConfigPolicy() };
      model.setPolicy(settings);
    };
    if (settingRegistry) {
      settingRegistry
        .load(PLUGIN_ID)
        .then(loaded => {
          apply(loaded.composite as unknown as Partial<IExpirySettings>);
          loaded.changed.connect(() =>
            apply(loaded.composite as unknown as Partial<IExpirySettings>)
          );
        })
        .catch(reason => {
          console.error('jupyterlab-artifacts: expiry settings failed', reason);
        });
    } else {
      apply({});
    }
    model.start();
  }
};

/**
 * Policy from page config (`artifactsExpiry`, a JSON object), which wins over
 * settings: a spawner can set it per user or per course.
 */
function pageConfigPolicy(): Partial<IExpirySettings> {
  const raw = PageConfig.getOption('artifactsExpiry');
  if (!raw) {
    return {};
  }
  try {
    const value = JSON.parse(raw);
    return value && typeof value === 'object' ? value : {};
  } catch {
    console.warn(
      'jupyterlab-artifacts: page config artifactsExpiry is not JSON'
    );
    return {};
  }
}

export default [expiryPlugin];
