import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfill, type SyntheticSeries } from '../harness/backfill.js';
import { copyDemoCatalog } from '../harness/catalog-files.js';
import { freePort } from '../harness/ports.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * Series as a fleet would expose them: some claimed by registered services (by the default
 * service="<name>", or by the matchers they declare), some claimed by nobody.
 */
const REQUESTS_PER_MINUTE: Array<[Record<string, string>, number]> = [
  [{ service: 'checkout-api' }, 600],
  [{ service: 'payments-api' }, 300],
  [{ service: 'ledger' }, 120],
  [{ service: 'search' }, 900],
  [{ service: 'legacy-batch' }, 6], // unregistered
  [{ service: 'canary-test' }, 1], // unregistered
  [{ job: 'edge-proxy' }, 1200], // edge-proxy declares job="edge-proxy"
  [{ job: 'coredns' }, 60], // dns-resolver declares job="coredns"
  [{ job: 'mystery-exporter' }, 12], // unregistered
  [{ service_name: 'postgres-ledger' }, 30], // postgres-ledger declares service_name=…
];
const UNOWNED = [
  { label: 'job', value: 'mystery-exporter', series: 1 },
  { label: 'service', value: 'canary-test', series: 1 },
  { label: 'service', value: 'legacy-batch', series: 1 },
];
const OWNERS: Record<string, string> = {
  'checkout-api': 'checkout',
  'payments-api': 'payments',
  ledger: 'payments',
  search: 'discovery',
};

let work: TempDir;
let catalog: TempDir;
let prometheus: RunningPrometheus;
let steward: RunningSteward;

beforeAll(async () => {
  work = tempDir('ownership-telemetry');
  catalog = copyDemoCatalog();
  const now = Math.floor(Date.now() / 1000 / 60) * 60;
  const series: SyntheticSeries[] = REQUESTS_PER_MINUTE.map(([labels, perMinute]) => ({
    name: 'http_requests_total',
    type: 'counter',
    labels,
    valueAt: (t) => Math.floor(t / 60) * perMinute,
  }));
  // History ends now: Prometheus refuses live (scraped) samples older than its newest block.
  await backfill(join(work.path, 'tsdb'), { start: now - 3 * 3600, end: now, stepSeconds: 60, series });
  const stewardPort = await freePort();
  // Prometheus scrapes steward-server's /metrics, as in the stack, for the ownership info series.
  prometheus = await startPrometheus({
    dataDir: join(work.path, 'tsdb'),
    scrape: [{ job: 'steward', targets: [`127.0.0.1:${stewardPort}`], scrapeInterval: '1s' }],
  });
  steward = await startSteward({
    port: stewardPort,
    prometheusUrl: prometheus.url,
    env: { STEWARD_CATALOG_DIR: catalog.path, STEWARD_IDENTIFIER_LABELS: 'service,job,service_name' },
  });
});

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  catalog?.remove();
  work?.remove();
});

