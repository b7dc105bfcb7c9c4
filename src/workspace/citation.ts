/**
 * Read and write `CITATION.cff` (Citation File Format 1.2.0), the visible,
 * standard file that carries an artifact's DOI with its folder.
 *
 * @packageDocumentation
 * @module workspace/citation
 */
import type { Contents } from '@jupyterlab/services';
import { Document, isMap, parseDocument } from 'yaml';

import { bareDoi } from '../zenodo/references';
import { WorkspaceError } from './errors';

// The one DOI reader; re-exported for the modules that read it from here.
export { bareDoi };

/**
 * The name of the citation file.
 */
export const CITATION_FILE = 'CITATION.cff';

/**
 * A person (or, with `name` only, an organisation) in a citation.
 */
export interface ICitationAuthor {
  familyNames?: string;
  givenNames?: string;
  /**
   * An entity's name (organisation, team), when there are no person names.
   */
  name?: string;
  affiliation?: string;
  /**
   * Bare ORCID iD (`0000-0002-1825-0097`); written as `https://orcid.org/…`.
   */
  orcid?: string;
}

/**
 * An identifier of the work.
 */
export interface ICitationIdentifier {
  type: 'doi' | 'url' | 'swh' | 'other';
  value: string;
  description?: string;
}

/**
 * The fields of a CITATION.cff this extension reads and writes.
 */
export interface ICitationFields {
  title?: string;
  /**
   * Bare DOI (`10.5281/zenodo.123`).
   */
  doi?: string;
  authors: ICitationAuthor[];
  version?: string;
  /**
   * `YYYY-MM-DD`.
   */
  dateReleased?: string;
  /**
   * SPDX licence id (`CC-BY-4.0`).
   */
  license?: string;
  keywords?: string[];
  abstract?: string;
  identifiers?: ICitationIdentifier[];
  message?: string;
  url?: string;
  /**
   * CFF `type`: `dataset` or `software`. When absent, writing keeps the
   * file's type, else writes `dataset`.
   */
  type?: 'dataset' | 'software';
}

/**
 * Options of {@link writeCitation}.
 */
export interface IWriteCitationOptions {
  /**
   * Write only these fields into `previous` and leave every other key
   * (`cff-version`, `message`, `type`, authors, …) exactly as the file has
   * them. Used to add a DOI to a citation file someone else wrote, without
   * normalising their authors away. `previous` must then parse as a mapping.
   */
  only?: ReadonlyArray<keyof ICitationFields>;
}

/**
 * Options of {@link findArtifactDoi}.
 */
export interface IFindDoiOptions {
  /**
   * Also consider `preferred-citation.doi` (after `doi` and identifiers).
   */
  preferredCitation?: boolean;
  /**
   * Skip candidates this rejects (for example DOIs that are not well formed)
   * and try the next one.
   */
  accept?: (doi: string) => boolean;
}

/**
 * Default `message` of a written citation file.
 */
export const DEFAULT_MESSAGE = 'If you use this work, please cite it as below.';

/**
 * Parse a CITATION.cff. Unknown keys are ignored; malformed YAML throws an
 * Error saying where.
 */
export function readCitation(text: string): ICitationFields {
  return parseCitation(text).fields;
}

/**
 * Parse a CITATION.cff into the fields this extension manages and the raw
 * mapping (for the keys it only reads, such as `preferred-citation`).
 */
