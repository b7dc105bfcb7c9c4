/**
 * Pure formatting helpers shared by every layer (the Zenodo client, the
 * workspace, the capabilities). Imports nothing.
 *
 * @packageDocumentation
 * @module format
 */

/**
 * What the formatters need of a translation bundle: JupyterLab's
 * `TranslationBundle` is one. Declared here so that this module, which the
 * Zenodo client and the Web Workers use, imports nothing.
 */
export interface IWordBundle {
  __(msgid: string, ...args: any[]): string;
  _n(msgid: string, msgidPlural: string, n: number, ...args: any[]): string;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/**
 * Bytes in a form people read, in decimal (SI) units: "950 bytes",
 * "1.5 MB", "2.0 GB".
 *
 * #### Notes
 * Decimal, not binary, because the figures people compare them with are
 * decimal: Zenodo's limits ("50 GB per record") and the size limits in the
 * settings schemas (`2000000000` reads "2.0 GB"). The unit labels are
 * JupyterLab's ("KB", as its file browser shows). JupyterLab's own
 * `formatFileSize` (in `@jupyterlab/filebrowser`) is not used: importing the
 * file browser would put a widget library into the Zenodo client and into
 * the Web Workers that check archives, which use this too.
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0
    ? `${bytes} bytes`
    : `${value.toFixed(Math.abs(value) < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/**
 * Options of {@link formatDuration}.
 */
export interface IFormatDurationOptions {
  /**
   * `second` (the default): "45 s", "3 min 20 s", for a running estimate.
   * `minute`: rounded down to the minute and "less than 1 min" below one,
   * for time that is running out: it never says more time than is left, and
   * the text does not change every second.
   */
  to?: 'second' | 'minute';
}

/**
 * A duration in words: "45 s", "3 min 20 s", "1 h 5 min", "2 h" (with
 * `to: 'minute'`: "less than 1 min", "4 min"). The one duration formatter:
 * Share's time left and the countdown's both read it.
 *
 * @param seconds - the duration; rounded to the second, below 0 is 0.
 * @param trans - the bundle of the caller's translation domain.
 */
export function formatDuration(
  seconds: number,
  trans: IWordBundle,
  options: IFormatDurationOptions = {}
): string {
  const byMinute = options.to === 'minute';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return byMinute ? trans.__('less than 1 min') : trans._n('%1 s', '%1 s', s);
  }
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    return byMinute || s % 60 === 0
      ? trans._n('%1 min', '%1 min', minutes)
      : trans.__('%1 min %2 s', minutes, s % 60);
  }
  const hours = Math.floor(minutes / 60);
  return minutes % 60
    ? trans.__('%1 h %2 min', hours, minutes % 60)
    : trans._n('%1 h', '%1 h', hours);
}
