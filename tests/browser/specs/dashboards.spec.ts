import { test as base, expect, type Page } from '@playwright/test';
import type { DashboardReport, TargetReport } from '../host/dashboard-host';
import {
  DEMO_SERVICE,
  DEMO_TEAM,
  dashboardsEnvironment,
  type DashboardsEnvironment,
} from '../dashboards/environment.js';
import { testIds } from '../test-ids.js';

/**
 * The provisioned dashboards (the app's shipped copies in dist/dashboards) against the live demo
 * stack: every target of every panel, and every annotation, with the variables set to All and to
 * one team (and one service for the debug dashboard), as Grafana would run them:
 * - Steward targets through the built datasource in the host page (variables from its variable
 *   support, interpolated by the host's template service, which follows Grafana's rules);
 * - Prometheus targets interpolated as Grafana's Prometheus datasource does (frontend
 *   interpolateQueryExpr, backend $__rate_interval/$__range), then asked of the stack's Prometheus
 *   through the stand-in's data proxy. No Grafana Prometheus datasource can run here: it is a core
 *   plugin, not on npm, and runs its queries in Grafana's Go backend (see host/prometheus.ts).
 * Checks: no errors; data wherever data is expected (EMPTY lists the exceptions and why); fewer
 * rows for one team than for All where the panel is filtered by team. Prints the table of
 * panels × rows.
 */

const test = base.extend<{ env: DashboardsEnvironment }>({
  env: async ({}, use) => use(dashboardsEnvironment()),
});

/** A time range that holds weekdays whatever day this runs, so deploys are in it. */
const RANGE = { from: 'now-7d', to: 'now' };

interface Run {
  label: string;
  variables: Record<string, string>;
}
const ALL: Run = { label: 'All', variables: { team: '$__all' } };
const TEAM: Run = { label: DEMO_TEAM, variables: { team: DEMO_TEAM } };

interface DashboardCase {
  file: string;
  runs: [Run, Run];
  /** Panels whose targets follow only `$service` (a service of `$team`): the same rows for both runs. */
  serviceScoped?: boolean;
  /** Panels (by title) that may legitimately answer nothing, per run label, and why. */
  empty?: Record<string, { runs: string[]; why: string }>;
  /** Panels where the team's rows may equal All's, and why. */
  sameForTeam?: Record<string, string>;
}

const CASES: DashboardCase[] = [
  {
    file: 'executive.json',
    runs: [ALL, TEAM],
    empty: {
      'Release freezes': {
        runs: [DEMO_TEAM],
        why: 'only payments-api-availability has a budget policy, and only its freeze line is crossed; discovery has none',
      },
    },
  },
  {
    file: 'oncall.json',
    runs: [ALL, TEAM],
  },
  {
    file: 'debug.json',
    runs: [
      { label: `All / ${DEMO_SERVICE}`, variables: { team: '$__all', service: DEMO_SERVICE } },
      { label: `${DEMO_TEAM} / ${DEMO_SERVICE}`, variables: { team: DEMO_TEAM, service: DEMO_SERVICE } },
    ],
    serviceScoped: true,
  },
];

function dashboardUrl(file: string, run: Run): string {
  const params = new URLSearchParams({ file, ...RANGE });
  for (const [name, value] of Object.entries(run.variables)) {
    params.append(`var-${name}`, value);
  }
  return `/host/dashboard?${params}`;
}

