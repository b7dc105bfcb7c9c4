/**
 * The exclusion patterns' table shared with the companion's pytest
 * (jupyterlab_artifacts/tests/exclude_cases.json): the browser's walk keeps
 * exactly what the server's zipper keeps.
 */
import * as fs from 'fs';
import * as path from 'path';

import { walkFolder } from '../walk';
import { FakeContents } from '../../__tests__/contents';

interface IExcludeCase {
  name: string;
  exclude: string[];
  tree: string[];
  kept: string[];
}

const table: { cases: IExcludeCase[] } = JSON.parse(
  fs.readFileSync(
    path.join(
      __dirname,
      '../../../jupyterlab_artifacts/tests/exclude_cases.json'
    ),
    'utf8'
  )
);

function contentsWith(tree: string[]): FakeContents {
  const contents = new FakeContents();
  contents.dirs.add('root');
  for (const file of tree) {
    const parts = `root/${file}`.split('/');
    for (let i = 1; i < parts.length; i++) {
      contents.dirs.add(parts.slice(0, i).join('/'));
    }
    contents.files.set(`root/${file}`, Buffer.from('x'));
  }
  return contents;
}

describe('exclusion patterns, as the companion reads them', () => {
  it('has cases', () => {
    expect(table.cases.length).toBeGreaterThan(10);
  });

  it.each(table.cases.map(c => [c.name, c] as const))('%s', async (_, c) => {
    const walked = await walkFolder(contentsWith(c.tree) as any, 'root', {
      exclude: c.exclude
    });
    expect(walked.files.map(f => f.path).sort()).toEqual([...c.kept].sort());
  });
});
