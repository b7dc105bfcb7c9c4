/**
 * Which folders are shared with a group: rules from the settings and the
 * user's hub groups, matched against paths relative to the server root.
 *
 * Pure logic, no DOM: the renderer and the download use it.
 *
 * @packageDocumentation
 * @module badges/rules
 */
import type { IFolderBadges } from '../tokens';

/**
 * One rule from the `badges` settings.
 */
export interface ISharedFolderRule {
  /**
   * Path pattern relative to the server root: `*` matches one name, `?` one
   * character, e.g. `project/*` or `common`.
   */
  pattern: string;
  /**
   * Group name; `{name}` is replaced by the matched folder's name.
   */
  group: string;
  /**
   * Text shown on the badge instead of the group (may use `{name}`, `{group}`).
   */
  label?: string;
  /**
   * Subfolders (relative to the matched folder) that members may only read,
   * e.g. `store` in ICOS project folders.
   */
  readOnly?: string[];
  /**
   * The whole folder is read-only for members (ICOS `common`).
   */
  readOnlyAll?: boolean;
}

/**
 * The user's hub groups and where they are mounted.
 */
export interface IHubGroupFolders {
  groups: string[];
  /**
   * Path template with `{group}`, e.g. `shared/{group}`.
   */
  template: string;
  readOnly?: string[];
}

/**
 * What a path is, with respect to shared folders (the public type, from
 * `tokens.ts`).
 */
export type ISharedMatch = IFolderBadges.ISharedMatch;

interface ICompiled {
  glob: IGlob;
  depth: number;
  rule: ISharedFolderRule;
  source: 'settings' | 'hub';
}

/**
 * Shared-folder rules, compiled once and matched per path.
 *
 * #### Notes
 * `match` runs for every row the file browser draws, so it does no more than
 * one glob match per rule on the leading segments, in time bounded by the
 * lengths of the pattern and the path (see {@link matchGlob}).
 */
export class SharedFolderRules {
  /**
   * @param rules - rules from the settings, first match wins.
   * @param hub - the user's hub groups and their path template, if any.
   */
  constructor(rules: ISharedFolderRule[] = [], hub?: IHubGroupFolders | null) {
    const all: { rule: ISharedFolderRule; source: 'settings' | 'hub' }[] = rules
      .filter(rule => rule && typeof rule.pattern === 'string')
      .map(rule => ({ rule, source: 'settings' as const }));
    if (hub && hub.template && hub.template.includes('{group}')) {
      for (const group of hub.groups) {
        all.push({
          source: 'hub',
          rule: {
            pattern: escapeGlob(hub.template.split('{group}').join(group)),
            group,
            readOnly: hub.readOnly ?? []
          }
        });
      }
    }
    for (const { rule, source } of all) {
      const pattern = normalise(rule.pattern);
      if (!pattern) {
        continue;
      }
      this._compiled.push({
        glob: compileGlob(pattern),
        depth: pattern.split('/').length,
        rule,
        source
      });
    }
  }

  /**
   * Whether there are no rules at all (nothing can match).
   */
  get isEmpty(): boolean {
    return this._compiled.length === 0;
  }

  /**
   * What `path` (relative to the server root, without a drive prefix: the
   * Contents manager's `localPath` removes one, as `FolderBadges` does)
   * is with respect to shared folders; `null` if it is neither a shared
   * folder nor inside one. A colon is part of a name (`data:2024`).
   */
  match(path: string): ISharedMatch | null {
    if (this._compiled.length === 0) {
      return null;
    }
    const clean = normalise(path);
    if (!clean) {
      return null;
    }
    const segments = clean.split('/');
    for (const compiled of this._compiled) {
      if (segments.length < compiled.depth) {
        continue;
      }
      const root = segments.slice(0, compiled.depth).join('/');
      if (!globMatches(compiled.glob, root)) {
        continue;
      }
      const name = segments[compiled.depth - 1];
      const group = fill(compiled.rule.group || '{name}', name, '');
      const label = fill(compiled.rule.label || group, name, group);
      const readOnlyParts = (compiled.rule.readOnly ?? [])
        .map(normalise)
        .filter(Boolean);
      const rest = segments.slice(compiled.depth).join('/');
      const readOnly =
        !!compiled.rule.readOnlyAll ||
        (rest !== '' &&
          readOnlyParts.some(
            part => rest === part || rest.startsWith(part + '/')
          ));
      return {
        root,
        group,
        label,
        isRoot: rest === '',
        readOnly,
        readOnlyParts,
        source: compiled.source
      };
    }
    return null;
  }

