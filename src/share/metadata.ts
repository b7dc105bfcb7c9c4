/**
 * The metadata form's model: checks with the rules Zenodo applies at
 * publish, and conversions to and from Zenodo's deposit metadata and
 * CITATION.cff.
 *
 * @packageDocumentation
 * @module share/metadata
 */
import { bareDoi, bareOrcid, ICitationFields } from '../workspace/citation';

/**
 * A creator as the form holds it.
 */
export interface ICreator {
  family: string;
  given: string;
  affiliation: string;
  /**
   * Bare ORCID iD, e.g. `0000-0002-1825-0097`; empty for none.
   */
  orcid: string;
}

/**
 * A related identifier (`isDerivedFrom` a DOI, `isSupplementTo` a paper…).
 */
export interface IRelatedIdentifier {
  identifier: string;
  relation: string;
  resourceType?: string;
}

/**
 * Everything the metadata form edits.
 */
export interface IArtifactMetadata {
  title: string;
  /**
   * Plain text; paragraphs separated by blank lines.
   */
  description: string;
  creators: ICreator[];
  keywords: string[];
  /**
   * Zenodo licence id, e.g. `cc-by-4.0`.
   */
  license: string;
  uploadType: string;
  publicationType: string;
  imageType: string;
  accessRight: 'open' | 'embargoed' | 'restricted' | 'closed';
  embargoDate: string;
  accessConditions: string;
  version: string;
  /**
   * `YYYY-MM-DD`; empty means today.
   */
  publicationDate: string;
  communities: string[];
  relatedIdentifiers: IRelatedIdentifier[];
}

/**
 * What the form's own checks find wrong with a field; `share/words.ts` puts
 * each in words.
 */
export type FieldProblem =
  | 'title-required'
  | 'description-required'
  | 'creators-required'
  | 'family-required'
  | 'orcid-invalid'
  | 'upload-type'
  | 'publication-type'
  | 'image-type'
  | 'date-format'
  | 'license-required'
  | 'embargo-date-format'
  | 'embargo-past'
  | 'access-conditions'
  | 'identifier-empty'
  | 'relation'
  | 'keyword-empty';

/**
 * A problem with one field, keyed like the form's fields (`title`,
 * `creators.0.orcid`, `embargoDate`…): either a problem the form's checks
 * found (`code`), or Zenodo's own words about it (`message`).
 */
export interface IFieldError {
  field: string;
  code?: FieldProblem;
  /**
   * Zenodo's words, shown as they are (it has no codes for them).
   */
  message?: string;
}

/**
 * Zenodo's upload types.
 */
export const UPLOAD_TYPES = [
  'dataset',
  'software',
  'publication',
  'poster',
  'presentation',
  'image',
  'video',
  'lesson',
  'physicalobject',
  'other'
];

/**
 * Zenodo's publication types (required when the upload type is publication).
 */
export const PUBLICATION_TYPES = [
  'annotationcollection',
  'book',
  'section',
  'conferencepaper',
  'datamanagementplan',
  'article',
  'patent',
  'preprint',
  'deliverable',
  'milestone',
  'proposal',
  'report',
  'softwaredocumentation',
  'taxonomictreatment',
  'technicalnote',
  'thesis',
  'workingpaper',
  'other'
];

/**
 * Zenodo's image types (required when the upload type is image).
 */
export const IMAGE_TYPES = [
  'figure',
  'plot',
  'drawing',
  'diagram',
  'photo',
  'other'
];

/**
 * Relations Zenodo accepts in related identifiers.
 */
export const RELATIONS = (
  'isCitedBy cites isSupplementTo isSupplementedBy isContinuedBy continues ' +
  'isDescribedBy describes hasMetadata isMetadataFor isNewVersionOf ' +
  'isPreviousVersionOf isPartOf hasPart isReferencedBy references ' +
  'isDocumentedBy documents isCompiledBy compiles isVariantFormOf ' +
  'isOriginalFormof isIdenticalTo isAlternateIdentifier isReviewedBy reviews ' +
  'isDerivedFrom isSourceOf requires isRequiredBy isObsoletedBy obsoletes'
).split(' ');

/**
 * Common licences (Zenodo id → SPDX id for CITATION.cff).
 */
