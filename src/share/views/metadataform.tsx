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
  IRelatedIdentifier,
  LICENSES,
  PUBLICATION_TYPES,
  RELATIONS,
  UPLOAD_TYPES
} from '../metadata';
import { fieldErrorText } from '../words';

/**
 * What {@link Field} shows: one labelled control of the form.
 */
interface IFieldProps {
  /**
   * The metadata path (`title`, `creators.0.orcid`): `data-field`, and the
   * DOM id `jp-artifacts-field-<path with dashes>` that tests and the
   * label use.
   */
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The field's error in words; '' when it has none. */
  error: string;
  /** A line under the control, read with it by screen readers. */
  help?: string;
  /** A select of these values (with a "Choose…" first when `choose`). */
  choices?: readonly string[] | { value: string; label: string }[];
  /** The label of an empty first choice, when one may be chosen. */
  choose?: string;
  /** A text area of this many rows instead of a line. */
  rows?: number;
  type?: 'date';
  placeholder?: string;
  /** The id of a datalist of suggestions (rendered as `children`). */
  list?: string;
  /** Where the dialog puts the focus first. */
  autofocus?: boolean;
  children?: React.ReactNode;
}

/**
 * One field of the form: its label, control, help and error, tied
 * together by id, `aria-describedby` and `aria-invalid`.
 */
