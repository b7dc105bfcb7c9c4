import { nullTranslator } from '@jupyterlab/translation';

import { TRANSLATION_DOMAIN } from '../../i18n';
import { formatLeft, warningBound } from '../words';

const trans = nullTranslator.load(TRANSLATION_DOMAIN);
const MIN = 60_000;

describe('formatLeft', () => {
  it('rounds down to the minute: never more time than is left', () => {
    expect(formatLeft(4 * MIN + 59_000, trans)).toBe('4 min');
    expect(formatLeft(3 * MIN + 1_000, trans)).toBe('3 min');
    expect(formatLeft(61 * MIN + 30_000, trans)).toBe('1 h 1 min');
    expect(formatLeft(120 * MIN, trans)).toBe('2 h');
  });

  it('has one wording for the last minute, not a m:ss count', () => {
    expect(formatLeft(59_000, trans)).toBe('less than 1 min');
    expect(formatLeft(60_000, trans)).toBe('1 min');
    expect(formatLeft(-5_000, trans)).toBe('less than 1 min');
  });
});

describe('warningBound', () => {
  it('states the step, or less when the warning shows late', () => {
    expect(warningBound(14 * MIN + 59_000, 15 * MIN)).toBe(15);
    // Shown late, 3:10 before the end, for the 5-minute step.
    expect(warningBound(3 * MIN + 10_000, 5 * MIN)).toBe(4);
    expect(warningBound(30_000, 1 * MIN)).toBe(1);
  });
});
