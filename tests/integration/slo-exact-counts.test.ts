import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../harness/eventually.js';
import { writeHistoryInOrder } from '../harness/history-writer.js';
import { ENGINES, startStewardOn, VICTORIA_METRICS, type RunningEngine } from '../harness/engines.js';
import { type RunningSteward } from '../harness/steward.js';
import { writeTeamCatalog } from '../harness/catalog-files.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';
import {
  DAY,
  fieldTraffic,
  PROBE_INSTANCE,
  sampledIncrease,
  SERVICE,
  type FieldSeries,
  type FieldTraffic,
} from './fixtures/field-traffic.js';

/**
 * Exact budgets on traffic as the field makes it (fixtures/field-traffic.ts): 35 days scraped
 * every 60 s at an offset of 20 s with jitter, missed scrapes, three restarts, a series that
 * appears and one that goes, bursts across marks, a midnight and the edges of the windows
 * asked about; native histograms as well as classic ones, and a probe. SLOs of every kind are
 * created afterwards (history filled from raw series) and asked for their status at aligned,
 * unaligned and past moments. Two truths: the counts must equal exactly what the written samples
 * say happened in the window counted (tiles add up), and budgets and SLIs must be within 0.1
 * point of the events that truly happened; burn rates must be no further from the truth than
 * a raw `increase()` at the same moment, the anchors' method.
 *
 * All of it twice: on Prometheus, and on VictoriaMetrics with vmalert evaluating Steward's rules
 * (MetricsQL's `increase()` does not extrapolate, so there the anchor's burn rates are exact too).
 */

const admin = { user: 'root', routeRole: 'Admin' as const };
const total = `http_requests_total{service="${SERVICE}"}`;
const histogram = `http_request_duration_seconds{service="${SERVICE}"}`;

interface SloCase {
  name: string;
  target: number;
  sli: object;
  groupBy?: string[];
  /** The events of the window per the truth, and per the written samples. */
  truth(traffic: FieldTraffic, group: Record<string, string>, from: number, to: number): Events;
  sampled(series: FieldSeries[], group: Record<string, string>, from: number, to: number): Events;
  /** The anchors' burn rate over `w` at the query's time: raw increase() of the same series. */
  increaseRatio(window: string): string;
}

interface Events {
  bad: number;
  total: number;
}

