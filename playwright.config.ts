import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { dirname } from 'node:path';

/**
 * The @grafana/plugin-e2e suite (tests/e2e) runs against a real Grafana at GRAFANA_URL, for
 * example `docker compose up` (http://localhost:3000). Without GRAFANA_URL every spec is
 * skipped: no Grafana server can run where this was built. Browser tests that run everywhere
 * are in tests/browser.
 */
const grafanaUrl = process.env.GRAFANA_URL;
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;
const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  },
};

export default defineConfig<PluginOptions>({
  testDir: './tests/e2e',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: './test-results/e2e',
  use: {
    baseURL: grafanaUrl ?? 'http://localhost:3000',
    trace: 'on-first-retry',
  },
  projects: grafanaUrl
    ? [
        { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
        { name: 'chromium', use: { ...chromium, storageState: 'playwright/.auth/admin.json' }, dependencies: ['auth'] },
      ]
    : [{ name: 'no-grafana', use: chromium }],
});