export const LICENSES: Record<string, string> = {
  'cc-by-4.0': 'CC-BY-4.0',
  'cc-by-sa-4.0': 'CC-BY-SA-4.0',
  'cc-by-nc-4.0': 'CC-BY-NC-4.0',
  'cc0-1.0': 'CC0-1.0',
  'cc-zero': 'CC0-1.0',
  mit: 'MIT',
  'apache-2.0': 'Apache-2.0',
  'bsd-3-clause': 'BSD-3-Clause',
  'gpl-3.0-or-later': 'GPL-3.0-or-later'
};

/**
 * An empty form with the given defaults.
 */
export function emptyMetadata(
  defaults: Partial<IArtifactMetadata> = {}
): IArtifactMetadata {
  return {
    title: '',
    description: '',
    creators: [],
    keywords: [],
    license: 'cc-by-4.0',
    uploadType: 'dataset',
    publicationType: '',
    imageType: '',
    accessRight: 'open',
    embargoDate: '',
    accessConditions: '',
    version: '',
    publicationDate: '',
    communities: [],
    relatedIdentifiers: [],
    ...defaults
  };
}

/**
 * Whether an ORCID iD is well formed and its check digit (ISO 7064
 * MOD 11-2) is right.
 */
export function isValidOrcid(orcid: string): boolean {
  const bare = bareOrcid(orcid) ?? '';
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(bare)) {
    return false;
  }
  const digits = bare.replace(/-/g, '');
  let total = 0;
  for (const ch of digits.slice(0, 15)) {
    total = (total + Number(ch)) * 2;
  }
  const result = (12 - (total % 11)) % 11;
  const check = result === 10 ? 'X' : String(result);
  return digits[15] === check;
}

/**
 * Whether `value` is a real calendar date written `YYYY-MM-DD`.
 */
export function isValidDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return false;
  }
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  );
}

/**
 * Today as `YYYY-MM-DD` (UTC).
 */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Check the form with the rules Zenodo applies at publish.
 *
 * @param now - today's date (`YYYY-MM-DD`), for the embargo check.
 * @returns the problems found, empty when the form can be sent.
 */
export function validateMetadata(
  m: IArtifactMetadata,
  now: string = today()
): IFieldError[] {
  const errors: IFieldError[] = [];
  const add = (field: string, code: FieldProblem) =>
    errors.push({ field, code });
  if (!m.title.trim()) {
    add('title', 'title-required');
  }
  if (!m.description.trim()) {
    add('description', 'description-required');
  }
  if (m.creators.length === 0) {
    add('creators', 'creators-required');
  }
  m.creators.forEach((c, i) => {
    if (!c.family.trim()) {
      add(`creators.${i}.family`, 'family-required');
    }
    if (c.orcid.trim() && !isValidOrcid(c.orcid)) {
      add(`creators.${i}.orcid`, 'orcid-invalid');
    }
  });
  if (!UPLOAD_TYPES.includes(m.uploadType)) {
    add('uploadType', 'upload-type');
  }
  if (
    m.uploadType === 'publication' &&
    !PUBLICATION_TYPES.includes(m.publicationType)
  ) {
    add('publicationType', 'publication-type');
  }
  if (m.uploadType === 'image' && !IMAGE_TYPES.includes(m.imageType)) {
    add('imageType', 'image-type');
  }
  if (m.publicationDate && !isValidDate(m.publicationDate)) {
    add('publicationDate', 'date-format');
  }
  if (
    (m.accessRight === 'open' || m.accessRight === 'embargoed') &&
    !m.license.trim()
  ) {
    add('license', 'license-required');
  }
  if (m.accessRight === 'embargoed') {
    if (!isValidDate(m.embargoDate)) {
      add('embargoDate', 'embargo-date-format');
    } else if (m.embargoDate <= now) {
      add('embargoDate', 'embargo-past');
    }
  }
  if (m.accessRight === 'restricted' && !m.accessConditions.trim()) {
    add('accessConditions', 'access-conditions');
  }
  m.relatedIdentifiers.forEach((r, i) => {
    if (!r.identifier.trim()) {
      add(`relatedIdentifiers.${i}.identifier`, 'identifier-empty');
    }
    if (!RELATIONS.includes(r.relation)) {
      add(`relatedIdentifiers.${i}.relation`, 'relation');
    }
  });
  m.keywords.forEach((k, i) => {
    if (!k.trim()) {
      add('keywords', 'keyword-empty');
    }
  });
  return errors;
}

