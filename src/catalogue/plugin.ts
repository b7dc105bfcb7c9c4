/**
 * The catalogue plugin: wires the model, the panel, the import workflow and
 * launch links to JupyterLab. No logic of its own beyond the wiring.
 *
 * @packageDocumentation
 * @module catalogue/plugin
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ISanitizer,
  Notification,
  Sanitizer,
  showDialog
} from '@jupyterlab/apputils';
import { PageConfig, PathExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { FileDialog, IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { Contents } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { LabIcon } from '@jupyterlab/ui-components';

import { IArtifactEvents, ITransfers, IZenodoConnection } from '../tokens';
import { CITATION_FILE } from '../workspace/citation';
import { SCHEMA_DEFAULTS } from '../schemas';
import { IExtractionLimits } from '../workspace/extract';
import { hasMalformedPercent, ZenodoClient } from '../zenodo';
import { ImportWorkflow } from './import';
import {
  ILaunchRequest,
  readLaunchRequest,
  withoutLaunchParameters
} from './launch';
import { launchLinkDefaults } from './linkdefaults';
import { CatalogueModel } from './model';
import { CataloguePanel } from './panel';
import {
  CatalogueSource,
  createSource,
  ISourceConfig,
  parseArtifactRef
} from './sources';
import { ImportTarget } from './target';
import { creatingTarget, UpdatesModel } from './updates';
import { catalogueErrorText, setAsideText } from './words';
import { TRANSLATION_DOMAIN } from '../i18n';

/**
 * Command ids of the catalogue.
 */
export namespace CommandIDs {
  export const open = 'jupyterlab-artifacts:open-catalogue';
  export const showArtifact = 'jupyterlab-artifacts:show-artifact';
  export const refresh = 'jupyterlab-artifacts:refresh-catalogue';
}

/**
 * After a publish, the list is read again now and once more this much later:
 * Zenodo indexes a new record for search a little after it is published.
 */
const REFRESH_AGAIN_MS = 5000;

/**
 * The catalogue's sidebar icon: a card index.
 */
export const catalogueIcon = new LabIcon({
  name: 'jupyterlab-artifacts:catalogue',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">' +
    '<g class="jp-icon3" fill="#616161">' +
    '<path d="M4 4h16a2 2 0 0 1 2 2v3H2V6a2 2 0 0 1 2-2zm-2 7h20v7a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-7zm7 2v2h6v-2H9z"/>' +
    '</g></svg>'
});

/**
 * The catalogue settings.
 */
interface ISettings {
  sources: ISourceConfig[];
  importRoot: string;
  maxImportBytes: number;
  maxExtractedBytes: number;
  maxEntries: number;
  maxRatio: number;
  pageSize: number;
}

/**
 * Until (or without) the settings registry: the schema's defaults.
 */
const DEFAULTS: ISettings = SCHEMA_DEFAULTS.catalogue;

/**
 * The catalogue sidebar, imports and launch links.
 */
