import type { Page } from '@playwright/test';

/** Status rows and pages as steward-server answers them (the fields the specs read). */
export interface StatusRow {
  slo: string;
  title: string;
  service: string;
  team?: string;
  teamTitle?: string;
  group: Record<string, string>;
  objective: { index: number; target: number; window: string };
  window: { from: number; to: number };
  noDataSince?: number;
  budgetRemaining: number | null;
  burnRates: Record<string, number | null>;
  state: string;
  alerts: Array<{ tier: string; longWindow: string; state: string }>;
  history: { source: string; state: string; coveredFrom?: number };
  url: string;
}
export interface StatusPage {
  computedAt: number;
  rows: StatusRow[];
}

export const APP = '/a/steward-ownership-app';

/** The group as the panel labels it: `route="/cart"`. */
export const groupText = (group: Record<string, string>) =>
  Object.entries(group)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');

/** One status row's key as the panel's cells carry it: slo|objective|group. */
export const keyOf = (row: StatusRow) => `${row.slo}|${row.objective.index}|${groupText(row.group)}`;

/** Grafana's percentunit with one decimal, as the datasource configures the budget field. */
export const budgetText = (budget: number | null) => (budget === null ? '—' : `${(budget * 100).toFixed(1)}%`);

/** A panel spec for the host page: the SLO panel over Steward queries, the last 6 hours unless given. */
export function statusPanel(
  targets: object[],
  options: object = {},
  extra: Record<string, any> = {}
): Record<string, any> {
  const now = Date.now();
  return {
    pluginPath: 'panels/slo',
    datasource: 'steward',
    title: 'SLO status',
    targets,
    options: { mode: 'grid', ...options },
    from: now - 6 * 3600_000,
    to: now,
    width: 1000,
    height: 420,
    ...extra,
  };
}

/** The slo-status answer the datasource got through Grafana's proxy while the page loaded. */
export function statusAnswer(page: Page): Promise<{ url: URL; body: StatusPage }> {
  return page
    .waitForResponse((r) => new URL(r.url()).pathname.endsWith('/api/v1/slo-status') && r.status() === 200)
    .then(async (r) => ({ url: new URL(r.url()), body: await r.json() }));
}

/** Cells (or gauges) as shown: key → value text, plus team and service. */
export async function shownItems(page: Page, testId: string, valueTestId: string) {
  return page.getByTestId(testId).evaluateAll(
    (nodes, valueId) =>
      nodes.map((n) => ({
        key: `${n.getAttribute('data-slo')}|${n.getAttribute('data-objective')}|${n.getAttribute('data-group')}`,
        team: n.getAttribute('data-team'),
        service: n.getAttribute('data-service'),
        state: n.getAttribute('data-state'),
        freezeBelow: n.getAttribute('data-freeze-below'),
        href: n.getAttribute('href'),
        value: n.querySelector(`[data-testid="${valueId}"]`)?.textContent ?? '',
      })),
    valueTestId
  );
}
