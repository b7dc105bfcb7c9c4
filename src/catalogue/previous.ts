/**
 * Finding a folder imported before from the same artifact (any version), so
 * that a launch link opened again shows that folder instead of downloading
 * a second copy. The folder is recognised by its `CITATION.cff`: the DOI of
 * the version imported, or the concept DOI shared by every version.
 *
 * @packageDocumentation
 * @module catalogue/previous
 */
import { throwIfAborted } from '../workspace/abort';
import { readFolderCitation } from '../workspace/citation';
import { ContentsWriter } from '../workspace/write';
import { Artifact, bareDoi } from '../zenodo';
import { importFolderName } from './import';

/**
 * A folder imported before.
 */
export interface IPreviousImport {
  /** Its server path. */
  folder: string;
  /** The DOI of the version it holds (from its CITATION.cff). */
  doi: string;
  /** The version its CITATION.cff names, if any. */
  version?: string;
}

/**
 * Most folders looked into per place: one listing each, so a link opened
 * in a large home folder does not send hundreds of requests.
 */
export const MAX_FOLDERS_LOOKED_INTO = 40;

/**
 * The folders in `places` (server paths; '' is the top) that hold a version
 * of `artifact`, best first: the folders whose name is the import's usual
 * name are looked into first.
 *
 * @param versionDois - the DOIs of every known version of the artifact.
 */
export async function findPreviousImports(
  contents: Pick<ContentsWriter, 'get'>,
  places: string[],
  artifact: Artifact,
  versionDois: string[],
  options: {
    signal?: AbortSignal;
    maxFolders?: number;
    /**
     * Look only into folders named as an import of this artifact would be
     * (`title-slug-v…`): cheap enough for every artifact shown.
     */
    onlyUsualNames?: boolean;
  } = {}
): Promise<IPreviousImport[]> {
  const dois = Private.doisOf(artifact, versionDois);
  if (!dois.size) {
    return [];
  }
  const stem = importFolderName({ ...artifact, version: '' });
  const found: IPreviousImport[] = [];
  for (const place of [...new Set(places)]) {
    throwIfAborted(options.signal);
    let children: { name: string; path: string; type: string }[];
    try {
      const listing = await contents.get(place, { content: true });
      children = (listing.content ?? []) as typeof children;
    } catch {
      continue; // A place that does not exist holds nothing.
    }
    const folders = children
      .filter(c => c.type === 'directory' && !c.name.startsWith('.'))
      .filter(c => !options.onlyUsualNames || c.name.startsWith(stem))
      .sort(
        (a, b) =>
          Number(!b.name.startsWith(stem)) - Number(!a.name.startsWith(stem)) ||
          a.name.localeCompare(b.name)
      )
      .slice(0, options.maxFolders ?? MAX_FOLDERS_LOOKED_INTO);
    for (const folder of folders) {
      throwIfAborted(options.signal);
      const match = await Private.match(contents, folder.path, dois);
      if (match) {
        found.push(match);
      }
    }
  }
  return found;
}

/**
 * The folder `folder` (a server path) if it holds a version of `artifact`
 * (its CITATION.cff names one of the DOIs), else null: the folder a person
 * pointed at (a DOI badge's menu), whatever it is called and wherever it is.
 */
export async function matchFolder(
  contents: Pick<ContentsWriter, 'get'>,
  folder: string,
  artifact: Artifact,
  versionDois: string[]
): Promise<IPreviousImport | null> {
  const dois = Private.doisOf(artifact, versionDois);
  return dois.size ? Private.match(contents, folder, dois) : null;
}

namespace Private {
  export function doisOf(
    artifact: Artifact,
    versionDois: string[]
  ): Set<string> {
    return new Set(
      [artifact.doi, artifact.conceptDoi, ...versionDois]
        .map(d => bareDoi(d)?.toLowerCase())
        .filter((d): d is string => !!d)
    );
  }

  export async function match(
    contents: Pick<ContentsWriter, 'get'>,
    folder: string,
    dois: Set<string>
  ): Promise<IPreviousImport | null> {
    const citation = await readFolderCitation(contents, folder);
    // The version the folder holds is the one its `doi` field names.
    const doi = citation?.fields?.doi;
    if (!doi || !citation.dois.some(d => dois.has(d.toLowerCase()))) {
      return null;
    }
    return { folder, doi, version: citation.fields?.version };
  }
}