export const cataloguePlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-artifacts:catalogue',
  description:
    'A sidebar to browse shared artifacts and import them safely; launch links.',
  autoStart: true,
  requires: [IZenodoConnection],
  optional: [
    ISettingRegistry,
    ILayoutRestorer,
    IDefaultFileBrowser,
    ISanitizer,
    ITranslator,
    ITransfers,
    IDocumentManager,
    IArtifactEvents
  ],
  activate: async (
    app: JupyterFrontEnd,
    connection: IZenodoConnection,
    settingRegistry: ISettingRegistry | null,
    restorer: ILayoutRestorer | null,
    browser: IDefaultFileBrowser | null,
    sanitizer: ISanitizer | null,
    translator: ITranslator | null,
    transfers: ITransfers | null,
    docManager: IDocumentManager | null,
    events: IArtifactEvents | null
  ): Promise<void> => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const contents = app.serviceManager.contents;
    let settings: ISettings = { ...DEFAULTS };

    // Read before anything else: the parameter must leave the address bar
    // even if the rest of the activation fails.
    const launch = Private.takeLaunchParameters();
    const launchRef = launch?.artifact ?? null;

    const target = new ImportTarget({
      browserPath: () => browser?.model.path ?? '',
      isArtifactFolder: async path => {
        const listing = await contents.get(path, { content: true });
        return (
          Array.isArray(listing.content) &&
          listing.content.some(
            (e: { name: string; type: string }) =>
              e.name === CITATION_FILE && e.type !== 'directory'
          )
        );
      },
      browserReady: browser?.model.restored,
      startFolder: Private.linkFolder(launch, contents, browser),
      localPath: path => contents.localPath(path)
    });
    // Where imports go unless a launch link names a folder (`into`).
    const usualDestination = () => target.path;

    /** Let the person pick the folder imports go into. */
    const changeTarget = async () => {
      let path: string;
      if (docManager) {
        const result = await FileDialog.getExistingDirectory({
          manager: docManager,
          title: trans.__('Import artifacts into'),
          defaultPath: target.path,
          translator: translator ?? nullTranslator
        });
        if (!result.button.accept || !result.value?.length) {
          return;
        }
        path = result.value[0].path;
      } else {
        path = browser?.model.path ?? '';
      }
      if (await target.inArtifact(path)) {
        const answer = await showDialog({
          title: trans.__('Import into an artifact folder?'),
          body: trans.__(
            '“%1” is an artifact folder (it holds a CITATION.cff) or is inside one. Artifacts imported there end up nested inside it.',
            path || '/'
          ),
          buttons: [
            Dialog.cancelButton({ label: trans.__('Cancel') }),
            Dialog.warnButton({ label: trans.__('Import there') })
          ]
        });
        if (!answer.button.accept) {
          return;
        }
      }
      target.choose(path);
    };

    const limits = (): IExtractionLimits => ({
      maxTotalBytes: settings.maxExtractedBytes,
      maxEntries: settings.maxEntries,
      maxRatio: settings.maxRatio
    });

    const openFolder = (path: string) => {
      void app.commands.execute('filebrowser:go-to-path', {
        path: `/${path}`,
        dontShowBrowser: false
      });
    };

    // A launch link's `into` replaces the usual place while its artifact is
    // shown (see updates.ts); `destination` is what the panel shows.
    let updates: UpdatesModel | null = null;
    const destination = () => updates?.destination() ?? usualDestination();

    const model = new CatalogueModel({
      pageSize: settings.pageSize,
      startImport: (artifact, source: CatalogueSource) => {
        const parent = destination();
        // A link's target folder is made when the user clicks Import.
        const writeTo =
          parent !== usualDestination()
            ? creatingTarget(contents, parent)
            : contents;
        const flow = new ImportWorkflow({
          artifact,
          download: (file, options) => source.download(file, options),
          contents: writeTo,
          parent,
          maxBytes: settings.maxImportBytes,
          limits: limits(),
          server: transfers
            ? {
                transfers,
                contents: writeTo,
                token: connection.token,
                zenodoUrl: connection.baseUrl
              }
            : null
        });
        flow.changed.connect(() => {
          if (flow.phase === 'done' && flow.result) {
            const result = flow.result;
            Notification.success(
              trans.__(
                '"%1" was imported into %2.',
                artifact.title,
                result.folder
              ),
              { autoClose: 5000 }
            );
            void (async () => {
              await app.commands.execute('filebrowser:go-to-path', {
                path: `/${result.folder}`,
                dontShowBrowser: true
              });
              const open = updates?.fileToOpen(result.folder) ?? result.open;
              if (open) {
                await app.commands.execute('docmanager:open', {
                  path: open
                });
              }
            })();
          } else if (flow.phase === 'failed') {
            Notification.error(
              trans.__(
                'Import of "%1" failed: %2',
                artifact.title,
                catalogueErrorText(flow.error, trans)
              ),
              { autoClose: false }
            );
          }
        });
        return flow;
      }
    });

    const applySettings = () => {
      target.setSetting(settings.importRoot);
      model.setSources(
        Private.makeSources(settings, connection, trans),
        settings.pageSize
      );
    };

    updates = new UpdatesModel({
      catalogue: model,
      contents,
      destination: usualDestination,
      maxBytes: () => settings.maxImportBytes,
      limits
    });
    updates.setRequest(launch);
    // The places looked in are the import target and a link's folder, so
    // look again only when the target moves (not on every browser move).
    target.changed.connect(() => updates?.recheck());
    updates.changed.connect(
      Private.followLaunch(
        app,
        updates,
        trans,
        () => model.fromLaunchLink,
        () => Private.addressFolderReached(browser, contents)
      )
    );

    const panel = new CataloguePanel({
      model,
      sanitizer: sanitizer ?? new Sanitizer(),
      trans,
      destination,
      openFolder,
      updates,
      linkDefaults: launchLinkDefaults(),
      target,
      changeTarget: () => void changeTarget()
    });
    panel.id = 'jp-artifacts-catalogue';
    panel.title.icon = catalogueIcon;
    panel.title.caption = trans.__('Artifact catalogue');
    panel.title.dataset = {
      ...panel.title.dataset,
      jpTabLabel: trans.__('Artifacts')
    };
    if (restorer) {
      restorer.add(panel, 'artifacts-catalogue');
    }
    app.shell.add(panel, 'left', { rank: 600, type: 'Artifact catalogue' });

    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open the Artifact Catalogue'),
      icon: catalogueIcon,
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(CommandIDs.refresh, {
      label: trans.__('Refresh the Artifact Catalogue'),
      describedBy: { args: { type: 'object', properties: {} } },
      execute: () => model.refresh()
    });
    let refreshAgain = 0;
    events?.published.connect(() => {
      void model.refresh();
      window.clearTimeout(refreshAgain);
      refreshAgain = window.setTimeout(
        () => void model.refresh(),
        REFRESH_AGAIN_MS
      );
    });
    app.commands.addCommand(CommandIDs.showArtifact, {
      label: trans.__('Show an Artifact in the Catalogue'),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            artifact: {
              type: 'string',
              description: 'A DOI, a Zenodo record URL or a record id.'
            },
            folder: {
              type: 'string',
              description:
                'A server folder holding an earlier version of the artifact (from its CITATION.cff), offered the update whatever its name and place.'
            }
          }
        }
      },
      execute: args => {
        const value = String(args.artifact ?? '');
        if (hasMalformedPercent(value)) {
          Notification.error(
            trans.__(
              'The artifact link "%1" has a "%" that is not followed by two hexadecimal digits, so it cannot be read. The link was probably cut short or mistyped: copy it again in full.',
              value
            ),
            { autoClose: 8000 }
          );
          return;
        }
        const ref = parseArtifactRef(value);
        if (!ref) {
          Notification.error(
            trans.__(
              '"%1" is not a DOI, record address or record id.',
              String(args.artifact ?? '')
            ),
            { autoClose: 8000 }
          );
          return;
        }
        if (updates && value !== updates.request?.artifact) {
          // `open`/`into` belong to the launch link's own artifact only.
          updates.setRequest(null);
        }
        updates?.setFolder(
          typeof args.folder === 'string' && args.folder
            ? app.serviceManager.contents.localPath(args.folder)
            : null
        );
        app.shell.activateById(panel.id);
        void model.openRef(ref, value.trim());
      }
    });

    if (settingRegistry) {
      try {
        const loaded = await settingRegistry.load(cataloguePlugin.id);
        const read = () => {
          settings = {
            ...DEFAULTS,
            ...(loaded.composite as unknown as ISettings)
          };
          applySettings();
        };
        read();
        loaded.changed.connect(read);
      } catch (reason) {
        console.error(
          'jupyterlab-artifacts: could not load the catalogue settings.',
          reason
        );
        applySettings();
      }
    } else {
      applySettings();
    }
    connection.changed.connect(applySettings);

    for (const setAside of launch?.setAside ?? []) {
      Notification.warning(setAsideText(setAside, trans), {
        autoClose: 10000
      });
    }
    if (launchRef !== null) {
      void app.restored.then(() =>
        app.commands.execute(CommandIDs.showArtifact, { artifact: launchRef })
      );
    }
  }
};

