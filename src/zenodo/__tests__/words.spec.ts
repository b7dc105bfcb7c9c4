/**
 * The Zenodo client's hints in words: every code becomes a sentence that
 * went through the translation bundle with its parameters in place, and in
 * English it says exactly what the client's own `hint` says.
 */
import { marking, trans } from '../../__tests__/marking';
import {
  errorFromResponse,
  hintFor,
  kindHint,
  ZenodoError,
  ZenodoErrorKind,
  ZenodoHint
} from '../errors';
import { hintText, zenodoErrorText, zenodoHintText } from '../words';

const KINDS: ZenodoErrorKind[] = [
  'unauthorized',
  'forbidden',
  'not-found',
  'gone',
  'validation',
  'bad-request',
  'unsupported-media-type',
  'too-large',
  'too-many-files',
  'rate-limited',
  'conflict',
  'server',
  'network',
  'aborted',
  'invalid-response',
  'http'
];

const OWN: Exclude<ZenodoHint, { code: 'kind' }>[] = [
  { code: 'set-url' },
  { code: 'link-cut' },
  { code: 'reference-form' },
  { code: 'foreign-link', origin: 'https://zenodo.example' },
  { code: 'doi-elsewhere' },
  {
    code: 'open-draft-elsewhere',
    uploads: 'https://zenodo.example/me/uploads'
  },
  { code: 'find-new-version', uploads: 'https://zenodo.example/me/uploads' },
  { code: 'not-editable' },
  { code: 'name-file' },
  { code: 'flat-files' },
  { code: 'empty-file' },
  { code: 'split' },
  { code: 'one-archive' },
  { code: 'token-characters', tokenUrl: 'https://zenodo.example/tokens' }
];

describe('zenodo words', () => {
  it.each(KINDS)(
    'says the hint of kind %s in words, in English as hintFor does',
    kind => {
      const contexts = [
        {},
        {
          tokenUrl: 'https://zenodo.example/tokens',
          hadToken: true,
          origin: 'https://zenodo.example',
          retryInMs: 2500
        },
        { retryAt: Date.UTC(2026, 0, 1, 12), hadToken: false }
      ];
      for (const context of contexts) {
        for (const fieldErrors of [
          [],
          [
            { field: 'metadata.title', messages: ['x'], metadataField: 'title' }
          ],
          [{ field: 'files', messages: ['x'], metadataField: 'files' }]
        ]) {
          const { hint, hintCode } = kindHint(kind, 503, fieldErrors, context);
          expect(hintText(hintCode, trans)).toBe(hint);
          if (hint) {
            expect(hintText(hintCode, marking)).toMatch(/^«.+»$/);
          }
        }
      }
    }
  );

  it.each(OWN)('says the client’s own hint %o in words', hint => {
    const text = hintText(hint, marking);
    expect(text).toMatch(/^«[^«»]+»$/);
    expect(text).not.toMatch(/%\d/);
    for (const value of Object.values(hint).filter(v => v !== hint.code)) {
      expect(text).toContain(value);
    }
  });

  it('adds that a draft may exist, with where to look', () => {
    const { hintCode } = kindHint('network', 0, [], {
      origin: 'https://zenodo.example'
    });
    hintCode.draftMayExistAt = 'https://zenodo.example/me/uploads';
    expect(hintText(hintCode, marking)).toBe(
      '«Could not reach Zenodo at https://zenodo.example. Check your network connection and the Zenodo URL in the settings, then try again.» ' +
        '«The draft may have been created all the same: look at https://zenodo.example/me/uploads before trying again.»'
    );
  });

  it('says an answer’s hint in words and keeps Zenodo’s own message as it is', () => {
    const error = errorFromResponse({
      status: 401,
      body: { message: 'The server could not verify that you are authorized.' },
      hadToken: true,
      tokenUrl: 'https://zenodo.example/tokens'
    });
    expect(error.hint).toBe(
      hintFor('unauthorized', 401, [], {
        hadToken: true,
        tokenUrl: 'https://zenodo.example/tokens'
      })
    );
    expect(zenodoHintText(error, trans)).toBe(error.hint);
    expect(zenodoErrorText(error, marking)).toBe(
      'The server could not verify that you are authorized. «Zenodo did not accept your access token (it may be mistyped, revoked or made for another Zenodo). ' +
        '«Create a personal access token at https://zenodo.example/tokens, tick the scopes deposit:write and deposit:actions, and enter it again.»»'
    );
  });

  it('keeps the English hint of an error made without a code', () => {
    const error = new ZenodoError({
      status: 0,
      message: 'Made elsewhere.',
      hint: 'Do something.'
    });
    expect(zenodoHintText(error, marking)).toBe('Do something.');
  });
});
