import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SloEntity, SloSpec } from '@steward/contract/model/slo';
import { renderRuleFile } from '../../server/src/slo/delivery/rule-file.js';
import { lastSampleQuery } from '../../server/src/slo/no-data.js';
import { ruleGroups } from '../../server/src/slo/rules.js';
import { tempDir } from '../harness/temp-dir.js';

/**
 * Steward's generated rules, checked by Prometheus's own tool: `promtool check rules` on every
 * kind of SLO, and `promtool test rules` on traffic whose errors the test chose minute by minute,
 * proving each SRE Workbook page tier fires — and stays quiet — exactly when it should, and the
 * no-data alert when the series go. promtool evaluates every group at one interval (30 s here,
 * the fine group's), so only the fine group (fine tiles, the events since their mark, the
 * alerts) is loaded: the coarse group, which ticket windows read, runs every 5 minutes in
 * Prometheus; tickets are tested in a real one (slo-budgets.test.ts).
 */
const run = promisify(execFile);
const work = tempDir('promtool-rules');
afterAll(() => work.remove());

const SERVICE = 'checkout-api';
const total = `http_requests_total{service="${SERVICE}"}`;
const bad = `http_requests_total{service="${SERVICE}",code=~"5.."}`;

function slo(name: string, spec: Partial<SloSpec>): SloEntity {
  return {
    apiVersion: 'steward.dev/v1',
    kind: 'SLO',
    metadata: { name, title: `SLO ${name}` },
    spec: { service: SERVICE, sli: { ratio: { bad, total } }, objectives: [{ target: 99.9, window: '30d' }], ...spec },
  };
}

function writeRules(entity: SloEntity, groups: 'all' | 'fine' = 'all', burnAlertsHeld = false): string {
  const file = join(work.path, `${entity.metadata.name}.${groups}${burnAlertsHeld ? '.held' : ''}.rules.yml`);
  // recordFrom -1: promtool's clock starts at the epoch, and tiles count marks after recordFrom.
  const all = ruleGroups({ slo: entity, revision: 'r1', recordFrom: -1, team: 'checkout', burnAlertsHeld });
  writeFileSync(file, renderRuleFile(groups === 'all' ? all : all.filter((g) => g.name.endsWith(':fine'))));
  return file;
}

/** Traffic per minute as the test defines it; the counters and every expected count come from it. */
interface Minute {
  good: number;
  bad: number;
}
function phases(...spans: Array<[minutes: number, perMinute: Minute]>): Minute[] {
  return spans.flatMap(([minutes, perMinute]) => Array.from({ length: minutes }, () => perMinute));
}
/** promtool input series: cumulative counters sampled every minute from t=0. */
function counters(traffic: Minute[]) {
  const series = (pick: (m: Minute) => number) => {
    const values = [0];
    traffic.forEach((m) => values.push(values[values.length - 1]! + pick(m)));
    return values.join(' ');
  };
  return [
    { series: `http_requests_total{service="${SERVICE}",code="200"}`, values: series((m) => m.good) },
    { series: `http_requests_total{service="${SERVICE}",code="500"}`, values: series((m) => m.bad) },
  ];
}
/** Bad and total events in the minutes (from, to]. */
function events(traffic: Minute[], from: number, to: number) {
  const span = traffic.slice(Math.max(0, from), to);
  return { bad: span.reduce((s, m) => s + m.bad, 0), total: span.reduce((s, m) => s + m.good + m.bad, 0) };
}
/** The burn rate Prometheus prints in the summary: error ratio over (t−window, t] ÷ budget, as %.1f. */
function printedBurn(traffic: Minute[], at: number, windowMinutes: number, budget: number): string {
  const { bad: b, total: t } = events(traffic, at - windowMinutes, at);
  return (b / t / budget).toFixed(1);
}

