// Lint: ESLint's and typescript-eslint's recommended rules over src, migrations, seeds, test and bench.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** A layer's forbidden imports (value imports; `allowTypeImports` patterns may still be imported as types). */
function layer(files, patterns, opts = {}) {
  const typeOnly = opts.allowTypeImports ?? [];
  return [{
    files: [files],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          ...patterns.filter((p) => !typeOnly.includes(p)).map((p) => ({ group: [p], message: 'This import crosses the layers (see ARCHITECTURE.md).' })),
          ...typeOnly.map((p) => ({ group: [p], allowTypeImports: true, message: 'Only types may come from this layer (see ARCHITECTURE.md).' })),
        ],
      }],
    },
  }];
}

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
  // The layers (ARCHITECTURE.md): domain is pure; repositories own SQL and know nothing above them;
  // services never see the web; the web never touches SQL. Type-only imports of row types are allowed.
  ...layer('src/domain/**/*.ts', ['**/repositories/*', '**/services/*', '**/web/*', '**/journeys/*', '**/pdf/*', '**/notify/*', 'knex', 'express']),
  ...layer('src/repositories/**/*.ts', ['**/services/*', '**/web/*', '**/journeys/*', '**/pdf/*']),
  ...layer('src/services/**/*.ts', ['**/web/*', '**/journeys/*', 'express']),
  ...layer('src/journeys/**/*.ts', ['**/web/*', '**/repositories/*', 'express'], { allowTypeImports: ['**/repositories/*'] }),
  ...layer('src/web/**/*.ts', ['**/repositories/*', 'knex'], { allowTypeImports: ['**/repositories/*', 'knex'] }),
);
