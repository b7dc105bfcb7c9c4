import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { formatBytes, formatDuration } from '../format';
import { TRANSLATION_DOMAIN } from '../i18n';

const trans = nullTranslator.load(TRANSLATION_DOMAIN);

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1000, '1.0 KB'],
    [1500, '1.5 KB'],
    [440_000, '440 KB'],
    [500_000_000, '500 MB'],
    // The schemas' maxExtractedBytes reads as the figure an admin typed.
    [2_000_000_000, '2.0 GB'],
    [50 * 1000 ** 3, '50 GB'],
    [3 * 1000 ** 5, '3000 TB']
  ])('%d bytes read "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [44.6, '45 s'],
    [120, '2 min'],
    [200, '3 min 20 s'],
    [3600, '1 h'],
    [3900, '1 h 5 min'],
    [-3, '0 s']
  ])('%d s read "%s" to the second', (seconds, text) => {
    expect(formatDuration(seconds, trans)).toBe(text);
  });

  it.each([
    [59, 'less than 1 min'],
    [-5, 'less than 1 min'],
    [60, '1 min'],
    // Rounded down: never more time than is left.
    [4 * 60 + 59, '4 min'],
    [61 * 60 + 30, '1 h 1 min'],
    [120 * 60, '2 h']
  ])('%d s read "%s" to the minute', (seconds, text) => {
    expect(formatDuration(seconds, trans, { to: 'minute' })).toBe(text);
  });

  it('puts every word through the bundle it is given', () => {
    const marking = {
      ...trans,
      __: (msgid: string, ...args: any[]) => `«${trans.__(msgid, ...args)}»`,
      _n: (one: string, other: string, n: number, ...args: any[]) =>
        `«${trans._n(one, other, n, ...args)}»`
    } as TranslationBundle;
    expect(formatDuration(5, marking)).toBe('«5 s»');
    expect(formatDuration(200, marking)).toBe('«3 min 20 s»');
    expect(formatDuration(7200, marking)).toBe('«2 h»');
    expect(formatDuration(30, marking, { to: 'minute' })).toBe(
      '«less than 1 min»'
    );
  });
});
