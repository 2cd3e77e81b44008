import { defineConfig } from 'vitest/config';

// Server and workload unit tests sit next to the code; integration tests under tests/integration start
// real Prometheus, Alertmanager, PostgreSQL and steward-server processes.
export default defineConfig({
  test: {
    include: [
      'server/src/**/*.test.ts',
      'examples/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/harness/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    reporters: ['default'],
  },
});
