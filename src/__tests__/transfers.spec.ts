/**
 * Why a companion job failed, in the notification's words: the archive
 * problem a newer companion sends as a code, else its English message.
 */
import { Transfers } from '../transfers';
import { marking, trans } from './marking';

describe('Transfers.errorText', () => {
  it('says a refused archive’s problem in words, with the entry', () => {
    const error = {
      code: 'unsafe-entry',
      message: 'The archive was refused: "a/b": a PAX global header sets path.',
      reason: { code: 'pax-global', keys: ['path', 'size'] },
      entry: 'a/b'
    };
    expect(Transfers.errorText(error, marking)).toBe(
      '«"a/b": «a PAX global header sets path, size, which readers apply differently to the entries that follow; refused.»»'
    );
    const whole = {
      code: error.code,
      message: error.message,
      reason: error.reason
    };
    expect(Transfers.errorText(whole, trans)).toBe(
      'a PAX global header sets path, size, which readers apply differently to the entries that follow; refused.'
    );
  });

  it('says the server’s message without a code it knows', () => {
    expect(
      Transfers.errorText(
        { code: 'unsafe-entry', message: 'The archive was refused.' },
        marking
      )
    ).toBe('The archive was refused.');
    expect(
      Transfers.errorText(
        {
          code: 'unsafe-entry',
          message: 'The archive was refused.',
          reason: { code: 'pax-global', keys: 'path' }
        },
        marking
      )
    ).toBe('The archive was refused.');
    expect(Transfers.errorText(null, marking)).toBe('«no reason given»');
  });
});
