/**
 * CatalogueModel with a hand-made source: debounced search, stale results
 * dropped, page limits, launch links, errors.
 */
import { Artifact } from '../../zenodo';
import { CatalogueModel, SEARCH_DEBOUNCE_MS } from '../model';
import { ICatalogueQuery, ICatalogueSource } from '../sources';

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
    await new Promise(r => setTimeout(r, this.delay));
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

const settle = (ms = 0) => new Promise(r => setTimeout(r, ms));

describe('CatalogueModel', () => {
  let source: FakeSource;
  let model: CatalogueModel;
  beforeEach(async () => {
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
  afterEach(() => model.dispose());

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
    await settle(SEARCH_DEBOUNCE_MS + 20);
    expect(source.queries.map(q => q.q)).toEqual(['', 'gla']);
    expect(model.hits[0].id).toBe('gla-1');
  });

  it('drops the results of a search overtaken by a newer one', async () => {
    source.delay = 50;
    const first = model.search();
    source.delay = 0;
    model.setSort('mostviewed');
    await first;
    await settle(60);
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