function parseCitation(text: string): {
  fields: ICitationFields;
  data: Record<string, any>;
} {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new WorkspaceError(
      { code: 'citation-not-yaml', detail: doc.errors[0].message },
      `CITATION.cff is not valid YAML: ${doc.errors[0].message}`
    );
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new WorkspaceError(
      { code: 'citation-not-mapping' },
      'CITATION.cff does not hold a mapping of fields.'
    );
  }
  const str = (value: unknown): string | undefined =>
    value === undefined || value === null || value === ''
      ? undefined
      : value instanceof Date
        ? value.toISOString().slice(0, 10)
        : String(value);
  const authors: ICitationAuthor[] = Array.isArray(data.authors)
    ? data.authors
        .filter((a: unknown) => a && typeof a === 'object')
        .map((a: any) => {
          const author: ICitationAuthor = {};
          assign(author, 'familyNames', str(a['family-names']));
          assign(author, 'givenNames', str(a['given-names']));
          assign(author, 'name', str(a.name));
          assign(author, 'affiliation', str(a.affiliation));
          assign(author, 'orcid', bareOrcid(str(a.orcid)));
          return author;
        })
    : [];
  const fields: ICitationFields = { authors };
  assign(fields, 'title', str(data.title));
  assign(fields, 'doi', bareDoi(str(data.doi)));
  assign(fields, 'version', str(data.version));
  assign(fields, 'dateReleased', str(data['date-released']));
  assign(fields, 'license', str(data.license));
  assign(fields, 'abstract', str(data.abstract));
  assign(fields, 'message', str(data.message));
  assign(fields, 'url', str(data.url));
  if (Array.isArray(data.keywords)) {
    fields.keywords = data.keywords.map(String);
  }
  if (Array.isArray(data.identifiers)) {
    fields.identifiers = data.identifiers
      .filter((i: any) => i && typeof i === 'object' && i.value)
      .map((i: any) => {
        const id: ICitationIdentifier = {
          type: ['doi', 'url', 'swh'].includes(i.type) ? i.type : 'other',
          value: i.type === 'doi' ? bareDoi(String(i.value))! : String(i.value)
        };
        assign(id, 'description', str(i.description));
        return id;
      });
  }
  if (data.type === 'dataset' || data.type === 'software') {
    fields.type = data.type;
  }
  return { fields, data };
}

/**
 * Write a CITATION.cff (cff-version 1.2.0) for `fields`.
 *
 * @param previous - the file's current text, if any: keys this extension
 * does not manage (and comments) are kept; the ones it manages are replaced.
 * @param options - `only`: write just these fields and leave the rest of
 * `previous` untouched (throws when `previous` is not a mapping).
 */
export function writeCitation(
  fields: ICitationFields,
  previous?: string,
  options: IWriteCitationOptions = {}
): string {
  const only = options.only ? new Set<string>(options.only) : null;
  let doc: Document;
  if (previous) {
    doc = parseDocument(previous);
    if (doc.errors.length || !isMap(doc.contents)) {
      if (only) {
        // Rewriting the rest from nothing would lose what the file held.
        throw new WorkspaceError(
          { code: 'citation-not-mapping' },
          'CITATION.cff does not hold a mapping of fields.'
        );
      }
      doc = new Document({});
    }
  } else {
    doc = new Document({});
  }
  const set = (key: string, value: unknown) => {
    if (
      value === undefined ||
      value === '' ||
      (Array.isArray(value) && value.length === 0)
    ) {
      doc.delete(key);
    } else {
      doc.set(key, value);
    }
  };
  /**
   * Set a managed key, unless `only` leaves that field alone.
   */
  const manage = (
    field: keyof ICitationFields,
    key: string,
    value: unknown
  ) => {
    if (!only || only.has(field)) {
      set(key, value);
    }
  };
  if (!only) {
    set('cff-version', '1.2.0');
  }
  if (!only || only.has('message')) {
    if (!doc.has('message') || fields.message) {
      set('message', fields.message || DEFAULT_MESSAGE);
    }
  }
  if (!only || only.has('type')) {
    set('type', fields.type ?? doc.get('type') ?? 'dataset');
  }
  manage('title', 'title', fields.title);
  manage(
    'authors',
    'authors',
    fields.authors.map(a => {
      const out: Record<string, string> = {};
      if (a.familyNames || a.givenNames) {
        if (a.familyNames) {
          out['family-names'] = a.familyNames;
        }
        if (a.givenNames) {
          out['given-names'] = a.givenNames;
        }
      } else if (a.name) {
        out.name = a.name;
      }
      if (a.affiliation) {
        out.affiliation = a.affiliation;
      }
      if (a.orcid) {
        out.orcid = `https://orcid.org/${bareOrcid(a.orcid)}`;
      }
      return out;
    })
  );
  manage('abstract', 'abstract', fields.abstract);
  manage('doi', 'doi', fields.doi ? bareDoi(fields.doi) : undefined);
  manage('version', 'version', fields.version);
  manage('dateReleased', 'date-released', fields.dateReleased);
  manage('license', 'license', fields.license);
  manage('keywords', 'keywords', fields.keywords);
  manage('url', 'url', fields.url);
  manage(
    'identifiers',
    'identifiers',
    fields.identifiers?.map(i => ({
      type: i.type,
      value: i.value,
      ...(i.description ? { description: i.description } : {})
    }))
  );
  return doc.toString({ lineWidth: 0 });
}

