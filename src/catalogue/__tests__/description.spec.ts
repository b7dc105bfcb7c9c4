/**
 * Record descriptions are someone else's HTML: sanitised with JupyterLab's
 * real Sanitizer and narrower options than for a user's own notebook.
 */
import { Sanitizer } from '@jupyterlab/apputils';

import { sanitiseDescription } from '../panel';

describe('sanitiseDescription', () => {
  const sanitizer = new Sanitizer();
  const clean = (html: string) => {
    const template = document.createElement('template');
    template.innerHTML = sanitiseDescription(html, sanitizer);
    return template.content;
  };

  it('keeps ordinary formatting, lists, tables and web links', () => {
    const out = clean(
      '<h2>Data</h2><p><b>Bold</b>, <em>italic</em>, <code>x</code>, <sub>2</sub></p>' +
        '<ul><li>one</li></ul><table><tr><td colspan="2">cell</td></tr></table>' +
        '<a href="https://example.org/a" title="t">link</a><a href="mailto:a@b.org">mail</a>'
    );
    expect(out.querySelector('h2')?.textContent).toBe('Data');
    expect(out.querySelector('b')?.textContent).toBe('Bold');
    expect(out.querySelector('td')?.getAttribute('colspan')).toBe('2');
    const links = out.querySelectorAll('a');
    expect(links[0].getAttribute('href')).toBe('https://example.org/a');
    expect(links[0].getAttribute('target')).toBe('_blank');
    expect(links[0].getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[1].getAttribute('href')).toBe('mailto:a@b.org');
  });

  it('drops command-linker attributes, which would run JupyterLab commands on click', () => {
    const out = clean(
      '<button data-commandlinker-command="filebrowser:delete" data-commandlinker-args="{}">Tidy</button>' +
        '<a href="https://x.org" data-commandlinker-command="terminal:create-new">go</a>' +
        '<span data-commandlinker-command="notebook:run-all-cells">run</span>'
    );
    expect(out.querySelector('[data-commandlinker-command]')).toBeNull();
    expect(out.querySelector('[data-commandlinker-args]')).toBeNull();
    expect(out.querySelector('button')).toBeNull();
  });

  it('loads nothing remote: no images, media, frames or background images', () => {
    const out = clean(
      '<img src="https://tracker.example/p.gif?u=me"><picture><source srcset="https://t.example/x"></picture>' +
        '<video src="https://t.example/v"></video><audio src="https://t.example/a"></audio>' +
        '<iframe src="https://t.example/f"></iframe>' +
        '<p style="background-image: url(https://t.example/bg)">text</p>' +
        '<div style="background: url(https://t.example/bg2)">more</div>'
    );
    expect(
      out.querySelector('img, picture, source, video, audio, iframe')
    ).toBe(null);
    const div = document.createElement('div');
    div.appendChild(out.cloneNode(true));
    const text = div.innerHTML;
    expect(text).not.toContain('t.example');
    expect(text).toContain('text');
  });

  it('has no form elements', () => {
    const out = clean(
      '<form action="https://t.example/steal"><input name="token" value="x">' +
        '<textarea>t</textarea><select><option>o</option></select>' +
        '<button type="submit">Send</button></form>'
    );
    expect(
      out.querySelector('form, input, textarea, select, option, button')
    ).toBeNull();
  });

  it('keeps only a few harmless styles', () => {
    const out = clean(
      '<p style="color: red; position: fixed; top: 0; z-index: 9999; width: 100%; text-align: center">x</p>'
    );
    const style = out.querySelector('p')?.getAttribute('style') ?? '';
    expect(style).toContain('color:red');
    expect(style).toContain('text-align:center');
    expect(style).not.toMatch(/position|z-index|top|width/);
  });

  it('removes links with other schemes', () => {
    const out = clean(
      '<a href="javascript:alert(1)">a</a><a href="data:text/html,x">b</a><a href="ftp://f.example/x">c</a>'
    );
    out
      .querySelectorAll('a')
      .forEach(a => expect(a.hasAttribute('href')).toBe(false));
  });
});
