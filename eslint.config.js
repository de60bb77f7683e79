// ESLint flat config: type-checked typescript-eslint rules plus the project's bans
// (STYLE.md 6.4.9): process.env only in src/config.ts, JSON.parse only in src/parse-json.ts,
// console only in entry points, tests and benchmarks, no clock or randomness in src/core.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const processEnvBan = {
  object: 'process',
  property: 'env',
  message: 'Read configuration through src/config.ts (loadConfig).',
};
const jsonParseBan = {
  object: 'JSON',
  property: 'parse',
  message: 'Use parseJson(text, schema) from src/parse-json.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.alex/',
      'alex-output/',
      'infra/**/.terraform/',
      'web/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': ['error', processEnvBan, jsonParseBan],
      'no-console': 'error',
    },
  },
  {
    files: ['src/config.ts'],
    rules: { 'no-restricted-properties': ['error', jsonParseBan] },
  },
  {
    files: ['src/parse-json.ts'],
    rules: { 'no-restricted-properties': ['error', processEnvBan] },
  },
  {
    files: ['src/entry/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'vitest.config.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', jsonParseBan],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        processEnvBan,
        jsonParseBan,
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator in core/monte-carlo/rng.ts.',
        },
        { object: 'Date', property: 'now', message: 'Time is passed in; core has no clock.' },
      ],
    },
  },
  {
    // The web app runs in the browser: it reads no server configuration, parses only its own
    // API's answers, and may import nothing from src/ but the contracts, and those as types.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-properties': ['error', processEnvBan],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!contracts/)',
              message: 'The web app imports nothing from src/ but src/contracts.',
            },
            {
              regex: '^(\\.\\./)+src/contracts/',
              allowTypeImports: true,
              message:
                'Import the contracts as types only (import type): no server code in the bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    // Component tests check the fake API's answers against the contracts' zod schemas, so a
    // fixture cannot drift from what the server sends. They never reach the bundle.
    files: ['web/test/**/*.{ts,tsx}', 'web/src/**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!contracts/)',
              message: 'Web tests import nothing from src/ but src/contracts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
  prettier,
);
