/**
 * The Share menu's words: every code becomes a sentence that went through
 * the translation bundle, with its parameters in place; Zenodo's own words
 * pass as they are.
 */
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';

import { TRANSLATION_DOMAIN } from '../../i18n';

import { FieldProblem } from '../metadata';
import { PublishWorkflow } from '../workflow';
import {
  errorText,
  fieldErrorText,
  messageText,
  reasonText,
  secretReasonText,
  waitingText
} from '../words';

const trans = nullTranslator.load(TRANSLATION_DOMAIN);

/**
 * A bundle that marks what it translated: «…» around each message.
 */
const marking: TranslationBundle = {
  ...trans,
  __: (msgid: string, ...args: any[]) => `«${trans.__(msgid, ...args)}»`,
  _n: (one: string, other: string, n: number, ...args: any[]) =>
    `«${trans._n(one, other, n, ...args)}»`
} as TranslationBundle;

const PROBLEMS: FieldProblem[] = [
  'title-required',
  'description-required',
  'creators-required',
  'family-required',
  'orcid-invalid',
  'upload-type',
  'publication-type',
  'image-type',
  'date-format',
  'license-required',
  'embargo-date-format',
  'embargo-past',
  'access-conditions',
  'identifier-empty',
  'relation',
  'keyword-empty'
];

const MESSAGES: PublishWorkflow.Message[] = [
  { code: 'looking' },
  { code: 'creating-draft' },
  { code: 'starting-version' },
  { code: 'continuing-version' },
  { code: 'opening-edit' },
  { code: 'sending-metadata' },
  { code: 'writing-citation' },
  { code: 'building-archive' },
  { code: 'uploading', name: 'study.zip' },
  { code: 'publishing' },
  { code: 'server-asking' },
  { code: 'server-queued' },
  { code: 'server-zipping', name: 'study.zip' },
  { code: 'server-uploading', name: 'study.zip' },
  { code: 'removing-carried', key: 'old.zip' },
  { code: 'published', doi: '10.5281/zenodo.1' },
  { code: 'draft-ready' },
  { code: 'fields' },
  { code: 'failed', phase: 'upload', kept: false },
  { code: 'unreachable', origin: 'https://zenodo.org', kept: false },
  { code: 'cancelled' },
  { code: 'cancelled-discarded' },
  { code: 'cancelled-edits-discarded' }
];

