import type { PrometheusClient } from '../../prometheus/client.js';
import type { SloSpec } from '../../registry/model/slo.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import type { RevisionRecord } from '../engine/revision-store.js';
import { countsTails, type Stretch } from '../sli-queries.js';
import { BURN_WINDOWS_SECONDS, windowBounds, windowOf, type SloWindow } from '../windows.js';
import type { EventCounts } from './budget.js';
import { DaySums } from './day-sums.js';
import {
  rawCountsQuery,
  readSums,
  stretchCountsQuery,
  TAIL_KEY,
  tileSumsQuery,
  type RawCounts,
  type WindowSums,
} from './status-queries.js';
import { pieceKey, planWindow, type TileCoverage, type TilePiece, type WindowPlan } from './window-pieces.js';

/** How results name windows: an objective's window, or a burn-rate window. */
export const windowKey = {
  objective: (window: SloWindow, at: number) =>
    window.kind === 'rolling' ? `w${window.seconds}` : `m${window.timeZone}@${windowBounds(window, at).start}`,
  burn: (seconds: number) => `b${seconds}`,
};

/** The keys of edge counts in query results: a burn-rate window's start, and the moment asked for. */
const edgeKey = { start: (window: string) => `edge:${window}`, end: 'edge:end' };

/** A recorded SLO and what its tiles cover. */
export interface RecordedSlo {
  slo: ActiveSlo;
  coverage: TileCoverage;
}

/** Every window an SLO's status needs, by key, with its start. */
export function windowsOf(spec: SloSpec, at: number): Map<string, number> {
  const windows = new Map<string, number>();
  for (const objective of spec.objectives) {
    const window = windowOf(objective);
    windows.set(windowKey.objective(window, at), windowBounds(window, at).start);
  }
  for (const seconds of BURN_WINDOWS_SECONDS) {
    windows.set(windowKey.burn(seconds), at - seconds);
  }
  return windows;
}

/**
 * Event counts of recorded SLOs over every window they need, ending at `at` (read on a clock
 * showing `now`). Each window is tiles plus the raw events after the last settled tile (see
 * planWindow); whole days of coarse tiles are summed once and kept in `daySums`. Burn-rate
 * windows, short enough for one scrape interval at an edge to matter, also start and end at the
 * exact moments, with the scrape intervals holding them split in proportion to time (the `edge`
 * stretch); budgets count whole samples, as their stated windows say. Requests: one instant
 * query for the tiles of all SLOs, one for their raw tails and one for the edges, side by side,
 * plus one range query when days are missing from the cache; whatever the SLO count.
 */
