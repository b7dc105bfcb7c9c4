import { ICOS_RULES, matchGlob, SharedFolderRules } from '../rules';
import { findCitationDoi, normaliseDoi } from '../doi';

describe('SharedFolderRules', () => {
  const icos = new SharedFolderRules(ICOS_RULES);

  it('matches a project folder and takes the group from its name', () => {
    const match = icos.match('project/ocean-carbon');
    expect(match).toMatchObject({
      root: 'project/ocean-carbon',
      group: 'ocean-carbon',
      label: 'ocean-carbon',
      isRoot: true,
      readOnly: false,
      readOnlyParts: ['store'],
      source: 'settings'
    });
  });

  it('knows paths inside a shared folder and its read-only parts', () => {
    expect(icos.match('project/abc/data/x.csv')).toMatchObject({
      root: 'project/abc',
      isRoot: false,
      readOnly: false
    });
    expect(icos.match('project/abc/store')).toMatchObject({
      isRoot: false,
      readOnly: true
    });
    expect(icos.match('project/abc/store/README.html')?.readOnly).toBe(true);
    // "storage" is not "store"
    expect(icos.match('project/abc/storage')?.readOnly).toBe(false);
  });

  it('treats a wholly read-only rule as read-only at its root', () => {
    expect(icos.match('common')).toMatchObject({
      group: 'common',
      isRoot: true,
      readOnly: true
    });
  });

  it('does not match the parent, siblings or look-alikes', () => {
    expect(icos.match('project')).toBeNull();
    expect(icos.match('projects/abc')).toBeNull();
    expect(icos.match('my/project/abc')).toBeNull();
    expect(icos.match('commonplace')).toBeNull();
    expect(icos.match('')).toBeNull();
  });

  it('uses fixed groups, labels with placeholders, ? and escaped dots', () => {
    const rules = new SharedFolderRules([
      { pattern: 'team.a/*', group: 'team-a', label: '{group}: {name}' },
      { pattern: 'course-??', group: '{name}' }
    ]);
    expect(rules.match('team.a/results')).toMatchObject({
      group: 'team-a',
      label: 'team-a: results'
    });
    expect(rules.match('teamXa/results')).toBeNull();
    expect(rules.match('course-01')?.group).toBe('course-01');
    expect(rules.match('course-001')).toBeNull();
  });

  it('maps hub groups through a template, after the settings rules', () => {
    const rules = new SharedFolderRules(
      [{ pattern: 'shared/special', group: 'admins' }],
      {
        groups: ['physics', 'special', 'a*b'],
        template: 'shared/{group}',
        readOnly: ['ro']
      }
    );
    expect(rules.match('shared/physics')).toMatchObject({
      group: 'physics',
      source: 'hub',
      readOnlyParts: ['ro']
    });
    expect(rules.match('shared/physics/ro/x')?.readOnly).toBe(true);
    expect(rules.match('shared/special')?.group).toBe('admins');
    // A group name with glob characters matches only literally.
    expect(rules.match('shared/aXb')).toBeNull();
    expect(rules.match('shared/other')).toBeNull();
  });

  it('ignores a template without {group}', () => {
    expect(
      new SharedFolderRules([], { groups: ['x'], template: 'shared' }).isEmpty
    ).toBe(true);
    expect(icos.match('/project/abc/')?.group).toBe('abc');
  });

  it('keeps a top-level folder whose name has a colon (data:2024)', () => {
    // A colon is legal in a Linux path; the drive, if any, is the Contents
    // manager's to remove (FolderBadges passes paths through localPath).
    const rules = new SharedFolderRules([
      { pattern: 'data:2024/*', group: '{name}' }
    ]);
    expect(rules.match('data:2024/abc')?.group).toBe('abc');
    expect(icos.match('project:x/abc')).toBeNull();
  });
});

describe('findCitationDoi', () => {
  it('reads the top-level doi, identifiers, then preferred-citation', () => {
    expect(
      findCitationDoi('cff-version: 1.2.0\ntitle: X\ndoi: 10.5281/zenodo.123\n')
    ).toBe('10.5281/zenodo.123');
    expect(
      findCitationDoi(
        'title: X\nidentifiers:\n  - type: url\n    value: https://x\n  - type: doi\n    value: https://doi.org/10.5281/zenodo.9\n'
      )
    ).toBe('10.5281/zenodo.9');
    expect(
      findCitationDoi(
        'title: X\npreferred-citation:\n  doi: "doi:10.1000/abc"\n'
      )
    ).toBe('10.1000/abc');
  });

  it('returns null for no DOI, bad DOIs and broken YAML', () => {
    expect(findCitationDoi('title: X\n')).toBeNull();
    expect(findCitationDoi('doi: not-a-doi\n')).toBeNull();
    expect(findCitationDoi('doi: [unclosed\n')).toBeNull();
    expect(findCitationDoi('just text')).toBeNull();
    expect(normaliseDoi(42)).toBeNull();
  });
});

describe('matchGlob', () => {
  it('matches like the documented globs: * one or more characters of a name, ? one', () => {
    expect(matchGlob('project/*', 'project/abc')).toBe(true);
    expect(matchGlob('project/*', 'project/')).toBe(false);
    expect(matchGlob('project/*', 'project/a/b')).toBe(false);
    expect(matchGlob('p?oj*t/x', 'project/x')).toBe(true);
    expect(matchGlob('**', 'a')).toBe(false);
    expect(matchGlob('**', 'ab')).toBe(true);
    expect(matchGlob('a*b*c', 'aXbYbc')).toBe(true);
    expect(matchGlob('a*b*c', 'abc')).toBe(false);
    expect(matchGlob('*.csv', 'data.csv.bak')).toBe(false);
    expect(matchGlob('a.b', 'aXb')).toBe(false);
    expect(matchGlob('?', 'é')).toBe(true);
  });

  it('takes steps bounded by the lengths, not exponential in the stars', () => {
    // 14 stars and a z against 28 characters: 3.2 s per row with the
    // backtracking regular expression this replaces.
    const pattern = '*'.repeat(14) + 'z';
    const name = 'a'.repeat(28);
    const steps = { steps: 0 };
    expect(matchGlob(pattern, name, steps)).toBe(false);
    expect(steps.steps).toBeLessThanOrEqual((name.length + 1) * 16);
    const longer = { steps: 0 };
    expect(matchGlob('*'.repeat(40) + 'z', 'a'.repeat(200), longer)).toBe(
      false
    );
    expect(longer.steps).toBeLessThanOrEqual(201 * 42);
  });

  it('keeps SharedFolderRules fast on a pathological rule', () => {
    // Would not finish in any reasonable time with the backtracking regex.
    const rules = new SharedFolderRules([
      { pattern: `project/${'*'.repeat(24)}z`, group: '{name}' }
    ]);
    expect(rules.match(`project/${'a'.repeat(48)}`)).toBeNull();
    expect(rules.match(`project/${'a'.repeat(48)}z`)?.group).toBe(
      `${'a'.repeat(48)}z`
    );
  });
});