describe('share words', () => {
  it('puts every check of the form through the bundle', () => {
    for (const code of PROBLEMS) {
      const text = fieldErrorText({ field: 'x', code }, marking);
      expect(text).toMatch(/^«.+»$/);
    }
    expect(
      new Set(PROBLEMS.map(code => fieldErrorText({ field: 'x', code }, trans)))
        .size
    ).toBe(PROBLEMS.length);
  });

  it('passes Zenodo’s words about a field as they are', () => {
    expect(
      fieldErrorText({ field: 'title', message: 'Title too short.' }, marking)
    ).toBe('Title too short.');
  });

  it('puts every message of the workflow through the bundle', () => {
    for (const message of MESSAGES) {
      expect(messageText(message, marking)).toMatch(/^«.+»$/);
    }
    expect(messageText(undefined, marking)).toBe('');
  });

  it('says what failed and that the draft is kept, in the words the dialog always had', () => {
    expect(
      messageText({ code: 'failed', phase: 'draft', kept: false }, trans)
    ).toBe('Could not create the draft on Zenodo.');
    expect(
      messageText({ code: 'failed', phase: 'metadata', kept: true }, trans)
    ).toBe(
      'Zenodo did not accept the metadata. The draft is kept on Zenodo; Retry goes on with it.'
    );
    expect(
      messageText(
        { code: 'unreachable', origin: 'https://zenodo.org', kept: true },
        trans
      )
    ).toBe(
      'Zenodo could not be reached at https://zenodo.org, also after trying again. The draft is kept on Zenodo.'
    );
  });

  it('says how a cancel ended, with the draft it kept and the CITATION.cff it left', () => {
    expect(
      messageText(
        {
          code: 'cancelled-kept',
          depositionId: 5,
          error: {
            code: 'zenodo',
            message: 'Gateway timeout.',
            hint: '',
            fieldErrors: []
          },
          citationLeft: true
        },
        trans
      )
    ).toBe(
      'Cancelled, but the draft could not be discarded and is kept on Zenodo (deposition 5): Gateway timeout. CITATION.cff in the folder still names the reserved DOI; delete or fix it.'
    );
  });

  it('gives each failure its message and what to do', () => {
    const base = { message: '', hint: '', fieldErrors: [] };
    expect(
      errorText(
        { ...base, code: 'unreachable', retry: 'draft-uncertain' },
        trans
      ).hint
    ).toBe(
      'Check your network connection and the Zenodo URL in the settings. Retry looks for the draft Zenodo may have made before creating one, so there will not be two.'
    );
    expect(
      errorText(
        {
          ...base,
          code: 'companion',
          message: 'No space left',
          serverCode: 'disk-full'
        },
        trans
      )
    ).toEqual({
      message: 'The Jupyter server reported: No space left (disk-full)',
      hint: 'The server has no room to build the archive: free some space, then Retry.'
    });
    // The client's own words about the server come as a code.
    expect(
      errorText(
        {
          ...base,
          code: 'companion',
          message: 'The Jupyter server did not answer (offline).',
          problem: { code: 'server-no-answer', detail: 'offline' },
          serverCode: 'network'
        },
        marking
      ).message
    ).toBe(
      '«The Jupyter server reported: «The Jupyter server did not answer (offline).» (network)»'
    );
    // A workspace problem and a Zenodo message and hint, each from its code.
    expect(
      errorText(
        {
          ...base,
          code: 'other',
          message: 'English',
          problem: { code: 'citation-not-mapping' }
        },
        marking
      ).message
    ).toBe('«CITATION.cff does not hold a mapping of fields.»');
    expect(
      errorText(
        {
          ...base,
          code: 'zenodo',
          message: 'English',
          messageCode: { code: 'cancelled' },
          hint: 'English',
          hintCode: { code: 'split' }
        },
        marking
      )
    ).toEqual({
      message: '«The request to Zenodo was cancelled.»',
      hint: '«Leave out large files or split the artifact.»'
    });
    expect(
      errorText(
        {
          ...base,
          code: 'fields',
          fieldErrors: [{ field: 'title', code: 'title-required' }]
        },
        trans
      )
    ).toEqual({
      message: 'Some fields need attention before anything is sent.',
      hint: 'A title is required.'
    });
    expect(
      errorText({ ...base, code: 'no-record', subject: '10.1/x' }, trans)
        .message
    ).toBe(
      'No Zenodo record has the DOI 10.1/x. Check the DOI in CITATION.cff.'
    );
    expect(
      errorText(
        { ...base, code: 'zenodo', message: 'Not found.', hint: 'Check it.' },
        marking
      )
    ).toEqual({ message: 'Not found.', hint: 'Check it.' });
  });

  it('says why it waits, with the seconds', () => {
    expect(
      waitingText({ reason: 'rate-limit', until: 0, seconds: 12 }, trans)
    ).toBe("Zenodo's rate limit was reached: waiting 12 s, then going on.");
    expect(
      waitingText(
        { reason: 'server-error', until: 0, seconds: 2, status: 503 },
        trans
      )
    ).toBe('Zenodo answered with an error (503): trying again in 2 s.');
    expect(
      waitingText({ reason: 'network-error', until: 0, seconds: 4 }, marking)
    ).toMatch(/^«.+»$/);
  });

  it('translates every reason for leaving a file out, its own and the walk’s', () => {
    expect(reasonText({ code: 'secret' }, marking)).toBe(
      '«looks like a secret: left out unless you tick it in the warning»'
    );
    expect(reasonText({ code: 'virtual-environment' }, marking)).toBe(
      '«virtual environment»'
    );
    expect(secretReasonText({ code: 'ssh' }, marking)).toBe('«SSH key»');
  });
});
