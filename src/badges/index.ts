/**
 * Folder badges: the plugins only wire settings, hub groups, the file
 * browser and the renderer together.
 *
 * @packageDocumentation
 * @module badges
 */
import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard } from '@jupyterlab/apputils';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import {
  IDefaultFileBrowser,
  IDefaultFileBrowserRenderer,
  IFileBrowserFactory
} from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { HubClient, readHubInfo } from '../hub';
import { TRANSLATION_DOMAIN } from '../i18n';
import { IArtifactEvents, IFolderBadges, IZenodoConnection } from '../tokens';
import { CITATION_FILE } from '../workspace/citation';
import { ZenodoClient } from '../zenodo';
import { CurrentFolderBadge } from './current';
import { doiUrl } from './doi';
import { FolderBadges, IBadgeSettings } from './folders';
import { BadgeClass, BadgeRenderer } from './renderer';
import { updateForSelection, zenodoLatestLookup } from './versions';

const PLUGIN_ID = 'jupyterlab-artifacts:badges';

/**
 * Command ids of the badges.
 */
export namespace CommandIDs {
  export const openDoi = 'jupyterlab-artifacts:open-doi';
  export const copyDoi = 'jupyterlab-artifacts:copy-doi';
  export const updateArtifact = 'jupyterlab-artifacts:update-artifact-folder';
  /**
   * The catalogue's command that shows an artifact (`artifact`: a DOI) and
   * offers to update the folders holding an older version of it. Called by
   * its id, so that the badges import nothing of the catalogue.
   */
  export const showArtifact = 'jupyterlab-artifacts:show-artifact';
}

/**
 * The badges' state: settings and hub groups.
 */
export const badgesPlugin: JupyterFrontEndPlugin<IFolderBadges> = {
  id: PLUGIN_ID,
  description:
    'Knows which folders are shared with a group, read-only, or published artifacts.',
  autoStart: true,
  provides: IFolderBadges,
  optional: [ISettingRegistry, ITranslator, IArtifactEvents, IZenodoConnection],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    events: IArtifactEvents | null,
    connection: IZenodoConnection | null
  ): Promise<IFolderBadges> => {
    const contents = app.serviceManager.contents;
    // Published records are public: the lookup needs no token, so none is
    // sent (and a bad one cannot make it fail).
    let zenodo: ZenodoClient | null = null;
    let zenodoUrl = '';
    const client = () => {
      if (!connection) {
        return null;
      }
      if (!zenodo || zenodoUrl !== connection.baseUrl) {
        zenodoUrl = connection.baseUrl;
        try {
          zenodo = new ZenodoClient({ baseUrl: zenodoUrl });
        } catch {
          zenodo = null;
        }
      }
      return zenodo;
    };
    const badges = new FolderBadges(
      {
        list: async path => {
          const model = await contents.get(path, { content: true });
          return Array.isArray(model.content) ? model.content : [];
        },
        read: async path => {
          const model = await contents.get(path, {
            content: true,
            format: 'text',
            type: 'file'
          });
          return String(model.content ?? '');
        }
      },
      zenodoLatestLookup(client),
      { localPath: path => contents.localPath(path) }
    );
    connection?.changed.connect(() => {
      if (connection.baseUrl !== zenodoUrl && zenodoUrl) {
        badges.versions.reset();
      }
    });

    // A folder becomes an artifact when its CITATION.cff is written (Share
    // writes it with the reserved DOI, an import with the record's): the
    // badge follows at once instead of at the next visit of the folder.
    contents.fileChanged.connect((_, change) => {
      for (const model of [change.oldValue, change.newValue]) {
        const path = contents.localPath(model?.path ?? '');
        const name = path.split('/').pop();
        if (name !== CITATION_FILE) {
          continue;
        }
        const folder = path.split('/').slice(0, -1).join('/');
        const exists = change.type !== 'delete' && model === change.newValue;
        void badges.artifacts.reread(
          folder,
          exists ? (model?.last_modified ?? '') : null
        );
      }
    });
    events?.published.connect((_, published) => {
      badges.versions.notePublished(published.doi);
      if (published.folder) {
        badges.artifacts.remember(published.folder, published.doi);
      }
    });

    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const clickedBadge = () =>
      app.contextMenuHitTest(node => !!node.dataset?.doi)?.dataset;
    const clickedDoi = () => clickedBadge()?.doi ?? '';
    app.commands.addCommand(CommandIDs.openDoi, {
      label: trans.__('Open the DOI Record'),
      caption: trans.__('Open the published record at doi.org in a new tab'),
      describedBy: { args: { type: 'object', properties: {} } },
      isEnabled: () => !!clickedDoi(),
      execute: () => {
        const doi = clickedDoi();
        if (doi) {
          window.open(doiUrl(doi), '_blank', 'noopener');
        }
      }
    });
    app.commands.addCommand(CommandIDs.copyDoi, {
      label: trans.__('Copy the DOI'),
      describedBy: { args: { type: 'object', properties: {} } },
      isEnabled: () => !!clickedDoi(),
      execute: () => {
        const doi = clickedDoi();
        if (doi) {
          Clipboard.copyToSystem(doi);
        }
      }
    });
    // The update (rank 0 on the badge) is added with the file browser's
    // selection in `badgesFolderPlugin`.
    for (const [rank, command] of [
      [1, CommandIDs.openDoi],
      [2, CommandIDs.copyDoi]
    ] as const) {
      app.contextMenu.addItem({
        command,
        selector: `.${BadgeClass.doi}`,
        rank
      });
    }

    let settingsRead: Promise<void> = Promise.resolve();
    if (settingRegistry) {
      settingsRead = settingRegistry
        .load(PLUGIN_ID)
        .then(settings => {
          const apply = () =>
            badges.updateSettings(
              settings.composite as unknown as Partial<IBadgeSettings>
            );
          apply();
          settings.changed.connect(apply);
        })
        .catch(reason => {
          console.error('jupyterlab-artifacts: badge settings failed', reason);
        });
    }
    const hub = readHubInfo();
    if (hub) {
      // The groups come when the hub answers; badges follow through `changed`.
      void new HubClient(hub)
        .getUser()
        .then(user => badges.updateHubGroups(user.groups))
        .catch(reason => {
          console.warn(
            'jupyterlab-artifacts: could not read hub groups',
            reason
          );
        });
    }
    await settingsRead;
    return badges;
  }
};

