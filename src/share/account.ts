/**
 * Check a Zenodo token against the configured Zenodo, through the one Zenodo
 * client (its rate-limit waits, its token checks, its errors).
 *
 * @packageDocumentation
 * @module share/account
 */
import { Deposition, ZenodoClient, ZenodoError } from '../zenodo';

/**
 * The scopes publishing needs: `deposit:write` for drafts, metadata and
 * files; `deposit:actions` for publish, edit, discard and new versions.
 */
export const REQUIRED_SCOPES = ['deposit:write', 'deposit:actions'];

/**
 * What a token check found, as a code the views put in words
 * (`share/words.ts`):
 * - `ok`: the token can publish;
 * - `lacks-scopes`: Zenodo knows it, but it lacks `missingScopes`;
 * - `unknown-token`: Zenodo does not know it (401);
 * - `invalid-token`: it holds characters no token can have (never sent);
 * - `rate-limited`: Zenodo asked to slow down for longer than the check waits;
 * - `unreachable`: no answer from Zenodo;
 * - `status`: another answer, in `status`.
 */
export type TokenCheckCode =
  | 'ok'
  | 'lacks-scopes'
  | 'unknown-token'
  | 'invalid-token'
  | 'rate-limited'
  | 'unreachable'
  | 'status';

/**
 * What a token check found (never containing the token).
 */
export interface ITokenCheck {
  ok: boolean;
  code: TokenCheckCode;
  /**
   * Scopes of {@link REQUIRED_SCOPES} the token was shown to lack (empty
   * when it has them all, or when the check could not tell).
   */
  missingScopes: string[];
  /**
   * The HTTP status of an unexpected answer (`status`).
   */
  status?: number;
  /**
   * The empty draft made for the check when it could not be removed
   * (`'?'` when Zenodo gave no id): the person must delete it on Zenodo.
   */
  leftOverDraft?: number | string;
}

/**
 * Ask the configured Zenodo whether `token` may publish.
 *
 * #### Notes
 * Zenodo has no endpoint that lists a token's scopes, and a read-only token
 * may list depositions all the same. So the check does what publishing
 * does first, on something that leaves no trace: it creates an empty draft
 * (needs `deposit:write`) and discards it (needs `deposit:actions`); a 403
 * at a step names the missing scope. Without `deposit:actions` the draft is
 * deleted instead (`deposit:write`). Without `deposit:write` there is no
 * draft: a discard of deposition 0, which never exists, tells whether
 * `deposit:actions` is there too (403 means it is not).
 *
 * A person waits on the check, so a rate limit is waited out for at most
 * 20 s (unless `clientOptions` say otherwise), then reported.
 */
export async function checkToken(
  baseUrl: string,
  token: string,
  clientOptions: Partial<ZenodoClient.IOptions> = {}
): Promise<ITokenCheck> {
  let client: ZenodoClient;
  try {
    client = new ZenodoClient({
      maxRateLimitWaitMs: 20000,
      ...clientOptions,
      baseUrl,
      token
    });
  } catch {
    // Not a URL at all: nothing can be reached there.
    return Private.failed('unreachable');
  }
  let draft: Deposition;
  try {
    draft = await client.createDeposition();
  } catch (error) {
    if (!Private.isForbidden(error)) {
      return Private.fromError(error);
    }
    let actions = true;
    try {
      await client.discard(0);
    } catch (probe) {
      actions = !Private.isForbidden(probe);
    }
    return Private.lacking(actions ? ['deposit:write'] : [...REQUIRED_SCOPES]);
  }
  let discardError: unknown;
  try {
    await client.discard(draft);
    return { ok: true, code: 'ok', missingScopes: [] };
  } catch (error) {
    discardError = error;
  }
  // The test draft goes, whatever the discard said.
  let removed = true;
  try {
    await client.deleteDeposition(draft);
  } catch {
    removed = false;
  }
  const leftOver = removed ? {} : { leftOverDraft: draft.id ?? '?' };
  if (Private.isForbidden(discardError)) {
    return { ...Private.lacking(['deposit:actions']), ...leftOver };
  }
  return { ...Private.fromError(discardError), ...leftOver };
}

namespace Private {
  /**
   * A failed check without scopes to name.
   */
  export function failed(code: TokenCheckCode, status?: number): ITokenCheck {
    return {
      ok: false,
      code,
      missingScopes: [],
      ...(status !== undefined ? { status } : {})
    };
  }

  /**
   * A token Zenodo knows that lacks `missing`.
   */
  export function lacking(missing: string[]): ITokenCheck {
    return { ok: false, code: 'lacks-scopes', missingScopes: missing };
  }

  /**
   * Whether Zenodo refused the step for the token's scopes (403).
   */
  export function isForbidden(error: unknown): boolean {
    return error instanceof ZenodoError && error.kind === 'forbidden';
  }

  /**
   * The check's result for an error of the client.
   */
  export function fromError(error: unknown): ITokenCheck {
    if (!(error instanceof ZenodoError)) {
      return failed('unreachable');
    }
    switch (error.kind) {
      case 'unauthorized':
        return failed('unknown-token');
      case 'rate-limited':
        return failed('rate-limited');
      case 'network':
      case 'aborted':
        return failed('unreachable');
      case 'invalid-input':
        // The client refuses a token with characters no token has before
        // sending it (that error names the request); a link it cannot
        // follow names none.
        return failed(error.method ? 'invalid-token' : 'unreachable');
      default:
        return error.status
          ? failed('status', error.status)
          : failed('unreachable');
    }
  }
}
