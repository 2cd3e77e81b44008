import { describe, expect, it } from 'vitest';
import { PrometheusClient } from '../../prometheus/client.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { recordedSums } from './recorded-sums.js';
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
