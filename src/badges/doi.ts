/**
 * The DOI of an artifact folder, read from its `CITATION.cff`.
 *
 * #### Notes
 * The workspace module's `findArtifactDoi` reads `doi` and DOI identifiers;
 * this adds `preferred-citation.doi` and normalises `https://doi.org/` and
 * `doi:` forms, which badges need to build a link.
 *
 * @packageDocumentation
 * @module badges/doi
 */
import { parse } from 'yaml';

import { findArtifactDoi } from '../workspace/citation';

const DOI = /^10\.\d{4,9}\/\S+$/;

/**
 * The artifact's DOI in a CITATION.cff text: the top-level `doi`, else the
 * first DOI in `identifiers`, else `preferred-citation.doi`; `null` if none
 * or if the text is not valid YAML.
 */
export function findCitationDoi(text: string): string | null {
  const doi = normaliseDoi(findArtifactDoi(text));
  if (doi) {
    return doi;
  }
  let data: any;
  try {
    data = parse(text);
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') {
    return null;
  }
  const candidates: unknown[] = [data.doi];
  if (Array.isArray(data.identifiers)) {
    for (const id of data.identifiers) {
      if (id && typeof id === 'object' && id.type === 'doi') {
        candidates.push(id.value);
      }
    }
  }
  candidates.push(data['preferred-citation']?.doi);
  for (const candidate of candidates) {
    const doi = normaliseDoi(candidate);
    if (doi) {
      return doi;
    }
  }
  return null;
}

/**
 * `10.x/y` from a bare DOI, a `doi:` or a `https://doi.org/` form.
 */
export function normaliseDoi(value: unknown): string | null {
  if (typeof value !== 'string') {
    return null;
  }
  const doi = value
    .trim()
    .replace(/^doi:\s*/i, '')
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
  return DOI.test(doi) ? doi : null;
}

/**
 * Where a DOI resolves.
 */
export function doiUrl(doi: string): string {
  return `https://doi.org/${doi}`;
}
