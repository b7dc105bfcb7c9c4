import {
  ExpiryModel,
  IActivityReading,
  IActivitySource,
  ServerStoppedError
} from '../model';

const MIN = 60_000;
const T0 = Date.parse('2026-06-01T12:00:00Z');

class FakeSource implements IActivitySource {
  constructor(
    readonly name: 'hub' | 'server',
    public answer: () => IActivityReading | null | Promise<never>
  ) {}
  reads = 0;
  async read(): Promise<IActivityReading | null> {
    this.reads += 1;
    return this.answer();
  }
}

function reading(
  source: 'hub' | 'server',
  lastActivity: number,
  serverDate: number | null,
  browserMidpoint: number
): IActivityReading {
  return {
    activity: { source, started: T0 - 60 * MIN, lastActivity },
    serverDate,
    browserMidpoint
  };
}

describe('ExpiryModel', () => {
  it('shows nothing and reads nothing without a policy', async () => {
    const source = new FakeSource('server', () =>
      reading('server', T0, T0, T0)
    );
    const model = new ExpiryModel([source], { now: () => T0 });
    model.setPolicy({});
    await model.refresh({ force: true });
    expect(model.phase).toBe('off');
    expect(source.reads).toBe(0);
    expect(model.deadline).toBeNull();
  });

  it('corrects for clock skew from the Date header', async () => {
    let browser = T0;
    // The browser is 3 minutes behind the server.
    const skew = 3 * MIN;
    const source = new FakeSource('server', () =>
      reading('server', T0 + skew - 2 * MIN, browser + skew, browser)
    );
    const model = new ExpiryModel([source], { now: () => browser });
    model.setPolicy({ idleTimeoutMinutes: 10, cullEveryMinutes: 1 });
    await model.refresh();
    expect(model.skew).toBe(skew);
    expect(model.deadline!.earliest).toBe(T0 + skew + 8 * MIN);
    // 8 minutes left, whatever the browser's clock says.
    expect(model.remaining).toBe(8 * MIN);
    expect(model.toBrowserTime(model.deadline!.earliest)).toBe(T0 + 8 * MIN);
    browser += 2 * MIN;
    expect(model.remaining).toBe(6 * MIN);
  });

  it('reads at most once a minute, and a hard deadline needs one read only', async () => {
    let now = T0;
    const source = new FakeSource('hub', () => reading('hub', T0, now, now));
    const model = new ExpiryModel([source], { now: () => now });
    model.setPolicy({ idleTimeoutMinutes: 60 });
    await model.refresh();
    await model.refresh();
    now += 59_000;
    await model.refresh();
    expect(source.reads).toBe(1);
    now += 1000;
    await model.refresh();
    expect(source.reads).toBe(2);

    const hardSource = new FakeSource('server', () =>
      reading('server', T0, now, now)
    );
    const hard = new ExpiryModel([hardSource], { now: () => now });
    hard.setPolicy({ hardDeadline: new Date(now + 30 * MIN).toISOString() });
    await hard.refresh();
    now += 10 * MIN;
    await hard.refresh();
    expect(hardSource.reads).toBe(1);
    expect(hard.phase).toBe('running');
  });

  it('falls back from the hub to the server when the hub says no', async () => {
    const hub = new FakeSource('hub', () => null);
    const server = new FakeSource('server', () =>
      reading('server', T0, T0, T0)
    );
    const model = new ExpiryModel([hub, server], { now: () => T0 });
    model.setPolicy({ idleTimeoutMinutes: 30 });
    await model.refresh();
    expect(model.source).toBe('server');
    await model.refresh({ force: true });
    expect(hub.reads).toBe(1);
    expect(server.reads).toBe(2);
  });

  it('warns at each step, moves on activity, and ends after the latest time', async () => {
    let now = T0;
    const source = new FakeSource('hub', () => reading('hub', T0, now, now));
    const model = new ExpiryModel([source], { now: () => now });
    const warnings: number[] = [];
    const ends: string[] = [];
    model.warned.connect((_, w) => warnings.push(w.step / MIN));
    model.ended.connect((_, d) => ends.push(d!.kind));
    model.setPolicy({
      idleTimeoutMinutes: 20,
      cullEveryMinutes: 2,
      warningMinutes: [15, 5, 1]
    });
    await model.refresh();
    expect(model.tick()).toBe('normal');
    now = T0 + 6 * MIN;
    expect(model.tick()).toBe('soon');
    now = T0 + 16 * MIN;
    expect(model.tick()).toBe('urgent');
    expect(warnings).toEqual([15, 5]);

    // "I'm still here" at T0+16: the deadline moves to T0+36; the 15-minute
    // step is not crossed again yet, then is.
    model.noteDeliberateActivity();
    expect(model.deadline!.earliest).toBe(T0 + 36 * MIN);
    expect(model.tick()).toBe('normal');
    now = T0 + 22 * MIN;
    model.tick();
    expect(warnings).toEqual([15, 5, 15]);

    now = T0 + 36 * MIN;
    expect(model.tick()).toBe('critical');
    expect(ends).toEqual([]);
    // Past the latest estimate the model does not guess: activity it did not
    // see may have moved the deadline. The next read decides.
    now = T0 + 38 * MIN;
    expect(model.tick()).toBe('critical');
    expect(model.overdue).toBe(true);
    expect(ends).toEqual([]);
    source.answer = () => Promise.reject(new ServerStoppedError('not running'));
    now = T0 + 39 * MIN;
    await model.refresh();
    expect(model.phase).toBe('ended');
    expect(ends).toEqual(['idle']);
    // After the end nothing is read any more.
    const reads = source.reads;
    await model.refresh({ force: true });
    expect(source.reads).toBe(reads);
  });

  it('ends exactly at a hard deadline, without a read', async () => {
    let now = T0;
    const source = new FakeSource('server', () =>
      reading('server', T0, now, now)
    );
    const model = new ExpiryModel([source], { now: () => now });
    const ends: string[] = [];
    model.ended.connect((_, d) => ends.push(d!.kind));
    model.setPolicy({ hardDeadline: new Date(T0 + 10 * MIN).toISOString() });
    await model.refresh();
    now = T0 + 10 * MIN - 1;
    expect(model.tick()).toBe('critical');
    now = T0 + 10 * MIN;
    expect(model.tick()).toBe('ended');
    expect(ends).toEqual(['hard']);
  });

  it('a later read that shows activity takes an overdue estimate back', async () => {
    let now = T0;
    let last = T0;
    const source = new FakeSource('hub', () => reading('hub', last, now, now));
    const model = new ExpiryModel([source], { now: () => now });
    model.setPolicy({ idleTimeoutMinutes: 10, cullEveryMinutes: 1 });
    await model.refresh();
    now = T0 + 12 * MIN;
    model.tick();
    expect(model.overdue).toBe(true);
    last = T0 + 11 * MIN; // activity in another tab
    await model.refresh();
    expect(model.overdue).toBe(false);
    expect(model.phase).toBe('running');
    expect(model.remaining).toBe(9 * MIN);
  });

  it('ends early when the server stops answering after the earliest time', async () => {
    let now = T0;
    let fail = false;
    const source = new FakeSource('server', () =>
      fail ? Promise.reject(new Error('424')) : reading('server', T0, now, now)
    );
    const model = new ExpiryModel([source], { now: () => now });
    model.setPolicy({ idleTimeoutMinutes: 10, cullEveryMinutes: 5 });
    await model.refresh();
    fail = true;
    now = T0 + 5 * MIN;
    await model.refresh({ force: true });
    expect(model.phase).toBe('running');
    now = T0 + 11 * MIN;
    await model.refresh({ force: true });
    expect(model.phase).toBe('ended');
  });

  it('counts a running companion transfer as activity until it ends', async () => {
    let now = T0;
    // The hub last saw activity at T0; a transfer starts at T0 + 5 min.
    const source = new FakeSource('hub', () => reading('hub', T0, now, now));
    const model = new ExpiryModel([source], { now: () => now });
    const warnings: number[] = [];
    model.warned.connect((_, w) => warnings.push(w.step / MIN));
    model.setPolicy({
      idleTimeoutMinutes: 20,
      cullEveryMinutes: 2,
      warningMinutes: [15, 5, 1]
    });
    await model.refresh();
    expect(model.deadline!.earliest).toBe(T0 + 20 * MIN);

    now = T0 + 5 * MIN;
    model.setServerBusy(true);
    expect(model.serverBusy).toBe(true);
    // Long past the old deadline, the job still runs: no warning, and the
    // idle deadline is a full timeout away.
    now = T0 + 50 * MIN;
    expect(model.tick()).toBe('normal');
    expect(model.deadline!.earliest).toBe(T0 + 70 * MIN);
    expect(warnings).toEqual([]);

    // The job ends at T0 + 60: idle time counts from then.
    now = T0 + 60 * MIN;
    model.setServerBusy(false);
    expect(model.deadline!.earliest).toBe(T0 + 80 * MIN);
    now = T0 + 66 * MIN;
    expect(model.tick()).toBe('soon');
    expect(warnings).toEqual([15]);
  });
});

