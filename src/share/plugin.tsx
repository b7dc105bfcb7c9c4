/**
 * The Share menu plugin: wires commands, menus and dialogs to the publish
 * workflow and the folder download. No logic of its own.
 *
 * @packageDocumentation
 * @module share/plugin
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';

import { IArtifactEvents, ITransfers, IZenodoConnection } from '../tokens';
import { CITATION_FILE, readFolderCitation } from '../workspace/citation';
import { DEFAULT_EXCLUDE_PATTERNS, normaliseFolder } from '../workspace/walk';
import { formatBytes } from '../format';
import { SCHEMA_DEFAULTS } from '../schemas';
import { IArtifactMetadata } from './metadata';
import { documentFolder, unsavedDocuments } from './unsaved';
// The views, the workflow and the archive code load on first use, not at
// JupyterLab's start.
import type { PublishWorkflow } from './workflow';
import { TRANSLATION_DOMAIN } from '../i18n';

/**
 * Command ids of the Share menu.
 */
export namespace CommandIDs {
  export const publish = 'jupyterlab-artifacts:publish';
  export const publishVersion = 'jupyterlab-artifacts:publish-version';
  export const editMetadata = 'jupyterlab-artifacts:edit-metadata';
  export const downloadZip = 'jupyterlab-artifacts:download-zip';
  export const account = 'jupyterlab-artifacts:zenodo-account';
}

/**
 * The `share` settings.
 */
interface IShareSettings {
  maxBytes: number;
  exclude: string[];
  defaultLicense: string;
  defaultUploadType: string;
  writeCitation: boolean;
}

// The schema's defaults, read at build time: no second copy to drift.
const DEFAULT_SETTINGS: IShareSettings = {
  ...SCHEMA_DEFAULTS.share,
  exclude: [...SCHEMA_DEFAULTS.share.exclude]
};

const CONNECTION_PLUGIN = 'jupyterlab-artifacts:zenodo';

/**
 * The arguments of the folder commands.
 */
const PATH_ARGS = {
  type: 'object' as const,
  properties: {
    path: {
      type: 'string' as const,
      description:
        'Server path of the folder (default: the selected folder, else the file browser folder)'
    }
  }
};

/**
 * The Share menu: publish a folder to Zenodo, new versions, metadata edits,
 * zip download, the Zenodo account.
 */
