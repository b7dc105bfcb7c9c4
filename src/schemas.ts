/**
 * The settings defaults, read from the settings schemas (`schema/*.json`)
 * when the extension is built, so the code holds no second copy that could
 * drift from what an admin reads in the Settings Editor.
 *
 * #### Notes
 * With a settings registry, plugins read the composite settings, in which
 * JupyterLab has already filled these defaults in; these are for the places
 * that need a default without one (no registry, a failed load, a model
 * built before the settings arrive, a Web Worker).
 *
 * The schemas sit beside `src/` and `lib/` at the same depth, so the same
 * relative import resolves from the sources, from the compiled library and
 * in the bundle.
 *
 * @packageDocumentation
 * @module schemas
 */
import badges from '../schema/badges.json';
import catalogue from '../schema/catalogue.json';
import expiry from '../schema/expiry.json';
import share from '../schema/share.json';
import transfers from '../schema/transfers.json';
import zenodo from '../schema/zenodo.json';

/**
 * The defaults a schema declares, by property.
 */
export type SchemaDefaults<
  S extends { properties: { [key: string]: { default?: unknown } } }
> = {
  readonly [K in keyof S['properties']]: S['properties'][K]['default'];
};

/**
 * The defaults of one schema: each top-level property's `default`.
 */
export function schemaDefaults<
  S extends { properties: { [key: string]: { default?: unknown } } }
>(schema: S): SchemaDefaults<S> {
  const defaults: { [key: string]: unknown } = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    // A copy, so that no caller can change the default for the others.
    defaults[key] =
      property.default === undefined
        ? undefined
        : JSON.parse(JSON.stringify(property.default));
  }
  return Object.freeze(defaults) as SchemaDefaults<S>;
}

/**
 * The defaults of every plugin's settings, by schema name (the part of the
 * plugin id after the colon).
 */
export const SCHEMA_DEFAULTS = {
  badges: schemaDefaults(badges),
  catalogue: schemaDefaults(catalogue),
  expiry: schemaDefaults(expiry),
  share: schemaDefaults(share),
  transfers: schemaDefaults(transfers),
  zenodo: schemaDefaults(zenodo)
};
