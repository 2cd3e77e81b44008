import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// The provisioned dashboards against the live demo stack (`npm run stack`: workload, Prometheus,
// steward-server), in the host page; see tests/browser/README.md. Its own global setup, because it
// needs the demo workload and catalog SLOs, not the ground-truth environment of the other specs.
export default defineConfig({
  ...base,
  testDir: '../specs',
  testMatch: ['dashboards.spec.ts'],
  testIgnore: [],
  globalSetup: './setup.ts',
  outputDir: '../../../test-results/browser-dashboards',
  timeout: 120_000,
  use: { ...base.use, viewport: { width: 1440, height: 900 } },
});
