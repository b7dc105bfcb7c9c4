/**
 * How the countdown puts things in words: an idle estimate is "about", only
 * a configured date is exact.
 *
 * @packageDocumentation
 * @module expiry/words
 */
import { TranslationBundle } from '@jupyterlab/translation';

import { formatDuration } from '../format';

import { ExpiryModel } from './model';
import { cullEvery, IDeadline, parseDeadline } from './policy';

/**
 * A clock time in the browser's time zone; with the date when not today.
 */
export function formatClock(browserMs: number, nowMs: number): string {
  const date = new Date(browserMs);
  const time = date.toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit'
  });
  if (new Date(nowMs).toDateString() === date.toDateString()) {
    return time;
  }
  return `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}

/**
 * Time left: "42 min", "1 h 5 min", "less than 1 min". Rounded to the second,
 * then down to the minute, so it never says more time than is left; the last
 * minute has one wording, not a seconds count that would change every tick.
 * The status bar, the warnings and the end all read it from the same model.
 */
export function formatLeft(ms: number, trans: TranslationBundle): string {
  return formatDuration(ms / 1000, trans, { to: 'minute' });
}

/**
 * A configured duration: "90 min", "1.5 h", "10 s".
 */
export function formatMinutes(
  minutes: number,
  trans: TranslationBundle
): string {
  if (minutes < 1) {
    const seconds = Math.round(minutes * 60);
    return trans._n('%1 s', '%1 s', seconds);
  }
  if (minutes >= 120) {
    const hours = Math.round((minutes / 60) * 10) / 10;
    return trans._n('%1 h', '%1 h', hours);
  }
  const rounded = Math.round(minutes * 10) / 10;
  return trans._n('%1 min', '%1 min', rounded);
}

/**
 * The status-bar text.
 */
export function statusText(
  model: ExpiryModel,
  trans: TranslationBundle
): string {
  if (model.phase === 'ended') {
    return model.policy.nothingKept || model.deadline?.kind === 'hard'
      ? trans.__('Server deleted')
      : trans.__('Server stopped');
  }
  const deadline = model.deadline;
  if (!deadline) {
    return '';
  }
  if (model.overdue) {
    return model.policy.nothingKept
      ? trans.__('May have been deleted (idle)')
      : trans.__('May have stopped (idle)');
  }
  const now = model.browserNow();
  const at = formatClock(model.toBrowserTime(deadline.earliest), now);
  const remaining = model.remaining ?? 0;
  const deleted = model.policy.nothingKept;
  let text: string;
  switch (deadline.kind) {
    case 'idle':
      text = deleted
        ? trans.__('Deleted by about %1 if idle', at)
        : trans.__('Stops by about %1 if idle', at);
      break;
    case 'age':
      text = deleted
        ? trans.__('Deleted at about %1 (time limit)', at)
        : trans.__('Stops at about %1 (time limit)', at);
      break;
    default:
      text = trans.__('Deleted at %1', at);
  }
  if (remaining < 60 * 60_000) {
    text += ' · ' + trans.__('%1 left', formatLeft(remaining, trans));
  }
  return text;
}

/**
 * The tooltip: the policy in plain words, and where the figures come from.
 */
export function policyText(
  model: ExpiryModel,
  trans: TranslationBundle
): string {
  const policy = model.policy;
  const lines: string[] = [];
  const now = model.browserNow();
  if (policy.idleTimeoutMinutes > 0) {
    lines.push(
      trans.__(
        'The hub stops servers after %1 without activity; it checks every %2, so an idle server stops between the time shown and up to %2 later.',
        formatMinutes(policy.idleTimeoutMinutes, trans),
        formatMinutes(cullEvery(policy), trans)
      )
    );
    lines.push(
      model.source === 'hub'
        ? trans.__('Last activity as the hub sees it.')
        : trans.__(
            'Last activity as this server sees it; the hub may count more (any page request), so the server may stop later than shown.'
          )
    );
  }
  if (policy.maxAgeMinutes > 0) {
    lines.push(
      trans.__(
        'Servers are stopped %1 after they started, even when in use.',
        formatMinutes(policy.maxAgeMinutes, trans)
      )
    );
  }
  const hard = parseDeadline(policy.hardDeadline);
  if (hard !== null) {
    lines.push(
      trans.__(
        'At %1 this server and all its files are deleted.',
        formatClock(model.toBrowserTime(hard), now - 2 * 86_400_000)
      )
    );
  }
  if (policy.nothingKept) {
    lines.push(
      trans.__(
        'Nothing on this server is kept when it stops: download your work before you leave.'
      )
    );
  }
  lines.push(trans.__('Click for details and to download your work.'));
  return lines.join('\n');
}

/**
 * The bound a warning states, in whole minutes: the step it was shown for,
 * or less when it was shown late (a laptop waking up). "Less than N min"
 * stays true until the next warning replaces it, so a toast that stays on
 * screen never goes stale, while the status bar counts the minutes down.
 */
export function warningBound(remaining: number, step: number): number {
  const seconds = Math.max(0, Math.round(remaining / 1000));
  return Math.max(
    1,
    Math.min(Math.ceil(step / 60_000), Math.floor(seconds / 60) + 1)
  );
}

/**
 * A warning at a step (`step` ms before the deadline, `remaining` ms left
 * when it shows).
 */
export function warningText(
  model: ExpiryModel,
  deadline: IDeadline,
  remaining: number,
  step: number,
  trans: TranslationBundle
): string {
  const left = trans._n(
    'less than %1 min',
    'less than %1 min',
    warningBound(remaining, step)
  );
  const at = formatClock(
    model.toBrowserTime(deadline.earliest),
    model.browserNow()
  );
  switch (deadline.kind) {
    case 'idle':
      return model.policy.nothingKept
        ? trans.__(
            'If you stay idle, this server and your files will be deleted in %1 (about %2). Download your work or show you are still here.',
            left,
            at
          )
        : trans.__(
            'If you stay idle, this server stops in %1 (about %2). Unsaved work is lost.',
            left,
            at
          );
    case 'age':
      return trans.__(
        'This server reaches its time limit in %1 (about %2) and will be stopped even if you are working.',
        left,
        at
      );
    default:
      return trans.__(
        'This server and all its files will be deleted in %1 (at %2). Download your work now.',
        left,
        at
      );
  }
}

/**
 * The message at the end, in place of a bare "server not running".
 */
export function endText(
  model: ExpiryModel,
  deadline: IDeadline | null,
  trans: TranslationBundle
): string {
  switch (deadline?.kind) {
    case 'idle':
      return model.policy.nothingKept
        ? trans.__(
            'This server was stopped and deleted after %1 without activity. Its files are gone.',
            formatMinutes(model.policy.idleTimeoutMinutes, trans)
          )
        : trans.__(
            'This server was stopped after %1 without activity. Your saved files are kept; start the server again from the hub.',
            formatMinutes(model.policy.idleTimeoutMinutes, trans)
          );
    case 'age':
      return trans.__(
        'This server reached its time limit and was stopped. Start a new one from the hub.'
      );
    case 'hard':
      return trans.__(
        'This server has reached its end date: it and all its files have been deleted.'
      );
    default:
      return trans.__('This server has stopped.');
  }
}
