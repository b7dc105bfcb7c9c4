/**
 * The strings a person can see in the extension's TypeScript, read with the
 * TypeScript compiler: what the code hands to a translator (`trans.__`,
 * `_n`, `_p`, `_np`, on any object named `trans` or `…Trans`), and what
 * reaches the page without one. jupyterlab_artifacts/tests/test_translations.py
 * compares the first with the catalogue jupyterlab-translate extracts.
 *
 *   node dev/i18n/visible-strings.js [src]  →  JSON on stdout:
 *   { translated: [{ text, plural?, context?, file, line }],
 *     untranslated: [{ text, why, file, line }] }
 *
 * "Untranslated" is: JSX text; the JSX attributes people read (title,
 * aria-label, placeholder, alt, label); the message of a Notification, of
 * showErrorMessage / showDialog; a command's label or caption; and a
 * translator called with something that is not a literal (a key known only
 * at run time, which no catalogue can hold); and an English sentence a
 * module hands up for a view to show: `new Error('…')` (also `new
 * SomethingError('…')`, a template, and `new SomethingError({ message:
 * '…' })` without a `messageCode`), and a `reason: '…'` property
 * of an object without a `code` (with one, the words come from the code).
 * Views show an error's message and a reason as they are, so a sentence
 * there escapes translation unless it is a programmer's error nobody sees
 * (the test lists those, each with why).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'placeholder',
  'alt',
  'label'
]);
const TRANSLATORS = new Set(['__', '_n', '_p', '_np']);
const NOTIFY = new Set([
  'info',
  'success',
  'warning',
  'error',
  'emit',
  'promise'
]);

/** Production sources: .ts and .tsx outside tests, without declarations. */
function sources(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') {
        found.push(...sources(full));
      }
    } else if (
      /\.tsx?$/.test(entry.name) &&
      !/\.d\.ts$/.test(entry.name) &&
      !/\.spec\.tsx?$/.test(entry.name)
    ) {
      found.push(full);
    }
  }
  return found;
}

/** Whether `text` holds words (not only punctuation, numbers or spaces). */
function wordy(text) {
  return /\p{L}{2,}/u.test(text);
}

/** A literal's text, or undefined for anything that is not one. */
function literal(node) {
  if (
    node &&
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
  ) {
    return node.text;
  }
  if (node && ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map(s => s.literal.text)]
      .join('…')
      .trim();
  }
  return undefined;
}

/** Whether `expr` names a translation bundle: `trans`, `this._trans`, `props.trans`, `fooTrans`. */
function isBundle(expr) {
  const name = ts.isIdentifier(expr)
    ? expr.text
    : ts.isPropertyAccessExpression(expr)
      ? expr.name.text
      : '';
  return /^_?trans$/i.test(name) || /Trans$/.test(name);
}

/**
 * Whether an object literal also has a `code`: then its `reason` is the
 * English for logs, and a words module says the code.
 */
function hasCode(object, name = 'code') {
  return (
    ts.isObjectLiteralExpression(object) &&
    object.properties.some(
      p => p.name && ts.isIdentifier(p.name) && p.name.text === name
    )
  );
}

function scan(file, out) {
  const text = fs.readFileSync(file, 'utf-8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  );
  const where = node => ({
    file: path.relative(ROOT, file),
    line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1
  });
  const untranslated = (node, text, why) => {
    if (text !== undefined && wordy(text)) {
      out.untranslated.push({ text, why, ...where(node) });
    }
  };
  const visit = node => {
    if (
      ts.isNewExpression(node) &&
      /Error$/.test(node.expression.getText(source))
    ) {
      const first = node.arguments && node.arguments[0];
      if (first && ts.isObjectLiteralExpression(first)) {
        // `new ZenodoError({ message: '…' })`: English unless a code says it.
        const message = first.properties.find(
          p =>
            ts.isPropertyAssignment(p) &&
            ts.isIdentifier(p.name) &&
            p.name.text === 'message'
        );
        if (message && !hasCode(first, 'messageCode')) {
          untranslated(message, literal(message.initializer), 'Error message');
        }
      } else {
        untranslated(node, literal(first), 'Error message');
      }
    } else if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'reason' &&
      !hasCode(node.parent)
    ) {
      untranslated(node, literal(node.initializer), 'reason');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (
        ts.isPropertyAccessExpression(callee) &&
        TRANSLATORS.has(callee.name.text) &&
        isBundle(callee.expression)
      ) {
        const withContext =
          callee.name.text.startsWith('_p') || callee.name.text === '_np';
        const args = node.arguments;
        const first = withContext ? 1 : 0;
        const msgid = literal(args[first]);
        if (msgid === undefined || !ts.isStringLiteralLike(args[first])) {
          out.untranslated.push({
            text: args[first] ? args[first].getText(source) : '',
            why: `${callee.name.text}() of something that is not a string literal`,
            ...where(node)
          });
        } else {
          const entry = { text: msgid, ...where(node) };
          if (withContext) {
            entry.context = literal(args[0]);
          }
          if (callee.name.text === '_n' || callee.name.text === '_np') {
            entry.plural = literal(args[first + 1]);
          }
          out.translated.push(entry);
        }
      } else if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'Notification' &&
        NOTIFY.has(callee.name.text)
      ) {
        untranslated(node, literal(node.arguments[0]), 'Notification message');
      } else if (
        ts.isIdentifier(callee) &&
        callee.text === 'showErrorMessage'
      ) {
        untranslated(node, literal(node.arguments[0]), 'error dialog title');
      } else if (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === 'addCommand' &&
        node.arguments[1] &&
        ts.isObjectLiteralExpression(node.arguments[1])
      ) {
        for (const p of node.arguments[1].properties) {
          if (
            ts.isPropertyAssignment(p) &&
            ts.isIdentifier(p.name) &&
            ['label', 'caption'].includes(p.name.text)
          ) {
            untranslated(p, literal(p.initializer), `command ${p.name.text}`);
          }
        }
      }
      if (
        ts.isIdentifier(callee) &&
        callee.text === 'showDialog' &&
        node.arguments[0] &&
        ts.isObjectLiteralExpression(node.arguments[0])
      ) {
        for (const p of node.arguments[0].properties) {
          if (
            ts.isPropertyAssignment(p) &&
            ts.isIdentifier(p.name) &&
            ['title', 'body'].includes(p.name.text)
          ) {
            untranslated(p, literal(p.initializer), `dialog ${p.name.text}`);
          }
        }
      }
    } else if (ts.isJsxText(node)) {
      untranslated(node, node.text.trim(), 'JSX text');
    } else if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText(source)) &&
      node.initializer
    ) {
      const init = node.initializer;
      const value = ts.isJsxExpression(init) ? init.expression : init;
      untranslated(node, literal(value), `JSX ${node.name.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

function visibleStrings(dir = path.join(ROOT, 'src')) {
  const out = { translated: [], untranslated: [] };
  for (const file of sources(dir).sort()) {
    scan(file, out);
  }
  return out;
}

module.exports = { visibleStrings };

if (require.main === module) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  process.stdout.write(JSON.stringify(visibleStrings(dir), null, 1) + '\n');
}
