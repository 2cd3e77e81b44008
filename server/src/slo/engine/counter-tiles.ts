import type { MatrixSeries } from '../../prometheus/client.js';
import type { CounterSelectors } from '../sli-queries.js';

/** One counter's readings at every mark of a fill (see counterReadings), as range queries return them. */
export interface CounterReadings {
  last: MatrixSeries[];
  resets: MatrixSeries[];
  max: MatrixSeries[];
  min: MatrixSeries[];
}

/** Tiles of one group of an SLO: its labels and, per mark, the count. */
export interface GroupTiles {
  labels: Record<string, string>;
  points: Map<number, number>;
}

/**
 * The tiles of marks in (from, to] per group, from the readings of one counter: per series
 * exactly what the tile expression computes (sli-queries' counterDelta), summed by the SLO's
 * group labels. With A the last sample before the previous mark and B before this one:
 * B − A; after a reset (a reset in the stretch, or B < A), the peak before the drop (the
 * stretch's largest sample, when above A) − A + B; for a series with no A, B − its least
 * sample in the stretch. The previous mark's reading is the very A the expression reads.
 */
export function counterTiles(
  readings: CounterReadings,
  groupBy: readonly string[] | undefined,
  marks: { from: number; to: number; step: number }
): Map<string, GroupTiles> {
  const byKey = (list: MatrixSeries[]) =>
    new Map(list.map((s) => [seriesKey(s.metric), new Map(s.points.map(([t, v]) => [round(t), v]))]));
  const [resets, max, min] = [byKey(readings.resets), byKey(readings.max), byKey(readings.min)];
  const groups = new Map<string, GroupTiles>();
  for (const series of readings.last) {
    const key = seriesKey(series.metric);
    const last = new Map(series.points.map(([t, v]) => [round(t), v]));
    const labels = groupLabelsOf(series.metric, groupBy);
    const groupKey = JSON.stringify(labels);
    for (let mark = marks.from + marks.step; mark <= marks.to; mark += marks.step) {
      const b = last.get(mark);
      if (b === undefined) {
        continue;
      }
      const a = last.get(mark - marks.step);
      const tile =
        a === undefined
          ? newSeries(b, min.get(key)?.get(mark))
          : grown(a, b, resets.get(key)?.get(mark), max.get(key)?.get(mark));
      if (tile === undefined) {
        continue;
      }
      const group = groups.get(groupKey) ?? { labels, points: new Map<number, number>() };
      groups.set(groupKey, group);
      group.points.set(mark, (group.points.get(mark) ?? 0) + tile);
    }
  }
  return groups;
}

function grown(a: number, b: number, resets: number | undefined, max: number | undefined): number {
  const reset = (resets !== undefined && resets > 0) || b < a;
  if (!reset) {
    return b - a;
  }
  const peak = max !== undefined && max > a ? max : a;
  return peak - a + b;
}

function newSeries(b: number, min: number | undefined): number | undefined {
  return min === undefined ? undefined : b - min;
}

/**
 * Bad and total tiles of an SLO from its counters' tiles, as the queries compose them: bad
 * events where a bad counter exists (0 in groups it does not reach), or total − good (every
 * event bad in groups without a good series).
 */
export function eventTiles(
  counters: CounterSelectors,
  tiles: { total: Map<string, GroupTiles>; bad?: Map<string, GroupTiles>; good?: Map<string, GroupTiles> }
): { bad: Map<string, GroupTiles>; total: Map<string, GroupTiles> } {
  const bad = new Map<string, GroupTiles>();
  for (const [key, total] of tiles.total) {
    const points = new Map<number, number>();
    for (const [mark, count] of total.points) {
      if (counters.bad) {
        points.set(mark, tiles.bad?.get(key)?.points.get(mark) ?? 0);
      } else {
        points.set(mark, count - (tiles.good?.get(key)?.points.get(mark) ?? 0));
      }
    }
    bad.set(key, { labels: total.labels, points });
  }
  if (counters.bad) {
    // A bad series in a group without total (`bad or 0 * total` keeps it).
    for (const [key, group] of tiles.bad ?? []) {
      if (!tiles.total.has(key)) {
        bad.set(key, group);
      } else {
        for (const [mark, count] of group.points) {
          bad.get(key)!.points.set(mark, count);
        }
      }
    }
  }
  return { bad, total: tiles.total };
}

/** `sum by (groupBy)` keeps the group labels a series has; an absent or empty one is left out. */
function groupLabelsOf(metric: Record<string, string>, groupBy: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((groupBy ?? []).filter((name) => metric[name]).map((name) => [name, metric[name]!]));
}

/** Series are matched without their name, as PromQL's operators do: last_over_time keeps it, resets() drops it. */
function seriesKey(metric: Record<string, string>): string {
  return JSON.stringify(
    Object.entries(metric)
      .filter(([name]) => name !== '__name__')
      .sort(([a], [b]) => a.localeCompare(b))
  );
}

/** Range query steps come back as floats of seconds; marks are whole seconds. */
function round(t: number): number {
  return Math.round(t);
}