/**
 * The deposit metadata Zenodo expects for the form (the full set: a PUT
 * replaces the metadata wholesale).
 */
export function toZenodoMetadata(
  m: IArtifactMetadata,
  now: string = today()
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: m.title.trim(),
    description: textToHtml(m.description),
    upload_type: m.uploadType,
    publication_date: m.publicationDate || now,
    creators: m.creators.map(c => {
      const creator: Record<string, string> = {
        name: c.given.trim()
          ? `${c.family.trim()}, ${c.given.trim()}`
          : c.family.trim()
      };
      if (c.affiliation.trim()) {
        creator.affiliation = c.affiliation.trim();
      }
      if (c.orcid.trim()) {
        creator.orcid = bareOrcid(c.orcid)!;
      }
      return creator;
    }),
    access_right: m.accessRight
  };
  if (m.uploadType === 'publication') {
    out.publication_type = m.publicationType;
  }
  if (m.uploadType === 'image') {
    out.image_type = m.imageType;
  }
  if (m.accessRight === 'open' || m.accessRight === 'embargoed') {
    out.license = m.license.trim();
  }
  if (m.accessRight === 'embargoed') {
    out.embargo_date = m.embargoDate;
  }
  if (m.accessRight === 'restricted') {
    out.access_conditions = m.accessConditions.trim();
  }
  const keywords = m.keywords.map(k => k.trim()).filter(Boolean);
  if (keywords.length) {
    out.keywords = keywords;
  }
  if (m.version.trim()) {
    out.version = m.version.trim();
  }
  const communities = m.communities.map(c => c.trim()).filter(Boolean);
  if (communities.length) {
    out.communities = communities.map(identifier => ({ identifier }));
  }
  if (m.relatedIdentifiers.length) {
    out.related_identifiers = m.relatedIdentifiers.map(r => ({
      identifier: r.identifier.trim(),
      relation: r.relation,
      ...(r.resourceType ? { resource_type: r.resourceType } : {})
    }));
  }
  return out;
}

/**
 * The form for deposit metadata Zenodo returned (a previous version, or a
 * published artifact being edited).
 */
export function fromZenodoMetadata(meta: any): IArtifactMetadata {
  const license =
    typeof meta?.license === 'string' ? meta.license : meta?.license?.id;
  return emptyMetadata({
    title: meta?.title ?? '',
    description: htmlToText(meta?.description ?? ''),
    creators: (meta?.creators ?? []).map((c: any) => {
      const [family, ...given] = String(c.name ?? '').split(',');
      return {
        family: family.trim(),
        given: given.join(',').trim(),
        affiliation: c.affiliation ?? '',
        orcid: c.orcid ?? ''
      };
    }),
    keywords: meta?.keywords ?? [],
    license: license ? String(license).toLowerCase() : 'cc-by-4.0',
    uploadType: meta?.upload_type ?? meta?.resource_type?.type ?? 'dataset',
    publicationType:
      meta?.publication_type ?? meta?.resource_type?.subtype ?? '',
    imageType: meta?.image_type ?? '',
    accessRight: meta?.access_right ?? 'open',
    embargoDate: meta?.embargo_date ?? '',
    accessConditions: meta?.access_conditions ?? '',
    version: meta?.version ?? '',
    publicationDate: meta?.publication_date ?? '',
    communities: (meta?.communities ?? []).map(
      (c: any) => c.identifier ?? c.id ?? String(c)
    ),
    relatedIdentifiers: (meta?.related_identifiers ?? []).map((r: any) => ({
      identifier: r.identifier,
      relation: r.relation,
      ...(r.resource_type ? { resourceType: r.resource_type } : {})
    }))
  });
}

/**
 * Fill the form from a CITATION.cff's fields (over `base`).
 */
