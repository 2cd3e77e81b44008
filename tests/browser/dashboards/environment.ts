import { readFileSync } from 'node:fs';

/** The demo stack's team and service the dashboards are checked with (besides All). */
export const DEMO_TEAM = 'discovery';
export const DEMO_SERVICE = 'search';
/**
 * Days of demo history the stack writes: enough for the story's payments burst (10 days ago,
 * exhausting payments-api's budget and freezing its releases) and checkout's latency regression
 * (5 days ago), about 40 s to write.
 */
export const HISTORY_DAYS = 11;

/** Written by setup.ts: where the live demo stack and the host page run. */
export interface DashboardsEnvironment {
  hostUrl: string;
  stewardUrl: string;
  stewardSecret: string;
  prometheusUrl: string;
  screenshotDir: string;
}

export function dashboardsEnvironment(): DashboardsEnvironment {
  const file = process.env.STEWARD_DASHBOARDS_ENV;
  if (!file) {
    throw new Error('STEWARD_DASHBOARDS_ENV is not set; run these tests through tests/browser/dashboards/playwright.config.ts');
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}
