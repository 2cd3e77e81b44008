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
    files: ['server/**/*.ts', 'tests/**/*.{ts,tsx}', 'scripts/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts', 'dashboards/**/*.ts'],
    rules: {
      // TypeBox declares a schema and its type under one name; TypeScript checks real redeclarations.
      'no-redeclare': 'off',
    },
  },
  {
    // The host page supplies Grafana's shared modules, moment among them.
    files: ['tests/browser/host/shared-modules.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
]);