describe('ExpiryModel polls', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('reads at once for a policy, then once a minute, never while the page is hidden', async () => {
    jest.useFakeTimers({ now: T0 });
    let hidden = false;
    const source = new FakeSource('hub', () =>
      reading('hub', Date.now(), Date.now(), Date.now())
    );
    const model = new ExpiryModel([source], { isHidden: () => hidden });
    model.start();
    await jest.advanceTimersByTimeAsync(5000);
    // No policy, nothing to ask.
    expect(source.reads).toBe(0);

    model.setPolicy({ idleTimeoutMinutes: 60 });
    await jest.advanceTimersByTimeAsync(10);
    expect(source.reads).toBe(1);
    expect(model.phase).toBe('running');
    await jest.advanceTimersByTimeAsync(59_000);
    expect(source.reads).toBe(1);
    await jest.advanceTimersByTimeAsync(2000);
    expect(source.reads).toBe(2);

    hidden = true;
    await jest.advanceTimersByTimeAsync(5 * MIN);
    expect(source.reads).toBe(2);
    // Shown again: one read at once, not at the next minute.
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await jest.advanceTimersByTimeAsync(10);
    expect(source.reads).toBe(3);

    model.dispose();
    await jest.advanceTimersByTimeAsync(5 * MIN);
    expect(source.reads).toBe(3);
  });

  it('moves its clock each second, hidden or not, and ends at a hard deadline by itself', async () => {
    jest.useFakeTimers({ now: T0 });
    const source = new FakeSource('server', () =>
      reading('server', T0, Date.now(), Date.now())
    );
    const model = new ExpiryModel([source], { isHidden: () => true });
    let changes = 0;
    model.stateChanged.connect(() => changes++);
    const ended: unknown[] = [];
    model.ended.connect((_, deadline) => ended.push(deadline));
    model.start();
    model.setPolicy({ hardDeadline: new Date(T0 + 10_000).toISOString() });
    await jest.advanceTimersByTimeAsync(10);
    expect(model.phase).toBe('running');
    // Hidden: no read (a hard deadline needs only the skew, and can wait).
    expect(source.reads).toBe(0);

    changes = 0;
    await jest.advanceTimersByTimeAsync(3000);
    expect(changes).toBeGreaterThanOrEqual(3);
    expect(model.remaining).toBeLessThanOrEqual(7000);

    await jest.advanceTimersByTimeAsync(8000);
    expect(model.phase).toBe('ended');
    expect(ended).toHaveLength(1);
    // Ended: the clock stops.
    changes = 0;
    await jest.advanceTimersByTimeAsync(5000);
    expect(changes).toBe(0);
    model.dispose();
  });
});
