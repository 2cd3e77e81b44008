import type { PrometheusClient } from '../../prometheus/client.js';
import type { SloSpec } from '@steward/contract/model/slo';
import type { ActiveSlo } from '../delivery/rule-set.js';
import type { RevisionRecord } from '../engine/revisions.js';
import { badFromGood, countsTails, type EdgeCounter } from '../sli-queries.js';
import { FINE_WINDOW_MAX_SECONDS, markAtOrBefore, SETTLE_SECONDS, settledMark, TILES } from '../tiles.js';
import { BURN_WINDOWS_SECONDS, windowBounds, windowOf, type SloWindow } from '../windows.js';
import type { EventCounts } from './budget.js';
import { DaySums } from './day-sums.js';
import {
  edgeCountsQueries,
  rawCountsQueries,
  readEdges,
  readSums,
  TAIL_KEY,
  tagWindow,
  tileSumsQuery,
  type EdgeMove,
  type EdgeSums,
  type RawCounts,
  type WindowSums,
} from './status-queries.js';
import {
  evaluationsQuery,
  EVALUATION_LOOKBACK_SECONDS,
  LIVE_SECONDS,
  liveTermExpr,
  liveTermKey,
  readEvaluations,
  readMoment,
  recordedThroughout,
  settledBy,
  type LiveTerm,
} from './live-windows.js';
import { pieceKey, planWindow, type TileCoverage, type TilePiece, type WindowPlan } from './window-pieces.js';

/** How results name windows: an objective's window, or a burn-rate window. */
export const windowKey = {
  objective: (window: SloWindow, at: number) =>
    window.kind === 'rolling' ? `w${window.seconds}` : `m${window.timeZone}@${windowBounds(window, at).start}`,
  burn: (seconds: number) => `b${seconds}`,
};

/** The end of every window, in edge results. */
const END = 'end';

/**
 * Burn-rate windows whose edges are moved to the exact moments: the paging windows, where a
 * scrape interval is a large part of the window; beyond, it is under 0.3% of one.
 */
const SPLIT_SECONDS = BURN_WINDOWS_SECONDS.filter((seconds) => seconds <= FINE_WINDOW_MAX_SECONDS);
const SPLIT_WINDOWS = SPLIT_SECONDS.map((seconds) => windowKey.burn(seconds));

/** A moment this far back has its next scrape stored: a window's end is split only there. */
const SPLIT_END_AGE_SECONDS = 60;

/** A recorded SLO and what its tiles cover. */
export interface RecordedSlo {
  slo: ActiveSlo;
  coverage: TileCoverage;
}

/** Every window an SLO's status needs, by key (named as at `at`), with its start for one ending at `end`. */
export function windowsOf(spec: SloSpec, at: number, end: number = at): Map<string, number> {
  const windows = new Map<string, number>();
  for (const objective of spec.objectives) {
    const window = windowOf(objective);
    windows.set(windowKey.objective(window, at), windowBounds(window, end).start);
  }
  for (const seconds of BURN_WINDOWS_SECONDS) {
    windows.set(windowKey.burn(seconds), end - seconds);
  }
  return windows;
}

/** What recordedSums asks Prometheus, and how it reads the answers back. */
export interface RecordedSumsPlan {
  plans: Map<string, Map<string, WindowPlan>>;
  /** Where each revision's windows start, as counted: revision → window key → start. */
  starts: WindowStarts;
  /** Where the windows of revisions read from their last evaluation end (see live-windows.ts). */
  ends: Map<string, number>;
  /** Revisions whose paging windows' edges are moved to the exact moments (when that succeeds). */
  moved: Set<string>;
  /** Day ends whose coarse tiles are summed once and kept, per revision. */
  wantedDays: Map<string, Set<number>>;
  /** Revisions whose bad events are total − good. */
  fromGood: Set<string>;
  /** The batched queries: tiles in one, raw tails and edges in requests of bounded size. */
  queries: { tiles?: string; tails: string[]; edges: string[] };
}