async function promQuery(
  query: string,
  time?: number
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const at = time === undefined ? '' : `&time=${time}`;
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}${at}`);
  return (await response.json()).data.result;
}

describe('ownership against a live Prometheus', () => {
  it('finds exactly the label values that no registered service claims', async () => {
    const response = await steward.api('/api/v1/ownership/unowned-telemetry');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.labels).toEqual(['service', 'job', 'service_name']);
    expect(
      body.values.sort((a: any, b: any) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value))
    ).toEqual(UNOWNED);
  });

  it('exports owners that PromQL joins onto any series by service, per team and filtered by team', async () => {
    const deadline = Date.now() + 30_000;
    while ((await promQuery('count(steward_service_owner_info)')).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    const [registered] = await promQuery('count(steward_service_owner_info)');
    // Steward's own series name every service; they are not telemetry, so nothing new is unowned.
    const unowned = (await (await steward.api('/api/v1/ownership/unowned-telemetry?label=service')).json()).values;
    expect(unowned).toEqual(UNOWNED.filter((u) => u.label === 'service'));
    expect(Number(registered!.value[1])).toBe(40);

    // At one evaluation time, each team's joined rate equals the sum of its services' own rates.
    const at = Date.now() / 1000;
    const joined = await promQuery(
      'sum by (team) (rate(http_requests_total[5m]) * on(service) group_left(team) steward_service_owner_info)',
      at
    );
    const perService = await promQuery('sum by (service) (rate(http_requests_total{service!=""}[5m]))', at);
    const expected: Record<string, number> = {};
    for (const row of perService) {
      const team = OWNERS[row.metric.service!];
      if (team) {
        expected[team] = (expected[team] ?? 0) + Number(row.value[1]);
      }
    }
    const perTeam = Object.fromEntries(joined.map((r) => [r.metric.team, Number(r.value[1])]));
    expect(Object.keys(perTeam).sort()).toEqual(['checkout', 'discovery', 'payments']);
    for (const [team, rate] of Object.entries(expected)) {
      expect(perTeam[team]).toBeCloseTo(rate, 9);
    }
    // And in the proportions the traffic was generated with.
    expect(perTeam.discovery! / perTeam.checkout!).toBeCloseTo(900 / 600, 6);
    expect(perTeam.payments! / perTeam.checkout!).toBeCloseTo((300 + 120) / 600, 6);

    const payments = await promQuery(
      'sum by (service) (rate(http_requests_total[5m]) * on(service) group_left(team) steward_service_owner_info{team=~"payments"})'
    );
    expect(payments.map((r) => r.metric.service).sort()).toEqual(['ledger', 'payments-api']);

    // Teams too, with their parents, so a roll-up can climb the hierarchy in PromQL.
    const teams = await promQuery('steward_team_info');
    const parents = Object.fromEntries(teams.map((r) => [r.metric.team, r.metric.parent_team ?? '']));
    expect(Object.keys(parents)).toHaveLength(14);
    expect(parents).toMatchObject({ payments: 'commerce', commerce: 'engineering', engineering: '' });
    const underCommerce = await promQuery('count(steward_team_info{parent_team="commerce"})');
    expect(Number(underCommerce[0]!.value[1])).toBe(3);
  });

  it('reports drift and scorecards for a team and the teams below it', async () => {
    const health = await (await steward.api('/api/v1/ownership/health?team=platform')).json();
    const teams = new Set(health.findings.map((f: { team: string }) => f.team));
    expect([...teams].every((t) => ['platform', 'sre', 'data-platform', 'identity'].includes(t as string))).toBe(true);
    expect(health.findings).toContainEqual(
      expect.objectContaining({
        rule: 'team-no-oncall',
        name: 'data-platform',
        message: 'owns services but has no on-call rotation or schedule',
      })
    );
    expect(health.scorecard.rules.map((r: { level: string }) => r.level)).toEqual(
      expect.arrayContaining(['beginner', 'intermediate', 'advanced'])
    );
    const all = await (await steward.api('/api/v1/ownership/health')).json();
    expect(all.findings).toContainEqual(
      expect.objectContaining({ rule: 'service-owner-missing', name: 'legacy-reports' })
    );
    expect(all.findings).toContainEqual(expect.objectContaining({ rule: 'team-no-members', name: 'growth' }));
  });

  it('explains an unreachable Prometheus on the unowned-telemetry check only', async () => {
    const lonely = await startSteward({
      prometheusUrl: `http://127.0.0.1:${await freePort()}`,
      env: { STEWARD_CATALOG_DIR: catalog.path },
    });
    try {
      const unowned = await lonely.api('/api/v1/ownership/unowned-telemetry');
      expect(unowned.status).toBe(503);
      expect((await unowned.json()).error.message).toContain('cannot reach Prometheus');
      expect((await lonely.api('/api/v1/ownership/health')).status).toBe(200);
    } finally {
      await lonely.stop();
    }
  }, 120_000);
});
