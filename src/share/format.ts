/**
 * Pure helpers for the Share views.
 *
 * @packageDocumentation
 * @module share/format
 */
import { formatBytes } from '../zenodo/client';

export { formatBytes };

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