/**
 * The windows of every recorded SLO, split into pieces, and the batched queries that count them.
 * `evaluations` holds the last evaluation of each revision's fine group: a present status reads
 * those SLOs from recorded terms alone (see live-windows.ts); the others, and every SLO at a past
 * moment, from tiles, their raw tails and their windows' edges.
 */
export function planRecordedSums(
  slos: RecordedSlo[],
  at: number,
  now: number,
  evaluations: Map<string, number> = new Map()
): RecordedSumsPlan {
  const pieceTerms = new Map<string, { piece: TilePiece; revisions: Set<string> }>();
  const liveTerms = new Map<string, { term: LiveTerm; revisions: Set<string> }>();
  const plans = new Map<string, Map<string, WindowPlan>>();
  const starts: WindowStarts = new Map();
  const ends = new Map<string, number>();
  const wantedDays = new Map<string, Set<number>>();
  const raw: RawCounts[] = [];
  const edges: Array<{ revision: string; spec: SloSpec; moves: EdgeMove[] }> = [];
  const fromGood = new Set<string>();
  const moved = new Set<string>();
  // A set: at 1,000 SLOs a term's revisions were scanned once per SLO that shares it.
  const use = <T>(terms: Map<string, { revisions: Set<string> } & T>, key: string, term: T, revision: string) => {
    const entry = terms.get(key) ?? { ...term, revisions: new Set<string>() };
    entry.revisions.add(revision);
    terms.set(key, entry);
  };
  for (const { slo, coverage } of slos) {
    const spec = slo.definition.slo.spec;
    const live =
      at >= now - LIVE_SECONDS ? livePlans(spec, at, now, coverage, evaluations.get(slo.revision)) : undefined;
    const byWindow = live?.byWindow ?? exactPlans(spec, at, now, coverage);
    plans.set(slo.revision, byWindow);
    starts.set(slo.revision, new Map([...byWindow].map(([key, plan]) => [key, plan.start])));
    const days = new Set<number>();
    for (const plan of byWindow.values()) {
      plan.pieces.forEach((piece) => use(pieceTerms, pieceKey(piece), { piece }, slo.revision));
      plan.days.forEach((d) => days.add(d));
    }
    wantedDays.set(slo.revision, days);
    if (badFromGood(spec)) {
      fromGood.add(slo.revision);
    }
    if (live) {
      ends.set(slo.revision, live.end);
      live.terms.forEach((term) => use(liveTerms, liveTermKey(term), { term }, slo.revision));
      continue;
    }
    const tailFrom = [...byWindow.values()][0]?.tailFrom ?? at;
    const windows = [...byWindow]
      .filter(([, plan]) => plan.raw)
      .map(([key, plan]) => ({ key: rawKey(key), seconds: at - plan.start }));
    if (tailFrom < at || windows.length > 0) {
      raw.push({ revision: slo.revision, spec, from: tailFrom, at, windows });
    }
    const moves: EdgeMove[] = SPLIT_SECONDS.map((seconds) => ({
      window: windowKey.burn(seconds),
      t: at - seconds,
      mark: byWindow.get(windowKey.burn(seconds))!.start,
    }));
    if (at <= now - SPLIT_END_AGE_SECONDS) {
      moves.push({ window: END, t: at, mark: at });
    }
    edges.push({ revision: slo.revision, spec, moves });
    if (!spec.sli.freeform) {
      moved.add(slo.revision);
    }
  }

  const tiles = [
    ...(pieceTerms.size > 0
      ? [tileSumsQuery([...pieceTerms.values()].map(({ piece, revisions }) => ({ piece, revisions: [...revisions] })))]
      : []),
    ...[...liveTerms].map(([key, { term, revisions }]) => tagWindow(liveTermExpr(term, [...revisions]), key)),
  ];
  return {
    plans,
    starts,
    ends,
    moved,
    wantedDays,
    fromGood,
    queries: {
      ...(tiles.length > 0 ? { tiles: tiles.join(' or ') } : {}),
      tails: rawCountsQueries(raw),
      edges: edgeCountsQueries(edges),
    },
  };
}

