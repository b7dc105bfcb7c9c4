/**
 * CatalogueModel with a hand-made source: debounced search, stale results
 * dropped, page limits, launch links, errors, the search cache, hidden
 * panels and the search budget; then with a Zenodo source against the
 * stand-in over real HTTP.
 *
 * Time is jest's fake clock with the hand-made source, so that the debounce
 * and the budget's wait are checked to the millisecond however loaded the
 * machine is; over HTTP, the test waits for the model's states, not for
 * wall-clock windows.
 */
import { Artifact, ZenodoClient, ZenodoError } from '../../zenodo';
import { CatalogueModel, SEARCH_DEBOUNCE_MS } from '../model';
import { ICatalogueQuery, ICatalogueSource, ZenodoSource } from '../sources';

import { startStandin } from '../../../dev/standin/server';

const artifact = (id: string, title = `Artifact ${id}`): Artifact => ({
  id,
  title,
  creators: [],
  keywords: [],
  communities: [],
  files: [],
  links: { html: '' }
});

class FakeSource implements ICatalogueSource {
  id = 'fake';
  label = 'Fake';
  maxPageSize = 25;
  queries: ICatalogueQuery[] = [];
  delay = 0;
  fail = '';
  async search(query: ICatalogueQuery) {
    this.queries.push(query);
    if (this.delay) {
      await new Promise(r => setTimeout(r, this.delay));
    }
    if (this.fail) {
      throw new Error(this.fail);
    }
    return {
      total: 60,
      hits: [artifact(`${query.q}-${query.page}`)],
      size: query.size
    };
  }
  async get(id: string) {
    return artifact(id);
  }
  async versions(a: Artifact) {
    return [a, artifact(`${a.id}-old`)];
  }
  async resolve(ref: any) {
    if (ref.kind === 'id' && ref.id === 'missing') {
      throw new Error('No such artifact.');
    }
    return artifact(ref.id ?? ref.doi, 'Resolved');
  }
  async download(): Promise<Blob> {
    throw new Error('not used');
  }
}

/**
 * Let `ms` of jest's fake clock pass, with the promises that come due.
 */
const settle = (ms = 0) => jest.advanceTimersByTimeAsync(ms);

/**
 * Wait (real time) until `condition` holds, or fail saying what was waited
 * for.
 */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Still waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 10));
  }
}

