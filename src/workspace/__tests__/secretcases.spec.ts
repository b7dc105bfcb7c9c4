/**
 * The secret-scan corpus shared with the server companion's scanner
 * (jupyterlab_artifacts/inspect.py, checked by test_inspect.py): both must
 * find the same thing in every case.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  findSecretInBytes,
  findSecretInText,
  SECRET_REASONS,
  secretOf
} from '../secrets';

interface ICase {
  name: string;
  text: string;
  code: string;
}

/**
 * A made-up token of the shape a Zenodo personal token has (letters and
 * digits, all different), `length` long, built here so that no token-like
 * literal is committed: the corpus writes `{{token40}}` where one goes, and
 * test_inspect.py builds the same.
 */
const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const madeUpToken = (length: number) =>
  Array.from(
    { length },
    (_, i) => ALPHABET[(i * 11 + 5) % ALPHABET.length]
  ).join('');

const CASES: ICase[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'secret-cases.json'), 'utf-8')
).map((c: ICase) => ({
  ...c,
  text: c.text.replace(/\{\{token(\d+)\}\}/g, (_, n) => madeUpToken(Number(n)))
}));

describe('the shared secret-scan corpus', () => {
  it('has cases of every content code, and clean ones', () => {
    const codes = new Set(CASES.map(c => c.code));
    for (const code of [
      '',
      'privateKey',
      'aws',
      'github',
      'zenodo',
      'jupyterUrl'
    ]) {
      expect(codes).toContain(code);
    }
    for (const c of CASES) {
      expect(c.code === '' || c.code in SECRET_REASONS).toBe(true);
    }
  });

  it.each(CASES.map(c => [c.name, c] as const))('%s', (_, c) => {
    const reason = findSecretInText(c.text);
    expect(secretOf(reason)?.code ?? '').toBe(c.code);
    // The same as bytes (what the preview reads).
    expect(findSecretInBytes(new TextEncoder().encode(c.text))).toBe(reason);
  });
});
