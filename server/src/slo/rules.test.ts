import { describe, expect, it } from 'vitest';
import type { SloEntity, SloSpec } from '@steward/contract/model/slo';
import { burnPairs, impossiblePairs } from './burn-pairs.js';
import { literal, ruleGroups, type AlertingRule, type RecordingRule, type RuleGroup } from './rules.js';
import { edgeQueries, eventQueries } from './sli-queries.js';
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

describe('SLI → exact event counts over a stretch', () => {
  const short = (sli: SloSpec['sli'], extra: Partial<SloSpec> = {}) => spec(sli, extra);
  // The end is looked for within the stretch (a series with no sample in it grew by nothing),
  // the start an hour back.
  const B = 'last_over_time(r_total[30s])';
  const A = 'last_over_time(r_total[1h] offset 30s)';
  const dropped = `clamp_max(resets(r_total[30s]) + (${B} < bool ${A}), 1)`;
  const tile = `(${B} - ${A} + (max_over_time(r_total[30s]) > ${A} or ${A}) * ${dropped} or (${B} - min_over_time(r_total[30s])))`;

  it('counts a tile per series as the difference of the last samples at or before its marks, corrected for a reset, new series from their first sample', () => {
    const queries = eventQueries(short({ ratio: { bad: 'e_total', total: 'r_total' } }), { kind: 'tile', seconds: 30 });
    expect(queries.total).toBe(`sum(${tile})`);
    expect(queries.bad).toBe(`${`sum(${tile})`.replaceAll('r_total', 'e_total')} or 0 * sum(${tile})`);
  });

  it('counts bad events as total − good, every event bad where no good series exists', () => {
    const good = short({ ratio: { good: 'g_total', total: 'r_total' } }, { groupBy: ['method'] });
    const total = `sum by (method) (${tile})`;
    expect(eventQueries(good, { kind: 'tile', seconds: 30 }).bad).toBe(
      `${total} - (${total.replaceAll('r_total', 'g_total')} or 0 * ${total})`
    );
  });

  it('counts a tail from a literal moment, or from the mark of the fine tile its own evaluation records', () => {
    const at = 'last_over_time(r_total[1h] @ 1700000000)';
    const B = 'last_over_time(r_total[42s])';
    expect(
      eventQueries(short({ ratio: { bad: 'e_total', total: 'r_total' } }), {
        kind: 'tail',
        from: 1_700_000_000,
        seconds: 42,
      }).total
    ).toBe(`sum(((${B} - ${at}) >= 0 or (${B} < ${at}) or (${B} - min_over_time(r_total[42s]))))`);
    const mark = 'last_over_time((last_over_time(r_total[1h]))[30s:30s] offset 15s)';
    const now = 'last_over_time(r_total[1m])';
    expect(
      eventQueries(short({ ratio: { bad: 'e_total', total: 'r_total' } }), { kind: 'tail', from: 'fine-mark' }).total
    ).toBe(`sum(((${now} - ${mark}) >= 0 or (${now} < ${mark}) or (${now} - min_over_time(r_total[1m]))))`);
  });

  it('moves a window edge from its mark to the exact moment, splitting the scrape interval that holds it by time', () => {
    const ratio = short({ ratio: { good: 'g_total', total: 'r_total' } }, { groupBy: ['route'] });
    const share = (metric: string) => {
      const [a, c] = [`${metric} @ 1700000010`, `${metric} @ 1700000070`];
      return `clamp_min(${c} - ${a}, 0) * (1700000010 - timestamp(${a})) / clamp_min(timestamp(${c}) - timestamp(${a}), 1)`;
    };
    // At the moment itself (a window's end): only the split, per counter.
    expect(edgeQueries(ratio, 1_700_000_010, 1_700_000_010)).toEqual([
      { counter: 'total', expr: `sum by (route) (${share('r_total')})` },
      { counter: 'good', expr: `sum by (route) (${share('g_total')})` },
    ]);
    // Ten seconds before the mark: the split, less the samples between them.
    expect(edgeQueries(ratio, 1_700_000_010, 1_700_000_020)[0]).toEqual({
      counter: 'total',
      expr: `sum by (route) (${share('r_total')} - clamp_min(r_total @ 1700000020 - r_total @ 1700000010, 0))`,
    });
    // Probes count their samples between the mark and the moment; freeform SLIs have no edges.
    const probe = short({ probe: { metric: 'probe_success{job="p"}' } });
    const samples = 'probe_success{job="p"}[9s999ms] @ 1700000000';
    expect(edgeQueries(probe, 1_699_999_990, 1_700_000_000)).toEqual([
      { counter: 'total', expr: `-sum(count_over_time(${samples}))` },
      { counter: 'bad', expr: `-(sum(count_over_time(${samples})) - sum(sum_over_time(${samples})))` },
    ]);
    expect(edgeQueries(probe, 1_700_000_000, 1_700_000_000)).toEqual([]);
    expect(edgeQueries(short({ freeform: { bad: 'x', total: 'y' } }), 1, 2)).toEqual([]);
  });

  it('counts a raw window exactly where a series neither reset nor appeared in it, with increase() otherwise', () => {
    const six = 'last_over_time(r_total[1h] offset 6h)';
    const B = 'last_over_time(r_total[1h])';
    const ratio = short({ ratio: { bad: 'e_total', total: 'r_total' } });
    expect(eventQueries(ratio, { kind: 'window', seconds: 6 * 3600 }).total).toBe(
      `sum((((${B} - ${six}) unless (resets(r_total[6h]) > 0 or ${B} < ${six})) or increase(r_total[6h])))`
    );
    // A longer one reads its samples once.
    expect(eventQueries(ratio, { kind: 'window', seconds: 86_400 }).total).toBe('sum(increase(r_total[1d]))');
  });

  it('reads classic histograms from _bucket{le} and _count, matching le written as 1 or 1.0', () => {
    const latency = (threshold: number) =>
      eventQueries(spec({ latency: { histogram: 'd_seconds{service="checkout-api"}', threshold } }), {
        kind: 'tile',
        seconds: 300,
      });
    expect(latency(0.3).total).toContain('last_over_time(d_seconds_count{service="checkout-api"}[1h] offset 5m)');
    expect(latency(0.3).bad).toContain('resets(d_seconds_bucket{service="checkout-api",le=~"0\\\\.3"}[5m])');
    expect(latency(1).bad).toContain('d_seconds_bucket{service="checkout-api",le=~"1|1\\\\.0"}');
  });

  it('reads native histograms through derived floats at steps (Prometheus 2 cannot take last_over_time of them)', () => {
    const native = eventQueries(spec({ latency: { histogram: 'rpc{job="api"}', threshold: 0.25, native: true } }), {
      kind: 'tile',
      seconds: 300,
    });
    const count = 'histogram_count(rpc{job="api"})';
    const B = `(${count} or last_over_time((${count})[1h:5m]))`;
    const A = `(histogram_count(rpc{job="api"} offset 5m) or last_over_time((${count})[1h:5m] offset 5m))`;
    const steps = `(${count})[5m:30s]`;
    const dropped = `clamp_max(resets(${steps}) + (${B} < bool ${A}), 1)`;
    expect(native.total).toBe(
      `sum((${B} - ${A} + (max_over_time(${steps}) > ${A} or ${A}) * ${dropped} or (${B} - min_over_time(${steps}))))`
    );
    expect(native.bad).toContain(
      `(round(${count} * histogram_fraction(0, 0.25, rpc{job="api"})) >= 0 or ${count} * 0)`
    );
  });

  it('counts probe samples over a stretch one millisecond short, so no sample lands in two', () => {
    expect(
      eventQueries(spec({ probe: { metric: 'probe_success{instance="https://shop"}' } }), {
        kind: 'tile',
        seconds: 300,
      })
    ).toEqual({
      bad: 'sum(count_over_time(probe_success{instance="https://shop"}[4m59s999ms])) - sum(sum_over_time(probe_success{instance="https://shop"}[4m59s999ms]))',
      total: 'sum(count_over_time(probe_success{instance="https://shop"}[4m59s999ms]))',
    });
  });

  it('fills $window into freeform queries, for any stretch', () => {
    const freeform = spec({
      freeform: { bad: 'sum(increase(errors_total[$window]))', total: 'sum(increase(requests_total[$window]))' },
    });
    expect(eventQueries(freeform, { kind: 'window', seconds: 2 * 86_400 + 3 * 60 }).total).toBe(
      'sum(sum(increase(requests_total[2d3m])))'
    );
  });

  it('rebuilds selectors from their parsed parts, so odd label values stay inside their matcher', () => {
    const odd = spec({ ratio: { bad: 'x_total{path="a\\"}or vector(1)"}', total: 'x_total' } });
    expect(eventQueries(odd, { kind: 'tile', seconds: 30 }).bad).toContain('x_total{path="a\\"}or vector(1)"}');
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
  const [fine, coarse] = ruleGroups(context);
  const labels = (event: string) => ({
    slo: 'checkout-availability',
    service: 'checkout-api',
    team: 'checkout',
    slo_revision: 'abc123def456',
    event,
  });

  it('records fine tiles every 30 s and coarse ones every 5 minutes, at their marks, live after recordFrom', () => {
    expect([fine!.name, fine!.interval, coarse!.name, coarse!.interval]).toEqual([
      'steward-slo:checkout-availability:fine',
      '30s',
      'steward-slo:checkout-availability:coarse',
      '5m',
    ]);
    const [bad, total] = fine!.rules as RecordingRule[];
    const counts = eventQueries(context.slo.spec, { kind: 'tile', seconds: 30 });
    expect(bad).toEqual({
      record: 'steward:slo_events:tile30s',
      expr: `last_over_time(((${counts.bad}) and on () (vector(time()) > 1700000100))[30s:30s] offset 15s)`,
      labels: labels('bad'),
    });
    expect(total!.labels.event).toBe('total');
    const [coarseBad] = coarse!.rules as RecordingRule[];
    expect(coarseBad!.record).toBe('steward:slo_events:tile5m');
    expect(coarseBad!.expr).toMatch(/^last_over_time\(.*\)\[300s:300s\] offset 15s\)$/s);
    expect(coarseBad!.expr).toContain('offset 5m');
  });

  it('records the events since the fine mark, so alerts see every sample a direct rule would', () => {
    const recent = (fine!.rules as RecordingRule[]).filter((r) => r.record === 'steward:slo_events:recent');
    expect(recent.map((r) => r.labels.event)).toEqual(['bad', 'total']);
    expect(recent[1]!.expr).toBe(
      `(${eventQueries(context.slo.spec, { kind: 'tail', from: 'fine-mark' }).total}) and on () (vector(time()) > 1700000100)`
    );
    // Then the evaluation's time: once it is stored, so are this evaluation's tiles and recent events.
    const rules = fine!.rules as RecordingRule[];
    const evaluated = rules.findIndex((r) => r.record === 'steward:slo_evaluation:time');
    expect(rules[evaluated]).toEqual({
      record: 'steward:slo_evaluation:time',
      expr: 'vector(time()) > 1700000100',
      labels: { slo: 'checkout-availability', service: 'checkout-api', team: 'checkout', slo_revision: 'abc123def456' },
    });
    expect(evaluated).toBeGreaterThan(rules.map((r) => r.record).lastIndexOf('steward:slo_events:recent'));
    expect(evaluated).toBeGreaterThan(rules.map((r) => r.record).lastIndexOf('steward:slo_events:tile30s'));
  });

  it('records the events over each alert window once per evaluation: fine tiles and recent events, or coarse tiles', () => {
    const windows = (fine!.rules as RecordingRule[]).filter((r) => r.record === 'steward:slo_events:window');
    expect(windows.map((r) => [r.labels.window, r.labels.event])).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].flatMap((w) => [
        [w, 'bad'],
        [w, 'total'],
      ])
    );
    expect(windows[0]!.labels).toMatchObject({
      slo: 'checkout-availability',
      team: 'checkout',
      slo_revision: 'abc123def456',
    });
    const of = (metric: string, event: string) =>
      `${metric}{slo="checkout-availability",slo_revision="abc123def456",event="${event}"}`;
    // The recent events carry a label of their own, so that `or` keeps them beside the tiles'
    // series and the sum adds both; the tiles are read once.
    expect(windows.find((r) => r.labels.window === '1h' && r.labels.event === 'bad')!.expr).toBe(
      `sum by (route) (sum_over_time(${of('steward:slo_events:tile30s', 'bad')}[59m29s999ms]) or label_replace(${of('steward:slo_events:recent', 'bad')}, "steward_part", "recent", "", ""))`
    );
    expect(windows.find((r) => r.labels.window === '3d' && r.labels.event === 'total')!.expr).toBe(
      `sum by (route) (sum_over_time(${of('steward:slo_events:tile5m', 'total')}[2d23h59m59s999ms]))`
    );
    const rules = fine!.rules.map((r) => ('record' in r ? r.record : r.alert));
    // Rules of a group run in order: the windows read this evaluation's tile, the alerts its windows.
    expect(rules.lastIndexOf('steward:slo_events:recent')).toBeLessThan(rules.indexOf('steward:slo_events:window'));
    expect(rules.lastIndexOf('steward:slo_events:window')).toBeLessThan(rules.indexOf('SLOErrorBudgetBurn'));
  });

  it('alerts per SRE Workbook pair from fine tiles (paging) and coarse tiles (tickets), with the low-traffic guard', () => {
    const rules = (fine!.rules as AlertingRule[]).filter((r) => 'alert' in r);
    expect(rules.map((r) => [r.alert, r.labels.severity, r.labels.burn_tier, r.labels.long_window])).toEqual([
      ['SLOErrorBudgetBurn', 'critical', 'page', '1h'],
      ['SLOErrorBudgetBurn', 'critical', 'page', '6h'],
      ['SLOErrorBudgetBurn', 'warning', 'ticket', '1d'],
      ['SLOErrorBudgetBurn', 'warning', 'ticket', '3d'],
      ['SLONoData', 'warning', 'no-data', '10m'],
    ]);
    const recorded = (event: string, window: string) =>
      `sum by (route) (steward:slo_events:window{slo="checkout-availability",slo_revision="abc123def456",event="${event}",window="${window}"})`;
    expect(rules[0]!.expr).toBe(
      [
        `(${recorded('bad', '1h')} / ${recorded('total', '1h')}) / 0.001 > 14.4`,
        `(${recorded('bad', '5m')} / ${recorded('total', '5m')}) / 0.001 > 14.4`,
        `${recorded('bad', '1h')} >= 5`,
      ].join('\nand\n')
    );
    expect(rules[3]!.expr.split('\nand\n')[0]).toBe(
      `(${recorded('bad', '3d')} / ${recorded('total', '3d')}) / 0.001 > 1`
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

  it('fires the no-data alert when the total series have had no sample for the grace period', () => {
    const noData = (fine!.rules as AlertingRule[]).find((r) => r.alert === 'SLONoData')!;
    expect(noData.expr).toBe('absent_over_time(http_requests_total{service="checkout-api"}[10m])');
    expect(noData.labels).toMatchObject({ team: 'checkout', slo: 'checkout-availability', severity: 'warning' });
    const custom = ruleGroups({
      ...context,
      slo: slo(spec(RATIO, { alerting: { noData: { after: '30m', severity: 'critical' } } })),
    })[0]!.rules as AlertingRule[];
    expect(custom.find((r) => r.alert === 'SLONoData')).toMatchObject({
      expr: 'absent_over_time(http_requests_total{service="checkout-api"}[30m])',
      labels: { severity: 'critical', long_window: '30m' },
    });
    const latency = spec({ latency: { histogram: 'd_seconds{job="x"}', threshold: 0.3 } });
    expect(
      (ruleGroups({ ...context, slo: slo(latency) })[0]!.rules as AlertingRule[]).find((r) => r.alert === 'SLONoData')!
        .expr
    ).toBe('absent_over_time(d_seconds_count{job="x"}[10m])');
  });

  it('keeps only the coarse tiles when alerting is off, and drops single tiers when switched off', () => {
    const quiet = ruleGroups({ ...context, slo: slo(spec(RATIO, { alerting: { enabled: false } })) });
    expect(quiet.map((g) => g.rules.filter((r) => 'alert' in r).length)).toEqual([0, 0]);
    const pageOnly = burnPairs(spec(RATIO, { alerting: { ticket: { enabled: false }, page: { severity: 'page' } } }));
    expect(pageOnly.map((p) => [p.tier, p.severity])).toEqual([
      ['page', 'page'],
      ['page', 'page'],
    ]);
  });

  it('reads raw series in page alerts while their windows have a hole, with the same names and labels; tickets wait', () => {
    const held = ruleGroups({ ...context, burnAlertsHeld: true });
    const alerts = (groups: RuleGroup[]) =>
      groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
    const whole = alerts([fine!, coarse!]).filter((r) => r.labels.burn_tier !== 'ticket');
    expect(alerts(held).map((r) => [r.alert, r.labels])).toEqual(whole.map((r) => [r.alert, r.labels]));
    expect(alerts(held).map((r) => r.labels.long_window)).toEqual(['1h', '6h', '10m']);
    expect(alerts(held).map((r) => r.expr)).toEqual(whole.map((r) => r.expr));
    const windows = (held[0]!.rules as RecordingRule[]).filter((r) => r.record === 'steward:slo_events:window');
    expect(windows.map((r) => r.labels.window)).toEqual(['5m', '5m', '30m', '30m', '1h', '1h', '6h', '6h']);
    const window = (seconds: number) => eventQueries(context.slo.spec, { kind: 'window', seconds });
    expect(windows.slice(4, 6).map((r) => r.expr)).toEqual([`(${window(3600).bad})`, `(${window(3600).total})`]);
    const tiles = (groups: RuleGroup[]) =>
      groups.flatMap((g) => g.rules.filter((r) => 'record' in r && r.record !== 'steward:slo_events:window'));
    expect(tiles(held)).toEqual(tiles([fine!, coarse!]));
  });

  it('counts freeform SLIs in coarse tiles only: 30 seconds hold too few samples for their own PromQL', () => {
    const freeform = spec({
      freeform: { bad: 'sum(increase(errors_total[$window]))', total: 'sum(increase(requests_total[$window]))' },
    });
    const groups = ruleGroups({ ...context, slo: slo(freeform) });
    expect((groups[0]!.rules as RecordingRule[]).some((r) => r.record?.startsWith('steward:slo_events:tile30s'))).toBe(
      false
    );
    const windows = (groups[0]!.rules as RecordingRule[]).filter((r) => r.record === 'steward:slo_events:window');
    expect(windows.every((r) => r.expr.includes('steward:slo_events:tile5m'))).toBe(true);
    expect((groups[0]!.rules as AlertingRule[]).find((r) => r.alert === 'SLONoData')!.expr).toBe(
      'absent(sum(increase(requests_total[10m])))'
    );
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
    const rule = (ruleGroups({ slo: slo(custom), revision: 'r', recordFrom: 0 })[0]!.rules as AlertingRule[]).find(
      (r) => 'alert' in r
    )!;
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