export function fromCitation(
  fields: ICitationFields,
  base: IArtifactMetadata = emptyMetadata()
): IArtifactMetadata {
  const license = fields.license
    ? (Object.entries(LICENSES).find(
        ([, spdx]) => spdx.toLowerCase() === fields.license!.toLowerCase()
      )?.[0] ?? fields.license.toLowerCase())
    : base.license;
  return {
    ...base,
    title: fields.title ?? base.title,
    description: fields.abstract ?? base.description,
    creators: fields.authors.length
      ? fields.authors.map(a => ({
          family: a.familyNames ?? a.name ?? '',
          given: a.givenNames ?? '',
          affiliation: a.affiliation ?? '',
          orcid: a.orcid ?? ''
        }))
      : base.creators,
    keywords: fields.keywords ?? base.keywords,
    license,
    version: fields.version ?? base.version
  };
}

/**
 * The CITATION.cff fields for the form and the artifact's DOI.
 */
export function toCitation(
  m: IArtifactMetadata,
  doi: string | undefined,
  extra: { conceptDoi?: string; url?: string; now?: string } = {}
): ICitationFields {
  const identifiers = [];
  if (doi) {
    identifiers.push({
      type: 'doi' as const,
      value: bareDoi(doi)!,
      description: 'This version'
    });
  }
  if (extra.conceptDoi) {
    identifiers.push({
      type: 'doi' as const,
      value: bareDoi(extra.conceptDoi)!,
      description: 'All versions'
    });
  }
  return {
    title: m.title.trim(),
    doi: doi ? bareDoi(doi) : undefined,
    authors: m.creators.map(c => ({
      familyNames: c.family.trim() || undefined,
      givenNames: c.given.trim() || undefined,
      affiliation: c.affiliation.trim() || undefined,
      orcid: c.orcid.trim() || undefined
    })),
    abstract: m.description.trim() || undefined,
    version: m.version.trim() || undefined,
    dateReleased: m.publicationDate || extra.now || today(),
    license: LICENSES[m.license] ?? (m.license || undefined),
    keywords: m.keywords.filter(k => k.trim()),
    identifiers: identifiers.length ? identifiers : undefined,
    url: extra.url,
    // CFF knows two kinds of work; everything but software is data.
    type: m.uploadType === 'software' ? 'software' : 'dataset'
  };
}

/**
 * Map a field path Zenodo reports (`metadata.creators.0.orcid`,
 * `metadata.resource_type`, RDM or legacy names) to the form's field.
 */
export function formFieldFor(zenodoField: string): string {
  const path = zenodoField.replace(/^metadata\./, '');
  const [head, ...rest] = path.split('.');
  // Field names, not words.
  const table: Record<string, string> = {
    // eslint-disable-next-line jupyter/no-untranslated-string
    title: 'title',
    description: 'description',
    creators: 'creators',
    keywords: 'keywords',
    subjects: 'keywords',
    license: 'license',
    rights: 'license',
    upload_type: 'uploadType',
    resource_type: 'uploadType',
    publication_type: 'publicationType',
    image_type: 'imageType',
    access_right: 'accessRight',
    embargo_date: 'embargoDate',
    access_conditions: 'accessConditions',
    version: 'version',
    publication_date: 'publicationDate',
    communities: 'communities',
    related_identifiers: 'relatedIdentifiers'
  };
  const field = table[head];
  if (!field) {
    return zenodoField;
  }
  if (field === 'creators' && rest.length >= 1) {
    const index = rest[0];
    const sub = rest[1];
    const subField =
      sub === 'orcid'
        ? 'orcid'
        : sub === 'affiliation'
          ? 'affiliation'
          : 'family';
    return sub ? `creators.${index}.${subField}` : `creators.${index}.family`;
  }
  if (field === 'relatedIdentifiers' && rest.length >= 1) {
    return `relatedIdentifiers.${rest[0]}.${rest[1] === 'relation' ? 'relation' : 'identifier'}`;
  }
  return field;
}

/**
 * Bump a version string for a new version: `1.2` → `1.3`, `v3` → `v4`,
 * anything else → unchanged.
 */
export function bumpVersion(version: string): string {
  const match = /^(.*?)(\d+)([^\d]*)$/.exec(version.trim());
  if (!match) {
    return version;
  }
  return `${match[1]}${Number(match[2]) + 1}${match[3]}`;
}

/**
 * Plain text → Zenodo's description HTML (escaped, paragraphs kept).
 */
export function textToHtml(text: string): string {
  const escape = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
  return text
    .trim()
    .split(/\n\s*\n/)
    .map(p => `<p>${escape(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * Zenodo's description HTML → plain text for the form.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim();
}
