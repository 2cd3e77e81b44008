import { describe, expect, it } from 'vitest';
import type { SloEntity, SloSpec } from '../registry/model/slo.js';
import { burnPairs, impossiblePairs } from './burn-pairs.js';
import { literal, ruleGroups, type AlertingRule, type RecordingRule } from './rules.js';
import { eventQueries } from './sli-queries.js';
import { compoundDuration, rangeJustUnder } from './windows.js';

const spec = (sli: SloSpec['sli'], extra: Partial<SloSpec> = {}): SloSpec => ({
  service: 'checkout-api',
  sli,
  objectives: [{ target: 99.9, window: '30d' }],
  ...extra,
});
const slo = (s: SloSpec, title?: string): SloEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'SLO',
  metadata: { name: 'checkout-availability', ...(title ? { title } : {}) },
  spec: s,
});
const RATIO = {
  ratio: {
    bad: 'http_requests_total{service="checkout-api",code=~"5.."}',
    total: 'http_requests_total{service="checkout-api"}',
  },
};

describe('SLI → event counts over a range', () => {
  it('counts ratio SLIs with increase() over the whole range, bad events defaulting to 0 where there is traffic', () => {
    expect(eventQueries(spec(RATIO), 300)).toEqual({
      bad: 'sum(increase(http_requests_total{service="checkout-api",code=~"5.."}[5m])) or 0 * sum(increase(http_requests_total{service="checkout-api"}[5m]))',
      total: 'sum(increase(http_requests_total{service="checkout-api"}[5m]))',
    });
  });

  it('counts bad events as total − good, every event bad where no good series exists', () => {
    const good = spec(
      { ratio: { good: 'grpc_calls_total{code="OK"}', total: 'grpc_calls_total' } },
      { groupBy: ['method'] }
    );
    expect(eventQueries(good, 300).bad).toBe(
      'sum by (method) (increase(grpc_calls_total[5m])) - (sum by (method) (increase(grpc_calls_total{code="OK"}[5m])) or 0 * sum by (method) (increase(grpc_calls_total[5m])))'
    );
  });

  it('reads classic histograms from _bucket{le} and _count, matching le written as 1 or 1.0', () => {
    const latency = (threshold: number) =>
      eventQueries(
        spec({ latency: { histogram: 'http_request_duration_seconds{service="checkout-api"}', threshold } }),
        300
      );
    expect(latency(0.3)).toEqual({
      bad: 'sum(increase(http_request_duration_seconds_count{service="checkout-api"}[5m])) - (sum(increase(http_request_duration_seconds_bucket{service="checkout-api",le=~"0\\\\.3"}[5m])) or 0 * sum(increase(http_request_duration_seconds_count{service="checkout-api"}[5m])))',
      total: 'sum(increase(http_request_duration_seconds_count{service="checkout-api"}[5m]))',
    });
    expect(latency(1).bad).toContain('http_request_duration_seconds_bucket{service="checkout-api",le=~"1|1\\\\.0"}');
  });

  it('reads native histograms with histogram_fraction', () => {
    expect(
      eventQueries(
        spec({ latency: { histogram: 'rpc_duration_seconds{job="api"}', threshold: 0.25, native: true } }),
        300
      )
    ).toEqual({
      bad: 'histogram_count(sum(increase(rpc_duration_seconds{job="api"}[5m]))) * (1 - histogram_fraction(0, 0.25, sum(increase(rpc_duration_seconds{job="api"}[5m]))))',
      total: 'histogram_count(sum(increase(rpc_duration_seconds{job="api"}[5m])))',
    });
  });

  it('counts probe samples over a range one millisecond short, so no sample lands in two ranges', () => {
    expect(eventQueries(spec({ probe: { metric: 'probe_success{instance="https://shop"}' } }), 300)).toEqual({
      bad: 'sum(count_over_time(probe_success{instance="https://shop"}[4m59s999ms])) - sum(sum_over_time(probe_success{instance="https://shop"}[4m59s999ms]))',
      total: 'sum(count_over_time(probe_success{instance="https://shop"}[4m59s999ms]))',
    });
  });

  it('fills $window into freeform queries, for any range', () => {
    const freeform = spec({
      freeform: { bad: 'sum(increase(errors_total[$window]))', total: 'sum(increase(requests_total[$window]))' },
    });
    expect(eventQueries(freeform, 2 * 86_400 + 3 * 60).total).toBe('sum(sum(increase(requests_total[2d3m])))');
  });

  it('rebuilds selectors from their parsed parts, so odd label values stay inside their matcher', () => {
    const odd = spec({ ratio: { bad: 'x_total{path="a\\"}or vector(1)"}', total: 'x_total' } });
    expect(eventQueries(odd, 300).bad).toContain('x_total{path="a\\"}or vector(1)"}');
  });
});

