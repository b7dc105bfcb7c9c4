/**
 * Files that look like they hold secrets, by name and by content, so that the
 * Share preview can leave them out unless the user includes them on purpose.
 *
 * @packageDocumentation
 * @module workspace/secrets
 */

/**
 * A file that looks like it holds a secret, and why.
 */
export interface ISecretFlag {
  path: string;
  /**
   * Why, as an English fragment for logs; a view says it with `secretText`
   * of `workspace/words.ts`, from `code`.
   */
  reason: string;
  /**
   * Why, for code and for the words module.
   */
  code: SecretCode;
}

/**
 * Why a file looks like it holds a secret.
 */
export type SecretCode = keyof typeof SECRET_REASONS;

/**
 * English reasons given for flagged files, by code (for logs; the words a
 * person reads are in `workspace/words.ts`).
 */
export const SECRET_REASONS = {
  key: 'private key or certificate',
  ssh: 'SSH key',
  credentials: 'credentials file',
  env: 'environment or login file',
  jupyter: 'Jupyter server or kernel connection file (holds its token or key)',
  name: 'name suggests a secret',
  privateKey: 'holds a private key',
  aws: 'holds an AWS access key id',
  github: 'holds a GitHub token',
  zenodo: 'holds what looks like an access token',
  jupyterUrl: 'holds a Jupyter server address with its token'
} as const;

/**
 * Flag files whose names look like secrets: keys (`*.pem`, `*.key`,
 * `id_rsa*`, `id_ed25519*`…), `credentials` and `credentials*.json`,
 * Jupyter's `jpserver-*.json` and `kernel-*.json`, `.env`-like files (also
 * made visible: `env`, `dotenv`, `*.env`), `.netrc`, names with `token`,
 * `secret` or `password`.
 */
export function flagSecrets(paths: string[]): ISecretFlag[] {
  const flags: ISecretFlag[] = [];
  for (const path of paths) {
    const reason = secretNameReason(path.split('/').pop()!.toLowerCase());
    if (reason) {
      flags.push({ path, ...secretOf(reason)! });
    }
  }
  return flags;
}

function secretNameReason(name: string): string {
  if (/\.(pem|key|p12|pfx|keystore|jks)$/.test(name)) {
    return SECRET_REASONS.key;
  }
  if (/^id_(rsa|dsa|ecdsa|ed25519)/.test(name)) {
    return SECRET_REASONS.ssh;
  }
  if (
    /^credentials(\.json)?$/.test(name) ||
    /^credentials.*\.json$/.test(name)
  ) {
    return SECRET_REASONS.credentials;
  }
  if (
    /^(jpserver|nbserver)-.*\.json$/.test(name) ||
    /^kernel-.*\.json$/.test(name)
  ) {
    return SECRET_REASONS.jupyter;
  }
  if (
    (/^[._]?env(\.[a-z0-9_-]+)*$/.test(name) &&
      !/\.(py|r|jl|sh|js|ts|ipynb|md|ya?ml|json|toml|cfg|html)$/.test(name)) ||
    /^\.?dotenv(\..*)?$/.test(name) ||
    /.\.env$/.test(name) ||
    /^[._]?(netrc|pgpass)$/.test(name)
  ) {
    return SECRET_REASONS.env;
  }
  if (/token|secret|passw/.test(name)) {
    return SECRET_REASONS.name;
  }
  return '';
}

/**
 * Files up to this size are read in the preview and their text searched
 * for secrets.
 */
export const SCAN_MAX_BYTES = 256 * 1024;

/**
 * Notebooks (whose outputs may print a token) are searched up to this size.
 */
export const SCAN_MAX_NOTEBOOK_BYTES = 4 * 1024 * 1024;

/**
 * Whether a file of this path and size is read and searched.
 */
export function shouldScan(path: string, size: number): boolean {
  return path.toLowerCase().endsWith('.ipynb')
    ? size <= SCAN_MAX_NOTEBOOK_BYTES
    : size <= SCAN_MAX_BYTES;
}

/**
 * Why a file's bytes look like they hold a secret, or '' when they do not
 * (or are not text).
 *
 * #### Notes
 * Conservative, to keep false alarms rare: only shapes that are plainly a
 * secret. A private-key header; an AWS access key id (`AKIA…`/`ASIA…`, but
 * not AWS's documented `…EXAMPLE`); a GitHub token (`ghp_…`, `gho_…`,
 * `ghs_…`, `ghu_…`, `ghr_…`, `github_pat_…` of their real lengths); a long
 * random string (40+ letters and digits, mixing upper case, lower case and
 * digits, like a Zenodo personal token) right after a `token` or `zenodo`
 * word; a Jupyter address with `?token=` and a long hex token.
 */
export function findSecretInBytes(data: Uint8Array): string {
  if (data.subarray(0, 8192).includes(0)) {
    return ''; // Binary.
  }
  return findSecretInText(new TextDecoder('utf-8').decode(data));
}

/**
 * {@link findSecretInBytes} on text.
 */
export function findSecretInText(text: string): string {
  if (/-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/.test(text)) {
    return SECRET_REASONS.privateKey;
  }
  for (const match of text.matchAll(/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g)) {
    if (!match[0].endsWith('EXAMPLE')) {
      return SECRET_REASONS.aws;
    }
  }
  if (
    /\bgh[pousr]_[A-Za-z0-9]{36}\b/.test(text) ||
    /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/.test(text)
  ) {
    return SECRET_REASONS.github;
  }
  // A token word, up to 40 characters on the same line (`"`, `=`, `:`,
  // `Bearer` …), then the long random string.
  const afterWord =
    /(?:token|zenodo)[^\n\r]{0,40}?(?<![A-Za-z0-9])([A-Za-z0-9]{40,128})(?![A-Za-z0-9])/gi;
  for (const match of text.matchAll(afterWord)) {
    if (looksRandom(match[1])) {
      return SECRET_REASONS.zenodo;
    }
  }
  if (/[?&]token=[0-9a-f]{32,}\b/.test(text)) {
    return SECRET_REASONS.jupyterUrl;
  }
  return '';
}

/**
 * Upper case, lower case and digits all present, and no character making up
 * more than a quarter: what generated tokens look like, unlike words, hex
 * hashes or padding.
 */
function looksRandom(value: string): boolean {
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9]/.test(value)) {
    return false;
  }
  const counts = new Map<string, number>();
  for (const char of value) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return Math.max(...counts.values()) <= value.length / 4;
}

/**
 * The code and reason of an English reason of {@link SECRET_REASONS} (what
 * `findSecretInText` returns), or undefined for ''.
 */
export function secretOf(
  reason: string
): { code: SecretCode; reason: string } | undefined {
  const code = (Object.keys(SECRET_REASONS) as SecretCode[]).find(
    k => SECRET_REASONS[k] === reason
  );
  return code ? { code, reason } : undefined;
}
