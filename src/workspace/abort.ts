/**
 * Cancellation, the same way everywhere.
 *
 * @packageDocumentation
 * @module workspace/abort
 */

/**
 * Throw when `signal` was aborted: its reason when that is an Error (a
 * `DOMException` named `AbortError` by default, or the caller's own), else a
 * new `AbortError`, so that callers can always read `.name` and `.message`.
 *
 * #### Notes
 * Not `AbortSignal.throwIfAborted`: it is missing in some environments the
 * extension runs in, and it throws a reason that is not an Error as is.
 */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error
      ? signal.reason
      : new DOMException('The operation was cancelled.', 'AbortError');
  }
}
