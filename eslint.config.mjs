import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      '**/.build/',
      'server/dist/',
      'test-results/',
      '.stack/',
    ],
  },
  ...baseConfig,
  // The scaffold only lints the plugin (src/); the server, tests, scripts, benches and examples get the same rules.
  {
    files: [
      'contract/**/*.ts',
      'server/**/*.ts',
      'tests/**/*.{ts,tsx}',
      'scripts/**/*.ts',
      'bench/**/*.ts',
      'examples/**/*.ts',
      'dashboards/**/*.ts',
    ],
    rules: {
      // TypeBox declares a schema and its type under one name; TypeScript checks real redeclarations.
      'no-redeclare': 'off',
    },
  },
  {
    // SQL lives behind the store modules: everything else asks them, never the database.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/store/**', 'server/src/registry/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        ...['kysely', 'pg', 'better-sqlite3'].map((name) => ({
          name,
          message: 'SQL lives in server/src/store/ and server/src/registry/store/; call a store module instead.',
        })),
      ],
    },
  },
  {
    // The host page supplies Grafana's shared modules, moment among them.
    files: ['tests/browser/host/shared-modules.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
]);
