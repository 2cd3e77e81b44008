import { readFileSync } from 'node:fs';
import { expect, test } from '@grafana/plugin-e2e';
import { testIds } from '../browser/test-ids.js';

/**
 * The provisioned dashboards in a real Grafana (docker compose up with the demo workload,
 * GRAFANA_URL set): every panel renders without an error, for All and for one team. Skipped
 * without GRAFANA_URL: these have not run where this was written. The same dashboards run target
 * by target against the demo stack in tests/browser/specs/dashboards.spec.ts.
 */
test.skip(!process.env.GRAFANA_URL, 'GRAFANA_URL is not set: no Grafana to test against');

interface DashboardFile {
  uid: string;
  panels: Array<{ type: string; title: string }>;
}

const FILES = ['executive.json', 'oncall.json', 'debug.json'];
const read = (file: string): DashboardFile =>
  JSON.parse(readFileSync(new URL(`../../dashboards/${file}`, import.meta.url), 'utf8')) as DashboardFile;

for (const file of FILES) {
  const dashboard = read(file);
  const titled = dashboard.panels.filter((p) => p.type !== 'row' && p.title);
  for (const team of ['$__all', 'discovery']) {
    test(`${file} for team ${team}: every panel renders without an error`, async ({ gotoDashboardPage }) => {
      const page = await gotoDashboardPage({
        uid: dashboard.uid,
        timeRange: { from: 'now-7d', to: 'now' },
        queryParams: new URLSearchParams({ 'var-team': team, 'var-service': 'search' }),
      });
      for (const { title } of titled) {
        const panel = page.getPanelByTitle(title);
        await panel.scrollIntoView();
        // Its queries answered (an error icon shows only then).
        await page.ctx.page.waitForLoadState('networkidle');
        await expect(panel.getErrorIcon(), `${file}: ${title}`).toHaveCount(0);
      }
    });
  }
}

test('a status-grid cell of the executive dashboard opens its SLO page', async ({ gotoDashboardPage, page }) => {
  await gotoDashboardPage({ uid: read('executive.json').uid, timeRange: { from: 'now-7d', to: 'now' } });
  const cell = page.locator(`[data-testid="${testIds.sloPanel.cell}"][data-slo="search-success-rate"]`);
  await cell.click();
  await expect(page).toHaveURL(/\/a\/steward-ownership-app\/slos\/search-success-rate/);
  await expect(page.getByTestId(testIds.slo.container)).toBeVisible();
});
