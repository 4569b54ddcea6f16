// ESLint 10 flat config: typescript-eslint's recommended rules everywhere, plus the type-aware promise rules
// (an unawaited promise is an unhandled rejection waiting to happen). `npm run lint`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', 'web/dist/**', 'coverage/**', 'data/**', '.bench-dist/**', '.presence-build/**', '.bench-head/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      // Each file is checked with the nearest tsconfig.json (web/tsconfig.json for the pages, ./tsconfig.json elsewhere).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    languageOptions: { globals: globals.browser },
  },
  {
    // The pages' unit specs run under Jest: web/tsconfig.json leaves them out, web/tsconfig.spec.json adds them.
    files: ['web/src/**/*.spec.ts', 'web/src/**/*.spec.tsx'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: false, project: './web/tsconfig.spec.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
