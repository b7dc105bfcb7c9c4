/**
 * Look inside the files a walk listed before they are shared: a file whose
 * bytes do not match its listed size is refused (a symbolic link, or a file
 * that changed), and small text files and notebooks are searched for
 * secrets.
 *
 * @packageDocumentation
 * @module workspace/inspect
 */
import {
  findSecretInBytes,
  ISecretFlag,
  secretOf,
  shouldScan
} from './secrets';
import { throwIfAborted } from './abort';
import { IExcludedPath, IWalkedFile, runLimited } from './walk';

/**
 * The Contents API lists a symbolic link with the size of the link itself
 * (`os.lstat`: the length of the path it points to, below `PATH_MAX`), but
 * serves the bytes of what it points to. So every file listed at or below
 * this size is read and its bytes counted; a larger listed size cannot be a
 * link's.
 */
export const LINK_MAX_BYTES = 4096;

/**
 * Reason given for a file whose bytes differ from its listed size.
 */
export const MISMATCH_REASON =
  'a link (its target is not shared) or a file that changed: its bytes differ from the size listed';

/**
 * Reason given for a listed file the server would not serve as a file.
 */
export const UNREADABLE_REASON =
  'not a regular file the server can send (a link to a device or a missing file?)';

/**
 * What {@link inspectFiles} found.
 */
export interface IInspection {
  /**
   * Files whose content looks like a secret.
   */
  secrets: ISecretFlag[];
  /**
   * Files that must not be shared, with the reason.
   */
  refused: IExcludedPath[];
  /**
   * The bytes read of files that were not refused, by path, as far as the
   * `keepBytes` option allowed (empty without it).
   */
  bytes: Map<string, Uint8Array>;
}

/**
 * What was found in one file (cached between previews).
 */
interface IFinding {
  /** One of `SECRET_REASONS` (its code is found again with `secretOf`). */
  secret?: string;
  /** {@link UNREADABLE_REASON} or {@link MISMATCH_REASON}. */
  refused?: string;
  /**
   * The bytes read, when kept (see `keepBytes`).
   */
  data?: Uint8Array;
}

/**
 * Read at most `maxBytes` of a file (path relative to the walked folder).
 */
export type CappedRead = (
  path: string,
  maxBytes: number,
  signal?: AbortSignal
) => Promise<Uint8Array>;

/**
 * Inspect `files`: read each file listed at up to {@link LINK_MAX_BYTES}, and
 * each file worth searching for secrets (see `shouldScan`), at most one byte
 * more than listed; refuse a mismatch or a read the server refuses; search
 * the text.
 *
 * @param cache - findings by path and size, kept between previews of the
 *   same folder so that unticking a box does not read everything again.
 */
export async function inspectFiles(
  files: IWalkedFile[],
  read: CappedRead,
  options: {
    signal?: AbortSignal;
    cache?: Map<string, IFinding>;
    concurrency?: number;
    /**
     * Search text for secrets (default true); false only checks sizes.
     */
    scan?: boolean;
    /**
     * Keep the bytes read, up to this many in all (cache included; default
     * none), so that an archive built next takes them instead of reading
     * the same files again (each a request: thousands of small files). They
     * are also the bytes that were checked.
     */
    keepBytes?: number;
  } = {}
): Promise<IInspection> {
  const cache = options.cache ?? new Map<string, IFinding>();
  const keepBytes = options.keepBytes ?? 0;
  let kept = 0;
  cache.forEach(found => (kept += found.data?.byteLength ?? 0));
  const scan = (f: IWalkedFile) =>
    options.scan !== false && shouldScan(f.path, f.size);
  const todo = files.filter(
    f => (f.size <= LINK_MAX_BYTES || scan(f)) && !cache.has(key(f))
  );
  await runLimited(todo, options.concurrency ?? 6, async file => {
    throwIfAborted(options.signal);
    let data: Uint8Array;
    try {
      data = await read(file.path, file.size + 1, options.signal);
    } catch {
      throwIfAborted(options.signal);
      cache.set(key(file), { refused: UNREADABLE_REASON });
      return;
    }
    if (data.byteLength !== file.size) {
      cache.set(key(file), { refused: MISMATCH_REASON });
      return;
    }
    const keep = kept + data.byteLength <= keepBytes;
    kept += keep ? data.byteLength : 0;
    cache.set(key(file), {
      secret: scan(file) ? findSecretInBytes(data) || undefined : undefined,
      data: keep ? data : undefined
    });
  });
  const result: IInspection = { secrets: [], refused: [], bytes: new Map() };
  for (const file of files) {
    const found = cache.get(key(file));
    if (found?.refused) {
      result.refused.push({
        path: file.path,
        code:
          found.refused === UNREADABLE_REASON ? 'unreadable' : 'size-mismatch',
        reason: found.refused
      });
      continue;
    }
    if (found?.secret) {
      const flag = secretOf(found.secret);
      if (flag) {
        result.secrets.push({ path: file.path, ...flag });
      }
    }
    if (found?.data) {
      result.bytes.set(file.path, found.data);
    }
  }
  return result;
}

function key(file: IWalkedFile): string {
  return `${file.size}\u0000${file.path}`;
}
