// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
const bannedInWorkflows = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  'better-sqlite3',
  'execa',
  'simple-git',
  'fastify',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.tools/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Activities and fastify plugins are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bannedInWorkflows.map((name) => ({
            name,
            message: 'Workflow code runs in the Temporal sandbox: do I/O in an activity instead.',
          })),
          patterns: [
            { group: ['../activities/*', '../store/*', '../agents/*', '../git/*', '../enrich/*', '../config/*'],
              allowTypeImports: true,
              message: 'Workflows import only @temporalio/workflow, model/ and activity types (import type).' },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript files (configs, jest global setup, fixture programs) are not type-checked.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