export async function recordedSums(
  prometheus: PrometheusClient,
  slos: RecordedSlo[],
  records: Map<string, RevisionRecord>,
  daySums: DaySums,
  at: number,
  now: number
): Promise<{ sums: WindowSums; starts: WindowStarts; requests: number; error?: string }> {
  let requests = 0;
  const terms = new Map<string, { piece: TilePiece; revisions: string[] }>();
  const plans = new Map<string, Map<string, WindowPlan>>();
  const wantedDays = new Map<string, Set<number>>();
  const raw: RawCounts[] = [];
  const edges: Array<{ revision: string; spec: SloSpec; stretches: Array<[string, Stretch]> }> = [];
  for (const { slo, coverage } of slos) {
    const byWindow = new Map<string, WindowPlan>();
    for (const [key, start] of windowsOf(slo.definition.slo.spec, at)) {
      const plan = planWindow(start, at, now, coverage);
      byWindow.set(key, plan);
      for (const piece of plan.pieces) {
        const term = terms.get(pieceKey(piece)) ?? { piece, revisions: [] };
        if (!term.revisions.includes(slo.revision)) {
          term.revisions.push(slo.revision);
        }
        terms.set(pieceKey(piece), term);
      }
      const days = wantedDays.get(slo.revision) ?? new Set<number>();
      plan.days.forEach((d) => days.add(d));
      wantedDays.set(slo.revision, days);
    }
    plans.set(slo.revision, byWindow);
    const tailFrom = [...byWindow.values()][0]?.tailFrom ?? at;
    const windows = [...byWindow]
      .filter(([, plan]) => plan.raw)
      .map(([key, plan]) => ({ key: rawKey(key), seconds: at - plan.start }));
    if (tailFrom < at || windows.length > 0) {
      raw.push({ revision: slo.revision, spec: slo.definition.slo.spec, from: tailFrom, at, windows });
    }
    const spec = slo.definition.slo.spec;
    const stretches = [
      ...BURN_WINDOWS_SECONDS.map((seconds): [string, Stretch] => {
        const key = windowKey.burn(seconds);
        return [edgeKey.start(key), { kind: 'edge', t: at - seconds, mark: byWindow.get(key)!.start }];
      }),
      [edgeKey.end, { kind: 'edge', t: at, mark: at }] as [string, Stretch],
    ].filter(([, stretch]) => countsTails(spec, stretch));
    if (stretches.length > 0) {
      edges.push({ revision: slo.revision, spec, stretches });
    }
  }

  try {
    const wanted = [...wantedDays]
      .filter(([, days]) => days.size > 0)
      .map(([revision, days]) => ({ revision, version: versionOf(records.get(revision)), dayEnds: [...days] }));
    requests += await daySums.ensure(prometheus, wanted).catch((error: Error) => {
      throw new Error(`summing whole days: ${error.message}`);
    });
    const query = (expr: string) => {
      requests++;
      return prometheus.instantQuery(expr, at);
    };
    const [tiles, tail, edge] = await Promise.all([
      terms.size > 0 ? query(tileSumsQuery([...terms.values()])) : Promise.resolve([]),
      raw.length > 0
        ? query(rawCountsQuery(raw)).catch((error: Error) => {
            throw new Error(`counting the events since the last recorded tile: ${error.message}`);
          })
        : Promise.resolve([]),
      // A refinement of at most a scrape interval at each edge: without it the windows stand
      // as their tiles count them, rather than every row failing.
      edges.length > 0 ? query(stretchCountsQuery(edges)).catch(() => []) : Promise.resolve([]),
    ]);
    return {
      sums: combine(readSums([...tiles, ...tail, ...edge]), plans, daySums),
      starts: startsOf(plans),
      requests,
    };
  } catch (error) {
    return { sums: new Map(), starts: startsOf(plans), requests, error: (error as Error).message };
  }
}

/** Each window's pieces, whole days and tail, per group, stored under the window's own key. */
function combine(parts: WindowSums, plans: Map<string, Map<string, WindowPlan>>, daySums: DaySums): WindowSums {
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
        add(window, key, part.labels, part.windows.get(TAIL_KEY));
      }
      for (const [key, { labels, counts }] of plan.days.length > 0 ? daySums.sum(revision, plan.days) : []) {
        add(window, key, labels, counts);
      }
      if (BURN_KEYS.has(window)) {
        // Edges only move a window that has counts: they never make up a group of their own.
        for (const [key, part] of parts.get(revision) ?? []) {
          if (groups.get(key)?.windows.has(window)) {
            add(window, key, part.labels, part.windows.get(edgeKey.start(window)), -1);
            add(window, key, part.labels, part.windows.get(edgeKey.end));
            clampAtZero(groups.get(key)!.windows.get(window)!);
          }
        }
      }
    }
    sums.set(revision, groups);
  }
  return sums;
}

const BURN_KEYS = new Set(BURN_WINDOWS_SECONDS.map((seconds) => windowKey.burn(seconds)));

/** A split interval can take a window below zero by a fraction of an event, or bad above total. */
function clampAtZero(counts: EventCounts): void {
  counts.total = Math.max(0, counts.total);
  counts.bad = Math.min(Math.max(0, counts.bad), counts.total);
}

/** The key of a window counted from raw series as a whole. */
const rawKey = (window: string) => `raw:${window}`;

/** Where each revision's windows start, as counted: revision → window key → start. */
export type WindowStarts = Map<string, Map<string, number>>;

function startsOf(plans: Map<string, Map<string, WindowPlan>>): WindowStarts {
  return new Map(
    [...plans].map(([revision, byWindow]) => [revision, new Map([...byWindow].map(([k, p]) => [k, p.start]))])
  );
}

/** Whole-day sums stay valid while the revision's recorded history does not change. */
function versionOf(record: RevisionRecord | undefined): string {
  return `${record?.historyState ?? 'none'}:${record?.historyFrom ?? ''}:${record?.liveFrom ?? ''}`;
}
