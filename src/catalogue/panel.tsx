/**
 * The catalogue panel: search, results, details and import progress. It
 * renders {@link CatalogueModel} and sends intents; it holds no state of
 * its own beyond what a text field is being typed.
 *
 * @packageDocumentation
 * @module catalogue/panel
 */
import { Clipboard, ISanitizer } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, refreshIcon, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { formatBytes } from '../format';
import { Artifact } from '../zenodo';
import { ImportWorkflow } from './import';
import { ILaunchLinkDefaults, LaunchLinkView } from './linkview';
import { CatalogueModel } from './model';
import { SORT_KEYS, SortKey, webLink } from './sources';
import { ImportTarget } from './target';
import { UpdatesModel } from './updates';
import { PreviousImportView } from './updateview';
import { catalogueErrorText } from './words';

/**
 * The options `ISanitizer.sanitize` takes.
 */
export type SanitizerOptions = NonNullable<
  Parameters<ISanitizer['sanitize']>[1]
>;

/**
 * Resource types offered by the type filter (Zenodo's own).
 */
export const RESOURCE_TYPES = [
  'dataset',
  'software',
  'publication',
  'image',
  'lesson',
  'poster',
  'presentation',
  'video',
  'other'
];

/**
 * What the panel needs besides the model.
 */
export interface ICataloguePanelOptions {
  model: CatalogueModel;
  sanitizer: ISanitizer;
  trans: TranslationBundle;
  /** Where an import will go, for display. */
  destination: () => string;
  /** Show an imported folder in the file browser. */
  openFolder: (path: string) => void;
  /** Copies imported before and updates (launch links, issue 14). */
  updates?: UpdatesModel;
  /** Where generated launch links point. */
  linkDefaults?: ILaunchLinkDefaults;
  /** The folder imports go into; the panel shows it and follows the file browser when opened. */
  target?: ImportTarget;
  /** Let the person choose another target folder. */
  changeTarget?: () => void;
}

/** Lumino's message type, as the widget's public API names it. */
type Message = Parameters<ReactWidget['processMessage']>[0];

/**
 * The catalogue side panel.
 */
export class CataloguePanel extends ReactWidget {
  constructor(readonly options: ICataloguePanelOptions) {
    super();
    this.addClass('jp-artifacts-Catalogue');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute(
      'aria-label',
      options.trans.__('Artifact catalogue')
    );
  }

  /**
   * Searches are sent only while a person can see them: Zenodo's search
   * budget is small (about 30 a minute for guests).
   */
  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.options.model.setVisible(this.isVisible);
    if (this.isVisible) {
      void this.options.target?.follow();
    }
  }
  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.options.model.setVisible(true);
    // Opening the catalogue is when the file browser's folder counts as
    // the place chosen for imports (not each time it moves later: an
    // import itself moves it into the new folder).
    void this.options.target?.follow();
  }
  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.options.model.setVisible(false);
  }
  protected onBeforeDetach(msg: Message): void {
    this.options.model.setVisible(false);
    super.onBeforeDetach(msg);
  }

  render(): JSX.Element {
    const { target } = this.options;
    const view = () => (
      <UseSignal signal={this.options.model.changed}>
        {() => <CatalogueView {...this.options} />}
      </UseSignal>
    );
    return target ? (
      <UseSignal signal={target.changed}>{view}</UseSignal>
    ) : (
      view()
    );
  }
}

function CatalogueView(props: ICataloguePanelOptions): JSX.Element {
  const { model } = props;
  if (model.selected || model.detailStatus !== 'idle') {
    return <DetailsView {...props} />;
  }
  return <SearchView {...props} />;
}

