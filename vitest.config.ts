import { defineConfig } from 'vitest/config';
import WallClockFirst from './tests/harness/wall-clock-first.js';

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
    // Three forks on two CPUs: the files that wait minutes on Prometheus's clock start first
    // (WallClockFirst) and hold a fork while using next to no CPU.
    poolOptions: { forks: { maxForks: 3 } },
    sequence: { sequencer: WallClockFirst },
    reporters: ['default'],
  },
});
