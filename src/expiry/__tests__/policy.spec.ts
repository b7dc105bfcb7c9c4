import {
  computeDeadlines,
  DEFAULT_POLICY,
  dueWarning,
  hasPolicy,
  IExpiryPolicy,
  levelFor,
  warningSteps
} from '../policy';

const MIN = 60_000;
const T0 = Date.parse('2026-06-01T12:00:00Z');

function policy(p: Partial<IExpiryPolicy>): IExpiryPolicy {
  return { ...DEFAULT_POLICY, ...p };
}

describe('computeDeadlines', () => {
  it('has no deadline and no policy by default', () => {
    expect(hasPolicy(DEFAULT_POLICY)).toBe(false);
    expect(computeDeadlines(DEFAULT_POLICY, null)).toEqual([]);
    expect(hasPolicy(policy({ hardDeadline: 'not a date' }))).toBe(false);
  });

  it('idle from the hub: [last activity + timeout, + cull interval]', () => {
    const [d] = computeDeadlines(policy({ idleTimeoutMinutes: 60 }), {
      source: 'hub',
      started: T0 - 120 * MIN,
      lastActivity: T0
    });
    expect(d).toEqual({
      kind: 'idle',
      earliest: T0 + 60 * MIN,
      latest: T0 + 90 * MIN, // cull-every defaults to timeout / 2
      exact: false
    });
  });

  it('idle from the server widens by the reporting lag; falls back to started', () => {
    const [d] = computeDeadlines(
      policy({
        idleTimeoutMinutes: 10,
        cullEveryMinutes: 1,
        activityLagMinutes: 5
      }),
      { source: 'server', started: T0, lastActivity: null }
    );
    expect(d.earliest).toBe(T0 + 10 * MIN);
    expect(d.latest).toBe(T0 + 16 * MIN);
  });

  it('a deliberate activity later than the source moves the idle deadline', () => {
    const p = policy({ idleTimeoutMinutes: 10, cullEveryMinutes: 1 });
    const activity = { source: 'hub' as const, started: T0, lastActivity: T0 };
    expect(computeDeadlines(p, activity, T0 + 3 * MIN)[0].earliest).toBe(
      T0 + 13 * MIN
    );
    expect(computeDeadlines(p, activity, T0 - 3 * MIN)[0].earliest).toBe(
      T0 + 10 * MIN
    );
  });

  it('max age counts from the start, even when active', () => {
    const deadlines = computeDeadlines(
      policy({
        idleTimeoutMinutes: 60,
        maxAgeMinutes: 120,
        cullEveryMinutes: 10
      }),
      { source: 'hub', started: T0, lastActivity: T0 + 100 * MIN }
    );
    expect(deadlines.map(d => d.kind)).toEqual(['age', 'idle']);
    expect(deadlines[0]).toMatchObject({
      earliest: T0 + 120 * MIN,
      latest: T0 + 130 * MIN
    });
  });

  it('a hard deadline is exact, needs no activity, and wins when sooner', () => {
    const hard = '2026-06-01T14:30:00+02:00'; // 12:30Z
    expect(computeDeadlines(policy({ hardDeadline: hard }), null)).toEqual([
      {
        kind: 'hard',
        earliest: T0 + 30 * MIN,
        latest: T0 + 30 * MIN,
        exact: true
      }
    ]);
    const both = computeDeadlines(
      policy({ hardDeadline: hard, idleTimeoutMinutes: 60 }),
      {
        source: 'hub',
        started: T0,
        lastActivity: T0
      }
    );
    expect(both.map(d => d.kind)).toEqual(['hard', 'idle']);
  });
});

describe('escalation', () => {
  const steps = warningSteps(policy({ warningMinutes: [1, 15, 5, 5, 0, -3] }));

  it('sorts and cleans warning steps', () => {
    expect(steps).toEqual([15 * MIN, 5 * MIN, 1 * MIN]);
  });

  it('levels rise with each step crossed', () => {
    expect(levelFor(30 * MIN, steps)).toBe('normal');
    expect(levelFor(15 * MIN, steps)).toBe('soon');
    expect(levelFor(4 * MIN, steps)).toBe('urgent');
    expect(levelFor(30_000, steps)).toBe('critical');
    expect(levelFor(-1, steps)).toBe('critical');
  });

  it('warns once per step, only the most urgent when several are crossed', () => {
    const shown = new Set<number>();
    expect(dueWarning(20 * MIN, steps, shown)).toBeNull();
    expect(dueWarning(14 * MIN, steps, shown)).toBe(15 * MIN);
    expect(dueWarning(13 * MIN, steps, shown)).toBeNull();
    // The laptop slept: 5 and 1 minute both crossed, one warning.
    expect(dueWarning(30_000, steps, shown)).toBe(1 * MIN);
    expect(dueWarning(20_000, steps, shown)).toBeNull();
  });
});
