/**
 * The update plan: how to bring a folder imported from one version of an
 * artifact to another version without losing anything the user changed.
 * Pure logic (no requests): given the files of the version that was
 * imported, the files in the folder now and the files of the new version,
 * say what happens to each path.
 *
 * #### Notes
 * The rules are nbgitpuller's, adapted to archives: a file the user has not
 * changed follows the new version; a file the user changed is never
 * overwritten or deleted, and when the new version changed it too, the new
 * copy is written beside it under a name that says which version it is
 * (`analysis.v2.ipynb`). What the user changed is known by comparing with
 * the imported version's own bytes, so nothing hidden has to be kept.
 *
 * @packageDocumentation
 * @module workspace/update
 */
import { collisionKey } from './extract';

/**
 * What happens to one path.
 *
 * - `unchanged`: the same in the folder and the new version; nothing written.
 * - `replaced`: you had not changed it, the new version did: overwritten.
 * - `kept`: you changed it, the new version did not: yours stays.
 * - `kept-beside`: you and the new version both changed it: yours stays, the
 *   new version's copy is written beside it (`writeTo`).
 * - `added`: new in the new version, written.
 * - `added-beside`: new in the new version, but something of yours already
 *   has its name (a different file, a folder, or a file where its folder
 *   would go): the new copy is written beside it (`writeTo`).
 * - `restored`: you had deleted it and the new version changed it: written
 *   again, since it is new material.
 * - `deleted`: the new version removed it and you had not changed it.
 * - `left`: the new version removed it but you changed it: left alone.
 * - `gone`: you had deleted it and the new version did not change it (or
 *   removed it): it stays deleted.
 */
export type UpdateAction =
  | 'unchanged'
  | 'replaced'
  | 'kept'
  | 'kept-beside'
  | 'added'
  | 'added-beside'
  | 'restored'
  | 'deleted'
  | 'left'
  | 'gone';

/**
 * The bytes of a file, or a fingerprint of them (a checksum): two values
 * are equal when both are strings and equal, or both bytes and equal.
 */
export type FileBody = Uint8Array | string;

/**
 * One path of the plan.
 */
export interface IUpdateStep {
  /** The path, relative to the folder. */
  path: string;
  action: UpdateAction;
  /**
   * Where the new version's copy is written (relative), for `replaced`,
   * `added`, `restored` (the path itself) and the `*-beside` actions (a
   * new name); absent when nothing is written.
   */
  writeTo?: string;
}

/**
 * What {@link planUpdate} needs.
 */
export interface IUpdateInput {
  /** The files of the version that was imported: path → body. */
  base: ReadonlyMap<string, FileBody>;
  /**
   * The files in the folder now: path → body. Files outside `base` and
   * `next` need no body (any value will do): only their names matter.
   */
  current: ReadonlyMap<string, FileBody | null>;
  /** Folders in the folder now (relative paths). */
  folders?: Iterable<string>;
  /** The files of the new version: path → body. */
  next: ReadonlyMap<string, FileBody>;
  /**
   * A short label of the new version for the names of copies written
   * beside (`v2` gives `analysis.v2.ipynb`).
   */
  label: string;
}

/**
 * The plan: one step for every path of the imported or the new version,
 * sorted by path. Paths that are only the user's are not listed (they are
 * never touched).
 */