export const sharePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-artifacts:share',
  description:
    'Share menu: publish folders to Zenodo, new versions, metadata edits, zip download.',
  autoStart: true,
  requires: [IZenodoConnection],
  optional: [
    IDefaultFileBrowser,
    ISettingRegistry,
    ICommandPalette,
    ITranslator,
    ITransfers,
    IArtifactEvents
  ],
  activate: (
    app: JupyterFrontEnd,
    connection: IZenodoConnection,
    browser: IDefaultFileBrowser | null,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    transfers: ITransfers | null,
    events: IArtifactEvents | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const contents = app.serviceManager.contents;
    let settings: IShareSettings = { ...DEFAULT_SETTINGS };
    let tokenSaved = false;

    if (settingRegistry) {
      void settingRegistry
        .load(sharePlugin.id)
        .then(s => {
          const apply = () => {
            settings = {
              ...DEFAULT_SETTINGS,
              ...(s.composite as unknown as Partial<IShareSettings>)
            };
          };
          apply();
          s.changed.connect(apply);
        })
        .catch(reason =>
          console.error(
            'jupyterlab-artifacts: could not load the Share settings.',
            reason
          )
        );
      void settingRegistry
        .load(CONNECTION_PLUGIN)
        .then(s => {
          const apply = () => {
            tokenSaved = !!(s.get('token').composite as string | undefined);
          };
          apply();
          s.changed.connect(apply);
        })
        .catch(() => undefined);
    }

    /**
     * The folder a command acts on: its argument, the selected folder, the
     * browser's folder, or, where no file browser is on screen (Jupyter
     * Notebook 7's notebook view), the current document's folder.
     */
    const targetFolder = (args: any): string => {
      if (typeof args?.path === 'string') {
        return normaliseFolder(args.path);
      }
      if (browser?.isVisible) {
        const selected = Array.from(browser.selectedItems());
        if (selected.length === 1 && selected[0].type === 'directory') {
          return normaliseFolder(selected[0].path);
        }
        return normaliseFolder(browser.model.path);
      }
      const current = documentFolder(app.shell.currentWidget);
      if (current !== null) {
        return normaliseFolder(current);
      }
      return browser ? normaliseFolder(browser.model.path) : '';
    };

    const folderLabel = (folder: string) => folder || trans.__('the workspace');

    /**
     * The account dialog while it is open: a publish asked for while a token
     * is being checked waits for that dialog instead of opening a second one
     * (which would queue behind the first and be thrown away unseen).
     */
    let accountOpen: Promise<boolean> | null = null;

    const openAccount = (): Promise<boolean> => {
      if (!accountOpen) {
        accountOpen = showAccount().finally(() => {
          accountOpen = null;
        });
      }
      return accountOpen;
    };

    const showAccount = async (): Promise<boolean> => {
      const { AccountView, ShareBody, ShareDialog } = await import('./views');
      return new Promise(resolve => {
        const close = () => {
          // Resolve, never dispose, an open dialog: disposing rejects its
          // promise, which fails every dialog waiting behind it in
          // JupyterLab's launch queue.
          dialog.reject();
          resolve(!!connection.token);
        };
        const body = new ShareBody(() => (
          <AccountView
            trans={trans}
            baseUrl={connection.baseUrl}
            tokenUrl={`${connection.tokenUrl}`}
            hasToken={!!connection.token}
            isSaved={tokenSaved}
            canSave={!!settingRegistry}
            check={async token => {
              const { checkToken } = await import('./account');
              return checkToken(connection.baseUrl, token);
            }}
            onUse={async (token, save) => {
              connection.token = token;
              if (save && settingRegistry) {
                // Bound to this Zenodo: if the URL changes, it stays here.
                await settingRegistry.set(
                  CONNECTION_PLUGIN,
                  'tokenBaseUrl',
                  connection.baseUrl
                );
                await settingRegistry.set(CONNECTION_PLUGIN, 'token', token);
                tokenSaved = true;
              }
              Notification.success(
                save
                  ? trans.__('Zenodo token saved in your settings.')
                  : trans.__('Zenodo token set for this session.'),
                { autoClose: 4000 }
              );
            }}
            onForget={async () => {
              connection.token = undefined;
              if (settingRegistry && tokenSaved) {
                await settingRegistry.remove(CONNECTION_PLUGIN, 'token');
                await settingRegistry.remove(CONNECTION_PLUGIN, 'tokenBaseUrl');
                tokenSaved = false;
              }
              Notification.info(trans.__('Zenodo token forgotten.'), {
                autoClose: 4000
              });
            }}
            onClose={close}
          />
        ));
        const dialog = new ShareDialog<void>({
          title: trans.__('Zenodo account'),
          body,
          buttons: [],
          busy: () => false
        });
        // Closing from inside disposes the dialog, which rejects the launch
        // promise with nothing: both ends mean the same here.
        const ended = () => {
          if (!dialog.isDisposed) {
            dialog.dispose();
          }
          resolve(!!connection.token);
        };
        dialog.launch().then(ended, ended);
      });
    };

    const newWorkflow = async (folder: string) => {
      const { PublishWorkflow: Workflow } = await import('./workflow');
      const flow = new Workflow({
        contents,
        folder,
        zenodo: {
          baseUrl: connection.baseUrl,
          token: connection.token,
          tokenUrl: connection.tokenUrl
        },
        exclude: settings.exclude,
        maxBytes: settings.maxBytes,
        transfers
      });
      // Say once that a publish finished, so the catalogue and the badges
      // follow without importing the Share menu's code.
      let announced = false;
      flow.stateChanged.connect((_, s) => {
        if (!announced && s.phase === 'done' && s.result?.published) {
          announced = true;
          events?.announcePublished({
            folder,
            doi: s.result.doi,
            recordId: String(s.result.depositionId)
          });
        }
      });
      return flow;
    };

    const ensureToken = async (): Promise<boolean> => {
      if (connection.token) {
        return true;
      }
      return openAccount();
    };

    /** Read the folder's CITATION.cff DOI, or say why there is none. */
    const folderDoi = async (folder: string): Promise<string | undefined> => {
      // The one reader every capability uses: `citation.cff` counts too.
      const citation = await readFolderCitation(contents, folder);
      if (!citation) {
        Notification.warning(
          trans.__(
            '“%1” has no %2, so it was not published from here. Use “Publish folder to Zenodo…” first.',
            folderLabel(folder),
            CITATION_FILE
          ),
          { autoClose: false }
        );
        return undefined;
      }
      if (!citation.doi) {
        Notification.warning(
          trans.__(
            '%1 in “%2” names no DOI. Publish the folder first, or add the DOI of its Zenodo record.',
            CITATION_FILE,
            folderLabel(folder)
          ),
          { autoClose: false }
        );
      }
      return citation.doi;
    };

    const openPublish = async (
      folder: string,
      mode: PublishWorkflow.Mode,
      resolved?: PublishWorkflow.IResolved,
      related?: IArtifactMetadata['relatedIdentifiers'],
      workflow?: PublishWorkflow
    ) => {
      const { PublishView, ShareBody, ShareDialog } = await import('./views');
      const { PublishSession } = await import('./session');
      const flow = workflow ?? (await newWorkflow(folder));
      const session = new PublishSession({
        workflow: flow,
        mode,
        defaults: {
          license: settings.defaultLicense,
          uploadType: settings.defaultUploadType,
          communities: connection.community ? [connection.community] : []
        },
        userName: PageConfig.getOption('hubUser') || undefined,
        writeCitationDefault: settings.writeCitation,
        resolved,
        relatedIdentifiers: related
      });
      const close = () => {
        const s = flow.state;
        if (s.phase === 'failed' && s.depositionId) {
          Notification.info(
            trans.__(
              'The draft (deposition %1) is kept on Zenodo. Publish the folder again later, or remove the draft on Zenodo.',
              s.depositionId
            ),
            { autoClose: false }
          );
        }
        if (s.phase === 'done' && s.result?.citationWritten) {
          void browser?.model.refresh();
        }
        dialog.reject();
      };
      const titles: Record<PublishWorkflow.Mode, string> = {
        new: trans.__('Publish “%1” to Zenodo', folderLabel(folder)),
        version: trans.__('New version of “%1”', folderLabel(folder)),
        edit: trans.__('Edit published metadata of “%1”', folderLabel(folder))
      };
      const body = new ShareBody(() => (
        <PublishView
          session={session}
          trans={trans}
          onClose={close}
          onWholeWorkspace={() => {
            dialog.reject();
            void openPublish('', 'new');
          }}
          unsavedDocuments={() =>
            unsavedDocuments(app.shell.widgets('main'), folder)
          }
        />
      ));
      body.addClass('jp-artifacts-Share-publish');
      const dialog = new ShareDialog<void>({
        title: titles[mode],
        body,
        buttons: [],
        // Every step has its own Cancel/Close; a header × would hide a
        // running upload.
        hasClose: false,
        busy: () => session.busy,
        // Escape does what the step's Cancel or Close does (not while an
        // upload runs: `busy`).
        onEscape: close
      });
      const ended = () => {
        if (!dialog.isDisposed) {
          dialog.dispose();
        }
        session.dispose();
      };
      dialog.launch().then(ended, ended);
    };

    app.commands.addCommand(CommandIDs.publish, {
      label: trans.__('Publish Folder to Zenodo…'),
      caption: trans.__(
        'Preview, describe and publish the folder as a citable Zenodo artifact with a DOI'
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            path: {
              type: 'string',
              description:
                'Server path of the folder (default: the selected or current folder)'
            }
          }
        }
      },
      execute: async args => {
        const folder = targetFolder(args);
        if (!(await ensureToken())) {
          return;
        }
        await openPublish(folder, 'new');
      }
    });

    /** New version and edit start from the DOI in the folder's CITATION.cff. */
    const openExisting = async (args: any, mode: 'version' | 'edit') => {
      const folder = targetFolder(args);
      const doi = await folderDoi(folder);
      if (!doi || !(await ensureToken())) {
        return;
      }
      const workflow = await newWorkflow(folder);
      let resolved: PublishWorkflow.IResolved;
      try {
        resolved = await workflow.resolve(doi);
      } catch (error) {
        const { PublishWorkflow: Workflow } = await import('./workflow');
        const { errorText } = await import('./words');
        const e = errorText(Workflow.describeError(error), trans);
        Notification.error(
          trans.__(
            'Could not find the artifact %1 on %2: %3 %4',
            doi,
            connection.baseUrl,
            e.message,
            e.hint
          ),
          { autoClose: false }
        );
        return;
      }
      if (!resolved.owned) {
        Notification.warning(
          // Notifications cut messages at 140 characters: the title
          // (often long) stays out, the DOI names the artifact.
          trans.__(
            '%1 belongs to someone else, so your token cannot change it.',
            doi
          ),
          {
            autoClose: false,
            actions: [
              {
                label: trans.__('Publish as a new artifact derived from it'),
                callback: () => {
                  void openPublish(folder, 'new', undefined, [
                    { identifier: doi, relation: 'isDerivedFrom' }
                  ]);
                }
              }
            ]
          }
        );
        return;
      }
      await openPublish(folder, mode, resolved, undefined, workflow);
    };

    app.commands.addCommand(CommandIDs.publishVersion, {
      describedBy: { args: PATH_ARGS },
      label: trans.__('Publish New Version…'),
      caption: trans.__(
        'Publish a new version of a folder published before (found through the DOI in its CITATION.cff)'
      ),
      execute: args => openExisting(args, 'version')
    });

    app.commands.addCommand(CommandIDs.editMetadata, {
      describedBy: { args: PATH_ARGS },
      label: trans.__('Edit Published Metadata…'),
      caption: trans.__(
        'Edit the metadata of the artifact this folder was published as'
      ),
      execute: args => openExisting(args, 'edit')
    });

    /**
     * With the companion, the server streams the zip and the browser saves
     * it as it arrives. False when the browser must build it.
     */
    const downloadOnServer = async (folder: string): Promise<boolean> => {
      const companion = await transfers?.companion();
      if (!companion || !(await companion.can('download'))) {
        return false;
      }
      try {
        const model = await contents.get(folder, { content: false });
        if (model.type !== 'directory') {
          return false; // A single file: the browser zips it.
        }
      } catch (error) {
        Notification.error(
          trans.__(
            'Could not zip “%1”: the folder cannot be read (%2). Check that it still exists.',
            folderLabel(folder),
            (error as Error).message
          ),
          { autoClose: false }
        );
        return true;
      }
      const { archiveName, saveUrl } = await import('../workspace/download');
      const filename = archiveName(folder);
      // The same exclusions as a publish: the defaults, then the settings'.
      saveUrl(
        companion.downloadUrl(
          folder,
          [...DEFAULT_EXCLUDE_PATTERNS, ...settings.exclude],
          filename
        ),
        filename
      );
      Notification.info(
        trans.__(
          'The server is zipping “%1”: your browser saves %2 as it arrives (see its downloads).',
          folderLabel(folder),
          filename
        ),
        { autoClose: 6000 }
      );
      return true;
    };

    app.commands.addCommand(CommandIDs.downloadZip, {
      describedBy: { args: PATH_ARGS },
      label: trans.__('Download Folder as Zip'),
      caption: trans.__(
        'Build a zip of the folder in the browser and save it (nothing is sent to Zenodo)'
      ),
      execute: async args => {
        const folder = targetFolder(args);
        if (await downloadOnServer(folder)) {
          return;
        }
        const controller = new AbortController();
        const id = Notification.emit(
          trans.__('Zipping “%1”…', folderLabel(folder)),
          'in-progress',
          {
            autoClose: false,
            actions: [
              {
                label: trans.__('Cancel'),
                callback: () => controller.abort(new Error('Cancelled'))
              }
            ]
          }
        );
        try {
          const { downloadFolderAsZip } = await import('../workspace/download');
          const done = await downloadFolderAsZip(contents, folder, {
            exclude: settings.exclude,
            signal: controller.signal,
            onProgress: p =>
              Notification.update({
                id,
                message: trans._n(
                  'Zipping “%2”: %3 of %1 file, %4 of %5',
                  'Zipping “%2”: %3 of %1 files, %4 of %5',
                  p.filesTotal,
                  folderLabel(folder),
                  p.filesDone,
                  formatBytes(p.bytesDone),
                  formatBytes(p.bytesTotal)
                ),
                type: 'in-progress',
                progress: p.bytesTotal ? p.bytesDone / p.bytesTotal : 0
              })
          });
          Notification.update({
            id,
            message: done.refused.length
              ? trans._n(
                  'Saved %2 (%1 file, %3). Left out, as links or not what the listing said: %4.',
                  'Saved %2 (%1 files, %3). Left out, as links or not what the listing said: %4.',
                  done.files,
                  done.filename,
                  formatBytes(done.bytes),
                  done.refused.map(r => r.path).join(', ')
                )
              : trans._n(
                  'Saved %2 (%1 file, %3).',
                  'Saved %2 (%1 files, %3).',
                  done.files,
                  done.filename,
                  formatBytes(done.bytes)
                ),
            type: done.refused.length ? 'warning' : 'success',
            autoClose: 5000,
            actions: []
          });
        } catch (error) {
          const { thrownText } = await import('./words');
          Notification.update({
            id,
            message: controller.signal.aborted
              ? trans.__('Download cancelled; nothing was saved.')
              : trans.__(
                  'Could not zip “%1”: %2',
                  folderLabel(folder),
                  thrownText(error, trans)
                ),
            type: controller.signal.aborted ? 'info' : 'error',
            autoClose: controller.signal.aborted ? 4000 : false,
            actions: []
          });
        }
      }
    });

    app.commands.addCommand(CommandIDs.account, {
      describedBy: { args: { type: 'object', properties: {} } },
      label: trans.__('Zenodo Account…'),
      caption: trans.__('Set, check or forget your Zenodo token'),
      execute: () => openAccount()
    });

    if (palette) {
      const category = trans.__('Share');
      for (const command of [
        CommandIDs.publish,
        CommandIDs.publishVersion,
        CommandIDs.editMetadata,
        CommandIDs.downloadZip,
        CommandIDs.account
      ]) {
        palette.addItem({ command, category });
      }
    }
  }
};
