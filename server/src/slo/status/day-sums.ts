import { EVENT_KINDS, SLO_LABELS } from '../../conventions/slo.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { exactAlternation, selector } from '../../promql/escape.js';
import { coverage, TILES } from '../tiles.js';
import { DAY } from '../windows.js';
import type { EventCounts } from './budget.js';
import { groupKey, groupLabels } from './status-queries.js';

interface RevisionDays {
  /** Changes when the revision's recorded history does (filled, seam closed): the days are then fetched again. */
  version: string;
  fetched: Set<number>;
  groups: Map<string, { labels: Record<string, string>; bad: Map<number, number>; total: Map<number, number> }>;
}

/**
 * Sums of each revision's coarse tiles per UTC day, kept once the day's tiles are settled: a
 * 30-day budget then reads two partial days from Prometheus instead of 8,640 samples per
 * series. A day is the tiles of marks in `(dayEnd − 1d, dayEnd]`, keyed by dayEnd (a multiple
 * of 86,400); callers ask only for settled days.
 */
export class DaySums {
  private readonly revisions = new Map<string, RevisionDays>();

  /**
   * Makes sure these revisions' sums are known for these day ends: one range query (step one
   * day) for whatever is missing, for all of them together. Returns the requests it made.
   */
  async ensure(
    prometheus: PrometheusClient,
    wanted: Array<{ revision: string; version: string; dayEnds: number[] }>
  ): Promise<number> {
    const missing = new Set<number>();
    const revisions: string[] = [];
    for (const { revision, version, dayEnds } of wanted) {
      let days = this.revisions.get(revision);
      if (!days || days.version !== version) {
        days = { version, fetched: new Set(), groups: new Map() };
        this.revisions.set(revision, days);
      }
      const lacking = dayEnds.filter((d) => !days!.fetched.has(d));
      lacking.forEach((d) => missing.add(d));
      if (lacking.length > 0) {
        revisions.push(revision);
      }
    }
    if (missing.size === 0) {
      return 0;
    }
    const series = selector(TILES.coarse.metric, [
      { name: SLO_LABELS.revision, op: '=~', value: exactAlternation(revisions) },
    ]);
    // Each step sits where coverage() pins the tiles of one day's marks.
    const { range, at } = coverage(TILES.coarse, 0, DAY);
    const shift = at - DAY;
    const results = await prometheus.rangeQuery(
      `sum without (${SLO_LABELS.team}) (sum_over_time(${series}[${range}]))`,
      { start: Math.min(...missing) + shift, end: Math.max(...missing) + shift, step: DAY }
    );
    for (const result of results) {
      const days = this.revisions.get(result.metric[SLO_LABELS.revision] ?? '');
      const event = result.metric[SLO_LABELS.event] === EVENT_KINDS.bad ? 'bad' : 'total';
      if (!days) {
        continue;
      }
      const labels = groupLabels(result.metric);
      const key = groupKey(labels);
      const group = days.groups.get(key) ?? {
        labels,
        bad: new Map<number, number>(),
        total: new Map<number, number>(),
      };
      days.groups.set(key, group);
      for (const [t, value] of result.points) {
        const dayEnd = Math.round(t - shift);
        if (missing.has(dayEnd)) {
          group[event].set(dayEnd, value);
        }
      }
    }
    for (const revision of revisions) {
      missing.forEach((d) => this.revisions.get(revision)!.fetched.add(d));
    }
    return 1;
  }

  /** Events of a revision over these days, per group. */
  sum(revision: string, dayEnds: number[]): Map<string, { labels: Record<string, string>; counts: EventCounts }> {
    const out = new Map<string, { labels: Record<string, string>; counts: EventCounts }>();
    for (const [key, group] of this.revisions.get(revision)?.groups ?? []) {
      const counts = { bad: 0, total: 0 };
      for (const d of dayEnds) {
        counts.bad += group.bad.get(d) ?? 0;
        counts.total += group.total.get(d) ?? 0;
      }
      // A group without events on these days (a route not there yet) is not one of theirs.
      if (counts.total > 0 || counts.bad > 0) {
        out.set(key, { labels: group.labels, counts });
      }
    }
    return out;
  }

  /** Forgets revisions that are no longer active. */
  retain(active: Set<string>): void {
    for (const revision of this.revisions.keys()) {
      if (!active.has(revision)) {
        this.revisions.delete(revision);
      }
    }
  }
}
