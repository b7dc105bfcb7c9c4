import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jupyterPlugin from '@jupyter/eslint-plugin';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'coverage',
      'lib',
      '**/*.d.ts',
      // Everything git ignores holds no code of ours (the other venvs carry
      // JupyterLab's bundles: linting them took over 10 minutes).
      '.venv*',
      '.demo',
      '.cache',
      '.yarn',
      'ui-tests/.yarn',
      'jupyterlab_artifacts',
      'ui-tests/test-results',
      'ui-tests/playwright-report',
      'ui-tests/node_modules',
      'ui-tests/hub/node_modules',
      'ui-tests/**/test-results',
      'ui-tests/**/playwright-report'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { jupyter: jupyterPlugin } },
  ...jupyterPlugin.configs.recommended,
  prettierRecommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      // JupyterLab's conventions, held as errors: every string a person
      // reads is translated, every command describes its arguments, and
      // settings choices have titles (oneOf with const), not a bare enum.
      'jupyter/no-untranslated-string': 'error',
      'jupyter/no-dynamic-translation': 'error',
      'jupyter/command-described-by': 'error',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'prefer-arrow-callback': 'error',
      quotes: [
        'error',
        'single',
        { avoidEscape: true, allowTemplateLiterals: false }
      ]
    }
  },
  {
    // The stand-in, the benchmarks, the hostile archives, the test and build
    // configuration: CommonJS scripts run by Node (the browser driver in
    // src/zenodo/__tests__/browser runs in the page it drives).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      // `const crypto = require('crypto')` is how a Node script names a
      // built-in module, not a mistaken second global.
      'no-redeclare': ['error', { builtinGlobals: false }],
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error',
      quotes: [
        'error',
        'single',
        { avoidEscape: true, allowTemplateLiterals: false }
      ]
    }
  },
  {
    // Code that runs in the page a script drives (page.evaluate, the
    // browser driver).
    files: [
      'src/zenodo/__tests__/browser/**',
      'dev/screenshot*.js',
      'bench/*.js'
    ],
    languageOptions: {
      globals: { ...globals.node, ...globals.browser, crypto: 'off' }
    }
  },
  {
    // Settings choices carry a title a person reads (and a translator sees).
    files: ['**/schema/*.json'],
    rules: { 'jupyter/no-schema-enum': 'error' }
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node }
  },
  {
    // Strings in the stand-in, the benchmarks, the scripts and the tests are
    // no one's UI (test data, fake bundles that wrap a message). What a
    // person sees is checked on src/ by these rules and by
    // jupyterlab_artifacts/tests/test_translations.py.
    files: [
      'dev/**',
      'bench/**',
      '**/*.config.js',
      '**/*.config.mjs',
      '**/__tests__/**',
      '**/*.spec.ts',
      '**/*.spec.tsx',
      'ui-tests/**'
    ],
    rules: {
      'jupyter/no-untranslated-string': 'off',
      'jupyter/no-dynamic-translation': 'off'
    }
  },
  {
    files: [
      '**/__tests__/**',
      '**/*.spec.ts',
      '**/*.spec.tsx',
      'ui-tests/**',
      'bench/**',
      'dev/**'
    ],
    rules: {
      '@typescript-eslint/naming-convention': 'off',
      'no-console': 'off'
    }
  }
);
