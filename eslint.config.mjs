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
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node }
  },
  {
    // Strings in the stand-in, the benchmarks and the scripts are no one's UI.
    files: [
      'dev/**',
      'bench/**',
      '**/*.config.js',
      '**/*.config.mjs',
      'src/zenodo/__tests__/browser/**'
    ],
    rules: { 'jupyter/no-untranslated-string': 'off' }
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
