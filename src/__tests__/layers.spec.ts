/**
 * The layers of src/ (README, "Design in brief", "Layers"): every
 * import points down. A module imports from a layer below its own, or from
 * inside its own unit (a file at the top of src/, or one folder); the
 * capabilities and the plugins beside them never import each other. The
 * imports are read with the TypeScript compiler's own scanner: static,
 * type-only, `export … from` and dynamic `import()` alike.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve, sep } from 'path';
import * as ts from 'typescript';

/**
 * The layers, bottom first. A unit is a file at the top of src/ (`tokens.ts`)
 * or a folder (`zenodo/`).
 */
const LAYERS: string[][] = [
  // Pure helpers: import nothing of ours.
  ['format.ts', 'i18n.ts', 'schemas.ts'],
  // The Zenodo REST client.
  ['zenodo/'],
  // The server's files.
  ['workspace/'],
  // The public tokens and what the page knows about JupyterHub: importable
  // by every capability, importing none.
  ['hub.ts', 'tokens.ts'],
  // The capabilities and the plugins that provide the tokens: each stands
  // on its own.
  [
    'badges/',
    'catalogue/',
    'connection.ts',
    'events.ts',
    'expiry/',
    'share/',
    'transfers.ts'
  ],
  // The list of plugins.
  ['index.ts']
];

/**
 * Units that run without JupyterLab (the Zenodo client in Node and in Web
 * Workers): no `@jupyterlab/` or `@lumino/` import, not even of a type.
 */
const PURE = ['format.ts', 'i18n.ts', 'zenodo/'];

/**
 * What src/ may import from outside it: the settings schemas (read at
 * build time by schemas.ts).
 */
const OUTSIDE = ['schema/'];

/** One import that breaks the layering, in words a reader can act on. */
type Violation = string;

/** Every .ts/.tsx file under `folder`, tests and declarations left out. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__tests__' ? [] : sources(path);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** The unit of a path relative to src/ (`share/views/form.tsx` → `share/`). */
function unitOf(root: string, rel: string): string {
  const parts = rel.split(sep);
  if (parts.length > 1) {
    return `${parts[0]}/`;
  }
  const path = join(root, rel);
  if (existsSync(path) && statSync(path).isDirectory()) {
    return `${rel}/`; // `../zenodo`: the folder's index.
  }
  // `./format`, `./format.js` and `./format.ts` are format.ts.
  const bare = rel.replace(/\.(js|jsx|ts|tsx)$/, '');
  return existsSync(join(root, `${bare}.tsx`)) ? `${bare}.tsx` : `${bare}.ts`;
}

/**
 * Every import under `root` that runs back up the layers, goes sideways
 * between units of one layer, comes from a unit in no layer, leaves `root`
 * for anything but {@link OUTSIDE}, or brings JupyterLab into a
 * {@link PURE} unit.
 */
function layerViolations(root: string): Violation[] {
  const layerOf = new Map<string, number>();
  LAYERS.forEach((units, i) => units.forEach(u => layerOf.set(u, i)));
  const found: Violation[] = [];
  for (const file of sources(root)) {
    const from = relative(root, file);
    const fromUnit = unitOf(root, from);
    const fromLayer = layerOf.get(fromUnit);
    if (fromLayer === undefined) {
      found.push(`${from}: ${fromUnit} is in no layer (add it to LAYERS)`);
      continue;
    }
    const { importedFiles } = ts.preProcessFile(
      readFileSync(file, 'utf8'),
      true, // import statements and `export … from`
      true // `import()` and `require()`
    );
    for (const { fileName: spec } of importedFiles) {
      if (!spec.startsWith('.')) {
        if (PURE.includes(fromUnit) && /^@(jupyterlab|lumino)\//.test(spec)) {
          found.push(`${from} imports ${spec}: ${fromUnit} is pure`);
        }
        continue;
      }
      const to = relative(root, resolve(dirname(file), spec));
      if (to.startsWith('..')) {
        const outside = relative(resolve(root, '..'), resolve(root, to));
        if (!OUTSIDE.some(o => outside.startsWith(o))) {
          found.push(`${from} imports ${spec}, outside src/`);
        }
        continue;
      }
      const toUnit = unitOf(root, to);
      if (toUnit === fromUnit) {
        continue;
      }
      const toLayer = layerOf.get(toUnit);
      if (toLayer === undefined || toLayer >= fromLayer) {
        found.push(
          `${from} imports ${spec}: ${toUnit} is ${
            toLayer === undefined
              ? 'in no layer'
              : toLayer === fromLayer
                ? `beside ${fromUnit}`
                : `above ${fromUnit}`
          }`
        );
      }
    }
  }
  return found.sort();
}

describe('layers', () => {
  it('no module under src/ imports from a layer above it or beside it', () => {
    expect(layerViolations(resolve(__dirname, '..'))).toEqual([]);
  });

  it('places every unit of src/ in exactly one layer', () => {
    const root = resolve(__dirname, '..');
    const units = new Set(
      sources(root).map(f => unitOf(root, relative(root, f)))
    );
    expect([...units].sort()).toEqual(LAYERS.flat().sort());
  });

  describe('fails on a tree that breaks the rules', () => {
    let root: string;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'layers-'));
      write('format.ts', 'export const x = 1;\n');
      write('zenodo/index.ts', "export * from './client';\n");
      write('share/workflow.ts', 'export class PublishWorkflow {}\n');
      write('catalogue/model.ts', 'export class Model {}\n');
      write('badges/rules.ts', 'export interface ISharedMatch {}\n');
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('accepts imports that point down', () => {
      write(
        'zenodo/client.ts',
        "import { x } from '../format';\nexport const y = x;\n"
      );
      write(
        'share/plugin.tsx',
        "import { y } from '../zenodo';\nimport { PublishWorkflow } from './workflow';\n"
      );
      expect(layerViolations(root)).toEqual([]);
    });

    it('names an upward import, a sideways one, a type-only one and a lazy one', () => {
      write(
        'zenodo/client.ts',
        "import { PublishWorkflow } from '../share/workflow';\n"
      );
      write('share/plugin.tsx', "const m = import('../catalogue/model');\n");
      write(
        'tokens.ts',
        "import type { ISharedMatch } from './badges/rules';\n"
      );
      expect(layerViolations(root)).toEqual([
        'share/plugin.tsx imports ../catalogue/model: catalogue/ is beside share/',
        'tokens.ts imports ./badges/rules: badges/ is above tokens.ts',
        'zenodo/client.ts imports ../share/workflow: share/ is above zenodo/'
      ]);
    });

    it('keeps JupyterLab out of the pure units and src/ to itself', () => {
      write(
        'zenodo/client.ts',
        "import type { Contents } from '@jupyterlab/services';\n"
      );
      write(
        'share/workflow.ts',
        "import { startStandin } from '../../dev/standin/server';\n"
      );
      write('extra/thing.ts', 'export const z = 1;\n');
      expect(layerViolations(root)).toEqual([
        'extra/thing.ts: extra/ is in no layer (add it to LAYERS)',
        'share/workflow.ts imports ../../dev/standin/server, outside src/',
        'zenodo/client.ts imports @jupyterlab/services: zenodo/ is pure'
      ]);
    });
  });
});