interface ExpectedAlert {
  severity: string;
  tier: string;
  long: string;
  burn: string;
  factor: number;
  share: number;
  short: string;
}
/** The SRE Workbook's page pairs for a 30-day window: 2% of the budget in 1h, 5% in 6h. */
const PAGE_1H = { severity: 'critical', tier: 'page', long: '1h', short: '5m', factor: 14.4, share: 2 };
const PAGE_6H = { severity: 'critical', tier: 'page', long: '6h', short: '30m', factor: 6, share: 5 };
function expectedAlert(entity: SloEntity, a: ExpectedAlert) {
  const objective = entity.spec.objectives[0]!;
  return {
    exp_labels: {
      severity: a.severity,
      burn_tier: a.tier,
      long_window: a.long,
      slo: entity.metadata.name,
      service: SERVICE,
      team: 'checkout',
    },
    exp_annotations: {
      summary: `SLO ${entity.metadata.name}: error budget burning ${a.burn}× faster than the objective allows (over ${a.long})`,
      description: `SLO ${entity.metadata.name} (service ${SERVICE}, objective ${objective.target}% over ${objective.window ?? '30d'}) has burned its budget at over ${a.factor}× for ${a.long} and ${a.short}: about ${a.share}% of the budget in ${a.long}.`,
    },
  };
}

async function promtoolTest(entity: SloEntity, tests: unknown[], burnAlertsHeld = false): Promise<string> {
  const name = entity.metadata.name;
  const file = join(work.path, `${name}${burnAlertsHeld ? '.held' : ''}.test.yml`);
  writeFileSync(
    file,
    stringify(
      { rule_files: [writeRules(entity, 'fine', burnAlertsHeld)], evaluation_interval: '30s', tests },
      { lineWidth: 0 }
    )
  );
  try {
    const { stdout } = await run('promtool', ['test', 'rules', file]);
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`promtool test rules failed for ${name}:\n${stdout}\n${stderr}`);
  }
}

describe('promtool check rules', () => {
  it('accepts the rules of every kind of SLI, grouped or not, with every alerting option', async () => {
    const kinds: Array<Partial<SloSpec>> = [
      {},
      {
        sli: { ratio: { good: 'grpc_server_handled_total{grpc_code="OK"}', total: 'grpc_server_handled_total' } },
        groupBy: ['grpc_method'],
      },
      { sli: { latency: { histogram: 'http_request_duration_seconds{service="checkout-api"}', threshold: 0.3 } } },
      {
        sli: { latency: { histogram: 'http_request_duration_seconds{service="checkout-api"}', threshold: 1 } },
        groupBy: ['route', 'method'],
      },
      { sli: { latency: { histogram: 'rpc_duration_seconds{job="api"}', threshold: 0.25, native: true } } },
      { sli: { probe: { metric: 'probe_success{instance="https://shop.acme.example"}' } } },
      {
        sli: {
          freeform: {
            bad: 'sum by (route) (increase(errors_total[$window]))',
            total: 'sum by (route) (increase(requests_total[$window]))',
          },
        },
        groupBy: ['route'],
      },
      {
        objectives: [{ target: 99.5, window: 'month', timeZone: 'Europe/Berlin' }],
        alerting: { minBadEvents: 10, ticket: { enabled: false } },
      },
      {
        alerting: {
          name: 'CheckoutBudgetBurn',
          labels: { component: 'payments' },
          annotations: { dashboard: 'https://g/d/x' },
          conditions: [
            { name: 'fast', severity: 'critical', burnRate: 20, window: '30m', shortWindow: '5m', for: '2m' },
          ],
        },
      },
    ];
    const files = kinds.map((spec, index) => writeRules(slo(`kind-${index}`, spec)));
    const { stdout } = await run('promtool', ['check', 'rules', ...files]);
    for (const file of files) {
      expect(stdout).toContain(`Checking ${file}\n  SUCCESS:`);
    }
    expect(stdout.match(/SUCCESS/g)).toHaveLength(files.length);
  });
});

