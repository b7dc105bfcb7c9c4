/**
 * The `CITATION.cff` an imported folder carries, recording where it came
 * from (the DOI), so that badges and "Publish new version" know it.
 *
 * #### Notes
 * A stop-gap until the Share engineer's `src/workspace/citation.ts` lands;
 * the lead will unify the two.
 *
 * @packageDocumentation
 * @module catalogue/provenance
 */
import { parseDocument, stringify } from 'yaml';

import { Artifact } from '../zenodo';

/**
 * A fresh `CITATION.cff` for an imported artifact.
 */
export function citationFor(artifact: Artifact): string {
  const cff: Record<string, unknown> = {
    'cff-version': '1.2.0',
    message:
      'If you use this software or data, please cite it using the metadata from this file.',
    type: artifact.resourceType?.type === 'software' ? 'software' : 'dataset',
    title: artifact.title,
    authors: artifact.creators.length
      ? artifact.creators.map(personOf)
      : [{ name: 'Unknown' }]
  };
  if (artifact.version) {
    cff.version = artifact.version;
  }
  if (artifact.doi) {
    cff.doi = artifact.doi;
  }
  if (artifact.publicationDate) {
    cff['date-released'] = artifact.publicationDate;
  }
  if (artifact.license?.id) {
    cff.license = artifact.license.id;
  }
  if (artifact.links.html) {
    cff.url = artifact.links.html;
  }
  if (artifact.keywords.length) {
    cff.keywords = artifact.keywords;
  }
  if (artifact.conceptDoi) {
    cff.identifiers = [
      {
        type: 'doi',
        value: artifact.conceptDoi,
        description: 'The concept DOI: every version of this artifact.'
      }
    ];
  }
  return stringify(cff, { lineWidth: 0 });
}

/**
 * Add the artifact's DOI to an existing `CITATION.cff` when it has none;
 * returns null when the file already records it (or cannot be parsed, in
 * which case it is left as the authors wrote it).
 */
export function withDoi(text: string, artifact: Artifact): string | null {
  if (!artifact.doi) {
    return null;
  }
  const doc = parseDocument(text);
  if (doc.errors.length || typeof doc.toJS() !== 'object' || !doc.toJS()) {
    return null;
  }
  const current = doc.get('doi');
  if (typeof current === 'string' && current.trim() === artifact.doi) {
    return null;
  }
  doc.set('doi', artifact.doi);
  if (artifact.version && !doc.get('version')) {
    doc.set('version', artifact.version);
  }
  return doc.toString({ lineWidth: 0 });
}

function personOf(
  creator: Artifact['creators'][number]
): Record<string, string> {
  const person: Record<string, string> = {};
  const comma = creator.name.indexOf(',');
  if (comma > 0) {
    person['family-names'] = creator.name.slice(0, comma).trim();
    person['given-names'] = creator.name.slice(comma + 1).trim();
  } else {
    person.name = creator.name;
  }
  if (creator.affiliation) {
    person.affiliation = creator.affiliation;
  }
  if (creator.orcid) {
    person.orcid = `https://orcid.org/${creator.orcid}`;
  }
  return person;
}
