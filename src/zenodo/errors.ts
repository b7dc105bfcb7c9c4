/**
 * Zenodo's errors as one class a person-facing view can explain.
 *
 * @packageDocumentation
 * @module zenodo/errors
 */

/**
 * What went wrong, in a form code can switch on (and translate).
 */
export type ZenodoErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'validation'
  | 'bad-request'
  | 'unsupported-media-type'
  | 'too-large'
  | 'too-many-files'
  | 'rate-limited'
  | 'conflict'
  | 'server'
  | 'network'
  | 'aborted'
  | 'invalid-input'
  | 'invalid-response'
  | 'http';

/**
 * One field Zenodo rejected.
 */
export type ZenodoFieldError = {
  /** The field path exactly as Zenodo gave it, e.g. `metadata.creators.0.name`. */
  field: string;
  /** Zenodo's messages for this field. */
  messages: string[];
  /**
   * The legacy deposit metadata key the field belongs to (`creators`,
   * `upload_type`, `license`, `files`, ...), also when Zenodo named the field
   * the InvenioRDM way (`metadata.resource_type` → `upload_type`), so that a
   * metadata form can point at its own input.
   */
  metadataField?: string;
  /** The list index within `metadataField`, e.g. 0 for the first creator. */
  index?: number;
};

/**
 * Where the hint sends a person for a new token, and which server failed.
 */
export type HintContext = {
  /** Page where a personal access token is created. */
  tokenUrl?: string;
  /** Whether the request carried a token. */
  hadToken?: boolean;
  /** Milliseconds until an automatic retry, for 429. */
  retryInMs?: number;
  /** When the rate limit resets (epoch ms), if the client will not retry. */
  retryAt?: number;
  /** The Zenodo origin, for network errors. */
  origin?: string;
};

/**
 * What a hint says, as a code with parameters, for `zenodo/words.ts` to put
 * into the person's language (`hint` holds the same in English, for logs).
 * `kind` is {@link hintFor}'s hint for an error kind; the others are the
 * client's own hints. `draftMayExistAt` adds that a draft may have been
 * made all the same (the address where drafts are listed).
 */
export type ZenodoHint = (
  | {
      code: 'kind';
      kind: ZenodoErrorKind;
      status: number;
      fieldErrors: ZenodoFieldError[];
      context: HintContext;
    }
  | { code: 'set-url' }
  | { code: 'link-cut' }
  | { code: 'reference-form' }
  | { code: 'foreign-link'; origin: string }
  | { code: 'doi-elsewhere' }
  | { code: 'open-draft-elsewhere'; uploads: string }
  | { code: 'find-new-version'; uploads: string }
  | { code: 'not-editable' }
  | { code: 'name-file' }
  | { code: 'flat-files' }
  | { code: 'empty-file' }
  | { code: 'split' }
  | { code: 'one-archive' }
  | { code: 'token-characters'; tokenUrl: string }
) & { draftMayExistAt?: string };

/**
 * The client's own message, as a code with parameters, for
 * `zenodo/words.ts` to say in the person's language (`message` holds the
 * same in English). Undefined when the message is Zenodo's own words,
 * which are shown as they are. `detail` is the other party's own text.
 */
export type ZenodoMessage =
  | { code: 'bad-base-url'; url: string }
  | { code: 'malformed-escape'; reference: string }
  | { code: 'not-a-reference'; reference: string }
  | {
      code: 'foreign-reference';
      reference: string;
      origin: string;
      expected: string;
    }
  | { code: 'no-doi-record'; base: string; doi: string }
  | { code: 'depositions-not-list' }
  | { code: 'version-open-elsewhere' }
  | { code: 'new-version-unknown' }
  | { code: 'no-bucket'; id: number }
  | { code: 'bad-file-name'; name: string }
  | { code: 'slash-in-name'; name: string }
  | { code: 'empty-file'; name: string }
  | { code: 'file-too-large'; name: string; bytes: number; maxBytes: number }
  | { code: 'too-many-files'; count: number; maxFiles: number }
  | {
      code: 'record-too-large';
      name: string;
      bytes: number;
      maxBytes: number;
    }
  | { code: 'not-json'; status: number }
  | { code: 'token-characters' }
  | { code: 'unfollowable-url'; url: string }
  | { code: 'refused-protocol'; protocol: string }
  | { code: 'download-cut'; key: string; loaded: number; size: number }
  | { code: 'unreachable'; method: string; origin: string }
  | { code: 'cancelled' }
  | { code: 'http-status'; status: number; statusText: string }
  | { code: 'unexpected-answer'; detail: string };

