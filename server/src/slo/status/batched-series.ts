import { EVENT_KINDS, SLO_LABELS } from '../../conventions/slo.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { exactAlternation, selector } from '../../promql/escape.js';
import type { Objective } from '@steward/contract/model/slo';
import { monthStart } from '../calendar.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { tileFor } from '../rules.js';
import { eventQueries } from '../sli-queries.js';
import { markAtOrBefore, rollingTiles, SETTLE_SECONDS, TILES } from '../tiles.js';
import { budgetRatio, rangeJustUnder, windowOf } from '../windows.js';
import { groupKey, groupLabels } from './status-queries.js';
import { withinHistory, type Point } from './timeseries.js';

export type SeriesKind = 'burnrate' | 'sli' | 'budget';

export interface SloSeries {
  slo: string;
  revision: string;
  objective: number;
  group: Record<string, string>;
  points: Point[];
}

export interface SeriesRange {
  start: number;
  end: number;
  step: number;
}

/**
 * Time series for many SLOs at once. Burn rate and SLI over a window `windowSeconds`, or budget
 * remaining over each objective's own window: recorded SLOs cost one range query per distinct
 * window, whatever their number; SLOs still on raw series cost one each. Burn rates and budgets
 * use each SLO's own target, applied here to the event ratio PromQL returns.
 */
export async function batchedSeries(
  prometheus: PrometheusClient,
  slos: Array<{ slo: ActiveSlo; source: 'recorded' | 'raw'; coveredFrom?: number }>,
  kind: SeriesKind,
  range: SeriesRange,
  windowSeconds = 3600
): Promise<{ series: SloSeries[]; prometheusRequests: number; errors: Array<{ slo: string; error: string }> }> {
  let requests = 0;
  const series: SloSeries[] = [];
  const errors: Array<{ slo: string; error: string }> = [];
  const byRevision = new Map(slos.map((s) => [s.slo.revision, s.slo]));
  const coverage = new Map(slos.map((s) => [s.slo.revision, s.coveredFrom]));

  // Which (SLO, objective) pairs need which window (from which tiles), or per-SLO work.
  const recordedByWindow = new Map<string, Array<{ slo: ActiveSlo; objective: number }>>();
  const perSlo: Array<{ slo: ActiveSlo; objective: number; source: 'recorded' | 'raw'; seconds?: number }> = [];
  for (const { slo, source } of slos) {
    const objectives = kind === 'budget' ? slo.definition.slo.spec.objectives.map((_, i) => i) : [0];
    for (const index of objectives) {
      const objective = slo.definition.slo.spec.objectives[index]!;
      const window = windowOf(objective);
      const seconds = kind === 'budget' ? (window.kind === 'rolling' ? window.seconds : undefined) : windowSeconds;
      if (source === 'recorded' && seconds !== undefined) {
        const key = `${tileFor(slo.definition.slo.spec, seconds).kind}:${seconds}`;
        recordedByWindow.set(key, [...(recordedByWindow.get(key) ?? []), { slo, objective: index }]);
      } else {
        perSlo.push({ slo, objective: index, source, ...(seconds !== undefined ? { seconds } : {}) });
      }
    }
  }

  for (const [key, wanted] of recordedByWindow) {
    const [tileKind, text] = key.split(':') as ['fine' | 'coarse', string];
    const seconds = Number(text);
    const revisions = [...new Set(wanted.map((w) => w.slo.revision))];
    const pick = (event: 'bad' | 'total') =>
      `sum without (${SLO_LABELS.team}, ${SLO_LABELS.event}) (${rollingTiles(
        TILES[tileKind],
        selector(TILES[tileKind].metric, [
          { name: SLO_LABELS.revision, op: '=~', value: exactAlternation(revisions) },
          { name: SLO_LABELS.event, op: '=', value: EVENT_KINDS[event] },
        ]),
        seconds
      )})`;
    requests++;
    const results = await prometheus.rangeQuery(`${pick('bad')} / ${pick('total')}`, range);
    for (const result of results) {
      const revision = result.metric[SLO_LABELS.revision] ?? '';
      const slo = byRevision.get(revision);
      const points = withinHistory(result.points, coverage.get(revision), seconds);
      for (const want of wanted.filter((w) => w.slo === slo)) {
        series.push(shaped(want.slo, want.objective, kind, result.metric, points));
      }
    }
  }

  for (const want of perSlo) {
    const name = want.slo.definition.slo.metadata.name;
    try {
      if (want.seconds !== undefined) {
        const queries = eventQueries(want.slo.definition.slo.spec, { kind: 'window', seconds: want.seconds });
        requests++;
        const results = await prometheus.rangeQuery(`(${queries.bad}) / (${queries.total})`, range);
        series.push(...results.map((r) => shaped(want.slo, want.objective, kind, r.metric, r.points)));
      } else if (want.source === 'recorded') {
        requests++;
        series.push(...(await calendarBudget(prometheus, want.slo, want.objective, range)));
      } else {
        errors.push({
          slo: name,
          error: 'a calendar-month budget over time needs recorded history, which is still being filled',
        });
      }
    } catch (error) {
      errors.push({ slo: name, error: (error as Error).message });
    }
  }
  return { series, prometheusRequests: requests, errors };
}