  private _compiled: ICompiled[] = [];
}

/**
 * The ICOS Carbon Portal layout, shipped as a documented example: every
 * `project/<group>` is a link to the group's folder with a staff-maintained,
 * read-only `store/`; `common` is read-only for everyone.
 */
export const ICOS_RULES: ISharedFolderRule[] = [
  {
    pattern: 'project/*',
    group: '{name}',
    // A pattern filled with the folder's name, not words.
    // eslint-disable-next-line jupyter/no-untranslated-string
    label: '{name}',
    readOnly: ['store']
  },
  // The portal's folder name, shown as the folder is called.
  // eslint-disable-next-line jupyter/no-untranslated-string
  { pattern: 'common', group: 'common', label: 'common', readOnlyAll: true }
];

function normalise(path: string): string {
  return path
    .split('/')
    .filter(part => part !== '' && part !== '.')
    .join('/');
}

function fill(template: string, name: string, group: string): string {
  return template.split('{name}').join(name).split('{group}').join(group);
}

function escapeGlob(text: string): string {
  return text.replace(/[*?]/g, '');
}

/**
 * A compiled glob: per `/`-separated segment, the literal characters, `?`
 * (one character) and `*` (one or more characters, never `/`).
 */
interface IGlob {
  segments: string[][];
}

/**
 * Work counted by {@link matchGlob} (for tests: it is bounded by the
 * product of the lengths, whatever the pattern).
 */
export interface IGlobSteps {
  steps: number;
}

function compileGlob(pattern: string): IGlob {
  return {
    segments: pattern.split('/').map(segment => {
      // `*` is "one or more": a `?` then "zero or more" (written `*` below),
      // and a run of stars needs only one "zero or more".
      const tokens: string[] = [];
      for (const char of segment) {
        if (char === '*') {
          tokens.push('?');
          if (tokens[tokens.length - 2] !== '*') {
            tokens.push('*');
          } else {
            // Keep the one "zero or more" after the `?`s of the run.
            tokens.splice(tokens.length - 2, 1);
            tokens.push('*');
          }
        } else {
          tokens.push(char);
        }
      }
      return tokens;
    })
  };
}

/**
 * Whether `path` matches the glob `pattern` (`*` one or more characters of a
 * name, `?` one character, segments split at `/`).
 *
 * #### Notes
 * No regular expression and no backtracking beyond the last star: the
 * classic two-pointer match, at most (name length + 1) × (pattern length +
 * 1) steps per segment. A backtracking regular expression took 3.2 s for 14
 * stars against a 28-character name, for every row the file browser drew.
 */
export function matchGlob(
  pattern: string,
  path: string,
  steps?: IGlobSteps
): boolean {
  return globMatches(compileGlob(pattern), path, steps);
}

function globMatches(glob: IGlob, path: string, steps?: IGlobSteps): boolean {
  const names = path.split('/');
  if (names.length !== glob.segments.length) {
    return false;
  }
  return glob.segments.every((tokens, i) =>
    segmentMatches(tokens, names[i], steps)
  );
}

function segmentMatches(
  tokens: string[],
  name: string,
  steps?: IGlobSteps
): boolean {
  let t = 0;
  let n = 0;
  // Where the last "zero or more" was, and where in the name it resumes.
  let star = -1;
  let resume = 0;
  // Code points, so that `?` is one character as a person sees it.
  const chars = Array.from(name);
  while (n < chars.length) {
    if (steps) {
      steps.steps++;
    }
    if (t < tokens.length && tokens[t] === '*') {
      star = t++;
      resume = n;
    } else if (
      t < tokens.length &&
      (tokens[t] === '?' || tokens[t] === chars[n])
    ) {
      t++;
      n++;
    } else if (star >= 0) {
      t = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (t < tokens.length && tokens[t] === '*') {
    t++;
  }
  return t === tokens.length;
}
