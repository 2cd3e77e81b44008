import type { PrometheusClient } from '../../prometheus/client.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import type { RevisionRecord } from '../engine/revision-store.js';
import { BURN_WINDOWS_SECONDS, DAY, windowBounds, windowOf, type SloWindow } from '../windows.js';
import type { EventCounts } from './budget.js';
import { DaySums, wholeDays } from './day-sums.js';
import { readSums, recordedSumsQuery, type WindowSums, type WindowTerm } from './status-queries.js';

/** How results name windows: an objective's window, or a burn-rate window. */
export const windowKey = {
  objective: (window: SloWindow, at: number) =>
    window.kind === 'rolling' ? `w${window.seconds}` : `m${window.timeZone}@${windowBounds(window, at).start}`,
  burn: (seconds: number) => `b${seconds}`,
};

interface Split {
  revision: string;
  key: string;
  /** The partial first day, and today so far (keys of query terms). */
  head?: string;
  tail: string;
  days: number[];
}

/**
 * Event counts of recorded SLOs over every window they need, at `at`. Windows of a day or more
 * are split into a partial first day, whole days (summed once and kept in `daySums`) and today
 * so far: the same samples as one `sum_over_time` over the window, a fraction of the reading.
 * One instant query for all partial pieces and burn-rate windows, plus one range query when
 * days are missing from the cache.
 */
export async function recordedSums(
  prometheus: PrometheusClient,
  slos: ActiveSlo[],
  records: Map<string, RevisionRecord>,
  daySums: DaySums,
  at: number
): Promise<{ sums: WindowSums; requests: number; error?: string }> {
  let requests = 0;
  const terms = new Map<string, WindowTerm>();
  const term = (key: string, seconds: number, revision: string, evaluatedAt?: number) => {
    const existing = terms.get(key) ?? {
      key,
      seconds,
      revisions: [],
      ...(evaluatedAt !== undefined ? { at: evaluatedAt } : {}),
    };
    if (!existing.revisions!.includes(revision)) {
      existing.revisions!.push(revision);
    }
    terms.set(key, existing);
  };
  const lastDay = DaySums.lastSettledDay(at);
  const splits = new Map<string, Split>();
  const wantedDays = new Map<string, Set<number>>();
  for (const slo of slos) {
    for (const objective of slo.definition.slo.spec.objectives) {
      const window = windowOf(objective);
      const key = windowKey.objective(window, at);
      const start = windowBounds(window, at).start;
      const days = wholeDays(start, lastDay);
      if (days.length === 0) {
        term(key, at - start, slo.revision);
        continue;
      }
      const firstDayStart = days[0]! - DAY;
      const head = firstDayStart > start ? `h${firstDayStart}-${start}` : undefined;
      if (head) {
        term(head, firstDayStart - start, slo.revision, firstDayStart);
      }
      const tail = `t${lastDay}`;
      term(tail, at - lastDay, slo.revision);
      splits.set(`${slo.revision}\n${key}`, { revision: slo.revision, key, ...(head ? { head } : {}), tail, days });
      const wanted = wantedDays.get(slo.revision) ?? new Set<number>();
      days.forEach((d) => wanted.add(d));
      wantedDays.set(slo.revision, wanted);
    }
    for (const seconds of BURN_WINDOWS_SECONDS) {
      term(windowKey.burn(seconds), seconds, slo.revision);
    }
  }

  try {
    const wanted = [...wantedDays].map(([revision, days]) => ({
      revision,
      version: versionOf(records.get(revision)),
      dayEnds: [...days],
    }));
    requests += await daySums.ensure(prometheus, wanted).catch((error: Error) => {
      throw new Error(`summing whole days: ${error.message}`);
    });
    const list = [...terms.values()].filter((t) => t.seconds > 0);
    let sums: WindowSums = new Map();
    if (list.length > 0) {
      requests++;
      sums = readSums(await prometheus.instantQuery(recordedSumsQuery(list), at));
    }
    for (const split of splits.values()) {
      combine(sums, split, daySums);
    }
    return { sums, requests };
  } catch (error) {
    return { sums: new Map(), requests, error: (error as Error).message };
  }
}

/** Head + whole days + tail, per group, stored under the window's own key. */
function combine(sums: WindowSums, split: Split, daySums: DaySums): void {
  const groups = sums.get(split.revision) ?? new Map();
  sums.set(split.revision, groups);
  const add = (key: string, labels: Record<string, string>, counts: EventCounts) => {
    const group = groups.get(key) ?? { labels, windows: new Map<string, EventCounts>() };
    groups.set(key, group);
    const total = group.windows.get(split.key) ?? { bad: 0, total: 0 };
    total.bad += counts.bad;
    total.total += counts.total;
    group.windows.set(split.key, total);
  };
  for (const [key, { labels, counts }] of daySums.sum(split.revision, split.days)) {
    add(key, labels, counts);
  }
  for (const [key, group] of groups) {
    for (const piece of [split.head, split.tail]) {
      const counts = piece ? group.windows.get(piece) : undefined;
      if (counts) {
        add(key, group.labels, counts);
      }
    }
  }
}

/** Whole-day sums stay valid while the revision's recorded history does not change. */
function versionOf(record: RevisionRecord | undefined): string {
  return `${record?.historyState ?? 'none'}:${record?.historyFrom ?? ''}:${record?.liveFrom ?? ''}`;
}
