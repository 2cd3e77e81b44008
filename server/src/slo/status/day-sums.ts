import { EVENT_KINDS, SLO_EVENTS_METRIC, SLO_LABELS } from '../../conventions/slo.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { exactAlternation, selector } from '../../promql/escape.js';
import { DAY, rangeJustUnder } from '../windows.js';
import type { EventCounts } from './budget.js';
import { groupKey, groupLabels } from './status-queries.js';

/** A day is summed for good once its last sample is surely written. */
const DAY_SETTLED_AFTER = 600;

interface RevisionDays {
  /** Changes when the revision's recorded history does (filled, seam closed): the days are then fetched again. */
  version: string;
  fetched: Set<number>;
  groups: Map<string, { labels: Record<string, string>; bad: Map<number, number>; total: Map<number, number> }>;
}

/**
 * Sums of each revision's recorded counts per UTC day, kept once the day is over: a 30-day
 * budget then reads two partial days from Prometheus instead of 8,640 samples per series.
 * Days are `(dayEnd − 1d, dayEnd]`, keyed by dayEnd (a multiple of 86,400).
 */
export class DaySums {
  private readonly revisions = new Map<string, RevisionDays>();

  /** The last day end at or before `at` that is settled. */
  static lastSettledDay(at: number): number {
    return Math.floor((at - DAY_SETTLED_AFTER) / DAY) * DAY;
  }

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
    const series = selector(SLO_EVENTS_METRIC, [
      { name: SLO_LABELS.revision, op: '=~', value: exactAlternation(revisions) },
    ]);
    const results = await prometheus.rangeQuery(
      `sum without (${SLO_LABELS.team}) (sum_over_time(${series}[${rangeJustUnder(DAY)}]))`,
      { start: Math.min(...missing), end: Math.max(...missing), step: DAY }
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
        if (missing.has(t)) {
          group[event].set(t, value);
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
      out.set(key, { labels: group.labels, counts });
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

/** Day ends of the settled days wholly inside (from, to]. */
export function wholeDays(from: number, to: number): number[] {
  const first = Math.ceil(from / DAY) * DAY + DAY;
  const days: number[] = [];
  for (let d = first; d <= to; d += DAY) {
    days.push(d);
  }
  return days;
}
