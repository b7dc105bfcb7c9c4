/**
 * The `CITATION.cff` an imported folder carries, recording where it came
 * from (the DOI), so that badges and "Publish new version" know it.
 *
 * #### Notes
 * Only maps an artifact to citation fields; reading and writing the file is
 * `workspace/citation`'s job, so that every capability writes the same CFF.
 *
 * @packageDocumentation
 * @module catalogue/provenance
 */
import { Artifact } from '../zenodo';
import {
  ICitationAuthor,
  ICitationFields,
  readCitation,
  writeCitation
} from '../workspace/citation';

/**
 * A fresh `CITATION.cff` for an imported artifact.
 */
export function citationFor(artifact: Artifact): string {
  const fields: ICitationFields = {
    message:
      'If you use this software or data, please cite it using the metadata from this file.',
    type: artifact.resourceType?.type === 'software' ? 'software' : 'dataset',
    title: artifact.title,
    authors: artifact.creators.length
      ? artifact.creators.map(personOf)
      : [{ name: 'Unknown' }],
    version: artifact.version || undefined,
    doi: artifact.doi || undefined,
    dateReleased: artifact.publicationDate || undefined,
    license: artifact.license?.id || undefined,
    url: artifact.links.html || undefined,
    keywords: artifact.keywords
  };
  if (artifact.conceptDoi) {
    fields.identifiers = [
      {
        type: 'doi',
        value: artifact.conceptDoi,
        description: 'The concept DOI: every version of this artifact.'
      }
    ];
  }
  return writeCitation(fields);
}

/**
 * Add the artifact's DOI to an existing `CITATION.cff` when it has none;
 * returns null when the file already records it (or cannot be parsed, in
 * which case it is left as the authors wrote it).
 */
export function withDoi(text: string, artifact: Artifact): string | null {
  if (!artifact.doi || !text.trim()) {
    return null;
  }
  let fields: ICitationFields;
  try {
    fields = readCitation(text);
  } catch {
    return null;
  }
  if (fields.doi === artifact.doi) {
    return null;
  }
  // Only the DOI (and a missing version) change: the authors' own entries,
  // comments and extra keys stay as they wrote them.
  const only: (keyof ICitationFields)[] = ['doi'];
  if (artifact.version && !fields.version) {
    only.push('version');
  }
  try {
    return writeCitation(
      { ...fields, doi: artifact.doi, version: artifact.version },
      text,
      { only }
    );
  } catch {
    return null;
  }
}

function personOf(creator: Artifact['creators'][number]): ICitationAuthor {
  const person: ICitationAuthor = {};
  const comma = creator.name.indexOf(',');
  if (comma > 0) {
    person.familyNames = creator.name.slice(0, comma).trim();
    person.givenNames = creator.name.slice(comma + 1).trim();
  } else {
    person.name = creator.name;
  }
  if (creator.affiliation) {
    person.affiliation = creator.affiliation;
  }
  if (creator.orcid) {
    person.orcid = creator.orcid;
  }
  return person;
}