/**
 * Construction options of {@link ZenodoError}.
 */
export type ZenodoErrorOptions = {
  status: number;
  message: string;
  kind?: ZenodoErrorKind;
  fieldErrors?: ZenodoFieldError[];
  hint?: string;
  /** What `hint` says, as a code (see {@link ZenodoHint}). */
  hintCode?: ZenodoHint;
  /** What `message` says when it is the client's own (see {@link ZenodoMessage}). */
  messageCode?: ZenodoMessage;
  method?: string;
  url?: string;
  retryAt?: number;
  body?: unknown;
  detail?: string;
};

/**
 * An error from Zenodo or from talking to it.
 *
 * #### Notes
 * `message` is Zenodo's own message (or a short description when Zenodo sent
 * none); `hint` says what a person can do. Neither ever contains the token:
 * the client scrubs it from everything it puts here.
 */
export class ZenodoError extends Error {
  constructor(options: ZenodoErrorOptions) {
    super(options.message);
    // Keep instanceof working when compiled to ES5-style classes.
    Object.setPrototypeOf(this, ZenodoError.prototype);
    this.status = options.status;
    this.kind = options.kind ?? kindFromStatus(options.status, options);
    // Code that only checks `name === 'AbortError'` (the DOM convention)
    // recognises a cancelled call too.
    this.name = this.kind === 'aborted' ? 'AbortError' : 'ZenodoError';
    this.fieldErrors = options.fieldErrors ?? [];
    this.hint = options.hint ?? '';
    this.hintCode = options.hintCode;
    this.messageCode = options.messageCode;
    this.method = options.method;
    this.url = options.url;
    this.retryAt = options.retryAt;
    this.body = options.body;
    this.detail = options.detail;
  }

  /** HTTP status; 0 when no response arrived (network error, cancelled, bad input). */
  readonly status: number;
  /** What went wrong, for code. */
  readonly kind: ZenodoErrorKind;
  /** The fields Zenodo rejected, from either validation shape. */
  readonly fieldErrors: ZenodoFieldError[];
  /** A sentence a person can act on, in English (for logs). */
  hint: string;
  /**
   * What the hint says, as a code with parameters: `zenodo/words.ts` says
   * it in the person's language. Undefined when there is no hint.
   */
  hintCode?: ZenodoHint;
  /**
   * The message as a code with parameters when it is the client's own words
   * (`zenodo/words.ts` says it); undefined when it is Zenodo's own words.
   */
  readonly messageCode?: ZenodoMessage;
  /** The request's method, when there was a request. */
  readonly method?: string;
  /** The request's URL (never carries the token). */
  readonly url?: string;
  /** For rate limits: when Zenodo's window resets (epoch ms). */
  readonly retryAt?: number;
  /** Zenodo's parsed JSON body, if any. */
  readonly body?: unknown;
  /** Low-level detail, e.g. the network error's text. */
  readonly detail?: string;

  /** Whether the call was cancelled through its `AbortSignal`. */
  get aborted(): boolean {
    return this.kind === 'aborted';
  }

  /**
   * Zenodo's messages about one metadata field (legacy name, e.g.
   * `creators`), matching field paths by prefix as Zenodo's names vary.
   */
  messagesFor(metadataField: string): string[] {
    return this.fieldErrors
      .filter(
        e =>
          e.metadataField === metadataField ||
          e.field === metadataField ||
          e.field.startsWith(`${metadataField}.`) ||
          e.field.startsWith(`metadata.${metadataField}`)
      )
      .flatMap(e => e.messages);
  }

  /**
   * The message with the field errors and the hint, for a notification.
   */
  describe(): string {
    const parts = [this.message];
    for (const e of this.fieldErrors) {
      parts.push(`${e.field}: ${e.messages.join(' ')}`);
    }
    if (this.hint) {
      parts.push(this.hint);
    }
    return parts.join('\n');
  }
}

function kindFromStatus(
  status: number,
  options: ZenodoErrorOptions
): ZenodoErrorKind {
  switch (status) {
    case 0:
      return 'network';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 410:
      return 'gone';
    case 413:
      return 'too-large';
    case 415:
      return 'unsupported-media-type';
    case 429:
      return 'rate-limited';
    case 409:
      return 'conflict';
    case 400:
      if ((options.fieldErrors ?? []).length > 0) {
        return 'validation';
      }
      if (/max amount per record|too many files/i.test(options.message)) {
        return 'too-many-files';
      }
      return 'bad-request';
    default:
      return status >= 500 ? 'server' : 'http';
  }
}

