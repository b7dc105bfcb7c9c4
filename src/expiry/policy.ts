/**
 * Deadline arithmetic for the expiry countdown: pure functions of the policy
 * (from settings), what is known of the server's activity, and the time.
 *
 * All times are milliseconds on the *server's* clock; the model converts.
 *
 * @packageDocumentation
 * @module expiry/policy
 */
import { SCHEMA_DEFAULTS } from '../schemas';

/**
 * The expiry policy a deployment configured (settings `expiry`).
 */
export interface IExpiryPolicy {
  /**
   * The idle culler's `--timeout`, in minutes; 0 when servers are not culled.
   */
  idleTimeoutMinutes: number;
  /**
   * The culler's `--cull-every`, in minutes; 0 means half the timeout (its default).
   */
  cullEveryMinutes: number;
  /**
   * How late activity may reach the hub (`JupyterHub.last_activity_interval`), in minutes.
   */
  activityLagMinutes: number;
  /**
   * The culler's `--max-age`, in minutes; 0 for none.
   */
  maxAgeMinutes: number;
  /**
   * Date and time (ISO 8601, with time zone) when the server and its files are deleted; '' for none.
   */
  hardDeadline: string;
  /**
   * Minutes before the deadline at which to warn.
   */
  warningMinutes: number[];
  /**
   * Nothing on this server is kept when it stops (explore servers).
   */
  nothingKept: boolean;
}

/**
 * Defaults (schema/expiry.json's, read at build time): no policy, so nothing
 * shows.
 */
export const DEFAULT_POLICY: IExpiryPolicy = {
  idleTimeoutMinutes: SCHEMA_DEFAULTS.expiry.idleTimeoutMinutes,
  cullEveryMinutes: SCHEMA_DEFAULTS.expiry.cullEveryMinutes,
  activityLagMinutes: SCHEMA_DEFAULTS.expiry.activityLagMinutes,
  maxAgeMinutes: SCHEMA_DEFAULTS.expiry.maxAgeMinutes,
  hardDeadline: SCHEMA_DEFAULTS.expiry.hardDeadline,
  warningMinutes: [...SCHEMA_DEFAULTS.expiry.warningMinutes],
  nothingKept: SCHEMA_DEFAULTS.expiry.nothingKept
};

/**
 * What is known of the server's activity, on the server's clock.
 */
export interface IActivity {
  started: number | null;
  lastActivity: number | null;
  /**
   * `hub`: the values the culler itself reads; `server`: the single-user
   * server's own view, which the hub's may only be later than.
   */
  source: 'hub' | 'server';
}

/**
 * Why the server will stop.
 */
export type DeadlineKind = 'idle' | 'age' | 'hard';

/**
 * When the server will stop for one reason.
 */
export interface IDeadline {
  kind: DeadlineKind;
  /**
   * The earliest time it may stop (warnings count down to this).
   */
  earliest: number;
  /**
   * The time by which it will have stopped.
   */
  latest: number;
  /**
   * Exact (a configured date) rather than an estimate (depends on the culler).
   */
  exact: boolean;
}

const MINUTE = 60_000;

/**
 * Whether the policy says anything at all.
 */
export function hasPolicy(policy: IExpiryPolicy): boolean {
  return (
    policy.idleTimeoutMinutes > 0 ||
    policy.maxAgeMinutes > 0 ||
    parseDeadline(policy.hardDeadline) !== null
  );
}

/**
 * The configured hard deadline in ms, or null if empty or invalid.
 */
export function parseDeadline(value: string): number | null {
  if (!value || !value.trim()) {
    return null;
  }
  const ms = Date.parse(value.trim());
  return isNaN(ms) ? null : ms;
}

/**
 * The culler's check interval in minutes, with its default rule.
 */
export function cullEvery(policy: IExpiryPolicy): number {
  return policy.cullEveryMinutes > 0
    ? policy.cullEveryMinutes
    : policy.idleTimeoutMinutes / 2;
}

/**
 * Every deadline the policy implies, soonest first.
 *
 * @param policy - the configured policy.
 * @param activity - what is known of the server's activity, if anything.
 * @param deliberate - the last deliberate activity sent from this page
 *   (server clock), which the hub will have seen by the time it matters.
 */
export function computeDeadlines(
  policy: IExpiryPolicy,
  activity: IActivity | null,
  deliberate: number | null = null
): IDeadline[] {
  const deadlines: IDeadline[] = [];
  const check = cullEvery(policy) * MINUTE;
  if (policy.idleTimeoutMinutes > 0 && activity) {
    const candidates = [
      activity.lastActivity ?? activity.started,
      deliberate
    ].filter((t): t is number => t !== null);
    if (candidates.length > 0) {
      const base = Math.max(...candidates);
      const earliest = base + policy.idleTimeoutMinutes * MINUTE;
      // The server's own clock may lag the hub's view: the hub may see more
      // activity (any request through the proxy), never less.
      const lag =
        activity.source === 'server' ? policy.activityLagMinutes * MINUTE : 0;
      deadlines.push({
        kind: 'idle',
        earliest,
        latest: earliest + check + lag,
        exact: false
      });
    }
  }
  if (policy.maxAgeMinutes > 0 && activity && activity.started !== null) {
    const earliest = activity.started + policy.maxAgeMinutes * MINUTE;
    deadlines.push({
      kind: 'age',
      earliest,
      latest: earliest + (check || 0),
      exact: false
    });
  }
  const hard = parseDeadline(policy.hardDeadline);
  if (hard !== null) {
    deadlines.push({ kind: 'hard', earliest: hard, latest: hard, exact: true });
  }
  return deadlines.sort((a, b) => a.earliest - b.earliest);
}

/**
 * How close the end is.
 */
export type ExpiryLevel = 'normal' | 'soon' | 'urgent' | 'critical' | 'ended';

/**
 * Warning thresholds in ms, largest first, without duplicates or non-positive values.
 */
export function warningSteps(policy: IExpiryPolicy): number[] {
  return Array.from(
    new Set(policy.warningMinutes.filter(m => m > 0).map(m => m * MINUTE))
  ).sort((a, b) => b - a);
}

/**
 * The level for `remaining` ms before the earliest stop.
 */
export function levelFor(remaining: number, steps: number[]): ExpiryLevel {
  if (remaining <= 0) {
    return 'critical';
  }
  const crossed = steps.filter(step => remaining <= step).length;
  if (crossed === 0) {
    return 'normal';
  }
  if (crossed >= steps.length || crossed >= 3) {
    return 'critical';
  }
  return crossed === 1 ? 'soon' : 'urgent';
}

/**
 * Escalation: which warning (in ms before the deadline) to show now, given
 * those already shown for this deadline; only the most urgent one when several
 * were crossed at once (after a sleeping laptop wakes up, say). Marks every
 * crossed step as shown.
 */
export function dueWarning(
  remaining: number,
  steps: number[],
  shown: Set<number>
): number | null {
  let due: number | null = null;
  for (const step of steps) {
    if (remaining <= step && !shown.has(step)) {
      shown.add(step);
      due = due === null ? step : Math.min(due, step);
    }
  }
  return due;
}
