/**
 * The metadata form: every field Zenodo's deposit metadata has, with each
 * error shown on its field.
 *
 * @packageDocumentation
 * @module share/views/metadataform
 */
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import {
  IArtifactMetadata,
  ICreator,
  IFieldError,
  IMAGE_TYPES,
  LICENSES,
  PUBLICATION_TYPES,
  RELATIONS,
  UPLOAD_TYPES
} from '../metadata';
import { fieldErrorText } from '../words';

/**
 * The metadata form. Errors are shown on their fields.
 */
export function MetadataForm(props: {
  trans: TranslationBundle;
  value: IArtifactMetadata;
  errors: IFieldError[];
  onChange: (value: IArtifactMetadata) => void;
}): JSX.Element {
  const { trans, value: m, errors } = props;
  const set = (patch: Partial<IArtifactMetadata>) =>
    props.onChange({ ...m, ...patch });
  const errorFor = (field: string) =>
    errors
      .filter(e => e.field === field)
      .map(e => fieldErrorText(e, trans))
      .join(' ');
  const field = (
    id: string,
    label: string,
    input: (attrs: Record<string, unknown>) => JSX.Element,
    help?: string
  ) => {
    const error = errorFor(id);
    const domId = `jp-artifacts-field-${id.replace(/\./g, '-')}`;
    return (
      <div
        className={`jp-artifacts-Share-field${error ? ' jp-mod-error' : ''}`}
        data-field={id}
      >
        <label htmlFor={domId}>{label}</label>
        {input({
          id: domId,
          'aria-invalid': error ? 'true' : 'false',
          'aria-describedby': error ? `${domId}-error` : undefined
        })}
        {help ? <div className="jp-artifacts-Share-help">{help}</div> : null}
        {error ? (
          <div
            className="jp-artifacts-Share-fieldError"
            id={`${domId}-error`}
            role="alert"
          >
            {error}
          </div>
        ) : null}
      </div>
    );
  };
  const setCreator = (i: number, patch: Partial<ICreator>) =>
    set({
      creators: m.creators.map((c, j) => (i === j ? { ...c, ...patch } : c))
    });
  const creatorsError = errorFor('creators');
  return (
    <form
      className="jp-artifacts-Share-form"
      aria-label={trans.__('Artifact metadata')}
      onSubmit={e => e.preventDefault()}
    >
      {field('title', trans.__('Title'), a => (
        <input
          {...a}
          data-autofocus
          className="jp-mod-styled"
          value={m.title}
          onChange={e => set({ title: e.target.value })}
        />
      ))}
      {field('description', trans.__('Description'), a => (
        <textarea
          {...a}
          className="jp-mod-styled"
          rows={4}
          value={m.description}
          onChange={e => set({ description: e.target.value })}
        />
      ))}
      <fieldset
        className={`jp-artifacts-Share-creators${creatorsError ? ' jp-mod-error' : ''}`}
        data-field="creators"
      >
        <legend>{trans.__('Creators')}</legend>
        {creatorsError ? (
          <div className="jp-artifacts-Share-fieldError" role="alert">
            {creatorsError}
          </div>
        ) : null}
        {m.creators.map((c, i) => (
          <div className="jp-artifacts-Share-creator" key={i}>
            {field(`creators.${i}.family`, trans.__('Family name'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                value={c.family}
                onChange={e => setCreator(i, { family: e.target.value })}
              />
            ))}
            {field(`creators.${i}.given`, trans.__('Given names'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                value={c.given}
                onChange={e => setCreator(i, { given: e.target.value })}
              />
            ))}
            {field(`creators.${i}.affiliation`, trans.__('Affiliation'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                value={c.affiliation}
                onChange={e => setCreator(i, { affiliation: e.target.value })}
              />
            ))}
            {field(`creators.${i}.orcid`, trans.__('ORCID iD'), a => (
              <input
                {...a}
                className="jp-mod-styled"
                placeholder="0000-0000-0000-0000"
                value={c.orcid}
                onChange={e => setCreator(i, { orcid: e.target.value })}
              />
            ))}
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-mod-minimal"
              aria-label={trans.__('Remove creator %1', i + 1)}
              onClick={() =>
                set({ creators: m.creators.filter((_, j) => j !== i) })
              }
            >
              {trans.__('Remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() =>
            set({
              creators: [
                ...m.creators,
                { family: '', given: '', affiliation: '', orcid: '' }
              ]
            })
          }
        >
          {trans.__('Add creator')}
        </button>
      </fieldset>
      <div className="jp-artifacts-Share-row">
        {field('uploadType', trans.__('Type'), a => (
          <select
            {...a}
            className="jp-mod-styled"
            value={m.uploadType}
            onChange={e => set({ uploadType: e.target.value })}
          >
            {UPLOAD_TYPES.map(t => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        ))}
        {m.uploadType === 'publication'
          ? field('publicationType', trans.__('Publication type'), a => (
              <select
                {...a}
                className="jp-mod-styled"
                value={m.publicationType}
                onChange={e => set({ publicationType: e.target.value })}
              >
                <option value="">{trans.__('Choose…')}</option>
                {PUBLICATION_TYPES.map(t => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            ))
          : null}
        {m.uploadType === 'image'
          ? field('imageType', trans.__('Image type'), a => (
              <select
                {...a}
                className="jp-mod-styled"
                value={m.imageType}
                onChange={e => set({ imageType: e.target.value })}
              >
                <option value="">{trans.__('Choose…')}</option>
                {IMAGE_TYPES.map(t => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            ))
          : null}
        {field('version', trans.__('Version'), a => (
          <input
            {...a}
            className="jp-mod-styled"
            value={m.version}
            onChange={e => set({ version: e.target.value })}
          />
        ))}
      </div>
      <div className="jp-artifacts-Share-row">
        {field('accessRight', trans.__('Access'), a => (
          <select
            {...a}
            className="jp-mod-styled"
            value={m.accessRight}
            onChange={e =>
              set({
                accessRight: e.target.value as IArtifactMetadata['accessRight']
              })
            }
          >
            <option value="open">{trans.__('open')}</option>
            <option value="embargoed">{trans.__('embargoed')}</option>
            <option value="restricted">{trans.__('restricted')}</option>
            <option value="closed">{trans.__('closed')}</option>
          </select>
        ))}
        {m.accessRight === 'embargoed'
          ? field('embargoDate', trans.__('Embargo ends'), a => (
              <input
                {...a}
                type="date"
                className="jp-mod-styled"
                value={m.embargoDate}
                onChange={e => set({ embargoDate: e.target.value })}
              />
            ))
          : null}
        {m.accessRight === 'open' || m.accessRight === 'embargoed'
          ? field('license', trans.__('Licence'), a => (
              <>
                <input
                  {...a}
                  className="jp-mod-styled"
                  list="jp-artifacts-licenses"
                  value={m.license}
                  onChange={e => set({ license: e.target.value })}
                />
                <datalist id="jp-artifacts-licenses">
                  {Object.keys(LICENSES).map(l => (
                    <option key={l} value={l} />
                  ))}
                </datalist>
              </>
            ))
          : null}
      </div>
      {m.accessRight === 'restricted'
        ? field('accessConditions', trans.__('Access conditions'), a => (
            <textarea
              {...a}
              className="jp-mod-styled"
              rows={2}
              value={m.accessConditions}
              onChange={e => set({ accessConditions: e.target.value })}
            />
          ))
        : null}
      {field(
        'keywords',
        trans.__('Keywords'),
        a => (
          <input
            {...a}
            className="jp-mod-styled"
            value={m.keywords.join(', ')}
            onChange={e =>
              set({
                keywords: e.target.value
                  .split(',')
                  .map(k => k.trimStart())
                  .filter((k, i, all) => k || i < all.length - 1)
              })
            }
          />
        ),
        trans.__('Separate keywords with commas.')
      )}
      <div className="jp-artifacts-Share-row">
        {field(
          'publicationDate',
          trans.__('Publication date'),
          a => (
            <input
              {...a}
              className="jp-mod-styled"
              placeholder={trans.__('YYYY-MM-DD')}
              value={m.publicationDate}
              onChange={e => set({ publicationDate: e.target.value })}
            />
          ),
          trans.__('Empty means today.')
        )}
        {field('communities', trans.__('Communities'), a => (
          <input
            {...a}
            className="jp-mod-styled"
            value={m.communities.join(', ')}
            onChange={e =>
              set({
                communities: e.target.value
                  .split(',')
                  .map(c => c.trim())
                  .filter(Boolean)
              })
            }
          />
        ))}
      </div>
      <fieldset className="jp-artifacts-Share-related">
        <legend>{trans.__('Related identifiers')}</legend>
        {m.relatedIdentifiers.map((r, i) => (
          <div className="jp-artifacts-Share-row" key={i}>
            {field(
              `relatedIdentifiers.${i}.relation`,
              trans.__('Relation'),
              a => (
                <select
                  {...a}
                  className="jp-mod-styled"
                  value={r.relation}
                  onChange={e =>
                    set({
                      relatedIdentifiers: m.relatedIdentifiers.map((x, j) =>
                        i === j ? { ...x, relation: e.target.value } : x
                      )
                    })
                  }
                >
                  {RELATIONS.map(rel => (
                    <option key={rel} value={rel}>
                      {rel}
                    </option>
                  ))}
                </select>
              )
            )}
            {field(
              `relatedIdentifiers.${i}.identifier`,
              trans.__('Identifier (DOI, URL…)'),
              a => (
                <input
                  {...a}
                  className="jp-mod-styled"
                  value={r.identifier}
                  onChange={e =>
                    set({
                      relatedIdentifiers: m.relatedIdentifiers.map((x, j) =>
                        i === j ? { ...x, identifier: e.target.value } : x
                      )
                    })
                  }
                />
              )
            )}
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-mod-minimal"
              aria-label={trans.__('Remove related identifier %1', i + 1)}
              onClick={() =>
                set({
                  relatedIdentifiers: m.relatedIdentifiers.filter(
                    (_, j) => j !== i
                  )
                })
              }
            >
              {trans.__('Remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() =>
            set({
              relatedIdentifiers: [
                ...m.relatedIdentifiers,
                { identifier: '', relation: 'isSupplementTo' }
              ]
            })
          }
        >
          {trans.__('Add related identifier')}
        </button>
      </fieldset>
    </form>
  );
}
