/**
 * Check a Zenodo token against the configured Zenodo.
 *
 * @packageDocumentation
 * @module share/account
 */

/**
 * What a token check found.
 */
export interface ITokenCheck {
  ok: boolean;
  /**
   * A sentence for the person (never containing the token).
   */
  message: string;
}

/**
 * Ask the configured Zenodo whether `token` may deposit: lists the token
 * owner's depositions (one), which needs the deposit scopes.
 */
export async function checkToken(
  baseUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch
): Promise<ITokenCheck> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/deposit/depositions?size=1`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { Authorization: `Bearer ${token.trim()}` },
      credentials: 'omit',
      cache: 'no-store'
    });
  } catch {
    return {
      ok: false,
      message: `Could not reach ${baseUrl}. Check the Zenodo URL in the settings and your connection.`
    };
  }
  if (response.ok) {
    return {
      ok: true,
      message: `The token works with ${baseUrl}.`
    };
  }
  if (response.status === 401) {
    return {
      ok: false,
      message: `${baseUrl} does not know this token (401). Copy it again, or create a new one.`
    };
  }
  if (response.status === 403) {
    return {
      ok: false,
      message: `${baseUrl} accepts this token but it may not publish (403). Create a token with the scopes deposit:write and deposit:actions ticked.`
    };
  }
  if (response.status === 429) {
    return {
      ok: false,
      message: `${baseUrl} asks to slow down (429). Try again in a minute.`
    };
  }
  return {
    ok: false,
    message: `${baseUrl} answered ${response.status} when checking the token.`
  };
}