function Field(props: IFieldProps): JSX.Element {
  const { path, label, value, error, help, choices } = props;
  const id = `jp-artifacts-field-${path.replace(/\./g, '-')}`;
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    className: 'jp-mod-styled',
    value,
    'aria-invalid': error ? ('true' as const) : ('false' as const),
    'aria-describedby': described || undefined,
    onChange: (
      e: React.ChangeEvent<
        HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement
      >
    ) => props.onChange(e.target.value)
  };
  let control: JSX.Element;
  if (choices) {
    control = (
      <select {...common}>
        {props.choose !== undefined ? (
          <option value="">{props.choose}</option>
        ) : null}
        {choices.map(c => {
          const { value: v, label: l } =
            typeof c === 'string' ? { value: c, label: c } : c;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    );
  } else if (props.rows) {
    control = <textarea {...common} rows={props.rows} />;
  } else {
    control = (
      <input
        {...common}
        type={props.type}
        placeholder={props.placeholder}
        list={props.list}
        data-autofocus={props.autofocus ? true : undefined}
      />
    );
  }
  return (
    <div
      className={`jp-artifacts-Share-field${error ? ' jp-mod-error' : ''}`}
      data-field={path}
    >
      <label htmlFor={id}>{label}</label>
      {control}
      {props.children}
      {help ? (
        <div className="jp-artifacts-Share-help" id={`${id}-help`}>
          {help}
        </div>
      ) : null}
      {error ? (
        <div
          className="jp-artifacts-Share-fieldError"
          id={`${id}-error`}
          role="alert"
        >
          {error}
        </div>
      ) : null}
    </div>
  );
}

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
  /** The props every field has: its path, label and error. */
  const at = (path: string, label: string) => ({
    path,
    label,
    error: errorFor(path)
  });
  const setCreator = (i: number, patch: Partial<ICreator>) =>
    set({
      creators: m.creators.map((c, j) => (i === j ? { ...c, ...patch } : c))
    });
  const creatorsError = errorFor('creators');
  const related = (i: number, patch: Partial<IRelatedIdentifier>) =>
    set({
      relatedIdentifiers: m.relatedIdentifiers.map((x, j) =>
        i === j ? { ...x, ...patch } : x
      )
    });
  /** A comma-separated list in one line. */
  const list = (items: string[]) => items.join(', ');
  return (
    <form
      className="jp-artifacts-Share-form"
      aria-label={trans.__('Artifact metadata')}
      onSubmit={e => e.preventDefault()}
    >
      <Field
        {...at('title', trans.__('Title'))}
        autofocus
        value={m.title}
        onChange={title => set({ title })}
      />
      <Field
        {...at('description', trans.__('Description'))}
        rows={4}
        value={m.description}
        onChange={description => set({ description })}
      />
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
            <Field
              {...at(`creators.${i}.family`, trans.__('Family name'))}
              value={c.family}
              onChange={family => setCreator(i, { family })}
            />
            <Field
              {...at(`creators.${i}.given`, trans.__('Given names'))}
              value={c.given}
              onChange={given => setCreator(i, { given })}
            />
            <Field
              {...at(`creators.${i}.affiliation`, trans.__('Affiliation'))}
              value={c.affiliation}
              onChange={affiliation => setCreator(i, { affiliation })}
            />
            <Field
              {...at(`creators.${i}.orcid`, trans.__('ORCID iD'))}
              placeholder="0000-0000-0000-0000"
              value={c.orcid}
              onChange={orcid => setCreator(i, { orcid })}
            />
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
        <Field
          {...at('uploadType', trans.__('Type'))}
          choices={UPLOAD_TYPES}
          value={m.uploadType}
          onChange={uploadType => set({ uploadType })}
        />
        {m.uploadType === 'publication' ? (
          <Field
            {...at('publicationType', trans.__('Publication type'))}
            choices={PUBLICATION_TYPES}
            choose={trans.__('Choose…')}
            value={m.publicationType}
            onChange={publicationType => set({ publicationType })}
          />
        ) : null}
        {m.uploadType === 'image' ? (
          <Field
            {...at('imageType', trans.__('Image type'))}
            choices={IMAGE_TYPES}
            choose={trans.__('Choose…')}
            value={m.imageType}
            onChange={imageType => set({ imageType })}
          />
        ) : null}
        <Field
          {...at('version', trans.__('Version'))}
          value={m.version}
          onChange={version => set({ version })}
        />
      </div>
      <div className="jp-artifacts-Share-row">
        <Field
          {...at('accessRight', trans.__('Access'))}
          choices={[
            { value: 'open', label: trans.__('open') },
            { value: 'embargoed', label: trans.__('embargoed') },
            { value: 'restricted', label: trans.__('restricted') },
            { value: 'closed', label: trans.__('closed') }
          ]}
          value={m.accessRight}
          onChange={accessRight =>
            set({
              accessRight: accessRight as IArtifactMetadata['accessRight']
            })
          }
        />
        {m.accessRight === 'embargoed' ? (
          <Field
            {...at('embargoDate', trans.__('Embargo ends'))}
            type="date"
            value={m.embargoDate}
            onChange={embargoDate => set({ embargoDate })}
          />
        ) : null}
        {m.accessRight === 'open' || m.accessRight === 'embargoed' ? (
          <Field
            {...at('license', trans.__('Licence'))}
            list="jp-artifacts-licenses"
            value={m.license}
            onChange={license => set({ license })}
          >
            <datalist id="jp-artifacts-licenses">
              {Object.keys(LICENSES).map(l => (
                <option key={l} value={l} />
              ))}
            </datalist>
          </Field>
        ) : null}
      </div>
      {m.accessRight === 'restricted' ? (
        <Field
          {...at('accessConditions', trans.__('Access conditions'))}
          rows={2}
          value={m.accessConditions}
          onChange={accessConditions => set({ accessConditions })}
        />
      ) : null}
      <Field
        {...at('keywords', trans.__('Keywords'))}
        help={trans.__('Separate keywords with commas.')}
        value={list(m.keywords)}
        onChange={text =>
          set({
            keywords: text
              .split(',')
              .map(k => k.trimStart())
              .filter((k, i, all) => k || i < all.length - 1)
          })
        }
      />
      <div className="jp-artifacts-Share-row">
        <Field
          {...at('publicationDate', trans.__('Publication date'))}
          help={trans.__('Empty means today.')}
          placeholder={trans.__('YYYY-MM-DD')}
          value={m.publicationDate}
          onChange={publicationDate => set({ publicationDate })}
        />
        <Field
          {...at('communities', trans.__('Communities'))}
          value={list(m.communities)}
          onChange={text =>
            set({
              communities: text
                .split(',')
                .map(c => c.trim())
                .filter(Boolean)
            })
          }
        />
      </div>
      <fieldset className="jp-artifacts-Share-related">
        <legend>{trans.__('Related identifiers')}</legend>
        {m.relatedIdentifiers.map((r, i) => (
          <div className="jp-artifacts-Share-row" key={i}>
            <Field
              {...at(`relatedIdentifiers.${i}.relation`, trans.__('Relation'))}
              choices={RELATIONS}
              value={r.relation}
              onChange={relation => related(i, { relation })}
            />
            <Field
              {...at(
                `relatedIdentifiers.${i}.identifier`,
                trans.__('Identifier (DOI, URL…)')
              )}
              value={r.identifier}
              onChange={identifier => related(i, { identifier })}
            />
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
