/**
 * Folder badges: the plugins only wire settings, hub groups, the file
 * browser and the renderer together.
 *
 * @packageDocumentation
 * @module badges
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Clipboard } from '@jupyterlab/apputils';
import {
  IDefaultFileBrowser,
  IDefaultFileBrowserRenderer
} from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { HubClient, readHubInfo } from '../hub';
import { IArtifactEvents, IFolderBadges } from '../tokens';
import { CITATION_FILE } from '../workspace/citation';
import { CurrentFolderBadge } from './current';
import { FolderBadges, IBadgeSettings } from './folders';
import { doiUrl } from './doi';
import { BadgeClass, BadgeRenderer } from './renderer';
import { TRANSLATION_DOMAIN } from '../i18n';

const PLUGIN_ID = 'jupyterlab-artifacts:badges';

/**
 * Command ids of the badges.
 */
export namespace CommandIDs {
  export const openDoi = 'jupyterlab-artifacts:open-doi';
  export const copyDoi = 'jupyterlab-artifacts:copy-doi';
}

/**
 * Renderers per FolderBadges, so that the renderer plugin and the browser
 * plugin share one.
 */
const renderers = new WeakMap<FolderBadges, BadgeRenderer>();

/**
 * The badges' state: settings and hub groups.
 */
export const badgesPlugin: JupyterFrontEndPlugin<IFolderBadges> = {
  id: PLUGIN_ID,
  description:
    'Knows which folders are shared with a group, read-only, or published artifacts.',
  autoStart: true,
  provides: IFolderBadges,
  optional: [ISettingRegistry, ITranslator, IArtifactEvents],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    events: IArtifactEvents | null
  ): Promise<IFolderBadges> => {
    const contents = app.serviceManager.contents;
    const badges = new FolderBadges({
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
    });
    const renderer = new BadgeRenderer(
      {
        rules: badges.rules,
        artifacts: badges.artifacts,
        showLocks: true
      },
      translator ?? nullTranslator
    );
    renderers.set(badges, renderer);
    badges.changed.connect(() => {
      renderer.state = {
        rules: badges.rules,
        artifacts: badges.settings.showArtifacts ? badges.artifacts : null,
        showLocks: badges.settings.showLocks
      };
      renderer.redraw();
    });

    // A folder becomes an artifact when its CITATION.cff is written (Share
    // writes it with the reserved DOI, an import with the record's): the
    // badge follows at once instead of at the next visit of the folder.
    contents.fileChanged.connect((_, change) => {
      for (const model of [change.oldValue, change.newValue]) {
        const path = (model?.path ?? '').replace(/^[^/:]+:/, '');
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
      if (published.folder) {
        badges.rememberArtifact(published.folder, published.doi);
      }
    });

    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const clickedDoi = () =>
      app.contextMenuHitTest(node => !!node.dataset?.doi)?.dataset.doi ?? '';
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
    for (const [rank, command] of [
      [0, CommandIDs.openDoi],
      [1, CommandIDs.copyDoi]
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
    const groupsRead = hub
      ? new HubClient(hub)
          .getUser()
          .then(user => badges.updateHubGroups(user.groups))
          .catch(reason => {
            console.warn(
              'jupyterlab-artifacts: could not read hub groups',
              reason
            );
          })
      : Promise.resolve();
    badges.ready = Promise.all([settingsRead, groupsRead]).then(() => {});
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
    activate: (
      app: JupyterFrontEnd,
      badges: IFolderBadges
    ): IDefaultFileBrowserRenderer => {
      return (
        renderers.get(badges as FolderBadges) ??
        new BadgeRenderer({
          rules: (badges as FolderBadges).rules,
          artifacts: null,
          showLocks: true
        })
      );
    }
  };

/**
 * Watches the default file browser: shows the current folder's group and
 * learns artifact folders from the listings it already fetched.
 */
export const badgesFolderPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-artifacts:badges-folder',
  description:
    "Shows the current folder's group in the file browser and finds artifact folders.",
  autoStart: true,
  requires: [IFolderBadges, IDefaultFileBrowser],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    folderBadges: IFolderBadges,
    browser: IDefaultFileBrowser,
    translator: ITranslator | null
  ): void => {
    const badges = folderBadges as FolderBadges;
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const current = new CurrentFolderBadge(badges, trans);
    browser.toolbar.addItem('artifacts-current-folder', current);
    const model = browser.model;
    let observing: AbortController | null = null;
    const onListing = () => {
      current.showPath(model.path);
      if (!badges.settings.showArtifacts) {
        return;
      }
      observing?.abort();
      observing = new AbortController();
      void badges.artifacts.observe(
        model.path.replace(/^[^/:]+:/, ''),
        model.items(),
        observing.signal
      );
    };
    model.refreshed.connect(onListing);
    model.pathChanged.connect(() => current.showPath(model.path));
    badges.changed.connect(() => current.showPath(model.path));
    onListing();
  }
};

export default [badgesPlugin, badgesRendererPlugin, badgesFolderPlugin];
