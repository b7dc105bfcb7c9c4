/**
 * Translation bundles for tests of the words modules: the English one, and
 * one that marks what went through it (`«…»` around each message), so that
 * a test sees a sentence was translated, not passed through.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { TRANSLATION_DOMAIN } from '../i18n';

/** The extension's bundle without a language pack: English. */
export const trans = nullTranslator.load(TRANSLATION_DOMAIN);

/** A bundle that marks what it translated: «…» around each message. */
export const marking: TranslationBundle = {
  ...trans,
  // A bundle that wraps a bundle: here the message is a parameter.
  __: (msgid: string, ...args: any[]) => `«${trans.__(msgid, ...args)}»`,
  _n: (one: string, other: string, n: number, ...args: any[]) =>
    `«${trans._n(one, other, n, ...args)}»`
} as TranslationBundle;
