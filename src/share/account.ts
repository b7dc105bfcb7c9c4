/**
 * Check a Zenodo token against the configured Zenodo.
 *
 * @packageDocumentation
 * @module share/account
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { TRANSLATION_DOMAIN } from '../i18n';

/**
 * The scopes publishing needs: `deposit:write` for drafts, metadata and
 * files; `deposit:actions` for publish, edit, discard and new versions.
 */
export const REQUIRED_SCOPES = ['deposit:write', 'deposit:actions'];

/**
 * What a token check found.
 */
export interface ITokenCheck {
  ok: boolean;
  /**
   * A sentence for the person (never containing the token).
   */
  message: string;
  /**
   * Scopes of {@link REQUIRED_SCOPES} the token was shown to lack (empty
   * when it has them all, or when the check could not tell).
   */
  missingScopes: string[];
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
 */
export async function checkToken(
  baseUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
  trans: TranslationBundle = nullTranslator.load(TRANSLATION_DOMAIN)
): Promise<ITokenCheck> {
  const base = baseUrl.replace(/\/+$/, '');
  const api = `${base}/api/deposit/depositions`;
  const origin = Private.origin(base);
  const send = (method: string, url: string, body?: string) =>
    fetchImpl(url, {
      method,
      headers: {
        Authorization: `Bearer ${token.trim()}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {})
      },
      body,
      credentials: 'omit',
      cache: 'no-store'
    });
  /** A link from Zenodo's answer, used only when it stays on this Zenodo. */
  const link = (href: unknown, fallback: string) =>
    typeof href === 'string' && Private.origin(href) === origin
      ? href
      : fallback;
  const unreachable = {
    ok: false,
    missingScopes: [],
    message: trans.__(
      'Could not reach %1. Check the Zenodo URL in the settings and your connection.',
      baseUrl
    )
  };
  const otherStatus = (status: number): ITokenCheck => {
    if (status === 401) {
      return {
        ok: false,
        missingScopes: [],
        message: trans.__(
          '%1 does not know this token (401). Copy it again, or create a new one.',
          baseUrl
        )
      };
    }
    if (status === 429) {
      return {
        ok: false,
        missingScopes: [],
        message: trans.__(
          '%1 asks to slow down (429). Try again in a minute.',
          baseUrl
        )
      };
    }
    return {
      ok: false,
      missingScopes: [],
      message: trans.__(
        '%1 answered %2 when checking the token.',
        baseUrl,
        status
      )
    };
  };
  const lacking = (missing: string[], leftOver?: string): ITokenCheck => ({
    ok: false,
    missingScopes: missing,
    message:
      trans._n(
        '%2 knows this token, but it cannot publish: it lacks the scope %3. Create a new token with deposit:write and deposit:actions ticked.',
        '%2 knows this token, but it cannot publish: it lacks the scopes %3. Create a new token with deposit:write and deposit:actions ticked.',
        missing.length,
        baseUrl,
        missing.join(trans.__(' and '))
      ) + (leftOver ? ' ' + leftOver : '')
  });

  let created: Response;
  try {
    created = await send('POST', api, '{}');
  } catch {
    return unreachable;
  }
  if (created.status === 403) {
    let actions: Response | undefined;
    try {
      actions = await send('POST', `${api}/0/actions/discard`);
    } catch {
      actions = undefined;
    }
    return lacking(
      actions?.status === 403
        ? ['deposit:write', 'deposit:actions']
        : ['deposit:write']
    );
  }
  if (!created.ok) {
    return otherStatus(created.status);
  }
  let draft: { id?: number; links?: Record<string, unknown> } = {};
  try {
    draft = await created.json();
  } catch {
    // No body to follow: the URLs are built from the id below, if any.
  }
  const self = link(draft.links?.self, `${api}/${draft.id}`);
  let discarded: Response | undefined;
  try {
    discarded = await send(
      'POST',
      link(draft.links?.discard, `${self}/actions/discard`)
    );
  } catch {
    discarded = undefined;
  }
  if (discarded?.ok) {
    return {
      ok: true,
      missingScopes: [],
      message: trans.__(
        'The token can publish on %1 (scopes deposit:write and deposit:actions). The check made an empty draft and discarded it.',
        baseUrl
      )
    };
  }
  // The test draft goes, whatever the discard said.
  let deleted = false;
  try {
    deleted = (await send('DELETE', self)).ok;
  } catch {
    deleted = false;
  }
  const leftOver = deleted
    ? undefined
    : trans.__(
        'The empty draft made for the check (deposition %1) could not be removed: delete it on Zenodo.',
        draft.id ?? '?'
      );
  if (discarded?.status === 403) {
    return lacking(['deposit:actions'], leftOver);
  }
  const result = discarded ? otherStatus(discarded.status) : unreachable;
  return leftOver
    ? { ...result, message: `${result.message} ${leftOver}` }
    : result;
}

namespace Private {
  /**
   * The origin of `url`, or '' when it does not parse.
   */
  export function origin(url: string): string {
    try {
      return new URL(url).origin;
    } catch {
      return '';
    }
  }
}
