import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'data/',
      'coverage/',
      'server/db/migrations/',
      'test/e2e/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // The client and shared code run in the mini-program: no Node built-ins there.
    files: ['client/**/*.{ts,tsx}', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: "Use 'zod/mini' in shared/ and client/ (bundle size)." }],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto'],
              message: 'Node built-ins cannot run in the mini-program.',
            },
            {
              group: ['drizzle-orm*', 'fastify*', 'better-sqlite3', '**/server/**'],
              message: 'Server code must not reach the client bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['babel.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
