import type { PrometheusClient } from '../../prometheus/client.js';
import type { SloSpec } from '../../registry/model/slo.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import type { RevisionRecord } from '../engine/revision-store.js';
import { BURN_WINDOWS_SECONDS, windowBounds, windowOf, type SloWindow } from '../windows.js';
import type { EventCounts } from './budget.js';
import { DaySums } from './day-sums.js';
import {
  rawCountsQuery,
  readSums,
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
 * planWindow); whole days of coarse tiles are summed once and kept in `daySums`. Requests: one
 * instant query for the tiles of all SLOs and one for their raw tails, side by side, plus one
 * range query when days are missing from the cache; whatever the SLO count.
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
    const [tiles, tail] = await Promise.all([
      terms.size > 0 ? query(tileSumsQuery([...terms.values()])) : Promise.resolve([]),
      raw.length > 0
        ? query(rawCountsQuery(raw)).catch((error: Error) => {
            throw new Error(`counting the events since the last recorded tile: ${error.message}`);
          })
        : Promise.resolve([]),
    ]);
    return { sums: combine(readSums([...tiles, ...tail]), plans, daySums), starts: startsOf(plans), requests };
  } catch (error) {
    return { sums: new Map(), starts: startsOf(plans), requests, error: (error as Error).message };
  }
}

/** Each window's pieces, whole days and tail, per group, stored under the window's own key. */
function combine(parts: WindowSums, plans: Map<string, Map<string, WindowPlan>>, daySums: DaySums): WindowSums {
  const sums: WindowSums = new Map();
  for (const [revision, byWindow] of plans) {
    const groups = new Map<string, { labels: Record<string, string>; windows: Map<string, EventCounts> }>();
    const add = (window: string, key: string, labels: Record<string, string>, counts: EventCounts | undefined) => {
      if (!counts) {
        return;
      }
      const group = groups.get(key) ?? { labels, windows: new Map<string, EventCounts>() };
      groups.set(key, group);
      const total = group.windows.get(window) ?? { bad: 0, total: 0 };
      total.bad += counts.bad;
      total.total += counts.total;
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
    }
    sums.set(revision, groups);
  }
  return sums;
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