describe('CatalogueModel', () => {
  let source: FakeSource;
  let model: CatalogueModel;
  beforeEach(async () => {
    jest.useFakeTimers();
    source = new FakeSource();
    model = new CatalogueModel({
      startImport: () => {
        throw new Error('not used');
      },
      pageSize: 100
    });
    model.setSources([source]);
    await settle(5);
  });
  afterEach(() => {
    model.dispose();
    jest.useRealTimers();
  });

  it('searches at once for the first page, capped at the source page size', () => {
    expect(source.queries.length).toBe(1);
    expect(source.queries[0].size).toBe(25);
    expect(model.status).toBe('ready');
    expect(model.pageCount).toBe(3);
  });

  it('debounces typing into one search for the last text', async () => {
    model.setQuery('g');
    model.setQuery('gl');
    model.setQuery('gla');
    await settle(SEARCH_DEBOUNCE_MS / 2);
    expect(source.queries.length).toBe(1);
    model.setQuery('glac');
    // The quiet counts from the last keystroke.
    await settle(SEARCH_DEBOUNCE_MS - 1);
    expect(source.queries.length).toBe(1);
    await settle(1);
    expect(source.queries.map(q => q.q)).toEqual(['', 'glac']);
    expect(model.hits[0].id).toBe('glac-1');
  });

  it('drops the results of a search overtaken by a newer one', async () => {
    source.delay = 50;
    const first = model.search();
    source.delay = 0;
    model.setSort('mostviewed');
    // The overtaken search answers last.
    await settle(50);
    await first;
    expect(source.queries[1].signal?.aborted).toBe(true);
    expect(source.queries[2].signal?.aborted).toBe(false);
    expect(model.hits[0].id).toBe('-1');
    expect(source.queries[2].sort).toBe('mostviewed');
  });

  it('pages within bounds', async () => {
    model.setPage(3);
    await settle(5);
    expect(model.hits[0].id).toBe('-3');
    model.setPage(9);
    await settle(5);
    expect(model.page).toBe(3);
  });

  it('shows errors and recovers on retry', async () => {
    source.fail = 'Zenodo is down.';
    await model.search();
    expect(model.status).toBe('error');
    expect(model.error).toBe('Zenodo is down.');
    source.fail = '';
    await model.search();
    expect(model.status).toBe('ready');
  });

  it('opens a launch link without importing, then goes back', async () => {
    await model.openRef({ kind: 'id', id: '42' });
    await settle(5);
    expect(model.selected?.title).toBe('Resolved');
    expect(model.fromLaunchLink).toBe(true);
    expect(model.importFlow).toBeNull();
    expect(model.versions.map(v => v.id)).toEqual(['42', '42-old']);
    model.back();
    expect(model.selected).toBeNull();
    await model.openRef({ kind: 'id', id: 'missing' });
    expect(model.detailStatus).toBe('error');
    expect(model.detailError).toBe('No such artifact.');
  });

  it('keeps what the launch link said beside the record found', async () => {
    await model.openRef(
      { kind: 'doi', doi: '10.1234/abc' },
      'https://doi.org/10.1234/abc'
    );
    await settle(5);
    expect(model.selected?.title).toBe('Resolved');
    expect(model.launchValue).toBe('https://doi.org/10.1234/abc');
    // Without the text, the reference itself.
    await model.openRef({ kind: 'doi', doi: '10.1234/xyz' });
    expect(model.launchValue).toBe('10.1234/xyz');
    // An artifact picked from the list is not from a link.
    await model.select(model.hits[0]);
    expect(model.launchValue).toBe('');
  });
});

describe('CatalogueModel and the search budget', () => {
  let source: FakeSource;
  let model: CatalogueModel;
  beforeEach(async () => {
    jest.useFakeTimers();
    source = new FakeSource();
    model = new CatalogueModel({
      startImport: () => {
        throw new Error('not used');
      }
    });
    model.setSources([source]);
    await settle(5);
  });
  afterEach(() => {
    model.dispose();
    jest.useRealTimers();
  });

  it('reuses pages and queries already read: the same search sends nothing', async () => {
    model.setQuery('soil');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    model.setPage(2);
    await settle(5);
    expect(source.queries.map(q => `${q.q}/${q.page}`)).toEqual([
      '/1',
      'soil/1',
      'soil/2'
    ]);
    model.setPage(1);
    await settle(5);
    expect(model.hits[0].id).toBe('soil-1');
    model.setQuery('soil ');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    model.setQuery('');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    expect(model.hits[0].id).toBe('-1');
    expect(source.queries).toHaveLength(3);
    // Retry and refresh ask again.
    await model.search();
    expect(source.queries).toHaveLength(4);
  });

  it('sends no search while the panel is hidden; the latest goes when it shows', async () => {
    model.setVisible(false);
    model.setQuery('a');
    model.setQuery('ab');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    model.setSort('newest');
    await settle(5);
    expect(source.queries).toHaveLength(1);
    model.setVisible(true);
    await settle(5);
    expect(source.queries.map(q => [q.q, q.sort])).toEqual([
      ['', 'bestmatch'],
      ['ab', 'newest']
    ]);
    expect(model.status).toBe('ready');
  });

  it('a spent search budget shows a wait with its time, sends nothing meanwhile, then searches by itself', async () => {
    const retryAt = Date.now() + 1200;
    const realSearch = source.search.bind(source);
    let refuse = true;
    source.search = async (query: ICatalogueQuery) => {
      if (refuse) {
        refuse = false;
        source.queries.push(query);
        throw new ZenodoError({
          status: 429,
          kind: 'rate-limited',
          message: '30 per 1 minute',
          retryAt
        });
      }
      return realSearch(query);
    };
    model.setQuery('co2');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    expect(model.status).toBe('waiting');
    expect(model.waitUntil).toBe(retryAt);
    expect(model.error).toBe('');
    model.setQuery('co2 flux');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    expect(model.status).toBe('waiting');
    expect(source.queries).toHaveLength(2);
    // Nothing until the time Zenodo gave, then at once.
    await settle(retryAt - Date.now() - 1);
    expect(model.status).toBe('waiting');
    expect(source.queries).toHaveLength(2);
    await settle(1);
    expect(model.status).toBe('ready');
    expect(source.queries.map(q => q.q)).toEqual(['', 'co2', 'co2 flux']);
    expect(model.hits[0].id).toBe('co2 flux-1');
  });

  it('shows the wait while the source waits for the budget', async () => {
    const waitUntil = Date.now() + 80;
    const seen: string[] = [];
    model.changed.connect(() => seen.push(model.status));
    const realSearch = source.search.bind(source);
    source.search = async (query: ICatalogueQuery) => {
      query.onWait?.(waitUntil);
      await new Promise(r => setTimeout(r, 80));
      return realSearch(query);
    };
    const searching = model.search();
    await settle(79);
    expect(seen).toEqual(['loading', 'waiting']);
    await settle(1);
    await searching;
    expect(seen).toEqual(['loading', 'waiting', 'ready']);
  });
});