describe('promtool test rules: the SRE Workbook tiers on chosen traffic', () => {
  // 1,000 requests a minute; 0.05% errors (half the budget's pace), then 2% (20×) for an hour.
  const calm = { good: 999.5, bad: 0.5 };
  const incident = { good: 980, bad: 20 };
  const traffic = phases([120, calm], [60, incident], [180, calm]);

  it.each([
    ['on tiles', false],
    ['on raw series while the tiles have a hole (history filling)', true],
  ])(
    'pages 45 minutes into a 20× burn, not at 40, and stops 5 minutes after it ends (1h/5m); 6h/30m follows: %s',
    async (_, held) => {
      const entity = slo('fast-burn', { alerting: { ticket: { enabled: false } } });
      const page1h = (at: number) => expectedAlert(entity, { ...PAGE_1H, burn: printedBurn(traffic, at, 60, 0.001) });
      const page6h = (at: number) => expectedAlert(entity, { ...PAGE_6H, burn: printedBurn(traffic, at, 360, 0.001) });
      const alerts = (at: number, expected: unknown[]) => ({
        eval_time: `${at}m`,
        alertname: 'SLOErrorBudgetBurn',
        exp_alerts: expected,
      });
      const out = await promtoolTest(
        entity,
        [
          {
            interval: '1m',
            input_series: counters(traffic),
            // The fine tiles add up to the events between their marks, exactly: those of 5 minutes
            // of samples before the mark the evaluation at 125m counts up to (124.5m).
            promql_expr_test: (['bad', 'total'] as const).map((event) => ({
              expr: `sum_over_time(steward:slo_events:tile30s{event="${event}"}[5m])`,
              eval_time: '125m',
              exp_samples: [
                {
                  labels: `{event="${event}",service="checkout-api",slo="fast-burn",slo_revision="r1",team="checkout"}`,
                  value: events(traffic, 119, 124)[event],
                },
              ],
            })),
            alert_rule_test: [
              alerts(115, []),
              // 40 minutes in: 1h error ratio (20×0.5 + 40×20)/60,000 = 1.35%, 13.5× < 14.4×.
              alerts(160, []),
              // 45 minutes in: (15×0.5 + 45×20)/60,000 = 1.5125%, 15.1× > 14.4×, and 20× over 5m.
              alerts(165, [page1h(165)]),
              // 50 minutes in the 6h pair joins: 6h ratio 1,060/170,000 = 6.2× > 6×, 30m at 20×.
              alerts(170, [page1h(170), page6h(170)]),
              // The burn ended at 180m: the 5m window calms at once, so 1h/5m resets though 1h is still high;
              // 30m still holds the incident, so 6h/30m keeps firing…
              alerts(185, [page6h(185)]),
              // …until the 30m window is calm too.
              alerts(215, []),
            ],
          },
        ],
        held
      );
      expect(out).toContain('SUCCESS');
    }
  );

  it('fires the no-data alert once the SLO’s total series have had no sample for the grace period', async () => {
    const entity = slo('goes-silent', { alerting: { noData: { after: '10m', severity: 'critical' } } });
    // Traffic for 30 minutes, then nothing: the counters are no longer scraped.
    const values = (perMinute: number) =>
      `${Array.from({ length: 31 }, (_, i) => i * perMinute).join(' ')} ${Array(30).fill('_').join(' ')}`;
    const out = await promtoolTest(entity, [
      {
        interval: '1m',
        input_series: [
          { series: `http_requests_total{service="${SERVICE}",code="200"}`, values: values(1000) },
          { series: `http_requests_total{service="${SERVICE}",code="500"}`, values: values(0) },
        ],
        alert_rule_test: [
          { eval_time: '39m', alertname: 'SLONoData', exp_alerts: [] },
          {
            eval_time: '41m',
            alertname: 'SLONoData',
            exp_alerts: [
              {
                exp_labels: {
                  severity: 'critical',
                  burn_tier: 'no-data',
                  long_window: '10m',
                  slo: 'goes-silent',
                  service: SERVICE,
                  team: 'checkout',
                },
                exp_annotations: {
                  summary: 'SLO goes-silent: no data for over 10m; its budget cannot be computed',
                  description: `The series SLO goes-silent (service ${SERVICE}) counts have had no samples for over 10m: a renamed metric, a scrape target gone or a relabelling mistake. Until they come back its budget shows nothing.`,
                },
              },
            ],
          },
        ],
      },
    ]);
    expect(out).toContain('SUCCESS');
  });

  it('finds the last sample of a silent SLO to the second, though its series lived less than a minute', async () => {
    // Scraped every 15 s from 75 s to 105 s, then gone: the staleness marker at 120 s hides it
    // from every minute step. The 2-minute no-data alert fires at the evaluation at 240 s.
    const brief = slo('brief', { alerting: { noData: { after: '2m' } } });
    // Scraped every 15 s for 20 minutes, then gone; its alert restarted with Prometheus at 3000 s,
    // so only minute steps find its last sample (at 1200 s, on a minute).
    const long = slo('long', {
      sli: { ratio: { bad: 'other_total{code=~"5.."}', total: 'other_total' } },
      alerting: { noData: { after: '2m' } },
    });
    const query = lastSampleQuery([
      { name: 'brief', spec: brief.spec, firingSince: 240 },
      { name: 'long', spec: long.spec, firingSince: 3000 },
    ])!;
    const out = await promtoolTest(brief, [
      {
        interval: '15s',
        input_series: [
          { series: `http_requests_total{service="${SERVICE}",code="200"}`, values: '_x5 100 115 130 stale' },
          { series: 'other_total{code="200"}', values: '0+10x80 stale' },
        ],
        promql_expr_test: [
          {
            expr: query,
            eval_time: '3600s',
            exp_samples: [
              { labels: '{slo="brief"}', value: 105 },
              { labels: '{slo="long"}', value: 1200 },
            ],
          },
        ],
      },
    ]);
    expect(out).toContain('SUCCESS');
  });

  it('a 90% objective can never fire the 14.4× page, even in a full outage; the 6× pair still can', async () => {
    const outage = phases([60, { good: 1000, bad: 0 }], [240, { good: 0, bad: 1000 }]);
    const entity = slo('ninety', {
      objectives: [{ target: 90, window: '30d' }],
      alerting: { ticket: { enabled: false } },
    });
    const out = await promtoolTest(entity, [
      {
        interval: '1m',
        input_series: counters(outage),
        alert_rule_test: [
          {
            eval_time: '300m',
            alertname: 'SLOErrorBudgetBurn',
            // 100% errors is only 10× the 10% budget: the 1h pair needs 14.4×. The 6h pair (6×) fires.
            exp_alerts: [expectedAlert(entity, { ...PAGE_6H, burn: printedBurn(outage, 300, 360, 0.1) })],
          },
        ],
      },
    ]);
    expect(out).toContain('SUCCESS');
  });

  it('a 99.999% objective pages within 5 minutes of a 30-second full outage', async () => {
    // 1,000 requests a minute; one minute with half its requests failing (30 s of full outage).
    const blip = phases([60, { good: 1000, bad: 0 }], [1, { good: 500, bad: 500 }], [30, { good: 1000, bad: 0 }]);
    const entity = slo('five-nines', {
      objectives: [{ target: 99.999, window: '30d' }],
      alerting: { ticket: { enabled: false } },
    });
    const out = await promtoolTest(entity, [
      {
        interval: '1m',
        input_series: counters(blip),
        alert_rule_test: [
          { eval_time: '60m', alertname: 'SLOErrorBudgetBurn', exp_alerts: [] },
          {
            eval_time: '65m',
            alertname: 'SLOErrorBudgetBurn',
            exp_alerts: [
              // 500 bad of 60,000 in the hour: 833× the 0.001% budget; 10,000× over 5m.
              expectedAlert(entity, { ...PAGE_1H, burn: printedBurn(blip, 65, 60, 0.00001) }),
              expectedAlert(entity, { ...PAGE_6H, burn: printedBurn(blip, 65, 360, 0.00001) }),
            ],
          },
        ],
      },
    ]);
    expect(out).toContain('SUCCESS');
  });

  it('low traffic: one failure in 10 requests an hour pages without the guard, and not with minBadEvents', async () => {
    // 10 requests an hour, one every 6 minutes; the request at minute 93 fails.
    const sparse: Minute[] = Array.from({ length: 180 }, (_, minute) =>
      minute % 6 === 3 ? (minute === 93 ? { good: 0, bad: 1 } : { good: 1, bad: 0 }) : { good: 0, bad: 0 }
    );
    const unguarded = slo('sparse', { alerting: { ticket: { enabled: false } } });
    const guarded = slo('sparse-guarded', { alerting: { ticket: { enabled: false }, minBadEvents: 5 } });
    const eval95 = (entity: SloEntity, expected: unknown[]) => [
      {
        interval: '1m',
        input_series: counters(sparse),
        alert_rule_test: [{ eval_time: '95m', alertname: 'SLOErrorBudgetBurn', exp_alerts: expected }],
      },
    ];
    // One bad request of 10 in the hour is a 100× burn; of 1 in the 5 minutes, 1,000×.
    const page = (long: string, short: string, factor: number, share: number, windowMinutes: number) =>
      expectedAlert(unguarded, {
        severity: 'critical',
        tier: 'page',
        long,
        short,
        factor,
        share,
        burn: printedBurn(sparse, 95, windowMinutes, 0.001),
      });
    expect(
      await promtoolTest(unguarded, eval95(unguarded, [page('1h', '5m', 14.4, 2, 60), page('6h', '30m', 6, 5, 360)]))
    ).toContain('SUCCESS');
    expect(await promtoolTest(guarded, eval95(guarded, []))).toContain('SUCCESS');
  });
});
