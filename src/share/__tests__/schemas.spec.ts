/**
 * The settings editor lists every plugin by its schema title: one style for
 * all of them ("Artifacts: " and the part in Title Case, as JupyterLab's own
 * "File Browser" or "Document Manager").
 */
import * as fs from 'fs';
import * as path from 'path';

const SCHEMA_DIR = path.resolve(__dirname, '../../../schema');

/** Words that stay lower case inside a title. */
const SMALL = new Set(['a', 'an', 'and', 'for', 'of', 'on', 'or', 'the', 'to']);

describe('settings schema titles', () => {
  const files = fs.readdirSync(SCHEMA_DIR).filter(f => f.endsWith('.json'));

  it('finds the schemas', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files)('%s: "Artifacts: " then Title Case', file => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf-8')
    );
    const title: string = schema.title;
    expect(title).toMatch(/^Artifacts: \S/);
    const words = title.slice('Artifacts: '.length).split(' ');
    const wrong = words.filter(
      (w, i) => !(i > 0 && SMALL.has(w)) && !/^[A-Z0-9]/.test(w)
    );
    expect(wrong).toEqual([]);
  });
});