describe('CatalogueModel against the stand-in with its search budget', () => {
  it('over HTTP: cached pages spend nothing; the spent budget is a wait, not an error', async () => {
    const standin = await startStandin({
      port: 0,
      seed: 'demo',
      searchRateLimit: 3
    });
    const model = new CatalogueModel({
      startImport: () => {
        throw new Error('not used');
      },
      pageSize: 5
    });
    try {
      const client = new ZenodoClient({
        baseUrl: standin.url,
        fetch,
        maxRateLimitWaitMs: 1000
      });
      const zenodo = new ZenodoSource(
        client,
        { id: 'z', label: 'Zenodo', kind: 'zenodo', community: '' },
        false
      );
      const searches = () =>
        standin.state.requests.filter((r: any) =>
          r.path.startsWith('/api/records?')
        );
      const ready = () => model.status === 'ready';
      model.setSources([zenodo]);
      await until(ready, 'the first page');
      model.setPage(2);
      await until(() => ready() && model.page === 2, 'the second page');
      model.setPage(1);
      // From the cache, at once.
      expect(model.status).toBe('ready');
      expect(model.page).toBe(1);
      expect(searches()).toHaveLength(2);
      model.setQuery('climate');
      await until(
        () => ready() && searches().length === 3,
        'the search for climate'
      );
      model.setQuery('ocean');
      await until(
        () => model.status === 'waiting' && searches().length === 4,
        'the refused search for ocean'
      );
      // The fourth search in the minute: Zenodo's 429 with its reset time.
      expect(searches().map((r: any) => r.status)).toEqual([
        200, 200, 200, 429
      ]);
      expect(model.status).toBe('waiting');
      expect(model.error).toBe('');
      expect(model.waitUntil).toBeGreaterThan(Date.now() + 1000);
      // Typing on sends nothing until then: the debounced search is held.
      let held = false;
      model.setQuery('ocean heat');
      const onChange = () => {
        held = true;
      };
      model.changed.connect(onChange);
      await until(() => held, 'the debounced search for ocean heat');
      model.changed.disconnect(onChange);
      expect(searches()).toHaveLength(4);
      expect(model.status).toBe('waiting');
    } finally {
      model.dispose();
      await standin.close();
    }
  });
});