function SearchView(props: ICataloguePanelOptions): JSX.Element {
  const { model, trans } = props;
  const sortLabels: Record<SortKey, string> = {
    bestmatch: trans.__('Best match'),
    newest: trans.__('Newest'),
    mostviewed: trans.__('Most viewed'),
    mostdownloaded: trans.__('Most downloaded')
  };
  return (
    <div className="jp-artifacts-Catalogue-search">
      <div
        className="jp-artifacts-Catalogue-toolbar"
        role="toolbar"
        aria-label={trans.__('Catalogue')}
      >
        <button
          className="jp-ToolbarButtonComponent jp-mod-minimal jp-Button jp-artifacts-Catalogue-refresh"
          title={trans.__('Refresh the catalogue')}
          aria-label={trans.__('Refresh the catalogue')}
          onClick={() => void model.refresh()}
        >
          <refreshIcon.react tag="span" />
        </button>
      </div>
      <TargetLine {...props} />
      <div className="jp-artifacts-Catalogue-controls">
        {model.sources.length > 1 && (
          <label className="jp-artifacts-Catalogue-field">
            <span>{trans.__('Source')}</span>
            <select
              className="jp-mod-styled"
              value={model.source?.id}
              onChange={e => model.setSource(e.target.value)}
            >
              {model.sources.map(s => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <input
          type="search"
          className="jp-artifacts-Catalogue-query jp-mod-styled"
          placeholder={trans.__('Search artifacts (Zenodo query syntax)')}
          aria-label={trans.__('Search artifacts')}
          value={model.query}
          onChange={e => model.setQuery(e.target.value)}
          onKeyDown={e => {
            if (e.key === 'Enter') {
              void model.search();
            }
          }}
        />
        <div className="jp-artifacts-Catalogue-filters">
          <label className="jp-artifacts-Catalogue-field">
            <span>{trans.__('Sort')}</span>
            <select
              className="jp-mod-styled"
              aria-label={trans.__('Sort by')}
              value={model.sort}
              onChange={e => model.setSort(e.target.value as SortKey)}
            >
              {SORT_KEYS.map(k => (
                <option key={k} value={k}>
                  {sortLabels[k]}
                </option>
              ))}
            </select>
          </label>
          <label className="jp-artifacts-Catalogue-field">
            <span>{trans.__('Type')}</span>
            <select
              className="jp-mod-styled"
              aria-label={trans.__('Filter by type')}
              value={model.type}
              onChange={e => model.setType(e.target.value)}
            >
              <option value="">{trans.__('Any')}</option>
              {RESOURCE_TYPES.map(t => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="jp-artifacts-Catalogue-field">
            <span>{trans.__('Keyword')}</span>
            <input
              type="text"
              className="jp-mod-styled"
              aria-label={trans.__('Filter by keyword')}
              value={model.keyword}
              onChange={e => model.setKeyword(e.target.value)}
              onKeyDown={e => {
                if (e.key === 'Enter') {
                  void model.search();
                }
              }}
            />
          </label>
        </div>
      </div>
      <ResultsView {...props} />
    </div>
  );
}

/**
 * Zenodo's search budget ran out: when the search goes again, counting down.
 */
function WaitNotice(props: {
  until: number;
  trans: TranslationBundle;
}): JSX.Element {
  const { until, trans } = props;
  const [now, setNow] = React.useState(Date.now());
  React.useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <span className="jp-artifacts-Catalogue-waiting">
      {trans.__(
        'Zenodo’s search limit is reached for now: searching again in %1 s (at %2).',
        seconds,
        new Date(until).toLocaleTimeString()
      )}
    </span>
  );
}

function ResultsView(props: ICataloguePanelOptions): JSX.Element {
  const { model, trans } = props;
  const list = React.useRef<HTMLUListElement>(null);
  /**
   * A new page is read from its top: the pager sits at the bottom, and
   * staying there showed the end of the new page. Focus moves to the list
   * so that the keyboard continues from its first item.
   */
  const turnTo = (page: number) => {
    model.setPage(page);
    const node = list.current;
    if (node) {
      const scroller = node.closest('.jp-artifacts-Catalogue');
      if (scroller) {
        scroller.scrollTop = 0;
      }
      node.focus({ preventScroll: true });
    }
  };
  const status = (
    <div
      className="jp-artifacts-Catalogue-status"
      role="status"
      aria-live="polite"
    >
      {model.status === 'waiting' ? (
        <WaitNotice until={model.waitUntil} trans={trans} />
      ) : model.status === 'loading' ? (
        trans.__('Searching…')
      ) : model.status === 'ready' ? (
        trans._n('%1 artifact', '%1 artifacts', model.total)
      ) : (
        ''
      )}
    </div>
  );
  if (model.status === 'error') {
    return (
      <div className="jp-artifacts-Catalogue-error" role="alert">
        <p>
          {trans.__(
            'The catalogue could not be loaded: %1',
            catalogueErrorText(model.failure, trans)
          )}
        </p>
        <button
          className="jp-mod-styled jp-mod-accept"
          onClick={() => void model.search()}
        >
          {trans.__('Retry')}
        </button>
      </div>
    );
  }
  if (model.status === 'ready' && model.hits.length === 0) {
    return (
      <>
        {status}
        <p className="jp-artifacts-Catalogue-empty">
          {model.query || model.type || model.keyword
            ? trans.__('No artifacts match. Try other words or fewer filters.')
            : trans.__('This catalogue has no artifacts yet.')}
        </p>
      </>
    );
  }
  return (
    <>
      {status}
      <ul
        className="jp-artifacts-Catalogue-results"
        aria-label={trans.__('Artifacts')}
        aria-busy={model.status === 'loading'}
        tabIndex={-1}
        ref={list}
      >
        {model.hits.map(a => (
          <li key={a.id}>
            <button
              className="jp-artifacts-Catalogue-item"
              onClick={() => void model.select(a)}
              title={a.title}
            >
              <span className="jp-artifacts-Catalogue-title">{a.title}</span>
              <span className="jp-artifacts-Catalogue-meta">
                {creatorsLine(a)}
              </span>
              <span className="jp-artifacts-Catalogue-meta">
                {[
                  a.publicationDate,
                  a.version ? trans.__('version %1', a.version) : '',
                  formatBytes(totalSize(a)),
                  a.doi
                ]
                  .filter(x => x)
                  .join(' · ')}
              </span>
              {a.stats && (
                <span className="jp-artifacts-Catalogue-meta">
                  {usage(a.stats, trans)}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {model.pageCount > 1 && (
        <nav
          className="jp-artifacts-Catalogue-pager"
          aria-label={trans.__('Pages')}
        >
          <button
            className="jp-mod-styled"
            disabled={model.page <= 1}
            onClick={() => turnTo(model.page - 1)}
          >
            {trans.__('Previous')}
          </button>
          <span>{trans.__('Page %1 of %2', model.page, model.pageCount)}</span>
          <button
            className="jp-mod-styled"
            disabled={model.page >= model.pageCount}
            onClick={() => turnTo(model.page + 1)}
          >
            {trans.__('Next')}
          </button>
        </nav>
      )}
    </>
  );
}

function DetailsView(props: ICataloguePanelOptions): JSX.Element {
  const { model, trans, sanitizer } = props;
  const artifact = model.selected;
  const back = (
    <button
      className="jp-mod-styled jp-artifacts-Catalogue-back"
      onClick={() => model.back()}
    >
      {trans.__('← Back to the catalogue')}
    </button>
  );
  if (!artifact) {
    return (
      <div className="jp-artifacts-Catalogue-details">
        {back}
        {model.detailStatus === 'loading' ? (
          <p role="status">{trans.__('Looking up the artifact…')}</p>
        ) : (
          <p role="alert" className="jp-artifacts-Catalogue-error">
            {trans.__(
              'The artifact could not be shown: %1',
              catalogueErrorText(model.detailFailure, trans)
            )}
          </p>
        )}
      </div>
    );
  }
  const description = sanitiseDescription(
    artifact.description ?? '',
    sanitizer
  );
  const citation = citationText(artifact);
  return (
    <div
      className="jp-artifacts-Catalogue-details"
      aria-label={trans.__('Artifact details')}
    >
      {back}
      <h2 className="jp-artifacts-Catalogue-detailsTitle">{artifact.title}</h2>
      <p className="jp-artifacts-Catalogue-meta">{creatorsLine(artifact)}</p>
      <dl className="jp-artifacts-Catalogue-facts">
        {artifact.publicationDate && (
          <>
            <dt>{trans.__('Published')}</dt>
            <dd>{artifact.publicationDate}</dd>
          </>
        )}
        {artifact.version && (
          <>
            <dt>{trans.__('Version')}</dt>
            <dd>{artifact.version}</dd>
          </>
        )}
        {artifact.doi && (
          <>
            <dt>{trans.__('DOI')}</dt>
            <dd>
              <a
                href={
                  webLink(artifact.links.doi) ??
                  `https://doi.org/${encodeURI(artifact.doi)}`
                }
                target="_blank"
                rel="noopener noreferrer"
              >
                {artifact.doi}
              </a>
            </dd>
          </>
        )}
        <dt>{trans.__('Licence')}</dt>
        <dd>
          {artifact.license
            ? (artifact.license.title ?? artifact.license.id)
            : trans.__('not stated')}
        </dd>
        {artifact.resourceType && (
          <>
            <dt>{trans.__('Type')}</dt>
            <dd>{artifact.resourceType.title ?? artifact.resourceType.type}</dd>
          </>
        )}
        {artifact.stats && (
          <>
            <dt>{trans.__('Usage')}</dt>
            <dd>{usage(artifact.stats, trans)}</dd>
          </>
        )}
        {artifact.keywords.length > 0 && (
          <>
            <dt>{trans.__('Keywords')}</dt>
            <dd>{artifact.keywords.join(', ')}</dd>
          </>
        )}
      </dl>
      <ImportView {...props} artifact={artifact} />
      <h3>{trans.__('Description')}</h3>
      <div
        className="jp-artifacts-Catalogue-description"
        dangerouslySetInnerHTML={{ __html: description }}
      />
      <h3>{trans.__('Files')}</h3>
      <table className="jp-artifacts-Catalogue-files">
        <thead>
          <tr>
            <th scope="col">{trans.__('Name')}</th>
            <th scope="col">{trans.__('Size')}</th>
          </tr>
        </thead>
        <tbody>
          {artifact.files.map(f => (
            <tr key={f.key}>
              <td>{f.key}</td>
              <td>{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{trans.__('Total')}</th>
            <td>{formatBytes(totalSize(artifact))}</td>
          </tr>
        </tfoot>
      </table>
      <h3>{trans.__('Versions')}</h3>
      {model.versionsStatus === 'loading' ? (
        <p role="status">{trans.__('Loading versions…')}</p>
      ) : (
        <ul className="jp-artifacts-Catalogue-versions">
          {model.versions.map(v => (
            <li key={v.id}>
              {v.id === artifact.id ? (
                <strong>
                  {trans.__(
                    '%1 (%2) — shown',
                    v.version ?? v.id,
                    v.publicationDate ?? ''
                  )}
                </strong>
              ) : (
                <button
                  className="jp-artifacts-Catalogue-link"
                  onClick={() => void model.select(v)}
                >
                  {trans.__(
                    '%1 (%2)',
                    v.version ?? v.id,
                    v.publicationDate ?? ''
                  )}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{trans.__('Cite')}</h3>
      <p className="jp-artifacts-Catalogue-citation">{citation}</p>
      <button
        className="jp-mod-styled"
        onClick={() => Clipboard.copyToSystem(citation)}
      >
        {trans.__('Copy citation')}
      </button>
      {props.linkDefaults && (
        <LaunchLinkView
          key={artifact.id}
          artifact={artifact}
          defaults={props.linkDefaults}
          trans={trans}
        />
      )}
      {webLink(artifact.links.html) && (
        <p>
          <a
            href={webLink(artifact.links.html)}
            target="_blank"
            rel="noopener noreferrer"
          >
            {trans.__('Open the record page')}
          </a>
        </p>
      )}
    </div>
  );
}

function ImportView(
  props: ICataloguePanelOptions & { artifact: Artifact }
): JSX.Element {
  const { model, trans, artifact } = props;
  const flow: ImportWorkflow | null = model.importFlow;
  const busy = flow && !['done', 'failed', 'cancelled'].includes(flow.phase);
  const phaseLabel: Record<string, string> = {
    ready: trans.__('Starting…'),
    checking: trans.__('Checking the size…'),
    downloading: trans.__('Downloading'),
    extracting: trans.__('Checking the archive'),
    writing: trans.__('Writing files'),
    finishing: trans.__('Writing CITATION.cff'),
    done: trans.__('Imported'),
    failed: trans.__('Import failed'),
    cancelled: trans.__('Import cancelled')
  };
  return (
    <section
      className="jp-artifacts-Catalogue-import"
      aria-label={trans.__('Import')}
    >
      {model.fromLaunchLink && !flow && (
        <p className="jp-artifacts-Catalogue-launch">
          {trans.__(
            'A link asked to open this artifact. Nothing is copied into your files until you click Import.'
          )}
        </p>
      )}
      {props.updates && (
        <PreviousImportView
          updates={props.updates}
          artifact={artifact}
          trans={trans}
          openFolder={props.openFolder}
        />
      )}
      {model.fromLaunchLink && !flow && model.launchValue && (
        <p className="jp-artifacts-Catalogue-launchFound">
          {trans.__(
            'The link said “%1”; the record found is “%2” (%3).',
            model.launchValue,
            artifact.title,
            artifact.doi ?? trans.__('no DOI')
          )}
        </p>
      )}
      <p className="jp-artifacts-Catalogue-meta">
        {trans._n(
          '%2 in %1 file, into a new folder',
          '%2 in %1 files, into a new folder',
          artifact.files.length,
          formatBytes(totalSize(artifact))
        )}
      </p>
      <TargetLine {...props} />
      {!busy && (
        <button
          className="jp-mod-styled jp-mod-accept jp-artifacts-Catalogue-importButton"
          onClick={() => {
            const started = model.startImport(artifact);
            void started?.run().catch(() => undefined);
          }}
        >
          {trans.__('Import')}
        </button>
      )}
      {flow && (
        <div
          className="jp-artifacts-Catalogue-progress"
          role="status"
          aria-live="polite"
        >
          <span className="jp-artifacts-Catalogue-phase">
            {phaseLabel[flow.phase]}
          </span>
          {busy && flow.bytesTotal > 0 && (
            <>
              <progress max={flow.bytesTotal} value={flow.bytesDone} />
              <span className="jp-artifacts-Catalogue-meta">
                {trans.__(
                  '%1 of %2 · file %3 of %4 %5',
                  formatBytes(flow.bytesDone),
                  formatBytes(flow.bytesTotal),
                  Math.min(flow.filesDone + 1, flow.filesTotal),
                  flow.filesTotal,
                  flow.currentFile
                )}
              </span>
            </>
          )}
          {busy && (
            <button
              className="jp-mod-styled jp-mod-reject"
              onClick={() => flow.cancel()}
            >
              {trans.__('Cancel')}
            </button>
          )}
          {flow.phase === 'done' && flow.result && (
            <>
              <span
                className="jp-artifacts-Catalogue-result"
                data-method={flow.result.method}
              >
                {trans.__('Imported into %1.', flow.result.folder)}{' '}
                {flow.result.method === 'server'
                  ? trans.__('The server unpacked the checked archive.')
                  : flow.result.method === 'browser'
                    ? trans.__('Unpacked in the browser.')
                    : ''}
              </span>
              {flow.result.skipped.length > 0 && (
                <span className="jp-artifacts-Catalogue-meta">
                  {trans.__(
                    'Left out (hidden files the server cannot write): %1',
                    flow.result.skipped.map(s => s.path).join(', ')
                  )}
                </span>
              )}
              <button
                className="jp-mod-styled"
                onClick={() => props.openFolder(flow.result!.folder)}
              >
                {trans.__('Show the folder')}
              </button>
            </>
          )}
          {(flow.phase === 'failed' || flow.phase === 'cancelled') && (
            <span role="alert" className="jp-artifacts-Catalogue-error">
              {catalogueErrorText(flow.error, trans)}{' '}
              {flow.remaining.length
                ? trans.__(
                    'These could not be removed: %1',
                    flow.remaining.join(', ')
                  )
                : trans.__('Nothing was left behind.')}
            </span>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Where imports go, plainly, with a way to change it.
 */
function TargetLine(props: ICataloguePanelOptions): JSX.Element {
  const { trans, changeTarget } = props;
  const path = props.destination();
  return (
    <div className="jp-artifacts-Catalogue-target">
      <span className="jp-artifacts-Catalogue-targetText">
        {trans.__('Import into: %1', path || trans.__('the server root'))}
      </span>
      {changeTarget && (
        <button
          className="jp-artifacts-Catalogue-link jp-artifacts-Catalogue-changeTarget"
          onClick={() => changeTarget()}
          aria-label={trans.__('Change where imports go')}
        >
          {trans.__('Change…')}
        </button>
      )}
    </div>
  );
}

/**
 * Views and downloads, each in the right plural.
 */
function usage(
  stats: { views: number; downloads: number },
  trans: TranslationBundle
): string {
  return [
    trans._n('%1 view', '%1 views', stats.views),
    trans._n('%1 download', '%1 downloads', stats.downloads)
  ].join(' · ');
}

/**
 * What a record description (someone else's HTML) may hold: text
 * formatting, headings, lists, tables and links. No images or media (they
 * load from elsewhere and tell that server who reads), no forms or buttons,
 * no `data-commandlinker-*` (a click would run a JupyterLab command), and
 * only styles that cannot move or cover the page or load anything.
 */
export const DESCRIPTION_SANITIZER_OPTIONS: SanitizerOptions = {
  allowedTags: [
    'a',
    'abbr',
    'b',
    'blockquote',
    'br',
    'caption',
    'cite',
    'code',
    'dd',
    'del',
    'details',
    'div',
    'dl',
    'dt',
    'em',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'ins',
    'kbd',
    'li',
    'ol',
    'p',
    'pre',
    'q',
    's',
    'samp',
    'small',
    'span',
    'strong',
    'sub',
    'summary',
    'sup',
    'table',
    'tbody',
    'td',
    'tfoot',
    'th',
    'thead',
    'tr',
    'u',
    'ul',
    'var'
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    abbr: ['title'],
    ol: ['start', 'type'],
    td: ['colspan', 'rowspan', 'style'],
    th: ['colspan', 'rowspan', 'scope', 'style'],
    p: ['style'],
    span: ['style'],
    div: ['style']
  },
  allowedStyles: {
    '*': {
      color: [/^#[0-9a-f]{3,8}$/i, /^[a-z]+$/i, /^rgba?\([\d\s.,%]+\)$/i],
      'font-style': [/^(normal|italic|oblique)$/],
      'font-weight': [/^(normal|bold|bolder|lighter|[1-9]00)$/],
      'text-align': [/^(left|right|center|justify|start|end)$/],
      'text-decoration': [/^(none|underline|line-through|overline)$/]
    }
  }
};

/**
 * Sanitise a description with JupyterLab's sanitizer and
 * {@link DESCRIPTION_SANITIZER_OPTIONS}, then keep only web and mail links,
 * each opening in a new tab without access back to this page.
 */
export function sanitiseDescription(
  html: string,
  sanitizer: ISanitizer
): string {
  const clean = sanitizer.sanitize(html, DESCRIPTION_SANITIZER_OPTIONS);
  const template = document.createElement('template');
  template.innerHTML = clean;
  template.content.querySelectorAll('a').forEach(a => {
    const href = a.getAttribute('href') ?? '';
    if (!webLink(href) && !/^mailto:[^\s]+$/i.test(href)) {
      a.removeAttribute('href');
    }
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  });
  // A sanitizer other than JupyterLab's may not honour the options: the
  // elements that load or submit anything are removed here as well.
  template.content
    .querySelectorAll(
      'img, picture, source, video, audio, iframe, object, embed, form, input, button, select, textarea, style, link'
    )
    .forEach(node => node.remove());
  template.content
    .querySelectorAll('[data-commandlinker-command], [data-commandlinker-args]')
    .forEach(node => {
      node.removeAttribute('data-commandlinker-command');
      node.removeAttribute('data-commandlinker-args');
    });
  return template.innerHTML;
}

/**
 * A one-line citation: creators (year). title (version). DOI.
 */
export function citationText(a: Artifact): string {
  const year = a.publicationDate?.slice(0, 4);
  const who = a.creators.map(c => c.name).join('; ') || 'Unknown';
  return [
    `${who}${year ? ` (${year})` : ''}.`,
    `${a.title}${a.version ? ` (Version ${a.version})` : ''}.`,
    a.doi ? `https://doi.org/${a.doi}` : a.links.html
  ]
    .filter(s => s)
    .join(' ');
}

function creatorsLine(a: Artifact): string {
  const names = a.creators.map(c => c.name);
  return names.length > 3
    ? `${names.slice(0, 3).join('; ')} et al.`
    : names.join('; ');
}

function totalSize(a: Artifact): number {
  return a.files.reduce((n, f) => n + (f.size || 0), 0);
}