describe('rule groups', () => {
  const context = {
    slo: slo(spec(RATIO, { groupBy: ['route'], alerting: { minBadEvents: 5 } }), 'Checkout {{ availability }}'),
    revision: 'abc123def456',
    recordFrom: 1_700_000_100,
    team: 'checkout',
    runbookUrl: 'https://runbooks.acme.example/checkout',
    sloUrl: 'https://grafana.acme.example/a/steward-ownership-app/slos/checkout-availability',
  };
  const [recording, alerting] = ruleGroups(context);

  it('records bad and total events every 5 minutes with the SLO’s labels, live from recordFrom on', () => {
    expect(recording!.name).toBe('steward-slo:checkout-availability:record');
    expect(recording!.interval).toBe('5m');
    const [bad, total] = recording!.rules as RecordingRule[];
    expect(bad).toEqual({
      record: 'steward:slo_events:increase5m',
      expr: '(sum by (route) (increase(http_requests_total{service="checkout-api",code=~"5.."}[5m])) or 0 * sum by (route) (increase(http_requests_total{service="checkout-api"}[5m]))) and on () (vector(time()) >= 1700000100)',
      labels: {
        slo: 'checkout-availability',
        service: 'checkout-api',
        team: 'checkout',
        slo_revision: 'abc123def456',
        event: 'bad',
      },
    });
    expect(total!.labels.event).toBe('total');
  });

  it('alerts per SRE Workbook pair from recorded counts, with the low-traffic guard on the long window', () => {
    expect(alerting!.name).toBe('steward-slo:checkout-availability:alert');
    const rules = alerting!.rules as AlertingRule[];
    expect(rules.map((r) => [r.labels.severity, r.labels.burn_tier, r.labels.long_window])).toEqual([
      ['critical', 'page', '1h'],
      ['critical', 'page', '6h'],
      ['warning', 'ticket', '1d'],
      ['warning', 'ticket', '3d'],
    ]);
    const bad = (range: string) =>
      `sum by (route) (sum_over_time(steward:slo_events:increase5m{slo="checkout-availability",slo_revision="abc123def456",event="bad"}[${range}]))`;
    const total = (range: string) =>
      `sum by (route) (sum_over_time(steward:slo_events:increase5m{slo="checkout-availability",slo_revision="abc123def456",event="total"}[${range}]))`;
    expect(rules[0]!.expr).toBe(
      [
        `(${bad('59m59s999ms')} / ${total('59m59s999ms')}) / 0.001 > 14.4`,
        `(${bad('4m59s999ms')} / ${total('4m59s999ms')}) / 0.001 > 14.4`,
        `${bad('59m59s999ms')} >= 5`,
      ].join('\nand\n')
    );
    expect(rules[3]!.expr.split('\nand\n')[0]).toBe(
      `(${bad('2d23h59m59s999ms')} / ${total('2d23h59m59s999ms')}) / 0.001 > 1`
    );
    expect(rules[0]!.labels).toEqual({
      severity: 'critical',
      burn_tier: 'page',
      long_window: '1h',
      slo: 'checkout-availability',
      service: 'checkout-api',
      team: 'checkout',
    });
    expect(rules[0]!.annotations).toEqual({
      summary:
        'Checkout {{ "{{" }} availability {{ "}}" }} (route={{ $labels.route }}): error budget burning {{ printf "%.1f" $value }}× faster than the objective allows (over 1h)',
      description:
        'Checkout {{ "{{" }} availability {{ "}}" }} (service checkout-api, objective 99.9% over 30d) has burned its budget at over 14.4× for 1h and 5m: about 2% of the budget in 1h.',
      runbook_url: 'https://runbooks.acme.example/checkout',
      steward_slo_url: 'https://grafana.acme.example/a/steward-ownership-app/slos/checkout-availability',
    });
  });

  it('leaves out the alerting group when alerting is off, and single tiers when switched off', () => {
    expect(ruleGroups({ ...context, slo: slo(spec(RATIO, { alerting: { enabled: false } })) })).toHaveLength(1);
    const pageOnly = burnPairs(spec(RATIO, { alerting: { ticket: { enabled: false }, page: { severity: 'page' } } }));
    expect(pageOnly.map((p) => [p.tier, p.severity])).toEqual([
      ['page', 'page'],
      ['page', 'page'],
    ]);
  });
});

