import { EVENT_KINDS, SLO_LABELS } from '../../conventions/slo.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { selector } from '../../promql/escape.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { tileFor } from '../rules.js';
import { aggregate, eventQueries } from '../sli-queries.js';
import { markAtOrBefore, rollingTiles, SETTLE_SECONDS, TILES } from '../tiles.js';
import { budgetRatio, windowBounds, windowOf } from '../windows.js';
import { groupKey, groupLabels } from './status-queries.js';

export type Point = [number, number];

export interface GroupSeries {
  group: Record<string, string>;
  points: Point[];
}

export interface Burndown {
  windowStart: number;
  windowEnd: number;
  series: GroupSeries[];
  /** Spending the budget evenly: from 100% at the window's start to 0% at its end. */
  ideal: Point[];
}

/**
 * Budget remaining through the current window: at each moment, 1 − bad events so far ÷ (budget
 * × all events of the window to date), so it ends at the status's budget remaining. Read from
 * the recorded samples themselves (exact), or from raw series when history is not filled.
 */
export async function burndown(
  prometheus: PrometheusClient,
  slo: ActiveSlo,
  objectiveIndex: number,
  source: 'recorded' | 'raw',
  at: number,
  maxPoints = 300
): Promise<Burndown> {
  const objective = slo.definition.slo.spec.objectives[objectiveIndex]!;
  const window = windowOf(objective);
  const { start: windowStart, end: windowEnd } = windowBounds(window, at);
  const samples =
    source === 'recorded'
      ? await recordedSamples(prometheus, slo, windowStart, at)
      : await rawStepCounts(prometheus, slo, windowStart, at, maxPoints);
  const budget = budgetRatio(objective.target);
  const series = [...samples.values()].map(({ labels, bad, total }) => {
    const times = [...new Set([...bad.keys(), ...total.keys()])].sort((a, b) => a - b);
    const allEvents = [...total.values()].reduce((s, v) => s + v, 0);
    let spent = 0;
    const points: Point[] = [[windowStart, 1]];
    for (const t of times) {
      spent += bad.get(t) ?? 0;
      points.push([t, allEvents > 0 ? 1 - spent / (budget * allEvents) : 1]);
    }
    return { group: labels, points: thin(points, maxPoints) };
  });
  return {
    windowStart,
    windowEnd,
    series,
    ideal: [
      [windowStart, 1],
      [windowEnd, 0],
    ],
  };
}

type Counts = Map<string, { labels: Record<string, string>; bad: Map<number, number>; total: Map<number, number> }>;

async function recordedSamples(
  prometheus: PrometheusClient,
  slo: ActiveSlo,
  from: number,
  at: number
): Promise<Counts> {
  const series = selector(TILES.coarse.metric, [{ name: SLO_LABELS.revision, op: '=', value: slo.revision }]);
  // Read up to the end of the last tile's slot: the tile of `at`'s mark is stored after it.
  const until = at + TILES.coarse.seconds + SETTLE_SECONDS;
  const results = await prometheus.rawSamples(`${series}[${Math.max(1, Math.round(until - from))}s]`, until);
  const counts: Counts = new Map();
  for (const result of results) {
    const event = result.metric[SLO_LABELS.event] === EVENT_KINDS.bad ? 'bad' : 'total';
    const entry = entryFor(counts, result.metric);
    for (const [t, v] of result.points) {
      // A tile is stored a little after the mark that ends what it counts.
      const mark = markAtOrBefore(t - SETTLE_SECONDS, TILES.coarse);
      if (mark > from && mark <= at) {
        entry[event].set(mark, (entry[event].get(mark) ?? 0) + v);
      }
    }
  }
  return counts;
}

async function rawStepCounts(
  prometheus: PrometheusClient,
  slo: ActiveSlo,
  from: number,
  at: number,
  maxPoints: number
): Promise<Counts> {
  const step = Math.max(300, Math.ceil((at - from) / maxPoints / 300) * 300);
  const queries = eventQueries(slo.definition.slo.spec, { kind: 'window', seconds: step });
  const counts: Counts = new Map();
  for (const event of ['bad', 'total'] as const) {
    const results = await prometheus.rangeQuery(queries[event], { start: from + step, end: at, step });
    for (const result of results) {
      const entry = entryFor(counts, result.metric);
      for (const [t, v] of result.points) {
        entry[event].set(t, v);
      }
    }
  }
  return counts;
}

function entryFor(counts: Counts, metric: Record<string, string>) {
  const labels = groupLabels(metric);
  const key = groupKey(labels);
  const entry = counts.get(key) ?? { labels, bad: new Map<number, number>(), total: new Map<number, number>() };
  counts.set(key, entry);
  return entry;
}

/**
 * Points whose window lies within the recorded history: a moment whose window reaches back
 * before `coveredFrom` would count too few events.
 */
export function withinHistory(points: Point[], coveredFrom: number | undefined, windowSeconds: number): Point[] {
  const from = (coveredFrom ?? -Infinity) + windowSeconds;
  return points.filter(([t]) => t >= from);
}

/** Every n-th point, keeping the last, so a chart gets at most `max` points. */
function thin(points: Point[], max: number): Point[] {
  if (points.length <= max) {
    return points;
  }
  const every = Math.ceil(points.length / max);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

/**
 * Burn rate (or SLI) over `windowSeconds`, evaluated at each step of [start, end]: one range
 * query over the recorded counts, or the raw series before history is filled.
 */
export async function rollingSeries(
  prometheus: PrometheusClient,
  slo: ActiveSlo,
  objectiveIndex: number,
  kind: 'burnrate' | 'sli',
  windowSeconds: number,
  source: { source: 'recorded' | 'raw'; coveredFrom?: number },
  range: { start: number; end: number; step: number }
): Promise<GroupSeries[]> {
  const spec = slo.definition.slo.spec;
  const budget = budgetRatio(spec.objectives[objectiveIndex]!.target);
  const recorded = source.source === 'recorded';
  const raw = recorded ? undefined : eventQueries(spec, { kind: 'window', seconds: windowSeconds });
  const tile = tileFor(spec, windowSeconds);
  const tiles = (event: 'bad' | 'total') =>
    aggregate(
      spec.groupBy,
      rollingTiles(
        tile,
        selector(tile.metric, [
          { name: SLO_LABELS.revision, op: '=', value: slo.revision },
          { name: SLO_LABELS.event, op: '=', value: EVENT_KINDS[event] },
        ]),
        windowSeconds
      )
    );
  const [bad, total] = raw ? [raw.bad, raw.total] : [tiles('bad'), tiles('total')];
  const ratio = `(${bad}) / (${total})`;
  const query = kind === 'burnrate' ? `${ratio} / ${budget}` : `1 - ${ratio}`;
  const results = await prometheus.rangeQuery(query, range);
  return results.map((r) => {
    // A window without events has no ratio (0 / 0): no point, rather than NaN.
    const points = r.points.filter(([, v]) => Number.isFinite(v));
    return {
      group: groupLabels(r.metric),
      points: recorded ? withinHistory(points, source.coveredFrom, windowSeconds) : points,
    };
  });
}