/** From an event ratio to what was asked for, with the SLO's target. */
function shaped(
  slo: ActiveSlo,
  objective: number,
  kind: SeriesKind,
  metric: Record<string, string>,
  ratios: Point[]
): SloSeries {
  const budget = budgetRatio(slo.definition.slo.spec.objectives[objective]!.target);
  const value = (ratio: number) =>
    kind === 'sli' ? 1 - ratio : kind === 'burnrate' ? ratio / budget : 1 - ratio / budget;
  return {
    slo: slo.definition.slo.metadata.name,
    revision: slo.revision,
    objective,
    group: groupLabels(metric),
    points: ratios.filter(([, r]) => Number.isFinite(r)).map(([t, r]) => [t, value(r)]),
  };
}

/**
 * Budget remaining of a calendar-month objective at each step: the recorded counts from the
 * start of that step's month up to it. Read once as raw samples, then summed per step.
 */
async function calendarBudget(
  prometheus: PrometheusClient,
  slo: ActiveSlo,
  index: number,
  range: SeriesRange
): Promise<SloSeries[]> {
  const objective: Objective = slo.definition.slo.spec.objectives[index]!;
  const window = windowOf(objective);
  const timeZone = window.kind === 'calendar' ? window.timeZone : 'UTC';
  const from = monthStart(range.start, timeZone);
  // Read up to the end of the last tile's slot: the tile of the range end's mark is stored after it.
  const until = range.end + TILES.coarse.seconds + SETTLE_SECONDS;
  const results = await prometheus.rawSamples(
    `${selector(TILES.coarse.metric, [{ name: SLO_LABELS.revision, op: '=', value: slo.revision }])}[${Math.max(1, Math.ceil(until - from))}s]`,
    until
  );
  const groups = new Map<string, { labels: Record<string, string>; bad: Point[]; total: Point[] }>();
  for (const result of results) {
    const labels = groupLabels(result.metric);
    const entry = groups.get(groupKey(labels)) ?? { labels, bad: [], total: [] };
    groups.set(groupKey(labels), entry);
    // A tile is stored a little after the mark that ends what it counts.
    const points = result.points.map(([t, v]): Point => [markAtOrBefore(t - SETTLE_SECONDS, TILES.coarse), v]);
    (result.metric[SLO_LABELS.event] === EVENT_KINDS.bad ? entry.bad : entry.total).push(...points);
  }
  const budget = budgetRatio(objective.target);
  return [...groups.values()].map(({ labels, bad, total }) => {
    const points: Point[] = [];
    for (let t = range.start; t <= range.end; t += range.step) {
      const start = monthStart(t, timeZone);
      const sum = (samples: Point[]) => samples.filter(([ts]) => ts > start && ts <= t).reduce((s, [, v]) => s + v, 0);
      const all = sum(total);
      points.push([t, all > 0 ? 1 - sum(bad) / all / budget : 1]);
    }
    return { slo: slo.definition.slo.metadata.name, revision: slo.revision, objective: index, group: labels, points };
  });
}
