/**
 * Launch links: reading what a link asks for, refusing folders outside the
 * user's files, and the links the generator writes (round trip).
 */
import { marking, trans } from '../../__tests__/marking';
import {
  buildLaunchLink,
  checkUserPath,
  htmlButton,
  markdownButton,
  readLaunchRequest,
  withoutLaunchParameters
} from '../launch';
import { catalogueErrorText, setAsideText } from '../words';

const read = (query: string) => readLaunchRequest(new URLSearchParams(query));

describe('readLaunchRequest', () => {
  it('reads the artifact, the file to open and the target folder', () => {
    expect(
      read(
        'artifact=10.5281/zenodo.123&open=notebooks/intro.ipynb&into=/courses/ocean/'
      )
    ).toEqual({
      artifact: '10.5281/zenodo.123',
      open: 'notebooks/intro.ipynb',
      into: 'courses/ocean',
      problems: [],
      setAside: []
    });
  });

  it('is null without an artifact', () => {
    expect(read('open=a.ipynb')).toBeNull();
  });

  it.each([
    ['into=../../etc', '".." would climb out of your files'],
    ['into=~/other', '"~"'],
    ['into=C:/Users', 'drive letter'],
    ['into=a\\..\\b', 'backslash'],
    ['into=.ssh', 'hidden'],
    ['open=', 'it names no file']
  ])('sets aside %s and says why', (query, why) => {
    const request = read(`artifact=1&${query}`)!;
    expect(request.artifact).toBe('1');
    expect(request.into).toBeNull();
    expect(request.open).toBeNull();
    expect(request.problems).toHaveLength(1);
    expect(request.problems[0]).toContain(why);
    // The same as a code, said in the same words by catalogue/words.ts.
    expect(request.setAside).toHaveLength(1);
    expect(setAsideText(request.setAside[0], trans)).toBe(request.problems[0]);
  });

  it('takes the top of the user’s files as a target', () => {
    expect(read('artifact=1&into=/')!.into).toBe('');
  });
});

describe('checkUserPath', () => {
  it('drops ./ and empty segments', () => {
    expect(checkUserPath('./a//b/')).toBe('a/b');
  });
  it('refuses a path outside the user’s files', () => {
    expect(() => checkUserPath('a/../../b')).toThrow(/climb out/);
  });
});

describe('buildLaunchLink', () => {
  it('writes a JupyterLab link that reads back the same', () => {
    const link = buildLaunchLink({
      target: 'lab',
      server: 'https://jupyter.example.org/user/ana/lab',
      artifact: '10.5281/zenodo.100',
      open: 'intro.ipynb',
      into: 'course'
    });
    expect(link).toBe(
      'https://jupyter.example.org/user/ana/lab?artifact=10.5281/zenodo.100&open=intro.ipynb&into=course'
    );
    const back = read(new URL(link).search)!;
    expect(back).toEqual({
      artifact: '10.5281/zenodo.100',
      open: 'intro.ipynb',
      into: 'course',
      problems: [],
      setAside: []
    });
  });

  it('writes a JupyterHub link through user-redirect', () => {
    expect(
      buildLaunchLink({
        target: 'hub',
        server: 'https://hub.example.org',
        artifact: '10.5281/zenodo.99'
      })
    ).toBe(
      'https://hub.example.org/hub/user-redirect/lab?artifact=10.5281/zenodo.99'
    );
    expect(
      buildLaunchLink({
        target: 'hub',
        server: 'https://example.org/jupyter/hub/',
        artifact: 'x y&z'
      })
    ).toBe(
      'https://example.org/jupyter/hub/user-redirect/lab?artifact=x+y%26z'
    );
  });

  it('refuses what the reader would set aside', () => {
    expect(() =>
      buildLaunchLink({
        target: 'lab',
        server: 'https://h/',
        artifact: '1',
        into: '../x'
      })
    ).toThrow(/climb out/);
    expect(() =>
      buildLaunchLink({ target: 'lab', server: 'javascript:x', artifact: '1' })
    ).toThrow(/http/);
    for (const server of ['javascript:x', 'not an address']) {
      try {
        buildLaunchLink({ target: 'lab', server, artifact: '1' });
        throw new Error('not refused');
      } catch (error) {
        expect(catalogueErrorText(error, trans)).toBe((error as Error).message);
        expect(catalogueErrorText(error, marking)).toMatch(/^«.+»$/);
      }
    }
  });
});

describe('buttons', () => {
  it('escape the link in HTML and Markdown', () => {
    const link = 'https://h/lab?artifact=1&open=a"b).ipynb';
    expect(htmlButton(link, 'Launch <in> Jupyter')).toBe(
      '<a href="https://h/lab?artifact=1&amp;open=a&quot;b).ipynb" target="_blank" rel="noopener">Launch &lt;in&gt; Jupyter</a>'
    );
    expect(markdownButton(link, 'Launch [in] Jupyter')).toBe(
      '[Launch in Jupyter](https://h/lab?artifact=1&open=a"b%29.ipynb)'
    );
  });
});

describe('withoutLaunchParameters', () => {
  it('removes only the launch parameters', () => {
    const url = new URL('https://h/lab?reset&artifact=1&open=a&into=b&x=2');
    expect(withoutLaunchParameters(url).toString()).toBe(
      'https://h/lab?reset=&x=2'
    );
  });
});
