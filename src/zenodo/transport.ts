/**
 * The lowest layer: one HTTP exchange through fetch or XMLHttpRequest, and an
 * abortable sleep. Retries, tokens and errors live in the client.
 *
 * @packageDocumentation
 * @module zenodo/transport
 */

/**
 * The part of a response the client reads, whichever transport made it.
 */
export interface IHttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * Thrown by the transports when the exchange failed without a response.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly aborted: boolean
  ) {
    super(message);
    Object.setPrototypeOf(this, TransportError.prototype);
    this.name = aborted ? 'AbortError' : 'TransportError';
  }
}

/**
 * Sleep for `ms`, rejecting with an aborted {@link TransportError} as soon as
 * `signal` aborts.
 */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportError('Cancelled.', true));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportError('Cancelled.', true));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A PUT of a Blob through XMLHttpRequest, which (unlike fetch) reports upload
 * progress in browsers.
 */
export function xhrPut(
  createXhr: () => XMLHttpRequest,
  url: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: ((loaded: number, total: number) => void) | undefined,
  signal: AbortSignal | undefined
): Promise<IHttpResponse> {
  return new Promise<IHttpResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new TransportError('Cancelled.', true));
      return;
    }
    const xhr = createXhr();
    let settled = false;
    const onAbort = () => xhr.abort();
    const finish = (action: () => void) => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    xhr.open('PUT', url, true);
    // Zenodo's CORS has no Allow-Credentials: never send cookies.
    xhr.withCredentials = false;
    for (const [name, value] of Object.entries(headers)) {
      xhr.setRequestHeader(name, value);
    }
    if (onProgress) {
      xhr.upload.onprogress = (event: ProgressEvent) => {
        onProgress(
          event.loaded,
          event.lengthComputable && event.total ? event.total : body.size
        );
      };
    }
    xhr.onload = () =>
      finish(() =>
        resolve({
          status: xhr.status,
          statusText: xhr.statusText,
          headers: { get: (name: string) => xhr.getResponseHeader(name) },
          text: () => Promise.resolve(xhr.responseText)
        })
      );
    xhr.onerror = () =>
      finish(() => reject(new TransportError('The connection failed.', false)));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () =>
      finish(() => reject(new TransportError('Cancelled.', !!signal?.aborted)));
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
}
