/**
 * The expiry countdown's state and its polls: it reads activity (at most
 * once a minute, never while the page is hidden) and advances its clock;
 * the status item and the notifications only render what it says.
 *
 * @packageDocumentation
 * @module expiry/model
 */
import { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import {
  computeDeadlines,
  DEFAULT_POLICY,
  dueWarning,
  ExpiryLevel,
  hasPolicy,
  IActivity,
  IDeadline,
  IExpiryPolicy,
  levelFor,
  warningSteps
} from './policy';

/**
 * One reading of an activity source.
 */
export interface IActivityReading {
  activity: IActivity | null;
  /**
   * The server's clock (HTTP `Date` header) in ms, if sent.
   */
  serverDate: number | null;
  /**
   * Browser clock half-way through the request.
   */
  browserMidpoint: number;
}

/**
 * Where activity comes from: the hub (when the token may read the server)
 * or the single-user server's `/api/status`.
 */
export interface IActivitySource {
  readonly name: 'hub' | 'server';
  /**
   * Read once. Resolve `null` when this source is not available to this
   * page (e.g. the hub answered 403): the model then uses the next one.
   */
  read(signal?: AbortSignal): Promise<IActivityReading | null>;
}

/**
 * Thrown by a source that knows the server has stopped.
 */
export class ServerStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStoppedError';
  }
}

/**
 * What the model is doing.
 */
export type ExpiryPhase = 'off' | 'waiting' | 'running' | 'ended';

/**
 * A warning to show: `step` ms before `deadline`.
 */
export interface IExpiryWarning {
  step: number;
  deadline: IDeadline;
  remaining: number;
}

/**
 * The expiry countdown model.
 *
 * #### Notes
 * Like jupyter-resource-usage's model, it owns its polls (after `start()`):
 * reads at most once every `minInterval` and never while the page is hidden
 * (under JupyterHub any request through the proxy counts as activity, so a
 * countdown that polled a hidden tab would keep an idle server alive); a
 * clock that only does arithmetic each second, hidden or not, so warnings
 * are waiting when the user comes back. `stateChanged` is emitted at each
 * clock step, since the time left is part of the state.
 */
export class ExpiryModel implements IDisposable {
  /**
   * @param sources - activity sources, best first.
   * @param options.now - the browser clock (tests pass a fake).
   * @param options.minInterval - least time between two reads (ms), 60 s.
   * @param options.isHidden - whether the page is hidden (`document.hidden`).
   */
  constructor(
    sources: IActivitySource[],
    options: {
      now?: () => number;
      minInterval?: number;
      isHidden?: () => boolean;
    } = {}
  ) {
    this._sources = [...sources];
    this._now = options.now ?? (() => Date.now());
    this._minInterval = options.minInterval ?? 60_000;
    this._isHidden =
      options.isHidden ??
      (() => typeof document !== 'undefined' && document.hidden);
  }