/**
 * Draws the badges in the default file browser's rows.
 */
export const badgesRendererPlugin: JupyterFrontEndPlugin<IDefaultFileBrowserRenderer> =
  {
    id: 'jupyterlab-artifacts:badges-renderer',
    description: 'Draws group, lock and DOI badges on file-browser rows.',
    autoStart: true,
    requires: [IFolderBadges],
    provides: IDefaultFileBrowserRenderer,
    optional: [ITranslator],
    activate: (
      app: JupyterFrontEnd,
      badges: IFolderBadges,
      translator: ITranslator | null
    ): IDefaultFileBrowserRenderer => {
      const renderer = new BadgeRenderer(badges, translator ?? nullTranslator);
      badges.changed.connect(() => renderer.redraw());
      return renderer;
    }
  };

/**
 * Watches the default file browser: shows the current folder's group,
 * learns artifact folders from the listings it already fetched, and offers
 * the update of an artifact folder with a newer version (from its badge's
 * context menu and from the row's own).
 */
export const badgesFolderPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-artifacts:badges-folder',
  description:
    "Shows the current folder's group in the file browser and finds artifact folders.",
  autoStart: true,
  requires: [IFolderBadges, IDefaultFileBrowser],
  optional: [ITranslator, ILabShell, IFileBrowserFactory],
  activate: (
    app: JupyterFrontEnd,
    badges: IFolderBadges,
    browser: IDefaultFileBrowser,
    translator: ITranslator | null,
    labShell: ILabShell | null,
    factory: IFileBrowserFactory | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    // A path without its drive's prefix: the Contents manager knows which
    // prefixes are drives (a folder may be named `data:2024`).
    const localPath = (path: string) =>
      app.serviceManager.contents.localPath(path);
    Private.addUpdateCommand(app, badges, trans, () => {
      // The file browser a person last used, as JupyterLab's own file
      // commands take it.
      return factory?.tracker.currentWidget ?? browser;
    });
    const current = new CurrentFolderBadge(badges, trans);
    browser.toolbar.addItem('artifacts-current-folder', current);
    const model = browser.model;
    let observing: AbortController | null = null;
    // Newer versions are asked about only for the rows on screen: the
    // folder listed and its children, while the file browser is visible.
    const checkShown = () => {
      if (!browser.isVisible || document.hidden) {
        return;
      }
      const folder = localPath(model.path);
      const paths = [folder];
      for (const item of model.items()) {
        if (item.type === 'directory') {
          paths.push(localPath(item.path));
        }
      }
      badges.checkNewerVersions(paths);
    };
    const onListing = () => {
      current.showPath(localPath(model.path));
      observing?.abort();
      const controller = (observing = new AbortController());
      void badges
        .observe(localPath(model.path), model.items(), controller.signal)
        .then(() => {
          if (!controller.signal.aborted) {
            checkShown();
          }
        });
    };
    model.refreshed.connect(onListing);
    // Shown again (its tab chosen in the sidebar): its rows are on screen.
    labShell?.layoutModified.connect(checkShown);
    model.pathChanged.connect(() => current.showPath(localPath(model.path)));
    badges.changed.connect(() => current.showPath(localPath(model.path)));
    onListing();
  }
};