const pick = (series: FieldSeries[], name: string, match: Record<string, string> = {}) =>
  series.filter((s) => s.labels.__name__ === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
const grow = (list: FieldSeries[], from: number, to: number, value?: (s: FieldSeries) => (i: number) => number) =>
  list.reduce((sum, s) => sum + sampledIncrease(s, from, to, value?.(s)), 0);
const native = (good: boolean) => (s: FieldSeries) => (i: number) => {
  const h = s.histograms![i]!;
  return good ? h.buckets[0]! + h.buckets[1]! : h.count;
};

const CASES: SloCase[] = [
  {
    name: 'shop-availability',
    target: 99.9,
    sli: { ratio: { bad: `http_requests_total{service="${SERVICE}",code=~"5.."}`, total } },
    truth: (t, _, from, to) => ({ bad: t.events(from, to).errors, total: t.events(from, to).requests }),
    sampled: (s, _, from, to) => ({
      bad: grow(pick(s, 'http_requests_total', { code: '500' }), from, to),
      total: grow(pick(s, 'http_requests_total'), from, to),
    }),
    increaseRatio: (w) =>
      `sum(increase(http_requests_total{service="${SERVICE}",code=~"5.."}[${w}])) / sum(increase(${total}[${w}]))`,
  },
  {
    name: 'shop-route-success',
    target: 99.5,
    sli: { ratio: { good: `http_requests_total{service="${SERVICE}",code!~"5.."}`, total } },
    groupBy: ['route'],
    truth: (t, g, from, to) => ({
      bad: t.events(from, to, g.route).errors,
      total: t.events(from, to, g.route).requests,
    }),
    sampled: (s, g, from, to) => {
      const all = grow(pick(s, 'http_requests_total', { route: g.route! }), from, to);
      return {
        bad: all - grow(pick(s, 'http_requests_total', { route: g.route!, code: '200' }), from, to),
        total: all,
      };
    },
    increaseRatio: (w) =>
      `1 - sum by (route) (increase(http_requests_total{service="${SERVICE}",code!~"5.."}[${w}])) / sum by (route) (increase(${total}[${w}]))`,
  },
  {
    name: 'shop-latency',
    target: 99,
    sli: { latency: { histogram, threshold: 0.3 } },
    truth: (t, _, from, to) => ({ bad: t.events(from, to).slow, total: t.events(from, to).requests }),
    sampled: (s, _, from, to) => {
      const all = grow(pick(s, 'http_request_duration_seconds_count'), from, to);
      return { bad: all - grow(pick(s, 'http_request_duration_seconds_bucket', { le: '0.3' }), from, to), total: all };
    },
    increaseRatio: (w) =>
      `1 - sum(increase(http_request_duration_seconds_bucket{service="${SERVICE}",le="0.3"}[${w}])) / sum(increase(http_request_duration_seconds_count{service="${SERVICE}"}[${w}]))`,
  },
  {
    name: 'shop-latency-native',
    target: 99,
    sli: { latency: { histogram: `rpc_duration_seconds{service="${SERVICE}"}`, threshold: 0.25, native: true } },
    truth: (t, _, from, to) => ({ bad: t.events(from, to).slow, total: t.events(from, to).requests }),
    sampled: (s, _, from, to) => {
      const all = grow(pick(s, 'rpc_duration_seconds'), from, to, native(false));
      return { bad: all - grow(pick(s, 'rpc_duration_seconds'), from, to, native(true)), total: all };
    },
    increaseRatio: (w) =>
      `1 - histogram_fraction(0, 0.25, sum(increase(rpc_duration_seconds{service="${SERVICE}"}[${w}])))`,
  },
  {
    name: 'shop-probe',
    target: 99.5,
    sli: { probe: { metric: `probe_success{instance="${PROBE_INSTANCE}"}` } },
    truth: (t, _, from, to) => ({ bad: t.probes(from, to).failed, total: t.probes(from, to).total }),
    sampled: (s, _, from, to) => {
      const [probe] = pick(s, 'probe_success');
      const inside = probe!.times.map((t, i) => [t, probe!.values[i]!] as const).filter(([t]) => t > from && t <= to);
      return { bad: inside.filter(([, v]) => v === 0).length, total: inside.length };
    },
    increaseRatio: (w) => `1 - avg_over_time(probe_success{instance="${PROBE_INSTANCE}"}[${w}])`,
  },
];

const BURN_WINDOWS: Array<[string, number]> = [
  ['5m', 300],
  ['30m', 1800],
  ['1h', 3600],
  ['2h', 7200],
  ['6h', 6 * 3600],
  ['1d', DAY],
  ['3d', 3 * DAY],
];

/** SLO cases an engine cannot count, and why. */
const WITHOUT: Record<string, { cases: string[]; because: string }> = {
  [VICTORIA_METRICS.name]: {
    cases: ['shop-latency-native'],
    because: 'VictoriaMetrics 1.79 stores no Prometheus native histograms (MetricsQL has no histogram_count)',
  },
};

describe.each(ENGINES)('on $name', (engine) => {
  const cases = CASES.filter((c) => !WITHOUT[engine.name]?.cases.includes(c.name));
  for (const name of WITHOUT[engine.name]?.cases ?? []) {
    it.skip(`${name}: ${WITHOUT[engine.name]!.because}`, () => {});
  }
  let traffic: FieldTraffic;
  let rules: TempDir;
  let catalog: TempDir;
  let backend: RunningEngine;
  let steward: RunningSteward;

  beforeAll(async () => {
    traffic = fieldTraffic(Math.floor(Date.now() / 1000) - 150);
    rules = tempDir('exact-rules');
    catalog = tempDir('exact-catalog');
    writeTeamCatalog(catalog.path, 'shop-team', [SERVICE]);
    backend = await engine.start({ rulesDir: rules.path, outOfOrderWindow: '70d', features: ['native-histograms'] });
    const written = await writeHistoryInOrder(`${backend.url}/api/v1/write`, traffic.series);
    console.log(`field traffic: ${traffic.series.length} series, ${written} samples written in order`);
    steward = await startStewardOn(backend, { catalog: catalog.path, rules: rules.path });
    for (const c of cases) {
      const response = await steward.api('/api/v1/slos', {
        method: 'POST',
        ...admin,
        json: {
          apiVersion: 'steward.dev/v1',
          kind: 'SLO',
          metadata: { name: c.name },
          spec: {
            service: SERVICE,
            sli: c.sli,
            objectives: [
              { target: c.target, window: '30d' },
              { target: c.target, window: 'month' },
            ],
            ...(c.groupBy ? { groupBy: c.groupBy } : {}),
          },
        },
      });
      expect(response.status, await response.clone().text()).toBe(201);
    }
    await eventually(
      'every SLO history to be filled',
      async () => {
        const state = (await (await steward.api('/api/v1/slo-engine')).json()) as {
          revisions: Array<{ slo: string; historyState: string; historyError?: string }>;
        };
        const failed = state.revisions.filter((r) => r.historyState === 'failed');
        if (failed.length > 0) {
          throw new Error(`history failed: ${JSON.stringify(failed)}`);
        }
        return state.revisions.length === cases.length && state.revisions.every((r) => r.historyState === 'filled')
          ? true
          : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 2000 }
    );
  }, 900_000);

  afterAll(async () => {
    await steward?.stop();
    await backend?.stop();
    rules?.remove();
    catalog?.remove();
  });

  interface Row {
    slo: string;
    group: Record<string, string>;
    objective: { index: number; target: number; window: string };
    window: { from: number; to: number };
    events?: Events;
    sli: number | null;
    budgetRemaining: number | null;
    burnRates: Record<string, number | null>;
    history: { source: string };
    error?: string;
  }

  async function statusAt(at: number): Promise<Row[]> {
    const response = await steward.api(`/api/v1/slo-status?at=${at}`);
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    return (body as { rows: Row[] }).rows;
  }

  const monthStart = (at: number) => {
    const d = new Date(at * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  };
  const budgetOf = (e: Events, target: number) => 1 - e.bad / e.total / ((100 - target) / 100);
  const sliOf = (e: Events) => 1 - e.bad / e.total;
  const caseOf = (row: Row) => cases.find((c) => c.name === row.slo)!;

  async function instant(expr: string, at: number): Promise<Array<{ metric: Record<string, string>; value: number }>> {
    const response = await fetch(`${backend.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${at}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    expect(body.status, body.error).toBe('success');
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  describe.each([
    ['an aligned moment (a 5-minute mark, 3 hours back)', 'aligned'],
    ['an unaligned moment (137.7 s past a mark, a burst ending 20 s before it)', 'unaligned'],
    ['a moment 10 days back, older than the fine tiles', 'past'],
  ] as const)('the status at %s', (_, moment) => {
    let at: number;
    let rows: Row[];
    beforeAll(async () => {
      at = traffic.moments[moment];
      rows = await statusAt(at);
    });

    it('counts exactly what the written samples say happened in the window it states', () => {
      expect(rows.filter((r) => r.error)).toEqual([]);
      expect(new Set(rows.map((r) => r.slo))).toEqual(new Set(cases.map((c) => c.name)));
      for (const row of rows) {
        expect(row.history.source, row.slo).toBe('recorded');
        expect(row.window.to).toBe(at);
        const nominal = row.objective.window === 'month' ? monthStart(at) : at - 30 * DAY;
        expect(Math.abs(row.window.from - nominal), `${row.slo} ${row.objective.window}`).toBeLessThanOrEqual(150);
        const sampled = caseOf(row).sampled(traffic.series, row.group, row.window.from, row.window.to);
        expect(row.events, `${row.slo} ${JSON.stringify(row.group)} ${row.objective.window}`).toEqual(sampled);
      }
    });

    it('gives budgets and SLIs within 0.1 point of the events that truly happened, 30 days and the calendar month', () => {
      let worst = { budget: 0, sli: 0 };
      for (const row of rows) {
        const from = row.objective.window === 'month' ? monthStart(at) : at - 30 * DAY;
        const truth = caseOf(row).truth(traffic, row.group, from, at);
        const label = `${row.slo} ${JSON.stringify(row.group)} ${row.objective.window}`;
        const budget = Math.abs(row.budgetRemaining! - budgetOf(truth, row.objective.target));
        const sli = Math.abs(row.sli! - sliOf(truth));
        expect(budget, label).toBeLessThan(0.001);
        expect(sli, label).toBeLessThan(0.001);
        worst = { budget: Math.max(worst.budget, budget), sli: Math.max(worst.sli, sli) };
      }
      console.log(
        `${moment}: ${rows.length} rows; worst difference from the truth: budget ${(worst.budget * 100).toFixed(4)} pp, SLI ${(worst.sli * 100).toFixed(5)} pp`
      );
    });

    it('gives every burn rate no further from the truth than raw increase() at the same moment, or than one scrape at its edges', async () => {
      const lines: string[] = [];
      const worse: string[] = [];
      let [sumOurs, sumTheirs] = [0, 0];
      for (const row of rows.filter((r) => r.objective.index === 0)) {
        const c = caseOf(row);
        const budget = (100 - row.objective.target) / 100;
        const burn = (from: number, to: number) => {
          const truth = c.truth(traffic, row.group, from, to);
          return truth.bad / truth.total / budget;
        };
        const scrape = c.name === 'shop-probe' ? 30 : traffic.shop.intervalSeconds;
        for (const [label, seconds] of BURN_WINDOWS) {
          const truth = c.truth(traffic, row.group, at - seconds, at);
          if (truth.total < 1) {
            expect(row.burnRates[label] ?? 0, `${row.slo} ${JSON.stringify(row.group)} ${label}`).toBe(0);
            continue;
          }
          const trueBurn = burn(at - seconds, at);
          const anchor = (await instant(c.increaseRatio(label), at)).find((r) =>
            Object.entries(row.group).every(([k, v]) => r.metric[k] === v)
          );
          const increaseBurn = (anchor?.value ?? NaN) / budget;
          const steward = row.burnRates[label]!;
          const [ours, theirs] = [Math.abs(steward - trueBurn), Math.abs(increaseBurn - trueBurn)];
          // What a sample-based count cannot know: where, within a scrape interval of each edge,
          // the events fell, and the fraction of an event counters do not show. Either method may
          // be off by as much.
          const granularity = 2 / truth.total / budget;
          const edges =
            granularity +
            Math.max(
              ...[
                [-scrape, 0],
                [scrape, 0],
                [0, -scrape],
                [-scrape, -scrape],
                [scrape, -scrape],
              ].map(([start, end]) => Math.abs(burn(at - seconds + start!, at + end!) - trueBurn))
            );
          sumOurs += ours;
          sumTheirs += Number.isFinite(theirs) ? theirs : 0;
          const line = `${row.slo.padEnd(20)} ${(row.group.route ?? '').padEnd(5)} ${label.padStart(3)}  truth ${trueBurn.toFixed(4).padStart(9)}  steward ${steward.toFixed(4).padStart(9)} (off ${ours.toFixed(4)})  increase() ${increaseBurn.toFixed(4).padStart(9)} (off ${theirs.toFixed(4)})  one scrape at the edges: ${edges.toFixed(4)}`;
          lines.push(line);
          if (ours > Math.max(Number.isFinite(theirs) ? theirs : Infinity, edges) + 0.005) {
            worse.push(line);
          }
        }
      }
      console.log(
        `burn rates at ${moment} (${new Date(at * 1000).toISOString()}): summed error steward ${sumOurs.toFixed(3)}, increase() ${sumTheirs.toFixed(3)}\n${lines.join('\n')}`
      );
      expect(worse).toEqual([]);
    });
  });

  describe('the status at a moment no data covers', () => {
    it('is refused with a message that says where recorded history begins', async () => {
      const before = traffic.start - 5 * DAY;
      const response = await steward.api(`/api/v1/slo-status?at=${new Date(before * 1000).toISOString()}`);
      const body = (await response.json()) as { error: { message: string; details: Array<{ field: string }> } };
      expect(response.status).toBe(400);
      expect(body.error.message).toMatch(/^No data at .*: no event of these SLOs was counted in their windows then/);
      expect(body.error.details).toEqual([{ field: 'at', message: 'before any data' }]);
      const future = await steward.api(`/api/v1/slo-status?at=${Math.floor(Date.now() / 1000) + 3600}`);
      expect(future.status).toBe(400);
    });
  });
});
