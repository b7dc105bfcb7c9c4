/**
 * Pure helpers for the Share views.
 *
 * @packageDocumentation
 * @module share/format
 */

/**
 * Bytes in a form people read ("1.5 MB", decimal units like Zenodo's).
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0
    ? `${bytes} bytes`
    : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Seconds as "45 s", "3 min 20 s", "1 h 5 min".
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
