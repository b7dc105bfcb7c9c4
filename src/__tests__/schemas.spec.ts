/**
 * Settings defaults come from the schemas only (issue 13.5): the defaults the
 * code reads are the schemas', and no literal in the code restates a
 * setting's default with another value.
 */
import * as fs from 'fs';
import * as path from 'path';

import { DEFAULT_BADGE_SETTINGS } from '../badges/folders';
import { DEFAULT_POLICY } from '../expiry/policy';
import { SCHEMA_DEFAULTS } from '../schemas';
import { DEFAULT_EXTRACTION_LIMITS } from '../workspace/extract';

const ROOT = path.resolve(__dirname, '../..');

/** Every schema in schema/, read from disk (not through the build). */
function schemas(): Map<string, { [key: string]: { default?: unknown } }> {
  const found = new Map();
  for (const file of fs.readdirSync(path.join(ROOT, 'schema'))) {
    if (file.endsWith('.json')) {
      const schema = JSON.parse(
        fs.readFileSync(path.join(ROOT, 'schema', file), 'utf-8')
      );
      found.set(file.replace(/\.json$/, ''), schema.properties);
    }
  }
  return found;
}

/** The production sources, without tests and without this module's own. */
function sources(dir = path.join(ROOT, 'src')): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') {
        files.push(...sources(full));
      }
    } else if (/\.tsx?$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/**
 * The value of a literal written in code (`500 * 1000 * 1000`, `2_000`,
 * `'cc-by-4.0'`, `true`), or undefined for anything else.
 */
function literal(text: string): unknown {
  const t = text.trim();
  if (/^[\d_.]+(\s*\*\s*[\d_.]+)*$/.test(t)) {
    return t
      .split('*')
      .map(n => Number(n.trim().replace(/_/g, '')))
      .reduce((a, b) => a * b, 1);
  }
  const quoted = /^(['"])(.*)\1$/.exec(t);
  if (quoted) {
    return quoted[2];
  }
  if (t === 'true' || t === 'false') {
    return t === 'true';
  }
  return undefined;
}

describe('settings defaults', () => {
  it('are read from every schema, property by property', () => {
    const all = schemas();
    expect([...all.keys()].sort()).toEqual(Object.keys(SCHEMA_DEFAULTS).sort());
    for (const [name, properties] of all) {
      const expected = Object.fromEntries(
        Object.entries(properties).map(([k, p]) => [k, p.default])
      );
      expect([name, { ...(SCHEMA_DEFAULTS as any)[name] }]).toEqual([
        name,
        expected
      ]);
    }
  });

  it('cannot be changed through the shared object', () => {
    expect(Object.isFrozen(SCHEMA_DEFAULTS.catalogue)).toBe(true);
    expect(Object.isFrozen(DEFAULT_EXTRACTION_LIMITS)).toBe(true);
  });

  it('are the limits an import checks without settings', () => {
    const catalogue = schemas().get('catalogue')!;
    expect(DEFAULT_EXTRACTION_LIMITS).toEqual({
      maxTotalBytes: catalogue.maxExtractedBytes.default,
      maxEntries: catalogue.maxEntries.default,
      maxRatio: catalogue.maxRatio.default
    });
  });

  it('agree with the defaults badges and the countdown start from', () => {
    const badges = schemas().get('badges')!;
    for (const [key, value] of Object.entries(DEFAULT_BADGE_SETTINGS)) {
      expect([key, value]).toEqual([key, badges[key]?.default]);
    }
    const expiry = schemas().get('expiry')!;
    for (const [key, value] of Object.entries(DEFAULT_POLICY)) {
      expect([key, value]).toEqual([key, expiry[key]?.default]);
    }
  });

  it('are restated in no code literal with another value', () => {
    // `name: literal` where `name` is a setting with a primitive default:
    // a second copy of a default, or a drifted one.
    const defaults = new Map<string, Set<unknown>>();
    for (const properties of schemas().values()) {
      for (const [key, p] of Object.entries(properties)) {
        if (p.default !== null && typeof p.default !== 'object') {
          defaults.set(key, (defaults.get(key) ?? new Set()).add(p.default));
        }
      }
    }
    const drifted: string[] = [];
    for (const file of sources()) {
      const text = fs.readFileSync(file, 'utf-8');
      for (const [key, values] of defaults) {
        // An object key: at the start of a line or after `{` or `,` (not
        // the `:` of `a ? b.key : c`).
        const pattern = new RegExp(
          `(?:^|[{,])\\s*${key}\\s*:\\s*([^,;\\n}]+)`,
          'gm'
        );
        for (const match of text.matchAll(pattern)) {
          const value = literal(match[1]);
          // Only a literal of the default's own type restates it (a
          // parameter table's `maxBytes: 'number'` names a type).
          if (
            value !== undefined &&
            [...values].some(v => typeof v === typeof value) &&
            !values.has(value)
          ) {
            drifted.push(
              `${path.relative(ROOT, file)}: ${key}: ${match[1].trim()} (schema: ${[...values].join(' or ')})`
            );
          }
        }
      }
    }
    expect(drifted).toEqual([]);
  });
});