export function planUpdate(input: IUpdateInput): IUpdateStep[] {
  const { base, current, next } = input;
  const label = Private.safeLabel(input.label);
  // Every name in use, case- and Unicode-folded as the file systems of
  // macOS and Windows fold them: nothing may be written over any of them.
  const taken = new Set<string>();
  const currentFolders = new Set<string>();
  for (const folder of input.folders ?? []) {
    currentFolders.add(collisionKey(folder));
    taken.add(collisionKey(folder));
  }
  const currentFiles = new Set<string>();
  for (const path of current.keys()) {
    currentFiles.add(collisionKey(path));
    taken.add(collisionKey(path));
    // The folders a file lives in exist too, listed or not.
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = collisionKey(parts.slice(0, i).join('/'));
      currentFolders.add(folder);
      taken.add(folder);
    }
  }
  const paths = [...new Set([...base.keys(), ...next.keys()])].sort();
  const steps: IUpdateStep[] = [];
  // A path the new version writes to that would clash with something of
  // the user's gets a name of its own, distinct from everything else.
  const beside = (path: string): string => {
    const renamed = Private.besideName(
      path,
      label,
      p => taken.has(collisionKey(p)) || next.has(p) || base.has(p)
    );
    taken.add(collisionKey(renamed));
    return renamed;
  };
  // Where a file of the new version can go: its own path, unless a file of
  // the user's sits where one of its folders would be; then that folder
  // gets a name of its own, shared by every file that goes into it.
  const movedFolders = new Map<string, string>();
  const place = (path: string): string => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const prefix = collisionKey(parts.slice(0, i).join('/'));
      let moved = movedFolders.get(prefix);
      if (moved === undefined && currentFiles.has(prefix)) {
        moved = beside(parts.slice(0, i).join('/'));
        movedFolders.set(prefix, moved);
      }
      if (moved !== undefined) {
        return [moved, ...parts.slice(i)].join('/');
      }
    }
    return path;
  };

  for (const path of paths) {
    const b = base.get(path);
    const n = next.get(path);
    const has = current.has(path);
    const c = current.get(path);
    if (b !== undefined && n !== undefined) {
      if (!has) {
        steps.push(
          Private.same(n, b)
            ? { path, action: 'gone' }
            : { path, action: 'restored', writeTo: place(path) }
        );
      } else if (Private.same(c, b)) {
        steps.push(
          Private.same(n, b)
            ? { path, action: 'unchanged' }
            : { path, action: 'replaced', writeTo: path }
        );
      } else if (Private.same(c, n)) {
        steps.push({ path, action: 'unchanged' });
      } else if (Private.same(n, b)) {
        steps.push({ path, action: 'kept' });
      } else {
        steps.push({ path, action: 'kept-beside', writeTo: beside(path) });
      }
    } else if (b !== undefined) {
      if (!has) {
        steps.push({ path, action: 'gone' });
      } else if (Private.same(c, b)) {
        steps.push({ path, action: 'deleted' });
      } else {
        steps.push({ path, action: 'left' });
      }
    } else if (n !== undefined) {
      const key = collisionKey(path);
      if (has && Private.same(c, n)) {
        steps.push({ path, action: 'unchanged' });
      } else if (has || currentFiles.has(key) || currentFolders.has(key)) {
        steps.push({ path, action: 'added-beside', writeTo: beside(path) });
      } else {
        const target = place(path);
        steps.push(
          target === path
            ? { path, action: 'added', writeTo: path }
            : { path, action: 'added-beside', writeTo: target }
        );
        taken.add(key);
      }
    }
  }
  return steps;
}

/**
 * The name of a copy written beside `path`: the label before the last
 * extension (`data/a.csv` → `data/a.v2.csv`; `.tar.gz` counts as one), a
 * number after it when that is taken too (`a.v2-2.csv`).
 */
export function besideName(
  path: string,
  label: string,
  isTaken: (path: string) => boolean = () => false
): string {
  return Private.besideName(path, Private.safeLabel(label), isTaken);
}

/**
 * Module-private helpers.
 */
namespace Private {
  export function same(
    a: FileBody | null | undefined,
    b: FileBody | null | undefined
  ): boolean {
    if (a === undefined || a === null || b === undefined || b === null) {
      return false;
    }
    if (typeof a === 'string' || typeof b === 'string') {
      return a === b;
    }
    if (a.byteLength !== b.byteLength) {
      return false;
    }
    for (let i = 0; i < a.byteLength; i++) {
      if (a[i] !== b[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A label that is safe inside a file name: `v2`, `v1.3`, `v2024-05`.
   */
  export function safeLabel(label: string): string {
    const clean = label
      .trim()
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '');
    return clean || 'new';
  }

  export function besideName(
    path: string,
    label: string,
    isTaken: (path: string) => boolean
  ): string {
    const slash = path.lastIndexOf('/');
    const folder = slash < 0 ? '' : path.slice(0, slash + 1);
    const name = path.slice(slash + 1);
    const match = /^(.+?)((?:\.tar)?\.[A-Za-z0-9]{1,10})$/.exec(name);
    const stem = match ? match[1] : name;
    const ext = match ? match[2] : '';
    for (let n = 1; ; n++) {
      const candidate = `${folder}${stem}.${label}${n > 1 ? `-${n}` : ''}${ext}`;
      if (!isTaken(candidate)) {
        return candidate;
      }
    }
  }
}