/**
 * Parse the `errors` of a Zenodo error body: items with `message` (legacy) or
 * `messages` (InvenioRDM), and nested message objects flattened to dotted
 * paths. Anything else is ignored rather than thrown on.
 */
export function parseFieldErrors(body: unknown): ZenodoFieldError[] {
  const errors = isObject(body) ? body.errors : undefined;
  if (!Array.isArray(errors)) {
    return [];
  }
  const result: ZenodoFieldError[] = [];
  for (const item of errors) {
    if (!isObject(item)) {
      continue;
    }
    const field = typeof item.field === 'string' ? item.field : '';
    const raw = item.messages ?? item.message;
    collect(field, raw, result);
  }
  return result;
}

function collect(field: string, raw: unknown, into: ZenodoFieldError[]): void {
  if (typeof raw === 'string') {
    push(field, [raw], into);
  } else if (Array.isArray(raw)) {
    const strings = raw.filter((m): m is string => typeof m === 'string');
    if (strings.length) {
      push(field, strings, into);
    }
    raw.filter(m => isObject(m)).forEach(m => collect(field, m, into));
  } else if (isObject(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      collect(field ? `${field}.${key}` : key, value, into);
    }
  }
}

function push(field: string, messages: string[], into: ZenodoFieldError[]) {
  const existing = into.find(e => e.field === field);
  if (existing) {
    existing.messages.push(...messages);
    return;
  }
  into.push({ field, messages, ...mapField(field) });
}

/**
 * InvenioRDM field names and the legacy deposit metadata key a form uses.
 */
const RDM_TO_LEGACY: Record<string, string> = {
  resource_type: 'upload_type',
  rights: 'license',
  subjects: 'keywords',
  funding: 'grants',
  languages: 'language',
  additional_descriptions: 'notes'
};

/**
 * Map a Zenodo field path to the legacy metadata key and list index.
 */
export function mapField(field: string): {
  metadataField?: string;
  index?: number;
} {
  const parts = field.split('.').filter(p => p !== '');
  if (parts.length === 0) {
    return {};
  }
  if (parts[0] === 'metadata') {
    parts.shift();
  } else if (parts[0] === 'access') {
    return { metadataField: 'access_right' };
  } else if (parts[0] === 'pids') {
    return { metadataField: 'doi' };
  } else if (parts[0] === 'files') {
    return { metadataField: 'files' };
  }
  if (parts.length === 0) {
    return {};
  }
  const metadataField = RDM_TO_LEGACY[parts[0]] ?? parts[0];
  const index =
    parts.length > 1 && /^\d+$/.test(parts[1]) ? +parts[1] : undefined;
  return index === undefined ? { metadataField } : { metadataField, index };
}

/**
 * The hint for an error kind, in English and as a code: spread into
 * {@link ZenodoErrorOptions} (`{ ...kindHint(…) }`) or assigned to an error.
 */
export function kindHint(
  kind: ZenodoErrorKind,
  status: number,
  fieldErrors: ZenodoFieldError[],
  context: HintContext
): { hint: string; hintCode: ZenodoHint } {
  return {
    hint: hintFor(kind, status, fieldErrors, context),
    hintCode: { code: 'kind', kind, status, fieldErrors, context }
  };
}

/**
 * Build the sentence a person can act on, in English (`zenodo/words.ts`
 * says the same in the person's language from {@link kindHint}'s code).
 */