/** Each window from tiles up to the last settled mark, then raw series (the tail and edges). */
function exactPlans(spec: SloSpec, at: number, now: number, coverage: TileCoverage): Map<string, WindowPlan> {
  return new Map([...windowsOf(spec, at)].map(([key, start]) => [key, planWindow(start, at, now, coverage)]));
}

/**
 * Each window ending at the revision's last evaluation, from recorded terms alone; none when
 * that evaluation is too old, an open seam leaves tiles to raw series, or a window needs raw.
 * SLIs without recent counts (probes, which count samples) end at the mark of that evaluation's
 * tile; freeform SLIs, counted in 5-minute tiles only (as their alerts read them), at the last
 * settled 5-minute mark.
 */
function livePlans(
  spec: SloSpec,
  at: number,
  now: number,
  coverage: TileCoverage,
  evaluatedAt: number | undefined
): { byWindow: Map<string, WindowPlan>; terms: LiveTerm[]; end: number } | undefined {
  if (!coverage.fine) {
    return coverage.coarseUntil === undefined ? coarseLivePlans(spec, at, now, coverage) : undefined;
  }
  if (
    evaluatedAt === undefined ||
    evaluatedAt > at ||
    at - evaluatedAt >= EVALUATION_LOOKBACK_SECONDS ||
    coverage.fineUntil !== undefined
  ) {
    return undefined;
  }
  const readAt = readMoment(at, evaluatedAt);
  const settled = settledBy(readAt);
  const recent = countsTails(spec, { kind: 'tail', from: 'fine-mark' });
  const end = recent ? evaluatedAt : markAtOrBefore(evaluatedAt - SETTLE_SECONDS, TILES.fine);
  const last: LiveTerm[] = recent ? [{ kind: 'recent', readAt, shift: 0 }] : [];
  const after: LiveTerm = { kind: 'after', readAt, from: settled };
  const terms = new Map<string, LiveTerm>(last.map((term) => [liveTermKey(term), term]));
  const byWindow = new Map<string, WindowPlan>();
  // Each window its full length, ending where it is counted to.
  for (const [key, start] of windowsOf(spec, at, end)) {
    const seconds = end - start;
    if (SPLIT_WINDOWS.includes(key) && recordedThroughout(readAt, seconds, coverage.fineLiveFrom)) {
      const tiles: LiveTerm = { kind: 'window', readAt, seconds };
      const before: LiveTerm[] = recent ? [{ kind: 'recent', readAt, shift: seconds }] : [];
      [tiles, ...before].forEach((term) => terms.set(liveTermKey(term), term));
      byWindow.set(key, {
        start: end - seconds,
        pieces: [],
        days: [],
        tailFrom: end,
        live: { add: [tiles, ...last].map(liveTermKey), subtract: before.map(liveTermKey) },
      });
      continue;
    }
    const plan = planWindow(start, end, now, coverage, settled);
    if (plan.raw) {
      return undefined;
    }
    terms.set(liveTermKey(after), after);
    byWindow.set(key, { ...plan, live: { add: [after, ...last].map(liveTermKey), subtract: [] } });
  }
  return { byWindow, terms: [...terms.values()], end };
}

/** Windows of their full length ending at the last settled 5-minute mark: coarse tiles, nothing after. */
function coarseLivePlans(
  spec: SloSpec,
  at: number,
  now: number,
  coverage: TileCoverage
): { byWindow: Map<string, WindowPlan>; terms: LiveTerm[]; end: number } {
  const end = settledMark(TILES.coarse, at, now);
  const byWindow = new Map<string, WindowPlan>();
  for (const [key, start] of windowsOf(spec, at, end)) {
    byWindow.set(key, { ...planWindow(start, end, now, coverage), live: { add: [], subtract: [] } });
  }
  return { byWindow, terms: [], end };
}

