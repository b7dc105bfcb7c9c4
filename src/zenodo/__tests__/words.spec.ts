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
import { ZenodoClient } from '../client';
import { ZenodoMessage } from '../errors';
import {
  hintText,
  messageText,
  zenodoErrorText,
  zenodoHintText,
  zenodoMessageText
} from '../words';

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

const MESSAGES: ZenodoMessage[] = [
  { code: 'bad-base-url', url: 'nowhere' },
  { code: 'malformed-escape', reference: '10.5281/%zz' },
  { code: 'not-a-reference', reference: 'abc' },
  {
    code: 'foreign-reference',
    reference: 'https://e/records/1',
    origin: 'https://e',
    expected: 'https://zenodo.example'
  },
  { code: 'no-doi-record', base: 'https://zenodo.example', doi: '10.1/x' },
  { code: 'depositions-not-list' },
  { code: 'version-open-elsewhere' },
  { code: 'new-version-unknown' },
  { code: 'no-bucket', id: 42 },
  { code: 'bad-file-name', name: '..' },
  { code: 'slash-in-name', name: 'a/b' },
  { code: 'empty-file', name: 'e.txt' },
  { code: 'file-too-large', name: 'big.bin', bytes: 2e9, maxBytes: 1e9 },
  { code: 'too-many-files', count: 100, maxFiles: 100 },
  { code: 'record-too-large', name: 'big.bin', bytes: 2e9, maxBytes: 1e9 },
  { code: 'not-json', status: 200 },
  { code: 'token-characters' },
  { code: 'unfollowable-url', url: '::' },
  { code: 'refused-protocol', protocol: 'ftp:' },
  { code: 'download-cut', key: 'a.csv', loaded: 3, size: 10 },
  { code: 'unreachable', method: 'GET', origin: 'https://zenodo.example' },
  { code: 'cancelled' },
  { code: 'http-status', status: 502, statusText: 'Bad Gateway' },
  { code: 'http-status', status: 502, statusText: '' },
  { code: 'unexpected-answer', detail: 'no id' }
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
  it.each(MESSAGES)('says the client’s own message %o', message => {
    const text = messageText(message, marking);
    expect(text).toMatch(/^«[^«»]+»$/);
    expect(text).not.toMatch(/%\d/);
    for (const [key, value] of Object.entries(message)) {
      if (!['code', 'bytes', 'maxBytes'].includes(key)) {
        expect(text).toContain(String(value));
      }
    }
  });

  it('says what the client throws, in English as its message', async () => {
    const thrown: ZenodoError[] = [];
    const keep = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        thrown.push(e as ZenodoError);
      }
    };
    await keep(() => new ZenodoClient({ baseUrl: 'not a url' }));
    const client = new ZenodoClient({
      baseUrl: 'https://zenodo.example',
      token: 'x',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      retries: 0
    } as any);
    await keep(() => client.resolveRecord('10.5281/zenodo.%zz'));
    await keep(() => client.resolveRecord('not a reference'));
    await keep(() =>
      client.resolveRecord('https://elsewhere.example/records/1')
    );
    const draft = { id: 7, files: [], links: { bucket: 'https://b/' } } as any;
    await keep(() => client.uploadFile(draft, '', new Blob(['x'])));
    await keep(() => client.uploadFile(draft, 'a/b', new Blob(['x'])));
    await keep(() => client.uploadFile(draft, 'e.txt', new Blob([])));
    await keep(() => client.getDeposition(7));
    expect(thrown.map(e => e.messageCode?.code)).toEqual([
      'bad-base-url',
      'malformed-escape',
      'not-a-reference',
      'foreign-reference',
      'bad-file-name',
      'slash-in-name',
      'empty-file',
      'unreachable'
    ]);
    for (const error of thrown) {
      expect(zenodoMessageText(error, trans)).toBe(error.message);
      expect(zenodoHintText(error, trans)).toBe(error.hint);
    }
  });

  it('keeps Zenodo’s own message as it is, and words a status without one', () => {
    const own = errorFromResponse({ status: 500, body: { message: 'Boom.' } });
    expect(zenodoMessageText(own, marking)).toBe('Boom.');
    const bare = errorFromResponse({
      status: 502,
      statusText: 'Bad Gateway',
      body: undefined
    });
    expect(bare.message).toBe('Zenodo answered HTTP 502 Bad Gateway.');
    expect(zenodoMessageText(bare, trans)).toBe(bare.message);
    expect(zenodoMessageText(bare, marking)).toBe(
      '«Zenodo answered HTTP 502 Bad Gateway.»'
    );
  });
});
