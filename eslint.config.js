// Lint: ESLint's and typescript-eslint's recommended rules over src, migrations, seeds, test and bench.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'public/js/htmx*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['**/*.js'],
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { caughtErrorsIgnorePattern: '^_' }], // ES5 has no optional catch binding
    },
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', document: 'readonly', window: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
  },
);
