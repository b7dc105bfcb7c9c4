/**
 * Where the launch link generator points by default: this server, or this
 * page's hub. Read from PageConfig; never includes a token.
 *
 * @packageDocumentation
 * @module catalogue/linkdefaults
 */
import { PageConfig } from '@jupyterlab/coreutils';

import { readHubInfo } from '../hub';
import { ILaunchLinkDefaults } from './linkview';

/**
 * The generator's defaults for this page.
 */
export function launchLinkDefaults(
  getOption: (name: string) => string = PageConfig.getOption,
  location: { href: string; origin: string } = window.location
): ILaunchLinkDefaults {
  const hub = readHubInfo(getOption);
  const lab = new URL(getOption('baseUrl') || '/', location.href).toString();
  if (hub) {
    const origin = hub.hubHost || location.origin;
    return {
      lab,
      hub: new URL(hub.hubPrefix, origin).toString(),
      underHub: true
    };
  }
  return {
    lab,
    hub: new URL('/hub/', location.origin).toString(),
    underHub: false
  };
}
