// The repository lints itself with its own plugin (the built package, so
// `npm run build` comes first) and with eslint-plugin-eslint-plugin on the
// rule sources and their tests.
import eslintPluginPlugin from 'eslint-plugin-eslint-plugin';
import pitfalls from 'eslint-plugin-pitfalls';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      // Fixture repos are broken on purpose; the fixtures test lints them.
      'fixtures/**',
      'packages/eslint-plugin/tests/fixture/**',
      // Other projects' parser fixtures, stored as JSON for the stress test; never our code.
      'packages/eslint-plugin/tests/stress/*.json',
      'docs/**',
      '**/.generated/**',
      'tmp/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  pitfalls.configs.strict,
  {
    // The pitfalls command is a CLI: nothing else runs while it reads a config
    // file or writes a report, which is the rule page's "when not to use it".
    files: ['packages/cli/src/**/*.ts'],
    rules: { 'pitfalls/no-sync-io-in-async': 'off' },
  },
  {
    files: ['packages/eslint-plugin/src/rules/**/*.ts'],
    ...eslintPluginPlugin.configs.rules,
    rules: {
      ...eslintPluginPlugin.configs.rules.rules,
      // createRule adds docs.url (the rule cannot see through it); the
      // meta-test asserts every rule's url instead.
      'eslint-plugin/require-meta-docs-url': 'off',
      // `recommended` is our preset level ('recommended' | 'strict'), checked by the meta-test.
      'eslint-plugin/require-meta-docs-recommended': 'off',
      // Rules run on the JavaScript/TypeScript language only, ESLint's default.
      'eslint-plugin/require-meta-languages': 'off',
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Disallow|Enforce|Require)' }],
      'eslint-plugin/require-meta-default-options': 'error',
      'eslint-plugin/require-meta-schema-description': 'error',
      'eslint-plugin/no-meta-schema-default': 'error',
      'eslint-plugin/no-unused-message-ids': 'error',
      'eslint-plugin/no-missing-placeholders': 'error',
      'eslint-plugin/require-meta-has-suggestions': 'error',
      'eslint-plugin/prefer-message-ids': 'error',
    },
  },
  {
    files: ['packages/eslint-plugin/tests/rules/**/*.ts'],
    ...eslintPluginPlugin.configs.tests,
    rules: {
      ...eslintPluginPlugin.configs.tests.rules,
      'eslint-plugin/require-test-error-positions': 'error',
      'eslint-plugin/no-identical-tests': 'error',
      'eslint-plugin/no-only-tests': 'error',
    },
  },
);
