import { describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../prometheus/client.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { planRecordedSums, recordedSums } from './recorded-sums.js';
import { DaySums } from './day-sums.js';

/**
 * The edge query (moving burn-rate windows' edges from their marks to the exact moments) is a
 * refinement: when it fails, the windows stand as their tiles count them and every row says so.
 * Prometheus is stood in for by a fetch that answers every query with no series, and the edge
 * query (the only one reading `timestamp()`) with an error: no real Prometheus fails just that.
 */
const slo: ActiveSlo = {
  definition: {
    slo: {
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: { name: 'shop-availability' },
      spec: {
        service: 'shop',
        sli: { ratio: { bad: 'http_requests_total{code="500"}', total: 'http_requests_total' } },
        objectives: [{ target: 99.9, window: '30d' }],
      },
    },
    origin: { source: 'api' } as ActiveSlo['definition']['origin'],
    counted: 'c1',
  },
  revision: 'r1',
  recordFrom: 1_700_000_000 - 40 * 86_400,
};

function prometheusWhere(edgeFails: boolean): PrometheusClient {
  const answer = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fake: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const query = url.searchParams.get('query') ?? new URLSearchParams(String(init?.body ?? '')).get('query') ?? '';
    if (edgeFails && query.includes('timestamp(')) {
      return answer(
        { status: 'error', errorType: 'execution', error: 'query processing would load too many samples' },
        422
      );
    }
    const resultType = url.pathname.endsWith('query_range') ? 'matrix' : 'vector';
    return answer({ status: 'success', data: { resultType, result: [] } });
  };
  return new PrometheusClient({ url: 'http://prometheus.invalid', timeoutMs: 1000, fetch: fake });
}

describe('recorded sums when the edge query fails', () => {
  const at = 1_700_000_000;
  const run = (edgeFails: boolean) =>
    recordedSums(
      prometheusWhere(edgeFails),
      [{ slo, coverage: { fine: true, fineFrom: slo.recordFrom } }],
      new Map(),
      new DaySums(),
      at,
      at + 3600
    );

  it('answers from the tiles and warns that burn-rate windows start on their marks', async () => {
    const result = await run(true);
    expect(result.error).toBeUndefined();
    expect(result.warning).toMatch(
      /^burn rates over windows up to 6 hours start and end on their nearest 30-second marks: .*too many samples/
    );
  });

  it('says nothing when it succeeds', async () => {
    expect((await run(false)).warning).toBeUndefined();
  });
});

describe('planning the present status', () => {
  const at = 1_700_000_010;
  const coverage = { fine: true, fineFrom: slo.recordFrom, fineLiveFrom: slo.recordFrom };
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ slo: { ...slo, revision: `r${i}` }, coverage }));
  const evaluated = (n: number, e: number) => new Map(Array.from({ length: n }, (_, i) => [`r${i}`, e] as const));

  it('reads SLOs whose fine group has just evaluated from recorded terms alone, their windows ending at that evaluation', () => {
    const e = at - 12.5;
    const plan = planRecordedSums(many(1), at, at + 1, evaluated(1, e));
    expect(plan.queries.tails).toEqual([]);
    expect(plan.queries.edges).toEqual([]);
    expect(plan.ends.get('r0')).toBe(e);
    // Paging windows recorded throughout start exactly a window before the evaluation.
    expect(plan.starts.get('r0')!.get('b300')).toBe(e - 300);
    expect(plan.starts.get('r0')!.get('b21600')).toBe(e - 21_600);
    const tiles = plan.queries.tiles!;
    // The evaluation's step is (at − 30, at]: its tiles of the last 5 minutes, its recent events,
    // and those of the evaluation 5 minutes earlier, which the window does not hold.
    expect(tiles).toContain(
      `sum without (team) (sum_over_time(steward:slo_events:tile30s{slo_revision=~"r0"}[4m59s999ms] @ ${at}))`
    );
    expect(tiles).toContain(
      `sum without (team) (last_over_time(steward:slo_events:recent{slo_revision=~"r0"}[29s999ms] @ ${at}))`
    );
    expect(tiles).toContain(
      `sum without (team) (last_over_time(steward:slo_events:recent{slo_revision=~"r0"}[29s999ms] @ ${at - 300}))`
    );
  });

  it('reads an evaluation that lags at the end of its own 30-second step, and none older than 90 s', () => {
    const lagging = planRecordedSums(many(1), at, at + 1, evaluated(1, at - 40));
    expect(lagging.ends.get('r0')).toBe(at - 40);
    expect(lagging.queries.tiles).toContain(`[29s999ms] @ ${at - 30}))`);
    expect(lagging.queries.edges).toEqual([]);
    const stale = planRecordedSums(many(1), at, at + 1, evaluated(1, at - 95));
    expect(stale.ends.size).toBe(0);
    expect(stale.queries.edges.length).toBeGreaterThan(0);
  });

  it('reads a past moment, an SLO without a recent evaluation, or one whose fine seam is open, with raw tails and edges', () => {
    for (const plan of [
      planRecordedSums(many(1), at - 61, at, evaluated(1, at - 70)),
      planRecordedSums(many(1), at, at + 1),
      planRecordedSums(
        [{ slo, coverage: { ...coverage, fineUntil: at - 600 } }],
        at,
        at + 1,
        new Map([['r1', at - 5]])
      ),
    ]) {
      expect(plan.ends.size).toBe(0);
      expect(plan.queries.tails.length).toBeGreaterThan(0);
      expect(plan.queries.edges.length).toBeGreaterThan(0);
    }
  });

  it('starts paging windows on the nearest mark while live recording is younger than the window', () => {
    const young = { ...coverage, fineLiveFrom: at - 1800 };
    const e = at - 3;
    const plan = planRecordedSums([{ slo, coverage: young }], at, at + 1, new Map([['r1', e]]));
    const starts = plan.starts.get('r1')!;
    expect(starts.get('b300')).toBe(e - 300);
    // A window as long as asked for, ending at the evaluation: its start on the nearest mark.
    expect(starts.get('b3600')).toBe(Math.round((e - 3600) / 30) * 30);
    expect(plan.queries.tails).toEqual([]);
  });

  it('asks the same number of terms for 1,000 SLOs as for one', () => {
    const terms = (n: number) =>
      planRecordedSums(many(n), at, at + 1, evaluated(n, at - 7)).queries.tiles!.split(' or ').length;
    expect(terms(1000)).toBe(terms(1));
  });
});