/**
 * Module-private helpers.
 */
namespace Private {
  /**
   * Read `?artifact=` (with `&open=` and `&into=`) from the address and
   * remove them, so that a reload or a bookmark does not offer the import
   * again.
   */
  export function takeLaunchParameters(): ILaunchRequest | null {
    const url = new URL(window.location.href);
    const request = readLaunchRequest(url.searchParams);
    if (request === null) {
      return null;
    }
    const rest = withoutLaunchParameters(url);
    window.history.replaceState(window.history.state, '', rest.toString());
    return request;
  }

  /**
   * The folder the page's address opens (`/lab/tree/<path>`, Notebook 7's
   * `/tree/<path>`; a file's folder when the path is a file): for a launch
   * link always, otherwise while the file browser has not got there yet
   * (still at the root; Notebook 7's tree view gets there late). Undefined
   * without such an address.
   */
  export function linkFolder(
    launch: ILaunchRequest | null,
    contents: Contents.IManager,
    browser: IDefaultFileBrowser | null
  ): (() => Promise<string | null>) | undefined {
    const treePath = PageConfig.getOption('treePath');
    if (!treePath) {
      return undefined;
    }
    return async () => {
      if (!launch && browser && contents.localPath(browser.model.path)) {
        return null; // The browser is somewhere already: follow it.
      }
      try {
        const model = await contents.get(treePath, { content: false });
        return model.type === 'directory'
          ? treePath
          : PathExt.dirname(treePath);
      } catch {
        return null;
      }
    };
  }