export default [badgesPlugin, badgesRendererPlugin, badgesFolderPlugin];

/**
 * Module-private helpers.
 */
namespace Private {
  /**
   * Where the row's own entry comes from (its `from` argument): the badge's
   * entry has none.
   */
  const FROM_SELECTION = 'selection';

  /**
   * Add "Update to vN…" (the catalogue on the newest version, which offers
   * the update) to the DOI badge's context menu and to the file browser
   * row's.
   *
   * #### Notes
   * The row's entry is needed as much as the badge's: in a narrow file
   * browser the badge may be hard to hit, and a keyboard user reaches the
   * row, not the badge. It acts on the selected folder, as JupyterLab's own
   * file commands do (a right-click selects the row first). On the badge
   * itself only the badge's entry shows, so the menu does not offer the
   * same update twice.
   */
  export function addUpdateCommand(
    app: JupyterFrontEnd,
    badges: IFolderBadges,
    trans: ReturnType<ITranslator['load']>,
    currentBrowser: () => {
      selectedItems(): Iterable<{ path: string; type: string }>;
    } | null
  ): void {
    const clickedBadge = () =>
      app.contextMenuHitTest(node => !!node.dataset?.doi)?.dataset;
    const selection = () => {
      const browser = currentBrowser();
      return browser
        ? updateForSelection(badges, browser.selectedItems(), path =>
            app.serviceManager.contents.localPath(path)
          )
        : null;
    };
    const fromSelection = () => selection()?.newer ?? null;
    const argPath = (args: ReadonlyPartialJSONObject) =>
      typeof args.path === 'string'
        ? app.serviceManager.contents.localPath(args.path)
        : null;
    // The folder the update is for: the catalogue looks there first, so a
    // renamed or moved copy is offered the update too.
    const folderOf = (args: ReadonlyPartialJSONObject) =>
      argPath(args) ?? selection()?.folder;
    const newer = (args: ReadonlyPartialJSONObject) => {
      const path = argPath(args);
      if (path !== null) {
        return badges.newerVersionOf(path);
      }
      const badge = clickedBadge();
      if (args.from === FROM_SELECTION) {
        return badge ? null : fromSelection();
      }
      if (badge) {
        return badge.newerDoi
          ? { doi: badge.newerDoi, version: badge.newerVersion ?? '' }
          : null;
      }
      return fromSelection();
    };
    app.commands.addCommand(CommandIDs.updateArtifact, {
      label: args => {
        const version = newer(args)?.version;
        return version
          ? trans.__('Update to v%1…', version.replace(/^v/i, ''))
          : trans.__('Update to the Newest Version…');
      },
      caption: trans.__(
        'Show the newest version in the Artifacts catalogue, which offers to update this folder without losing your changes'
      ),
      describedBy: {
        args: {
          type: 'object',
          properties: {
            path: {
              type: 'string',
              description:
                'The artifact folder; by default the badge clicked or the folder selected in the file browser.'
            },
            from: {
              type: 'string',
              enum: [FROM_SELECTION],
              description:
                "The file browser row's menu entry: the selected folder only."
            }
          }
        }
      },
      isEnabled: args => !!newer(args),
      isVisible: args =>
        !!newer(args) && app.commands.hasCommand(CommandIDs.showArtifact),
      execute: args => {
        const version = newer(args);
        if (version) {
          const folder = folderOf(args);
          return app.commands.execute(CommandIDs.showArtifact, {
            artifact: version.doi,
            ...(folder ? { folder } : {})
          });
        }
      }
    });
    app.contextMenu.addItem({
      command: CommandIDs.updateArtifact,
      selector: `.${BadgeClass.doi}`,
      rank: 0
    });
    app.contextMenu.addItem({
      command: CommandIDs.updateArtifact,
      args: { from: FROM_SELECTION },
      // After JupyterLab's "Open" (rank 1) of a folder row.
      selector: '.jp-DirListing-item[data-isdir="true"]',
      rank: 2
    });
  }
}
