import { readFileSync } from 'node:fs';

export const TEST_USERS = {
  admin: { login: 'admin', role: 'Admin' as const },
  editor: { login: 'erin', role: 'Editor' as const },
  viewer: { login: 'victor', role: 'Viewer' as const },
};

/** Written by global-setup.ts: where things run and the ground truth the backfill wrote. */
export interface BrowserEnvironment {
  hostUrl: string;
  stewardUrl: string;
  stewardSecret: string;
  prometheusUrl: string;
  seriesByService: Record<string, number>;
  screenshotDir: string;
}

export function environment(): BrowserEnvironment {
  const file = process.env.STEWARD_BROWSER_ENV;
  if (!file) {
    throw new Error('STEWARD_BROWSER_ENV is not set; run the browser tests through tests/browser/playwright.config.ts');
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}
