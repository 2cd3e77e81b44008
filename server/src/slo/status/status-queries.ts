import { EVENT_KINDS, SLO_EVENTS_METRIC, SLO_LABELS, STATUS_WINDOW_LABEL } from '../../conventions/slo.js';
import { exactAlternation, selector, stringLiteral } from '../../promql/escape.js';
import type { SloSpec } from '../../registry/model/slo.js';
import { eventQueries } from '../sli-queries.js';
import { rangeJustUnder } from '../windows.js';
import type { EventCounts } from './budget.js';

/** One window to sum events over, named by `key` in the results. */
export interface WindowTerm {
  key: string;
  seconds: number;
  /** Revisions that need this window (recorded queries only). */
  revisions?: string[];
  /** Evaluate at this time instead of the query's (`@`), for a window that ended earlier. */
  at?: number;
}

/**
 * One instant query that sums the recorded counts of many SLOs over many windows at once:
 * a constant number of queries whatever the SLO count. Each window becomes a value of
 * STATUS_WINDOW_LABEL; the team label is summed away so an owner change does not split a budget.
 */
export function recordedSumsQuery(terms: WindowTerm[]): string {
  return terms
    .filter((term) => term.revisions && term.revisions.length > 0)
    .map((term) => {
      const series = selector(SLO_EVENTS_METRIC, [
        { name: SLO_LABELS.revision, op: '=~', value: exactAlternation(term.revisions!) },
      ]);
      const at = term.at !== undefined ? ` @ ${term.at}` : '';
      return tagWindow(
        `sum without (${SLO_LABELS.team}) (sum_over_time(${series}[${rangeJustUnder(term.seconds)}]${at}))`,
        term.key
      );
    })
    .join(' or ');
}

/**
 * The same sums for one SLO straight from its raw series, for when recorded history does not
 * cover its window yet. Costlier (it reads every raw sample of the window), so used per SLO.
 */
export function rawSumsQuery(spec: SloSpec, terms: WindowTerm[]): string {
  return terms
    .flatMap((term) => {
      const queries = eventQueries(spec, term.seconds);
      return (['bad', 'total'] as const).map((event) =>
        tagWindow(
          `label_replace(${queries[event]}, ${stringLiteral(SLO_LABELS.event)}, ${stringLiteral(EVENT_KINDS[event])}, "", "")`,
          term.key
        )
      );
    })
    .join(' or ');
}

function tagWindow(expr: string, key: string): string {
  return `label_replace(${expr}, ${stringLiteral(STATUS_WINDOW_LABEL)}, ${stringLiteral(key)}, "", "")`;
}

const BOOKKEEPING = new Set<string>([
  SLO_LABELS.slo,
  SLO_LABELS.service,
  SLO_LABELS.team,
  SLO_LABELS.revision,
  SLO_LABELS.event,
  STATUS_WINDOW_LABEL,
  '__name__',
]);

/** Sums per SLO revision and group: revision → group key → window key → counts. */
export type WindowSums = Map<
  string,
  Map<string, { labels: Record<string, string>; windows: Map<string, EventCounts> }>
>;

/** Reads the results of recordedSumsQuery (keyed by revision) or rawSumsQuery (keyed by `revision`). */
export function readSums(
  samples: Array<{ metric: Record<string, string>; value: number }>,
  revision?: string
): WindowSums {
  const sums: WindowSums = new Map();
  for (const { metric, value } of samples) {
    const rev = revision ?? metric[SLO_LABELS.revision];
    const window = metric[STATUS_WINDOW_LABEL];
    const event = metric[SLO_LABELS.event];
    if (!rev || !window || (event !== 'bad' && event !== 'total') || !Number.isFinite(value)) {
      continue;
    }
    const labels = groupLabels(metric);
    const key = groupKey(labels);
    const groups = sums.get(rev) ?? new Map();
    sums.set(rev, groups);
    const group = groups.get(key) ?? { labels, windows: new Map<string, EventCounts>() };
    groups.set(key, group);
    const counts = group.windows.get(window) ?? { bad: 0, total: 0 };
    counts[event] += value;
    group.windows.set(window, counts);
  }
  return sums;
}

/** The labels that tell an SLO's groups apart (its group-by labels). */
export function groupLabels(metric: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metric)
      .filter(([name]) => !BOOKKEEPING.has(name))
      .sort(([a], [b]) => a.localeCompare(b))
  );
}

export function groupKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}