describe('burn-rate factors', () => {
  const factors = (window: string) =>
    burnPairs(spec(RATIO, { objectives: [{ target: 99.9, window }] })).map((p) => p.factor);

  it('are the SRE Workbook’s 14.4, 6, 3 and 1 for 30 days, scaled to other windows', () => {
    expect(factors('30d')).toEqual([14.4, 6, 3, 1]);
    expect(factors('28d')).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
    expect(factors('4w')).toEqual(factors('28d'));
    expect(factors('7d')).toEqual([3.36, 1.4, 0.7, 0.233333333333]);
    expect(factors('month')).toEqual([14.4, 6, 3, 1]);
  });

  it('adds custom conditions as they are written', () => {
    const custom = spec(RATIO, {
      alerting: {
        page: { enabled: false },
        ticket: { enabled: false },
        conditions: [{ name: 'fast', severity: 'critical', burnRate: 10, window: '30m', shortWindow: '5m', for: '2m' }],
      },
    });
    expect(burnPairs(custom)).toEqual([
      {
        tier: 'fast',
        severity: 'critical',
        longSeconds: 1800,
        shortSeconds: 300,
        factor: 10,
        budgetShare: 0.00694444444444,
        forSeconds: 120,
      },
    ]);
    const rule = ruleGroups({ slo: slo(custom), revision: 'r', recordFrom: 0 })[1]!.rules[0] as AlertingRule;
    expect(rule.for).toBe('2m');
  });

  it('knows which pairs a 90% objective can never fire, as the SRE Workbook says', () => {
    const ninety = spec(RATIO, { objectives: [{ target: 90 }] });
    expect(impossiblePairs(ninety).map((p) => p.message)).toEqual([
      'the page alert at 14.4× over 1h can never fire for a 90% objective: more than 144% of events would have to be bad',
    ]);
    expect(impossiblePairs(spec(RATIO, { objectives: [{ target: 99.999 }] }))).toEqual([]);
  });
});

describe('PromQL ranges', () => {
  it('are one millisecond short of the window, in the compound form PromQL accepts', () => {
    expect(rangeJustUnder(300)).toBe('4m59s999ms');
    expect(rangeJustUnder(30 * 86_400)).toBe('29d23h59m59s999ms');
    expect(compoundDuration(300_000)).toBe('5m');
    expect(compoundDuration(90_061_001)).toBe('1d1h1m1s1ms');
  });
});

describe('annotation text', () => {
  it('keeps template braces from titles as text', () => {
    expect(literal('a {{ query "up" }} b')).toBe('a {{ "{{" }} query "up" {{ "}}" }} b');
  });
});
