/**
 * Shared helpers for the stand-in specs: the recorded Zenodo bodies and a
 * recursive shape comparison (same keys, same value types).
 */
import * as fs from 'fs';
import * as path from 'path';

const CANDIDATES = [
  path.resolve(__dirname, '../../../src/zenodo/__tests__/fixtures')
];

/** Directory of the recorded bodies (the repo's copy first). */
export const FIXTURES = CANDIDATES.find(d =>
  fs.existsSync(path.join(d, 'SOURCES.md'))
) as string;

export function fixture(name: string): any {
  if (!FIXTURES) {
    throw new Error(`no fixtures directory among ${CANDIDATES.join(', ')}`);
  }
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf-8'));
}

function kind(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  return Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Differences between the shape of `actual` and `expected`: every key of
 * `expected` must exist in `actual` with the same type (null in either is
 * taken as "nullable"), recursively; arrays compare their first elements.
 * Keys only in `actual` are reported unless listed in `extra` (dotted paths
 * with `*` for array items, e.g. `hits.hits.*.metadata.keywords`).
 */
export function shapeDiff(
  actual: any,
  expected: any,
  options: { extra?: string[]; at?: string } = {}
): string[] {
  const at = options.at || '';
  const extra = new Set(options.extra || []);
  const out: string[] = [];
  const ka = kind(actual);
  const ke = kind(expected);
  if (ka === 'null' || ke === 'null') {
    return out;
  }
  if (ka !== ke) {
    return [`${at || '(root)'}: ${ka} instead of ${ke}`];
  }
  if (ke === 'array') {
    if (expected.length && actual.length) {
      out.push(
        ...shapeDiff(actual[0], expected[0], {
          extra: [...extra],
          at: at ? `${at}.*` : '*'
        })
      );
    }
    return out;
  }
  if (ke === 'object') {
    for (const k of Object.keys(expected)) {
      const p = at ? `${at}.${k}` : k;
      if (!(k in actual)) {
        out.push(`${p}: missing`);
      } else {
        out.push(
          ...shapeDiff(actual[k], expected[k], { extra: [...extra], at: p })
        );
      }
    }
    for (const k of Object.keys(actual)) {
      const p = at ? `${at}.${k}` : k;
      if (!(k in expected) && !extra.has(p)) {
        out.push(`${p}: not in the recording`);
      }
    }
  }
  return out;
}

export async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 200)}`);
  }
}

/** The headers Zenodo sends on every API answer (rdm-flow-http-headers fixture). */
export function expectZenodoHeaders(res: Response): void {
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-expose-headers')).toBe(
    'Content-Type, ETag, Link, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset'
  );
  expect(res.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
  expect(res.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
  expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(
    Date.now() / 1000 - 1
  );
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
}