describe('planning the present status of probes and freeform SLIs', () => {
  const at = 1_700_000_010;
  const coverage = { fine: true, fineFrom: slo.recordFrom, fineLiveFrom: slo.recordFrom };
  const withSli = (sli: ActiveSlo['definition']['slo']['spec']['sli'], revision: string): ActiveSlo => ({
    ...slo,
    definition: {
      ...slo.definition,
      slo: { ...slo.definition.slo, spec: { ...slo.definition.slo.spec, sli } },
    },
    revision,
  });
  const probe = withSli({ probe: { metric: 'probe_success{job="shop"}' } }, 'p1');
  const freeform = withSli(
    { freeform: { bad: 'sum(increase(errors_total[$window]))', total: 'sum(increase(requests_total[$window]))' } },
    'f1'
  );

  it('ends a probe’s windows at the mark of its last evaluation’s tile: fine tiles alone, no raw term', () => {
    const e = at - 12.5;
    const plan = planRecordedSums([{ slo: probe, coverage }], at, at + 1, new Map([['p1', e]]));
    const mark = Math.floor((e - 15) / 30) * 30;
    expect(plan.ends.get('p1')).toBe(mark);
    expect(plan.starts.get('p1')!.get('b300')).toBe(mark - 300);
    expect(plan.queries.tails).toEqual([]);
    expect(plan.queries.edges).toEqual([]);
    expect(plan.queries.tiles).not.toContain('steward:slo_events:recent');
  });

  it('ends a freeform SLI’s windows, full length, at the last settled 5-minute mark, as its alerts read them', () => {
    const plan = planRecordedSums([{ slo: freeform, coverage: { fine: false, fineFrom: slo.recordFrom } }], at, at + 1);
    const end = plan.ends.get('f1')!;
    expect(end % 300).toBe(0);
    expect(at - end).toBeLessThan(15 + 300 + 15 + 300);
    expect(plan.starts.get('f1')!.get('b300')).toBe(end - 300);
    expect(plan.queries.tails).toEqual([]);
    expect(plan.queries.edges).toEqual([]);
  });

  it('asks the same number of requests and terms for a mixed fleet of 1,000 as for 10', () => {
    const fleet = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const kind = i % 10;
        const base = kind === 0 ? probe : kind === 1 ? freeform : slo;
        return { slo: { ...base, revision: `r${i}` }, coverage: kind === 1 ? { fine: false, fineFrom: 0 } : coverage };
      });
    const plan = (n: number) =>
      planRecordedSums(fleet(n), at, at + 1, new Map(Array.from({ length: n }, (_, i) => [`r${i}`, at - 7] as const)));
    for (const n of [10, 1000]) {
      expect(plan(n).queries.tails).toEqual([]);
      expect(plan(n).queries.edges).toEqual([]);
    }
    expect(plan(1000).queries.tiles!.split(' or ').length).toBe(plan(10).queries.tiles!.split(' or ').length);
  });
});
