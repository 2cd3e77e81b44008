import { setTimeout as sleep } from 'node:timers/promises';
import type { WriteSeries } from '../../prometheus/remote-write.js';
import { selector } from '../../promql/escape.js';

/** One count to read back: the samples of one metric written for one revision, and where they lie. */
export interface ReadBack {
  query: string;
  /** Evaluation time: the newest sample written. */
  time: number;
  written: number;
}

/**
 * What to ask so as to know that written tiles can be read: per metric, how many samples the
 * store holds between the oldest and the newest written, under the labels every written series
 * shares (the SLO and its revision). Nothing else is recorded there under those labels: filled
 * tiles lie before the live ones, and each fill writes the same samples again.
 */
export function readBackPlan(series: readonly WriteSeries[], shared: readonly string[]): ReadBack[] {
  const byMetric = new Map<string, { labels: Record<string, string>; written: number; from: number; to: number }>();
  for (const { labels, samples } of series) {
    if (samples.length === 0) {
      continue;
    }
    const name = labels.__name__!;
    const entry = byMetric.get(name) ?? { labels, written: 0, from: Infinity, to: -Infinity };
    entry.written += samples.length;
    for (const [t] of samples) {
      entry.from = Math.min(entry.from, t);
      entry.to = Math.max(entry.to, t);
    }
    byMetric.set(name, entry);
  }
  return [...byMetric].map(([name, { labels, written, from, to }]) => {
    const matchers = shared
      .filter((label) => labels[label] !== undefined)
      .map((label) => ({ name: label, op: '=' as const, value: labels[label]! }));
    // One second more than the span: both ends are inside whether the range is closed on the
    // left (Prometheus 2) or open (VictoriaMetrics, Prometheus 3).
    const seconds = Math.ceil(to - from) + 1;
    return { query: `sum(count_over_time(${selector(name, matchers)}[${seconds}s]))`, time: to, written };
  });
}

export interface ReadBackOptions {
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Waits until every written sample can be read. Prometheus answers at once; VictoriaMetrics makes
 * remote-written samples searchable seconds later (1.6–10.5 s measured with 1.79), and a status
 * computed meanwhile would count none of the history just filled. More samples than were
 * written means the store keeps duplicates, which every sum over the tiles would count twice.
 */
export async function awaitReadable(
  plan: readonly ReadBack[],
  count: (query: string, time: number) => Promise<number>,
  { timeoutMs, intervalMs = 250 }: ReadBackOptions
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (const { query, time, written } of plan) {
    for (;;) {
      const found = await count(query, time);
      if (found === written) {
        break;
      }
      if (found > written) {
        throw new Error(
          `the metrics store holds ${found} samples of the history where ${written} were written: it keeps duplicate samples, which would be counted twice (VictoriaMetrics: start it with -dedup.minScrapeInterval=1ms)`
        );
      }
      if (performance.now() > deadline) {
        throw new Error(
          `${written - found} of ${written} samples of the history written were still not readable after ${timeoutMs / 1000} s`
        );
      }
      await sleep(intervalMs);
    }
  }
}
