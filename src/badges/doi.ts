/**
 * The DOI of an artifact folder, read from its `CITATION.cff`.
 *
 * #### Notes
 * Reading the file is `workspace/citation`'s `findArtifactDoi`; badges also
 * accept `preferred-citation.doi` and skip DOIs that are not well formed,
 * since they build a link from it.
 *
 * @packageDocumentation
 * @module badges/doi
 */
import { findArtifactDoi, readCitation } from '../workspace/citation';
import { doiUrl, parseDoi } from '../zenodo/references';

// Where a DOI resolves: the one definition, kept importable from here.
export { doiUrl };

/**
 * The artifact's DOI in a CITATION.cff text: the top-level `doi`, else the
 * first DOI in `identifiers`, else `preferred-citation.doi`; `null` if none
 * or if the text is not valid YAML.
 */
export function findCitationDoi(text: string): string | null {
  return (
    parseDoi(
      findArtifactDoi(text, {
        preferredCitation: true,
        accept: doi => parseDoi(doi) !== undefined
      })
    ) ?? null
  );
}

/**
 * The artifact's DOI (as {@link findCitationDoi}) and the concept DOI, the
 * one of all versions: a DOI identifier other than the artifact's, first
 * one whose description says so (Share writes "All versions", an import
 * "The concept DOI: every version of this artifact").
 */
export function findCitationDois(text: string): {
  doi: string | null;
  conceptDoi: string | null;
} {
  const doi = findCitationDoi(text);
  if (!doi) {
    return { doi: null, conceptDoi: null };
  }
  let others: { doi: string; allVersions: boolean }[] = [];
  try {
    others = (readCitation(text).identifiers ?? [])
      .filter(i => i.type === 'doi')
      .map(i => ({
        doi: parseDoi(i.value) ?? '',
        allVersions: /all versions|every version|concept/i.test(
          i.description ?? ''
        )
      }))
      .filter(i => i.doi && i.doi.toLowerCase() !== doi.toLowerCase());
  } catch {
    // findCitationDoi read it; a file it could read has no other problem.
  }
  const concept = others.find(i => i.allVersions) ?? others[0];
  return { doi, conceptDoi: concept?.doi ?? null };
}

/**
 * `10.x/y` from a bare DOI, a `doi:` or a `https://doi.org/` form; null for
 * anything that is not a well-formed DOI: `zenodo/references`'s `parseDoi`,
 * the one DOI reader, with the null the badges store.
 */
export function normaliseDoi(value: unknown): string | null {
  return parseDoi(value) ?? null;
}
