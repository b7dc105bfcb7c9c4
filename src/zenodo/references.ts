/**
 * The one reader of DOIs and record references (ids, record URLs, DOI URLs),
 * for every layer: launch links, citation files, badges and the client.
 *
 * #### Notes
 * Kept beside the client because a record reference only means something to
 * a Zenodo; it imports nothing, so `workspace/` and the capabilities can use
 * it without pulling in the client.
 *
 * @packageDocumentation
 * @module zenodo/references
 */

/**
 * A well-formed bare DOI: `10.`, a registrant code of 4 to 9 digits, `/`, a
 * suffix without white space.
 */
const DOI = /^10\.\d{4,9}\/\S+$/;

/**
 * The prefixes a DOI may be written with: `doi:`, `https://doi.org/`,
 * `https://dx.doi.org/`.
 */
const DOI_PREFIX = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i;

/**
 * A Zenodo record id: digits (zenodo.org) or InvenioRDM's `abcde-12345`.
 */
const RECORD_ID = /^(?:\d{1,12}|[a-z0-9]{5}-[a-z0-9]{5})$/;

/**
 * A DOI without its `doi:` or `https://doi.org/` prefix, trimmed; undefined
 * for anything that is not a non-empty string. The rest is not checked (see
 * {@link parseDoi}), so a citation file's own value survives a round trip.
 */
export function bareDoi(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const doi = value.trim().replace(DOI_PREFIX, '');
  return doi || undefined;
}

/**
 * The well-formed bare DOI in `value` (bare, `doi:` or `https://doi.org/`
 * form, percent-escapes decoded), or undefined.
 */
export function parseDoi(value: unknown): string | undefined {
  const doi = bareDoi(value);
  if (!doi || hasMalformedPercent(doi)) {
    return undefined;
  }
  const decoded = decodeURIComponent(doi);
  return DOI.test(decoded) ? decoded : undefined;
}

/**
 * Whether `text` is a record id (`8250015`, `abcde-12345`).
 */
export function isRecordId(text: string): boolean {
  return RECORD_ID.test(text);
}

/**
 * The record id of a Zenodo DOI (`10.5281/zenodo.<n>`, or the sandbox's
 * `10.5072/zenodo.<n>`), or undefined for another DOI.
 */
export function zenodoDoiRecordId(doi: string): string | undefined {
  const match = /^10\.(?:5281|5072)\/zenodo\.(\d+)$/i.exec(bareDoi(doi) ?? '');
  return match ? match[1] : undefined;
}

/**
 * The record id in a record URL (`/records/123`, `/record/123`,
 * `/api/records/123`, anywhere in the path), or undefined.
 */
export function recordIdFromUrl(url: string): string | undefined {
  if (hasMalformedPercent(url)) {
    return undefined;
  }
  try {
    const match = /\/records?\/([^/?#]+)/.exec(new URL(url).pathname);
    return match ? decodeURIComponent(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Recognise a record id, a record URL, a DOI or a DOI URL.
 *
 * @returns `{ recordId }`, `{ doi }`, or undefined for anything else
 *   (including a malformed `%` escape). Record URLs and `<site>/doi/…` URLs
 *   also give the `origin` they name, which a caller must compare with the
 *   Zenodo it talks to: the host is not part of the id.
 */
export function parseRecordReference(
  text: string
): { recordId?: string; doi?: string; origin?: string } | undefined {
  const ref = text.trim();
  if (/^\d+$/.test(ref)) {
    return { recordId: ref };
  }
  if (hasMalformedPercent(ref)) {
    return undefined;
  }
  const doi =
    /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/|(https?:\/\/[^/]+)\/doi\/)?(10\.\d{4,9}\/[^\s?#]+)$/i.exec(
      ref
    );
  if (doi) {
    return {
      doi: decodeURIComponent(doi[2]),
      ...(doi[1] ? { origin: originOf(doi[1]) } : {})
    };
  }
  const record =
    /^(https?:\/\/[^/]+)\/(?:api\/)?records?\/([0-9]+|[a-z0-9]{5}-[a-z0-9]{5})(?:[/?#]|$)/i.exec(
      ref
    );
  if (record) {
    return { recordId: record[2], origin: originOf(record[1]) };
  }
  return undefined;
}

/**
 * Whether `text` has a `%` that does not start a valid percent-escape
 * (`%` and two hexadecimal digits forming UTF-8), as in a link cut short or
 * typed by hand.
 */
export function hasMalformedPercent(text: string): boolean {
  if (!text.includes('%')) {
    return false;
  }
  if (/%(?![0-9a-f]{2})/i.test(text)) {
    return true;
  }
  try {
    decodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
}

/**
 * Where a DOI resolves: `https://doi.org/<doi>`.
 */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}

/**
 * The origin (`https://zenodo.org`) of a URL, or undefined when `url` does
 * not parse: the one place that takes an origin from text that may not be
 * a URL (a setting, a link someone pasted).
 */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