export function hintFor(
  kind: ZenodoErrorKind,
  status: number,
  fieldErrors: ZenodoFieldError[],
  context: HintContext
): string {
  const tokenPlace = context.tokenUrl
    ? `at ${context.tokenUrl}`
    : "in your Zenodo account's Applications settings";
  const newToken = `Create a personal access token ${tokenPlace}, tick the scopes deposit:write and deposit:actions, and enter it again.`;
  switch (kind) {
    case 'unauthorized':
      return context.hadToken
        ? `Zenodo did not accept your access token (it may be mistyped, revoked or made for another Zenodo). ${newToken}`
        : `This needs a Zenodo access token. ${newToken}`;
    case 'forbidden':
      return context.hadToken
        ? `Your token is not allowed to do this: it needs the scopes deposit:write and deposit:actions, and you can only change depositions you own. If the scopes are missing, create a new token ${tokenPlace} with both ticked.`
        : `This needs a Zenodo access token. ${newToken}`;
    case 'not-found':
      return 'Zenodo has no such record or deposition. Check the id or link; a published deposition must be opened for editing before it can be changed, and a deleted draft is gone.';
    case 'gone':
      return 'This record was deleted from Zenodo and its files can no longer be downloaded.';
    case 'too-large':
      return 'The upload is larger than Zenodo accepts (50 GB per file and per record). Leave out large files or split the artifact.';
    case 'too-many-files':
      return 'A Zenodo record holds at most 100 files. Put the files into one archive (the Share menu does this) or remove files from the draft.';
    case 'unsupported-media-type':
      return 'Zenodo refused the request format. This is a bug in the client; please report it.';
    case 'rate-limited':
      if (context.retryInMs !== undefined) {
        return `Zenodo asks clients to slow down; trying again in ${Math.ceil(context.retryInMs / 1000)} s.`;
      }
      if (context.retryAt !== undefined) {
        return `Zenodo asks clients to slow down. Try again after ${new Date(context.retryAt).toLocaleTimeString()}.`;
      }
      return 'Zenodo asks clients to slow down. Wait a minute and try again.';
    case 'validation': {
      if (fieldErrors.some(e => e.metadataField === 'files')) {
        return 'Upload at least one file before publishing.';
      }
      const fields = [
        ...new Set(fieldErrors.map(e => e.metadataField ?? e.field))
      ].join(', ');
      const what = fieldErrors.some(e => e.field.startsWith('metadata'))
        ? 'metadata'
        : 'values';
      return `Zenodo rejected some ${what} (${fields}). Correct them and try again.`;
    }
    case 'bad-request':
      return 'Zenodo rejected the request. Check the values you entered and try again.';
    case 'server':
      return `Zenodo had a problem (HTTP ${status}). This is usually temporary: try again in a few minutes.`;
    case 'network':
      return `Could not reach Zenodo${context.origin ? ` at ${context.origin}` : ''}. Check your network connection and the Zenodo URL in the settings, then try again.`;
    case 'aborted':
      return 'Cancelled.';
    case 'conflict':
      return 'Zenodo is still processing this deposition. Wait a few minutes and try again.';
    case 'invalid-response':
      return 'Zenodo answered with something the client does not understand. Check that the Zenodo URL in the settings points at a Zenodo server.';
    case 'http':
      return `Zenodo refused the request (HTTP ${status}). This may be a bug in the client; please report it with the message above.`;
    default:
      return '';
  }
}

/**
 * Whether a value is a plain object.
 */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What {@link errorFromResponse} needs to know about a failed answer.
 */
export type ErrorResponse = {
  status: number;
  statusText?: string;
  /** The parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  /** Response headers (for 429: `x-ratelimit-reset`, `retry-after`). */
  headers?: { get(name: string): string | null };
  method?: string;
  url?: string;
  /** Whether the request carried a token (changes the 401/403 hint). */
  hadToken?: boolean;
  tokenUrl?: string;
  /** The client's clock, for `retry-after` (epoch ms). */
  now?: () => number;
  /** Removes secrets from text that came from the server. */
  scrub?: (text: string) => string;
};

/**
 * Build the {@link ZenodoError} for a Zenodo answer with an error status,
 * from either error shape (legacy `message` items, InvenioRDM `messages`).
 */
export function errorFromResponse(response: ErrorResponse): ZenodoError {
  const scrub = response.scrub ?? ((text: string) => text);
  const { status, body } = response;
  const zenodoMessage =
    isObject(body) && typeof body.message === 'string' && body.message
      ? body.message
      : undefined;
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const message = scrub(
    zenodoMessage ?? `Zenodo answered HTTP ${status}${statusText}.`
  );
  const fieldErrors = parseFieldErrors(body).map(e => ({
    ...e,
    field: scrub(e.field),
    messages: e.messages.map(scrub)
  }));
  let retryAt: number | undefined;
  if (status === 429 && response.headers) {
    const reset = Number(response.headers.get('x-ratelimit-reset') ?? NaN);
    const after = Number(response.headers.get('retry-after') ?? NaN);
    if (Number.isFinite(reset) && reset > 0) {
      retryAt = reset * 1000;
    } else if (Number.isFinite(after) && after >= 0) {
      retryAt = (response.now ?? Date.now)() + after * 1000;
    }
  }
  const error = new ZenodoError({
    status,
    message,
    ...(zenodoMessage
      ? {}
      : {
          messageCode: {
            code: 'http-status' as const,
            status,
            statusText: response.statusText ?? ''
          }
        }),
    fieldErrors,
    method: response.method,
    url: response.url,
    retryAt,
    body: isObject(body) ? body : undefined
  });
  Object.assign(
    error,
    kindHint(error.kind, status, fieldErrors, {
      tokenUrl: response.tokenUrl,
      hadToken: response.hadToken,
      retryAt
    })
  );
  return error;
}