async function openDashboard(page: Page, env: DashboardsEnvironment, file: string, run: Run): Promise<DashboardReport> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${env.hostUrl}${dashboardUrl(file, run)}`);
  await expect(page.getByTestId('host-dashboard-failure')).toHaveCount(0);
  await expect(page.getByTestId('host-dashboard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  expect(errors, 'uncaught errors in the page').toEqual([]);
  return (await page.evaluate(() => window.stewardDashboardReport)) as DashboardReport;
}

const keyOf = (t: TargetReport) => `${t.panelId}|${t.refId}`;

/** The table every run prints: panel, target, datasource, rows for All and for the team. */
const printed: string[] = [];

test.describe('provisioned dashboards against the live demo stack', () => {
  test.describe.configure({ mode: 'serial' });

  for (const c of CASES) {
    test(`${c.file}: every target and annotation, for All and for ${c.runs[1].label}`, async ({ page, env }) => {
      const all = await openDashboard(page, env, c.file, c.runs[0]);
      if (c.file !== 'debug.json') {
        await page.screenshot({
          path: `${env.screenshotDir}/dashboard-${c.file.replace('.json', '')}.png`,
          fullPage: true,
        });
      }
      const teamReport = await openDashboard(page, env, c.file, c.runs[1]);
      const reports = { [c.runs[0].label]: all, [c.runs[1].label]: teamReport };

      // The variables as Grafana would set them: All is `.*` for team (a custom All value), the
      // hidden owners variable covers the chosen team and its sub-teams, services follow the team.
      expect(all.variables.team!.interpolated).toBe('.*');
      expect(teamReport.variables.team!.interpolated).toBe(DEMO_TEAM);
      expect(teamReport.variables.owners!.options).toEqual([DEMO_TEAM]);
      expect(all.variables.owners!.options.length).toBeGreaterThan(10);
      expect(teamReport.variables.service!.options).toContain(DEMO_SERVICE);
      expect(teamReport.variables.service!.options.length).toBeLessThan(all.variables.service!.options.length);

      // Every target ran without an error, in both runs.
      for (const [label, report] of Object.entries(reports)) {
        const failed = report.targets.filter((t) => t.error);
        expect(failed.map((t) => `${label}: ${t.panel} ${t.refId}: ${t.error}`)).toEqual([]);
        const warned = report.targets.filter((t) => t.warnings.length > 0);
        expect(warned.map((t) => `${label}: ${t.panel} ${t.refId}: ${t.warnings.join('; ')}`)).toEqual([]);
        expect(report.annotations.filter((a) => a.error)).toEqual([]);
        expect(report.targets.length).toBeGreaterThanOrEqual(6);
      }

      const lines: string[] = [];
      for (const target of all.targets) {
        const other = teamReport.targets.find((t) => keyOf(t) === keyOf(target))!;
        const rows = { [c.runs[0].label]: target.rows, [c.runs[1].label]: other.rows };
        lines.push(
          `| ${c.file.replace('.json', '')} | ${target.panel} | ${target.refId} | ${target.datasource} | ${target.rows} | ${other.rows} |`
        );
        // Data wherever data is expected.
        for (const [label, n] of Object.entries(rows)) {
          const allowed = c.empty?.[target.panel]?.runs.includes(label) ?? false;
          const sent = label === c.runs[0].label ? target.query : other.query;
          expect(n > 0 || allowed, `${label}: ${target.panel} ${target.refId} answered nothing for ${sent}`).toBe(true);
        }
        // Filtered by team: fewer rows for the team than for All (the debug dashboard follows one
        // service, owned by the team, so both runs answer the same rows).
        const what = `${target.panel} ${target.refId}: ${target.rows} rows for All, ${other.rows} for ${c.runs[1].label}`;
        if (c.serviceScoped) {
          expect(other.rows, what).toBe(target.rows);
        } else if (!c.sameForTeam?.[target.panel]) {
          expect(other.rows < target.rows, what).toBe(true);
        }
      }
      // Deploys, and SLO alerts and budgets.
      expect(all.annotations.map((a) => a.name)).toEqual(['Deploys', 'SLO alerts and budgets']);
      for (const annotation of all.annotations) {
        const other = teamReport.annotations.find((a) => a.name === annotation.name)!;
        lines.push(
          `| ${c.file.replace('.json', '')} | annotation: ${annotation.name} | — | steward | ${annotation.events} | ${other.events} |`
        );
        expect({ annotation: annotation.name, events: annotation.events > 0 }).toEqual({
          annotation: annotation.name,
          events: true,
        });
        if (c.serviceScoped) {
          expect(other.events).toBe(annotation.events);
        } else {
          expect(other.events).toBeLessThanOrEqual(annotation.events);
        }
      }
      printed.push(...lines);

      // Prometheus targets went out with the team joined and variables replaced as Grafana does.
      expect(teamReport.targets.filter((t) => t.datasource === 'prometheus').length).toBeGreaterThan(0);
      expect(teamReport.targets.filter((t) => t.datasource === 'steward').length).toBeGreaterThan(0);
      for (const target of teamReport.targets.filter((t) => t.datasource === 'prometheus')) {
        expect(target.query).toContain(
          `steward_service_owner_info{team=~"${DEMO_TEAM}"} @ ${Math.floor(teamReport.to / 1000)})`
        );
        expect(target.query).not.toMatch(/\$\w/);
      }
      for (const target of teamReport.targets.filter((t) => t.datasource === 'steward')) {
        const query = JSON.parse(target.query) as { team?: string[]; service?: string[] };
        expect(
          [...(query.team ?? []), ...(query.service ?? [])].some((v) => v === DEMO_TEAM || v === DEMO_SERVICE)
        ).toBe(true);
      }
      if (c.file === 'debug.json') {
        // Links to logs and traces carry the service and the time range.
        expect(Object.keys(teamReport.links).length).toBeGreaterThan(0);
        for (const urls of Object.values(teamReport.links)) {
          expect(urls).toEqual([
            `https://logs.acme.example/search?service=${DEMO_SERVICE}&from=${teamReport.from}&to=${teamReport.to}`,
            `https://traces.acme.example/search?service=${DEMO_SERVICE}&from=${teamReport.from}&to=${teamReport.to}`,
          ]);
        }
        await page.screenshot({ path: `${env.screenshotDir}/dashboard-debug.png`, fullPage: true });
      }
    });
  }

  test.afterAll(() => {
    console.log(
      [
        `\nPanel targets (rows: table rows, or series; time range ${RANGE.from} to ${RANGE.to})`,
        `| dashboard | panel | ref | datasource | All | ${DEMO_TEAM} (debug: service ${DEMO_SERVICE}) |`,
        '|---|---|---|---|---|---|',
        ...printed,
      ].join('\n')
    );
  });

  test('key panels, drawn in the host from the demo data', async ({ page, env }) => {
    const shoot = async (file: string, run: Run, titles: Array<[string, string]>) => {
      await openDashboard(page, env, file, run);
      for (const [title, name] of titles) {
        const panel = page.locator(`[data-testid="host-dashboard-panel"][data-panel-title="${title}"]`);
        await expect(panel).toHaveCount(1);
        await panel.screenshot({ path: `${env.screenshotDir}/${name}.png` });
      }
    };
    await shoot('executive.json', ALL, [
      ['SLO status by team', 'dashboard-executive-status-grid'],
      ['Error budgets of tier-1 services', 'dashboard-executive-gauges'],
      ['SLO compliance by team', 'dashboard-executive-compliance'],
    ]);
    await expect(page.getByTestId(testIds.sloPanel.cell).first()).toBeVisible();
    await shoot('oncall.json', ALL, [
      ['Burning and exhausted SLOs', 'dashboard-oncall-burning'],
      ['Owners, on-call and runbooks', 'dashboard-oncall-owners'],
    ]);
    await shoot('debug.json', CASES[2]!.runs[1], [
      ['Dependencies (catalog dependsOn)', 'dashboard-debug-dependencies'],
      ['SLO budget burn-down', 'dashboard-debug-burndown'],
    ]);
    await expect(page.getByTestId('host-node-graph-frames')).toBeVisible();
  });

  test('a status-grid cell of the demo data opens its SLO page', async ({ page, env }) => {
    await openDashboard(page, env, 'executive.json', ALL);
    const cell = page.locator(`[data-testid="${testIds.sloPanel.cell}"][data-slo="search-success-rate"]`);
    await expect(cell).toHaveCount(1);
    await expect(cell).toHaveAttribute('data-state', 'burning');
    await cell.click();
    await expect(page).toHaveURL(/\/a\/steward-ownership-app\/slos\/search-success-rate/);
    await expect(page.getByTestId(testIds.slo.container)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId(testIds.slo.owner)).toContainText('Discovery');
    await expect(page.getByTestId(testIds.slo.budget)).toBeVisible();
    await page.screenshot({ path: `${env.screenshotDir}/slo-page-demo.png`, fullPage: true });
  });
});
