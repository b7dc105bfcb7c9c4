/**
 * Launch-link parsing and the static index source (search, filters, sort,
 * paging, versions, resolving, download with progress) over a fake fetch.
 */
import '../../workspace/__tests__/streams';

import {
  parseArtifactRef,
  MAX_INDEX_BYTES,
  StaticIndexSource,
  webLink
} from '../sources';

describe('parseArtifactRef', () => {
  it.each([
    ['10.5281/zenodo.8250015', { kind: 'doi', doi: '10.5281/zenodo.8250015' }],
    ['doi:10.5281/zenodo.1', { kind: 'doi', doi: '10.5281/zenodo.1' }],
    [
      'https://doi.org/10.1234/abc.def',
      { kind: 'doi', doi: '10.1234/abc.def' }
    ],
    ['  8250015 ', { kind: 'id', id: '8250015' }],
    ['abcde-12345', { kind: 'id', id: 'abcde-12345' }],
    [
      'https://zenodo.org/records/8250015',
      { kind: 'url', url: 'https://zenodo.org/records/8250015' }
    ]
  ])('reads %s', (value, expected) => {
    expect(parseArtifactRef(value)).toEqual(expected);
  });

  it.each([
    '',
    'hello world',
    'javascript:alert(1)',
    '../etc',
    '10.5281/zenodo.%zz',
    'https://doi.org/10.1/a%E2%82'
  ])('refuses %s', value => {
    expect(parseArtifactRef(value)).toBeNull();
  });
});

describe('StaticIndexSource', () => {
  const artifacts = [
    {
      id: 'a1',
      conceptRecId: 'a',
      title: 'Glacier mass balance',
      creators: [{ name: 'Tanaka, Jun' }],
      publicationDate: '2021-01-01',
      version: '1',
      doi: '10.5281/zenodo.11',
      keywords: ['glacier'],
      resourceType: { type: 'dataset' },
      files: [{ key: 'g.zip', size: 10, downloadUrl: 'files/g.zip' }],
      links: { html: 'https://example.org/a1' },
      stats: { views: 5, downloads: 50 }
    },
    {
      id: 'a2',
      conceptRecId: 'a',
      title: 'Glacier mass balance',
      creators: [{ name: 'Tanaka, Jun' }],
      publicationDate: '2023-01-01',
      version: '2',
      doi: '10.5281/zenodo.12',
      keywords: ['glacier'],
      resourceType: { type: 'dataset' },
      files: [{ key: 'g.zip', size: 12, downloadUrl: 'files/g2.zip' }],
      links: { html: 'https://example.org/a2' },
      stats: { views: 9, downloads: 1 }
    },
    {
      id: 'b1',
      title: 'River notebooks',
      creators: [{ name: 'Silva, Ana' }],
      publicationDate: '2022-06-01',
      keywords: ['river', 'teaching'],
      resourceType: { type: 'lesson' },
      files: [
        {
          key: 'r.ipynb',
          size: 3,
          downloadUrl: 'https://cdn.example.org/r.ipynb'
        }
      ],
      links: { html: '' },
      stats: { views: 100, downloads: 7 }
    }
  ];
  const requests: string[] = [];
  const fakeFetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    requests.push(url);
    if (url.endsWith('/index.json')) {
      return new Response(JSON.stringify({ artifacts }), {
        headers: { 'Content-Type': 'application/json' }
      });
    }
    if (url.endsWith('/files/g.zip')) {
      return new Response(new Uint8Array(10).fill(7), {
        headers: { 'Content-Length': '10' }
      });
    }
    return new Response('missing', { status: 404, statusText: 'Not Found' });
  }) as typeof fetch;
  const source = new StaticIndexSource(
    {
      id: 'idx',
      label: 'Index',
      kind: 'index',
      url: 'https://portal.example.org/cat/index.json'
    },
    fakeFetch
  );
  const query = { q: '', sort: 'newest' as const, page: 1, size: 25 };

  it('lists, sorts and pages', async () => {
    const all = await source.search(query);
    expect(all.total).toBe(3);
    expect(all.hits.map(a => a.id)).toEqual(['a2', 'b1', 'a1']);
    const viewed = await source.search({ ...query, sort: 'mostviewed' });
    expect(viewed.hits.map(a => a.id)).toEqual(['b1', 'a2', 'a1']);
    const downloaded = await source.search({
      ...query,
      sort: 'mostdownloaded'
    });
    expect(downloaded.hits.map(a => a.id)).toEqual(['a1', 'b1', 'a2']);
    const page2 = await source.search({ ...query, size: 2, page: 2 });
    expect(page2.hits.map(a => a.id)).toEqual(['a1']);
    // Loaded once.
    expect(requests.filter(r => r.endsWith('index.json')).length).toBe(1);
  });

  it('searches all words, filters by type and keyword', async () => {
    expect((await source.search({ ...query, q: 'tanaka glacier' })).total).toBe(
      2
    );
    expect((await source.search({ ...query, q: 'tanaka river' })).total).toBe(
      0
    );
    expect((await source.search({ ...query, type: 'lesson' })).hits[0].id).toBe(
      'b1'
    );
    expect(
      (await source.search({ ...query, keyword: 'Teaching' })).hits[0].id
    ).toBe('b1');
  });

  it('resolves launch links, lists versions, resolves relative URLs', async () => {
    expect(
      (await source.resolve({ kind: 'doi', doi: '10.5281/ZENODO.12' })).id
    ).toBe('a2');
    expect((await source.resolve({ kind: 'id', id: 'b1' })).title).toBe(
      'River notebooks'
    );
    await expect(source.resolve({ kind: 'id', id: 'nope' })).rejects.toThrow(
      /does not list/
    );
    const a1 = await source.get('a1');
    expect(a1.files[0].downloadUrl).toBe(
      'https://portal.example.org/cat/files/g.zip'
    );
    expect((await source.versions(a1)).map(v => v.id)).toEqual(['a2', 'a1']);
  });

  it('downloads with progress and reports failures', async () => {
    const a1 = await source.get('a1');
    const progress: number[] = [];
    const blob = await source.download(a1.files[0], {
      onProgress: loaded => progress.push(loaded)
    });
    expect(blob.size).toBe(10);
    expect(progress[progress.length - 1]).toBe(10);
    const a2 = await source.get('a2');
    await expect(source.download(a2.files[0], {})).rejects.toThrow(/404/);
  });

  it('explains an index without an artifacts list', async () => {
    const broken = new StaticIndexSource(
      {
        id: 'x',
        label: 'X',
        kind: 'index',
        url: 'https://x.example.org/index.json'
      },
      (async () => new Response('{"items": []}')) as unknown as typeof fetch
    );
    await expect(broken.search(query)).rejects.toThrow(/no "artifacts" list/);
  });
});