  /**
   * The class JupyterLab's file browser has while it is restored and sent
   * to the address's folder.
   */
  const RESTORING_CLASS = 'jp-mod-restoring';

  /**
   * Resolves once the file browser shows the folder the page's address
   * opens (`/lab/tree/<path>`; a file's folder), or after 5 s at most.
   */
  export async function addressFolderReached(
    browser: IDefaultFileBrowser | null,
    contents: Contents.IManager
  ): Promise<void> {
    const treePath = PageConfig.getOption('treePath');
    if (!browser || !treePath) {
      return;
    }
    // JupyterLab marks the file browser while it restores its last folder
    // and then opens the address's (filebrowser-extension's
    // `restoreBrowser`). When the restored folder already is the address's,
    // the path below is right before that move is made: a move of ours in
    // between is undone by it.
    const until = Date.now() + 10000;
    while (browser.hasClass(RESTORING_CLASS) && Date.now() < until) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const wanted = [treePath, PathExt.dirname(treePath)];
    const there = () => wanted.includes(contents.localPath(browser.model.path));
    if (there()) {
      return;
    }
    await new Promise<void>(resolve => {
      const done = () => {
        clearTimeout(timer);
        browser.model.pathChanged.disconnect(onMove);
        resolve();
      };
      const onMove = () => {
        if (there()) {
          done();
        }
      };
      const timer = setTimeout(done, 5000);
      browser.model.pathChanged.connect(onMove);
    });
  }

  /**
   * When a launch link's artifact was imported before, show that folder
   * (and the file the link asks to open) instead of importing again: only
   * reading, once per link.
   */
  export function followLaunch(
    app: JupyterFrontEnd,
    updates: UpdatesModel,
    trans: TranslationBundle,
    fromLaunch: () => boolean,
    settled: () => Promise<void>
  ): () => void {
    let shown = '';
    return () => {
      const previous = updates.previous;
      if (
        !fromLaunch() ||
        !updates.request ||
        updates.status !== 'done' ||
        !previous ||
        shown === previous.folder
      ) {
        return;
      }
      shown = previous.folder;
      void (async () => {
        // After the file browser has opened the address's folder, or that
        // move would take it away from the copy again.
        await settled();
        await app.commands.execute('filebrowser:go-to-path', {
          path: `/${previous.folder}`,
          dontShowBrowser: true
        });
        const open = updates.fileToOpen(previous.folder);
        if (open) {
          try {
            await app.serviceManager.contents.get(open, { content: false });
          } catch {
            Notification.warning(
              trans.__(
                'The link asked to open %1, which is not in your copy.',
                open
              ),
              { autoClose: 8000 }
            );
            return;
          }
          await app.commands.execute('docmanager:open', { path: open });
        }
      })();
    };
  }

  /**
   * The configured sources, or the connection's community when none are.
   */
  export function makeSources(
    settings: ISettings,
    connection: IZenodoConnection,
    trans: TranslationBundle
  ): CatalogueSource[] {
    let zenodo: ZenodoClient | null = null;
    try {
      zenodo = new ZenodoClient({
        baseUrl: connection.baseUrl,
        token: connection.token
      });
    } catch {
      zenodo = null;
    }
    const configs: ISourceConfig[] = settings.sources.length
      ? settings.sources
      : [
          {
            id: 'zenodo',
            label: connection.community
              ? trans.__('Zenodo: %1', connection.community)
              : trans.__('Zenodo'),
            kind: 'zenodo',
            community: connection.community
          }
        ];
    return configs
      .filter(c => c.kind === 'index' || zenodo)
      .map(c =>
        createSource(
          { ...c, label: c.label || c.id },
          { zenodo: zenodo!, hasToken: !!connection.token }
        )
      );
  }
}
