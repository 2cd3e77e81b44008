import type { PrometheusClient } from '../../prometheus/client.js';
import type { SloSpec } from '@steward/contract/model/slo';
import { counterReadings, counterSelectors, eventQueries, type CounterSelectors } from '../sli-queries.js';
import type { Tile } from '../tiles.js';
import { counterTiles, eventTiles } from './counter-tiles.js';

/** Tiles of one group: its labels, and the count at each mark. */
export interface PastGroupTiles {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

export type PastTiles = Record<'bad' | 'total', PastGroupTiles[]>;

/**
 * The tiles of marks in (from, to] from raw series, as the recording rules count them: from
 * cheap readings of each counter where the SLI counts float counters, else by evaluating the
 * rules' own expression at every mark.
 */
export function pastTiles(
  prometheus: PrometheusClient,
  spec: SloSpec,
  tile: Tile,
  from: number,
  to: number
): Promise<PastTiles> {
  const counters = counterSelectors(spec);
  return counters
    ? tilesFromReadings(prometheus, spec, counters, tile, from, to)
    : tilesFromExpression(prometheus, spec, tile, from, to);
}

/** The recording rules' expression, as a range query over the marks: PromQL evaluates it term by term at each. */
export async function tilesFromExpression(
  prometheus: PrometheusClient,
  spec: SloSpec,
  tile: Tile,
  from: number,
  to: number
): Promise<PastTiles> {
  const queries = eventQueries(spec, { kind: 'tile', seconds: tile.seconds });
  const tiles: PastTiles = { bad: [], total: [] };
  if (to <= from) {
    return tiles;
  }
  for (const event of ['bad', 'total'] as const) {
    const results = await prometheus.rangeQuery(queries[event], {
      start: from + tile.seconds,
      end: to,
      step: tile.seconds,
    });
    tiles[event] = results.map((r) => {
      const { __name__: _dropped, ...labels } = r.metric;
      return { labels, points: r.points.map(([t, v]) => [Math.round(t), v] as [number, number]) };
    });
  }
  return tiles;
}

/** Four cheap readings per counter at every mark, combined as the expression combines them (counterTiles). */
export async function tilesFromReadings(
  prometheus: PrometheusClient,
  spec: SloSpec,
  counters: CounterSelectors,
  tile: Tile,
  from: number,
  to: number
): Promise<PastTiles> {
  if (to <= from) {
    return { bad: [], total: [] };
  }
  const marks = { from, to, step: tile.seconds };
  const read = async (sel: string) => {
    const q = counterReadings(sel, tile.seconds);
    const range = (start: number) => ({ start, end: to, step: tile.seconds });
    const [last, resets, max, min] = await Promise.all([
      prometheus.rangeQuery(q.last, range(from)),
      prometheus.rangeQuery(q.resets, range(from + tile.seconds)),
      prometheus.rangeQuery(q.max, range(from + tile.seconds)),
      prometheus.rangeQuery(q.min, range(from + tile.seconds)),
    ]);
    return counterTiles({ last, resets, max, min }, spec.groupBy, marks);
  };
  const total = await read(counters.total);
  const bad = counters.bad ? await read(counters.bad) : undefined;
  const good = counters.good ? await read(counters.good) : undefined;
  const events = eventTiles(counters, { total, ...(bad ? { bad } : {}), ...(good ? { good } : {}) });
  const list = (event: 'bad' | 'total') =>
    [...events[event].values()].map((group) => ({
      labels: group.labels,
      points: [...group.points].sort(([a], [b]) => a - b),
    }));
  return { bad: list('bad'), total: list('total') };
}
