/**
 * Pure formatting helpers shared by every layer (the Zenodo client, the
 * workspace, the capabilities). Imports nothing.
 *
 * @packageDocumentation
 * @module format
 */

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