  /**
   * Start reading and ticking (once; the policy may come later).
   */
  start(): void {
    if (this._reads || this._isDisposed) {
      return;
    }
    const idle = () => this._phase === 'off' || this._phase === 'ended';
    this._reads = new Poll({
      factory: async () => {
        await this.refresh();
        this.tick();
      },
      frequency: { interval: this._minInterval, backoff: false },
      name: 'jupyterlab-artifacts:expiry#activity',
      standby: () => this._isHidden() || idle()
    });
    this._ticks = new Poll({
      factory: async () => {
        this.tick();
      },
      frequency: { interval: 1000, backoff: false },
      name: 'jupyterlab-artifacts:expiry#clock',
      standby: idle
    });
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this._onVisibility);
    }
  }

  /**
   * Whether the model is disposed.
   */
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Stop the polls and disconnect.
   */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._stopPolls();
    Signal.clearData(this);
  }

  get policy(): IExpiryPolicy {
    return this._policy;
  }

  get phase(): ExpiryPhase {
    return this._phase;
  }

  /**
   * The soonest deadline, if known.
   */
  get deadline(): IDeadline | null {
    return this._deadlines[0] ?? null;
  }

  /**
   * Every deadline, soonest first.
   */
  get deadlines(): IDeadline[] {
    return this._deadlines;
  }

  /**
   * Server clock minus browser clock, in ms.
   */
  get skew(): number {
    return this._skew;
  }

  /**
   * Why the last read failed, `null` if it did not.
   */
  get lastError(): string | null {
    return this._lastError;
  }

  get activity(): IActivity | null {
    return this._activity;
  }

  /**
   * Which source the activity came from, `null` before the first reading.
   */
  get source(): 'hub' | 'server' | null {
    return this._activity?.source ?? null;
  }

  /**
   * The browser's clock now (the one the model was given): every word the
   * countdown shows is computed from this one clock.
   */
  browserNow(): number {
    return this._now();
  }

  /**
   * The server's clock now.
   */
  serverNow(): number {
    return this._now() + this._skew;
  }

  /**
   * Time left until the earliest stop, in ms (negative once past).
   */
  get remaining(): number | null {
    const deadline = this.deadline;
    return deadline ? deadline.earliest - this.serverNow() : null;
  }

  /**
   * Past the latest estimated stop without a read confirming it.
   */
  get overdue(): boolean {
    const deadline = this.deadline;
    return (
      this._phase === 'running' &&
      !!deadline &&
      this.serverNow() >= deadline.latest
    );
  }

  get level(): ExpiryLevel {
    if (this._phase === 'ended') {
      return 'ended';
    }
    const remaining = this.remaining;
    return remaining === null
      ? 'normal'
      : levelFor(remaining, warningSteps(this._policy));
  }

  /**
   * Browser-clock time (ms) of a server-clock time, for display.
   */
  toBrowserTime(serverTime: number): number {
    return serverTime - this._skew;
  }

  /**
   * Whether a reading is needed at all: idle and age limits need activity;
   * a hard deadline needs only one reading, for the clock skew.
   */
  get needsActivity(): boolean {
    return (
      this._policy.idleTimeoutMinutes > 0 || this._policy.maxAgeMinutes > 0
    );
  }

  get stateChanged(): ISignal<this, void> {
    return this._stateChanged;
  }

  /**
   * Emitted at each warning step.
   */
  get warned(): ISignal<this, IExpiryWarning> {
    return this._warned;
  }

  /**
   * Emitted once, when the deadline has passed or the server is gone.
   */
  get ended(): ISignal<this, IDeadline | null> {
    return this._ended;
  }

  /**
   * Apply a (new) policy. Once started, a new policy is read for at once
   * (unless the page is hidden: then when it is shown).
   */
  setPolicy(policy: Partial<IExpiryPolicy>): void {
    this._policy = { ...DEFAULT_POLICY, ...policy };
    if (!hasPolicy(this._policy)) {
      this._phase = 'off';
    } else if (this._phase === 'off') {
      this._phase = 'waiting';
    }
    this._lastRead = null;
    this._recompute();
    void this._reads?.refresh();
    void this._ticks?.refresh();
  }

  /**
   * Read activity from the best available source, unless the last read was
   * less than `minInterval` ago (or not needed). Never throws.
   */
  async refresh(
    options: { force?: boolean; signal?: AbortSignal } = {}
  ): Promise<void> {
    if (this._phase === 'off' || this._phase === 'ended') {
      return;
    }
    const now = this._now();
    if (
      !options.force &&
      this._lastRead !== null &&
      (now - this._lastRead < this._minInterval || !this.needsActivity)
    ) {
      return;
    }
    this._lastRead = now;
    while (this._sources.length > 0) {
      const source = this._sources[0];
      let reading: IActivityReading | null;
      try {
        reading = await source.read(options.signal);
      } catch (error) {
        this._lastError = String(error);
        // A server that stopped answering after its earliest stop is gone.
        const remaining = this.remaining;
        if (
          error instanceof ServerStoppedError ||
          (remaining !== null && remaining <= 0)
        ) {
          this._end();
        }
        return;
      }
      if (reading === null) {
        this._sources.shift();
        continue;
      }
      this._lastError = null;
      if (reading.serverDate !== null) {
        this._skew = reading.serverDate - reading.browserMidpoint;
      }
      if (reading.activity) {
        this._activity = reading.activity;
      }
      this._recompute();
      return;
    }
  }

  /**
   * Record that this page just made a deliberate request that counts as
   * activity ("I'm still here").
   */
  noteDeliberateActivity(): void {
    this._deliberate = this.serverNow();
    this._recompute();
  }

  /**
   * Say whether the server is busy with a transfer (a companion job). The
   * companion marks the server active while a job runs, so the idle
   * deadline cannot come before the job ends; it counts again from then.
   */
  setServerBusy(busy: boolean): void {
    if (busy === this._busy) {
      return;
    }
    this._busy = busy;
    // The job's last activity mark is (about) now.
    this._deliberate = Math.max(this._deliberate ?? 0, this.serverNow());
    this._recompute();
  }

  /**
   * Whether a transfer keeps the server busy (see `setServerBusy`).
   */
  get serverBusy(): boolean {
    return this._busy;
  }

  /**
   * Advance the clock: emit due warnings and the end. Returns the level.
   */
  tick(): ExpiryLevel {
    if (this._busy && this._phase !== 'ended') {
      // Still active: the idle deadline moves along with the clock.
      this._deliberate = this.serverNow();
      this._recompute();
    }
    if (this._phase !== 'running') {
      return this.level;
    }
    const deadline = this.deadline!;
    const remaining = deadline.earliest - this.serverNow();
    // Only a date is certain. Past an estimate, activity this page did not
    // see (another tab, a lingering request) may have moved the deadline:
    // the next read decides (`overdue` until then).
    if (deadline.exact && this.serverNow() >= deadline.latest) {
      this._end();
      return 'ended';
    }
    const step = dueWarning(remaining, warningSteps(this._policy), this._shown);
    if (step !== null) {
      this._warned.emit({ step, deadline, remaining });
    }
    // The time left moved: what is shown follows.
    this._stateChanged.emit();
    return this.level;
  }

  private _onVisibility = (): void => {
    if (!this._isHidden()) {
      void this._ticks?.refresh();
      void this._reads?.refresh();
    }
  };

  private _stopPolls(): void {
    this._reads?.dispose();
    this._ticks?.dispose();
    if (typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', this._onVisibility);
    }
  }

  private _end(): void {
    if (this._phase === 'ended') {
      return;
    }
    this._phase = 'ended';
    this._stopPolls();
    this._ended.emit(this.deadline);
    this._stateChanged.emit();
  }

  private _recompute(): void {
    if (this._phase === 'ended') {
      return;
    }
    const previous = this.deadline;
    this._deadlines = computeDeadlines(
      this._policy,
      this._activity,
      this._deliberate
    );
    const next = this.deadline;
    if (this._phase !== 'off') {
      this._phase = next ? 'running' : 'waiting';
    }
    if (
      next &&
      (!previous ||
        previous.kind !== next.kind ||
        next.earliest > previous.earliest)
    ) {
      // The deadline moved later (activity): warnings may be due again, but
      // not those already past for the new time.
      const remaining = next.earliest - this.serverNow();
      for (const step of Array.from(this._shown)) {
        if (remaining > step) {
          this._shown.delete(step);
        }
      }
    }
    this._stateChanged.emit();
  }

  private _sources: IActivitySource[];
  private _now: () => number;
  private _isHidden: () => boolean;
  private _reads: Poll | null = null;
  private _ticks: Poll | null = null;
  private _isDisposed = false;
  private _minInterval: number;
  private _policy: IExpiryPolicy = DEFAULT_POLICY;
  private _phase: ExpiryPhase = 'off';
  private _activity: IActivity | null = null;
  private _deliberate: number | null = null;
  private _busy = false;
  private _deadlines: IDeadline[] = [];
  private _skew = 0;
  private _lastRead: number | null = null;
  private _lastError: string | null = null;
  private _shown = new Set<number>();
  private _stateChanged = new Signal<this, void>(this);
  private _warned = new Signal<this, IExpiryWarning>(this);
  private _ended = new Signal<this, IDeadline | null>(this);
}
