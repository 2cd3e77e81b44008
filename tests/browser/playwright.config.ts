import { defineConfig } from '@playwright/test';

// Browser tests of the *built* plugin (dist/) in Debian's Chromium, inside a host page that
// loads it the way Grafana does; see tests/browser/README.md.
export default defineConfig({
  testDir: './specs',
  // The dashboards have their own setup (the live demo stack): dashboards/playwright.config.ts.
  testIgnore: ['**/dashboards.spec.ts'],
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/browser',
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
