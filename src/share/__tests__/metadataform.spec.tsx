/**
 * The metadata form's fields: each control has its label, its DOM id (the
 * one the Galata tests and the dialog's focus use), and its help and error
 * tied to it for screen readers.
 */
import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

import { TRANSLATION_DOMAIN } from '../../i18n';
import { emptyMetadata, IFieldError } from '../metadata';
import { MetadataForm } from '../views/metadataform';

const trans = nullTranslator.load(TRANSLATION_DOMAIN);

/** The form as the page gets it, parsed. */
function render(errors: IFieldError[] = []): Document {
  const value = emptyMetadata({
    title: 'Soil',
    keywords: ['soil', 'CO2'],
    uploadType: 'publication',
    creators: [
      { family: 'Lovelace', given: 'Ada', affiliation: '', orcid: '' }
    ],
    relatedIdentifiers: [
      { identifier: '10.5281/zenodo.1', relation: 'isDerivedFrom' }
    ]
  });
  const html = renderToStaticMarkup(
    <MetadataForm
      trans={trans}
      value={value}
      errors={errors}
      onChange={() => undefined}
    />
  );
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('MetadataForm', () => {
  it('labels every control by its id and says none is invalid', () => {
    const doc = render();
    const controls = [...doc.querySelectorAll('input, select, textarea')];
    expect(controls.map(c => c.id)).toEqual([
      'jp-artifacts-field-title',
      'jp-artifacts-field-description',
      'jp-artifacts-field-creators-0-family',
      'jp-artifacts-field-creators-0-given',
      'jp-artifacts-field-creators-0-affiliation',
      'jp-artifacts-field-creators-0-orcid',
      'jp-artifacts-field-uploadType',
      'jp-artifacts-field-publicationType',
      'jp-artifacts-field-version',
      'jp-artifacts-field-accessRight',
      'jp-artifacts-field-license',
      'jp-artifacts-field-keywords',
      'jp-artifacts-field-publicationDate',
      'jp-artifacts-field-communities',
      'jp-artifacts-field-relatedIdentifiers-0-relation',
      'jp-artifacts-field-relatedIdentifiers-0-identifier'
    ]);
    for (const control of controls) {
      const label = doc.querySelector(`label[for="${control.id}"]`);
      expect(label?.textContent).toBeTruthy();
      expect(control.getAttribute('aria-invalid')).toBe('false');
    }
    expect(
      doc.querySelector<HTMLInputElement>('#jp-artifacts-field-keywords')!.value
    ).toBe('soil, CO2');
    expect(doc.querySelector('[data-autofocus]')?.id).toBe(
      'jp-artifacts-field-title'
    );
    expect(
      [...doc.querySelectorAll('#jp-artifacts-field-publicationType option')]
        .slice(0, 1)
        .map(o => o.textContent)
    ).toEqual(['Choose…']);
  });

  it('puts an error on its field and ties it and the help to the control', () => {
    const doc = render([
      { field: 'title', code: 'title-required' },
      { field: 'keywords', message: 'Too many keywords.' }
    ]);
    const title = doc.getElementById('jp-artifacts-field-title')!;
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(title.getAttribute('aria-describedby')).toBe(
      'jp-artifacts-field-title-error'
    );
    expect(
      doc.querySelector('[data-field="title"] .jp-artifacts-Share-fieldError')
        ?.textContent
    ).toBe('A title is required.');

    const keywords = doc.getElementById('jp-artifacts-field-keywords')!;
    const described = keywords.getAttribute('aria-describedby')!.split(' ');
    expect(described.map(id => doc.getElementById(id)?.textContent)).toEqual([
      'Separate keywords with commas.',
      'Too many keywords.'
    ]);
    // A field without an error or help is described by nothing.
    expect(
      doc
        .getElementById('jp-artifacts-field-version')!
        .hasAttribute('aria-describedby')
    ).toBe(false);
  });
});
