import { throwIfAborted } from '../abort';

describe('throwIfAborted', () => {
  it('does nothing without a signal or before an abort', () => {
    expect(() => throwIfAborted()).not.toThrow();
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
  });

  it("throws the caller's own Error as is", () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by you');
    controller.abort(reason);
    expect(() => throwIfAborted(controller.signal)).toThrow(reason);
  });

  it('throws an AbortError with a message when the reason is no Error', () => {
    const controller = new AbortController();
    controller.abort('just a string');
    let thrown: unknown;
    try {
      throwIfAborted(controller.signal);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      name: 'AbortError',
      message: 'The operation was cancelled.'
    });
  });

  it('throws an AbortError for a plain abort()', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => throwIfAborted(controller.signal)).toThrow(
      expect.objectContaining({ name: 'AbortError' })
    );
  });
});
