import { formatBytes } from '../format';

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