/**
 * Event counts of recorded SLOs over every window they need, ending at `at` (read on a clock
 * showing `now`). Each window is tiles plus the raw events after the last settled tile (see
 * planWindow); whole days of coarse tiles are summed once and kept in `daySums`. Burn-rate
 * windows, short enough for one scrape interval at an edge to matter, also start and end at the
 * exact moments, with the scrape intervals holding them split in proportion to time
 * (edgeQueries); budgets count whole samples, as their stated windows say. At the present, SLOs
 * whose fine group has just evaluated are read from what it recorded instead, with no term of
 * their own (live-windows.ts). Requests: one for the last evaluations, one instant query for the
 * tiles and recorded terms of all SLOs, plus one range query when days are missing from the
 * cache; the raw tails and edges of any SLO read otherwise in requests of bounded size.
 */
export async function recordedSums(
  prometheus: PrometheusClient,
  slos: RecordedSlo[],
  records: Map<string, RevisionRecord>,
  daySums: DaySums,
  at: number,
  now: number
): Promise<{
  sums: WindowSums;
  starts: WindowStarts;
  ends: Map<string, number>;
  requests: number;
  error?: string;
  warning?: string;
}> {
  let requests = 0;
  const query = (expr: string) => {
    requests++;
    return prometheus.instantQuery(expr, at);
  };
  // Without them every SLO is read the way a past moment is: slower, as exact.
  const evaluations = await lastEvaluations(slos, at, now, query).catch(() => new Map<string, number>());
  const { plans, starts, ends, moved, wantedDays, fromGood, queries } = planRecordedSums(slos, at, now, evaluations);

  try {
    const wanted = [...wantedDays]
      .filter(([, days]) => days.size > 0)
      .map(([revision, days]) => ({ revision, version: versionOf(records.get(revision)), dayEnds: [...days] }));
    requests += await daySums.ensure(prometheus, wanted).catch((error: Error) => {
      throw new Error(`summing whole days: ${error.message}`);
    });
    let edgeError: string | undefined;
    const [tiles, tail, edge] = await Promise.all([
      queries.tiles ? query(queries.tiles) : Promise.resolve([]),
      inTurns(queries.tails, query).catch((error: Error) => {
        throw new Error(`counting the events since the last recorded tile: ${error.message}`);
      }),
      // A refinement of at most a scrape interval at each edge: without it the windows stand
      // as their tiles count them, rather than every row failing; the rows say so.
      inTurns(queries.edges, query).catch((error: Error) => {
        edgeError = error.message;
        return [];
      }),
    ]);
    if (!edgeError) {
      moved.forEach((revision) =>
        SPLIT_SECONDS.forEach((seconds) => starts.get(revision)?.set(windowKey.burn(seconds), at - seconds))
      );
    }
    return {
      sums: combine(readSums([...tiles, ...tail]), readEdges(edge), plans, daySums, fromGood),
      starts,
      ends,
      requests,
      ...(edgeError
        ? {
            warning: `burn rates over windows up to 6 hours start and end on their nearest 30-second marks: moving their edges to the exact moments failed in Prometheus (${edgeError})`,
          }
        : {}),
    };
  } catch (error) {
    return { sums: new Map(), starts, ends, requests, error: (error as Error).message };
  }
}

/** The last evaluation of each fine group that may answer a present status: one request, or none. */
async function lastEvaluations(
  slos: RecordedSlo[],
  at: number,
  now: number,
  query: (expr: string) => Promise<Array<{ metric: Record<string, string>; value: number }>>
): Promise<Map<string, number>> {
  const revisions = at >= now - LIVE_SECONDS ? slos.filter((s) => s.coverage.fine).map((s) => s.slo.revision) : [];
  return revisions.length > 0 ? readEvaluations(await query(evaluationsQuery(revisions))) : new Map();
}

/** Requests of one batched query sent at once, beside the others. */
const CHUNKS_AT_ONCE = 2;

/** Runs the chunks of one batched query, a few at a time, and joins their results. */
async function inTurns<T>(chunks: string[], query: (expr: string) => Promise<T[]>): Promise<T[]> {
  const results: T[][] = [];
  for (let i = 0; i < chunks.length; i += CHUNKS_AT_ONCE) {
    results.push(...(await Promise.all(chunks.slice(i, i + CHUNKS_AT_ONCE).map(query))));
  }
  return results.flat();
}

