import { EVENT_KINDS, SLO_LABELS, STATUS_WINDOW_LABEL } from '../../conventions/slo.js';
import { exactAlternation, selector, stringLiteral } from '../../promql/escape.js';
import type { SloSpec } from '@steward/contract/model/slo';
import { edgeQueries, eventQueries, type EdgeCounter, type Stretch } from '../sli-queries.js';
import { coverage } from '../tiles.js';
import type { EventCounts } from './budget.js';
import { pieceKey, type TilePiece } from './window-pieces.js';

/** One window to count from raw series, named by `key` in the results. */
export interface WindowTerm {
  key: string;
  seconds: number;
}

/** The key of the raw count after the last settled tile, in tail query results. */
export const TAIL_KEY = 'tail';

/**
 * One instant query that sums the tiles of many SLO revisions over many pieces at once: a
 * constant number of terms whatever the SLO count, each pinned with `@` to the tiles of its
 * marks. Each piece becomes a value of STATUS_WINDOW_LABEL; the team label is summed away so an
 * owner change does not split a budget.
 */
export function tileSumsQuery(terms: Array<{ piece: TilePiece; revisions: string[] }>): string {
  return terms
    .filter((term) => term.revisions.length > 0)
    .map(({ piece, revisions }) => {
      const series = selector(piece.tile.metric, [
        { name: SLO_LABELS.revision, op: '=~', value: exactAlternation(revisions) },
      ]);
      const { range, at } = coverage(piece.tile, piece.from, piece.to);
      return tagWindow(
        `sum without (${SLO_LABELS.team}) (sum_over_time(${series}[${range}] @ ${at}))`,
        pieceKey(piece)
      );
    })
    .join(' or ');
}

/** What one SLO needs counted from raw series: the stretch after its last settled tile, and whole windows. */
export interface RawCounts {
  revision: string;
  spec: SloSpec;
  /** The tail (from, at]; none when from equals at. */
  from: number;
  at: number;
  windows: WindowTerm[];
}

/**
 * PromQL text per request for the batched queries with terms per SLO (raw tails, edges). The
 * time Prometheus 2.42 spends on one query grows with the square of its selectors (one query of
 * 2,000 empty selectors took 0.17 s, of 8,000 2.4 s), and an SLO's terms hold tens of them: one
 * query for 1,000 SLOs' edges (5.6 MB) ran into Prometheus's 2-minute timeout. Terms are sent
 * in requests of about this size instead, a few at a time.
 */
export const QUERY_CHUNK_BYTES = 48 * 1024;

/** Terms joined by `or` into queries of about `bytes` each (one term alone may be longer). */
export function chunkedOr(terms: string[], bytes = QUERY_CHUNK_BYTES): string[] {
  const queries: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const term of terms) {
    if (current.length > 0 && size + term.length > bytes) {
      queries.push(current.join(' or '));
      current = [];
      size = 0;
    }
    current.push(term);
    size += term.length + 4;
  }
  if (current.length > 0) {
    queries.push(current.join(' or '));
  }
  return queries;
}

/**
 * Raw events of many SLOs: each one's tail after its last settled tile, and any whole windows
 * it counts from raw series. One expression per SLO and stretch (their series differ), in as
 * few queries as QUERY_CHUNK_BYTES allows.
 */
export function rawCountsQueries(items: RawCounts[]): string[] {
  return chunkedOr(
    items.map(({ revision, spec, from, at, windows }) =>
      stretchCounts(revision, spec, [
        ...(from < at ? [[TAIL_KEY, { kind: 'tail', from, seconds: at - from }] as [string, Stretch]] : []),
        ...windows.map((w) => [w.key, { kind: 'window', seconds: w.seconds }] as [string, Stretch]),
      ])
    )
  );
}

/** Stretches of one SLO counted from raw series, each named by its key. */
function stretchCounts(revision: string, spec: SloSpec, stretches: Array<[string, Stretch]>): string {
  return stretches
    .flatMap(([key, stretch]) => {
      const queries = eventQueries(spec, stretch);
      return (['bad', 'total'] as const).map((event) =>
        tagRevision(tagEvent(tagWindow(queries[event], key), event), revision)
      );
    })
    .join(' or ');
}

/**
 * Sums for one SLO straight from its raw series, for when recorded history does not cover its
 * window yet. Costlier (it reads every raw sample of the window), so used per SLO.
 */
export function rawSumsQuery(spec: SloSpec, terms: WindowTerm[]): string {
  return terms
    .flatMap((term) => {
      const stretch: Stretch = { kind: 'window', seconds: term.seconds };
      const queries = eventQueries(spec, stretch);
      return (['bad', 'total'] as const).map((event) => tagEvent(tagWindow(queries[event], term.key), event));
    })
    .join(' or ');
}

/** Where a window's edge is moved: the window (by key), from its mark to `t`. */
export interface EdgeMove {
  window: string;
  t: number;
  mark: number;
}

const EDGE_SEPARATOR = '|';

/**
 * The edges of many SLOs' windows, each term tagged with its window, counter and part, in as few
 * queries as QUERY_CHUNK_BYTES allows.
 */
export function edgeCountsQueries(items: Array<{ revision: string; spec: SloSpec; moves: EdgeMove[] }>): string[] {
  return chunkedOr(
    items.flatMap(({ revision, spec, moves }) => {
      const terms = moves.flatMap((move) =>
        edgeQueries(spec, move.t, move.mark).map((term) =>
          tagWindow(term.expr, [move.window, term.counter].join(EDGE_SEPARATOR))
        )
      );
      // Terms differ by their window label, so one `or` keeps them all; tagged once per SLO.
      return terms.length > 0 ? [tagRevision(terms.join(' or '), revision)] : [];
    })
  );
}

/** Edge counts per revision, group and window: what each counter adds. */
export type EdgeSums = Map<
  string,
  Map<string, { labels: Record<string, string>; windows: Map<string, Partial<Record<EdgeCounter, number>>> }>
>;

export function readEdges(samples: Array<{ metric: Record<string, string>; value: number }>): EdgeSums {
  const sums: EdgeSums = new Map();
  for (const { metric, value } of samples) {
    const revision = metric[SLO_LABELS.revision];
    const [window, counter] = (metric[STATUS_WINDOW_LABEL] ?? '').split(EDGE_SEPARATOR);
    if (!revision || !window || !counter || !Number.isFinite(value)) {
      continue;
    }
    const labels = groupLabels(metric);
    const groups = sums.get(revision) ?? new Map();
    sums.set(revision, groups);
    const group = groups.get(groupKey(labels)) ?? { labels, windows: new Map() };
    groups.set(groupKey(labels), group);
    const counts = group.windows.get(window) ?? {};
    counts[counter as EdgeCounter] = value;
    group.windows.set(window, counts);
  }
  return sums;
}

export function tagWindow(expr: string, key: string): string {
  return `label_replace(${expr}, ${stringLiteral(STATUS_WINDOW_LABEL)}, ${stringLiteral(key)}, "", "")`;
}

function tagEvent(expr: string, event: 'bad' | 'total'): string {
  return `label_replace(${expr}, ${stringLiteral(SLO_LABELS.event)}, ${stringLiteral(EVENT_KINDS[event])}, "", "")`;
}

function tagRevision(expr: string, revision: string): string {
  return `label_replace(${expr}, ${stringLiteral(SLO_LABELS.revision)}, ${stringLiteral(revision)}, "", "")`;
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
