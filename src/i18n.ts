/**
 * The one translation domain of the extension: the Python package's name,
 * which is what `jupyterlab-translate` and language packs use.
 *
 * @packageDocumentation
 * @module i18n
 */

/**
 * The domain every `ITranslator.load` of this extension uses.
 */
export const TRANSLATION_DOMAIN = 'jupyterlab_artifacts';