/**
 * The artifact DOI a CITATION.cff names: its `doi`, else its first DOI
 * identifier (else, with `preferredCitation`, `preferred-citation.doi`);
 * undefined when there is none or the text does not parse.
 */
export function findArtifactDoi(
  text: string,
  options: IFindDoiOptions = {}
): string | undefined {
  let parsed: ReturnType<typeof parseCitation>;
  try {
    parsed = parseCitation(text);
  } catch {
    return undefined;
  }
  const { fields, data } = parsed;
  const candidates: (string | undefined)[] = [
    fields.doi,
    ...(fields.identifiers ?? [])
      .filter(i => i.type === 'doi')
      .map(i => i.value)
  ];
  if (options.preferredCitation) {
    const preferred = data['preferred-citation']?.doi;
    candidates.push(
      typeof preferred === 'string' ? bareDoi(preferred) : undefined
    );
  }
  const accept = options.accept ?? (() => true);
  return candidates.find(
    (doi): doi is string => doi !== undefined && accept(doi)
  );
}

/**
 * `https://orcid.org/0000-…` → `0000-…`.
 */
export function bareOrcid(orcid: string | undefined): string | undefined {
  if (!orcid) {
    return undefined;
  }
  return orcid.trim().replace(/^https?:\/\/orcid\.org\//i, '');
}

function assign<T, K extends keyof T>(target: T, key: K, value: T[K]) {
  if (value !== undefined) {
    target[key] = value;
  }
}

/**
 * A folder's citation file as {@link readFolderCitation} found it.
 */
export interface IFolderCitation {
  /** Its server path, with the file's own capitalisation. */
  path: string;
  /** Its text. */
  text: string;
  /** Its fields; absent when the text does not parse (see `error`). */
  fields?: ICitationFields;
  /** Why the text does not parse. */
  error?: string;
  /** The artifact DOI it names ({@link findArtifactDoi}). */
  doi?: string;
  /** Every DOI it names (`doi`, then DOI identifiers), bare. */
  dois: string[];
}

/**
 * Read the citation file of the server folder `folder` ('' is the top): the
 * one reader of a folder's CITATION.cff for every capability.
 *
 * #### Notes
 * The folder is listed first and the file matched without regard to case
 * (`citation.cff` written on another system is the same file to a person),
 * preferring the exact name. Null when there is no such file, or the folder
 * or the file cannot be read, or `folder` is a file (none of it is read).
 */
export async function readFolderCitation(
  contents: Pick<Contents.IManager, 'get'>,
  folder: string
): Promise<IFolderCitation | null> {
  let children: { name: string; path: string; type: string }[];
  try {
    // Asked as a folder: given a file, the server answers "bad type" instead
    // of sending the file's whole content.
    const listing = await contents.get(folder, {
      content: true,
      type: 'directory'
    });
    children = Array.isArray(listing.content) ? listing.content : [];
  } catch {
    return null;
  }
  const entry = children
    .filter(
      c =>
        c.type !== 'directory' &&
        c.name.toLowerCase() === CITATION_FILE.toLowerCase()
    )
    .sort(
      (a, b) =>
        Number(b.name === CITATION_FILE) - Number(a.name === CITATION_FILE)
    )[0];
  if (!entry) {
    return null;
  }
  let text: string;
  try {
    const model = await contents.get(entry.path, {
      content: true,
      format: 'text',
      type: 'file'
    });
    text = String(model.content ?? '');
  } catch {
    return null;
  }
  let fields: ICitationFields;
  try {
    fields = readCitation(text);
  } catch (error) {
    return {
      path: entry.path,
      text,
      error: (error as Error).message,
      dois: []
    };
  }
  const dois = [
    fields.doi,
    ...(fields.identifiers ?? [])
      .filter(i => i.type === 'doi')
      .map(i => i.value)
  ]
    .map(d => bareDoi(d))
    .filter((d): d is string => !!d);
  return { path: entry.path, text, fields, doi: findArtifactDoi(text), dois };
}