describe('StaticIndexSource: a huge index', () => {
  it('stops reading past MAX_INDEX_BYTES instead of buffering it all', async () => {
    let produced = 0;
    const total = MAX_INDEX_BYTES + 30 * 1024 * 1024;
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const huge = new StaticIndexSource(
      { id: 'huge', label: 'Huge', kind: 'index', url: 'https://x/i.json' },
      (async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (produced >= total) {
                controller.close();
                return;
              }
              produced += chunk.byteLength;
              controller.enqueue(chunk);
            }
          })
        )) as unknown as typeof fetch
    );
    await expect(huge.load()).rejects.toThrow(/larger than 50 MiB/);
    expect(produced).toBeLessThan(MAX_INDEX_BYTES + 4 * 1024 * 1024);
  });
});

describe('links from a static index', () => {
  const entry = (id: string, links: Record<string, unknown>) => ({
    id,
    title: `Entry ${id}`,
    creators: [],
    doi: '10.5281/zenodo.77',
    files: [],
    links
  });
  const index = {
    artifacts: [
      entry('js', {
        html: 'javascript:alert(document.cookie)',
        doi: 'JavaScript:alert(1)'
      }),
      entry('data', {
        html: 'data:text/html,<script>alert(1)</script>',
        doi: ' vbscript:msgbox(1)'
      }),
      entry('ok', { html: 'https://example.org/r', doi: 'http://doi.org/x' }),
      entry('relative', { html: 'records/5' }),
      entry('odd', { html: 42, latestHtml: 'ftp://example.org/x' })
    ]
  };
  const source = new StaticIndexSource(
    {
      id: 'idx',
      label: 'Index',
      kind: 'index',
      url: 'https://portal.example.org/cat/index.json'
    },
    (async () =>
      new Response(JSON.stringify(index), {
        headers: { 'Content-Type': 'application/json' }
      })) as typeof fetch
  );

  it('keeps only http and https links, resolved against the index', async () => {
    const links = async (id: string) => (await source.get(id)).links as any;
    expect(await links('js')).toEqual({ html: '' });
    expect(await links('data')).toEqual({ html: '' });
    expect(await links('ok')).toEqual({
      html: 'https://example.org/r',
      doi: 'http://doi.org/x'
    });
    expect(await links('relative')).toEqual({
      html: 'https://portal.example.org/cat/records/5'
    });
    expect(await links('odd')).toEqual({ html: '' });
  });

  it('webLink allows only http and https', () => {
    expect(webLink('https://a.example/x')).toBe('https://a.example/x');
    expect(webLink('HTTP://a.example/x')).toBe('http://a.example/x');
    expect(webLink('javascript:alert(1)')).toBeUndefined();
    expect(webLink('java\nscript:alert(1)')).toBeUndefined();
    expect(webLink('mailto:a@b.c')).toBeUndefined();
    expect(webLink('/relative')).toBeUndefined();
    expect(webLink(undefined)).toBeUndefined();
  });
});