/** Each window's pieces, whole days and tail, per group, stored under the window's own key. */
function combine(
  parts: WindowSums,
  edges: EdgeSums,
  plans: Map<string, Map<string, WindowPlan>>,
  daySums: DaySums,
  fromGood: Set<string>
): WindowSums {
  const sums: WindowSums = new Map();
  for (const [revision, byWindow] of plans) {
    const groups = new Map<string, { labels: Record<string, string>; windows: Map<string, EventCounts> }>();
    const add = (
      window: string,
      key: string,
      labels: Record<string, string>,
      counts: EventCounts | undefined,
      sign = 1
    ) => {
      if (!counts) {
        return;
      }
      const group = groups.get(key) ?? { labels, windows: new Map<string, EventCounts>() };
      groups.set(key, group);
      const total = group.windows.get(window) ?? { bad: 0, total: 0 };
      total.bad += sign * counts.bad;
      total.total += sign * counts.total;
      group.windows.set(window, total);
    };
    for (const [window, plan] of byWindow) {
      for (const [key, part] of parts.get(revision) ?? []) {
        if (plan.raw) {
          add(window, key, part.labels, part.windows.get(rawKey(window)));
          continue;
        }
        for (const piece of plan.pieces) {
          add(window, key, part.labels, part.windows.get(pieceKey(piece)));
        }
        for (const term of plan.live?.add ?? [TAIL_KEY]) {
          add(window, key, part.labels, part.windows.get(term));
        }
      }
      for (const [key, { labels, counts }] of plan.days.length > 0 ? daySums.sum(revision, plan.days) : []) {
        add(window, key, labels, counts);
      }
      // What came before the window's start: taken from a window that has counts, never making up a group.
      for (const term of plan.live?.subtract ?? []) {
        for (const [key, part] of parts.get(revision) ?? []) {
          const counts = groups.get(key)?.windows.get(window);
          const before = part.windows.get(term);
          if (counts && before) {
            counts.bad -= before.bad;
            counts.total -= before.total;
            clampAtZero(counts);
          }
        }
      }
      if (SPLIT_WINDOWS.includes(window)) {
        // Edges only move a window that has counts: they never make up a group of their own.
        for (const [key, group] of edges.get(revision) ?? []) {
          const counts = groups.get(key)?.windows.get(window);
          if (counts) {
            for (const [edge, sign] of [
              [window, -1],
              [END, 1],
            ] as const) {
              const moved = eventsOf(group.windows.get(edge), fromGood.has(revision));
              counts.bad += sign * moved.bad;
              counts.total += sign * moved.total;
            }
            clampAtZero(counts);
          }
        }
      }
    }
    sums.set(revision, groups);
  }
  return sums;
}

/** Bad events from an SLI's counters: its bad counter, or total − good. */
function eventsOf(counters: Partial<Record<EdgeCounter, number>> | undefined, fromGood: boolean): EventCounts {
  const total = counters?.total ?? 0;
  return { total, bad: fromGood ? total - (counters?.good ?? 0) : (counters?.bad ?? 0) };
}

/** A split interval can take a window below zero by a fraction of an event, or bad above total. */
function clampAtZero(counts: EventCounts): void {
  counts.total = Math.max(0, counts.total);
  counts.bad = Math.min(Math.max(0, counts.bad), counts.total);
}

/** The key of a window counted from raw series as a whole. */
const rawKey = (window: string) => `raw:${window}`;

/** Where each revision's windows start, as counted: revision → window key → start. */
export type WindowStarts = Map<string, Map<string, number>>;

/** Whole-day sums stay valid while the revision's recorded history does not change. */
function versionOf(record: RevisionRecord | undefined): string {
  return `${record?.historyState ?? 'none'}:${record?.historyFrom ?? ''}:${record?.liveFrom ?? ''}`;
}
