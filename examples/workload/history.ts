import { METRICS } from './conventions.js';
import { formatCount, iso } from './format.js';
import type { SeriesGroup } from './model.js';
import { rawSamples, scalar } from './prometheus.js';
import { writeSeriesMajor, writeTimeMajor } from './history-writer.js';

/**
 * History through remote write, so budgets mean something from the first minute. It runs up to
 * just before Prometheus's first scrape of this process, with the labels Prometheus gives the
 * scraped series (job, instance): the raw series then run from history into live scrapes
 * without a gap.
 *
 * - Into a Prometheus that holds nothing yet (npm run stack adds its scrape jobs only once the
 *   workload asks to be scraped), the bulk is written before the first scrape, oldest first,
 *   in order, under the job and instance it will be scraped with; the minutes until the first
 *   scrape follow as out-of-order samples.
 * - Otherwise all of it is written after the first scrape as out-of-order samples: Prometheus
 *   must accept them that old (storage.tsdb.out_of_order_time_window), and keeps them in its
 *   write-behind log until its first head compaction, about three hours after it started.
 * - If Prometheus holds the workload's series already (a restart), only the gap since the last
 *   sample is written.
 *
 * Steps: 60 s, and 5 s through the last hour (as a 5 s scrape would have it, for short ranges).
 */

export interface HistoryReport {
  state: 'pending' | 'writing' | 'waiting-for-scrape' | 'written' | 'up-to-date' | 'skipped' | 'failed';
  reason?: string;
  /** in-order: written before the first scrape into an empty Prometheus. */
  order?: 'in-order' | 'out-of-order';
  series?: number;
  samples?: number;
  /** Seconds since the epoch: the first and last timestamps written. */
  from?: number;
  to?: number;
  firstScrape?: number;
  seconds?: number;
}

export interface HistoryOptions {
  prometheusUrl: string;
  groups: SeriesGroup[];
  /** Where a full history begins (seconds). */
  historyStart: number;
  /** When this process started serving /metrics (seconds). */
  startedAt: number;
  /** job and instance Prometheus will give the scraped series, for history written before the first scrape. */
  expectedTarget: { job: string; instance: string };
  log: (line: string) => void;
  onProgress?: (report: HistoryReport) => void;
}

const INFO = `${METRICS.info}{workload="steward-demo"}`;
const COARSE_STEP = 60;
const FINE_STEP = 5;
const FINE_SPAN = 3600;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first scrape of this process: its time, and the target labels Prometheus attached. */
async function firstScrape(options: HistoryOptions): Promise<{ at: number; target: Record<string, string> }> {
  for (;;) {
    const samples = await rawSamples(options.prometheusUrl, `${INFO}[5m]`, Date.now() / 1000).catch(() => []);
    let found: { at: number; target: Record<string, string> } | undefined;
    for (const s of samples) {
      const first = s.values.find(([t]) => t >= options.startedAt);
      if (first && (!found || first[0] < found.at)) {
        found = { at: first[0], target: { job: s.metric.job ?? '', instance: s.metric.instance ?? '' } };
      }
    }
    if (found) {
      return found;
    }
    await sleep(1000);
  }
}

/** Whether Prometheus holds no samples at all yet, so history can go in in order. */
async function prometheusIsEmpty(options: HistoryOptions): Promise<boolean> {
  try {
    const response = await fetch(`${options.prometheusUrl}/api/v1/status/tsdb`, {
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { data?: { headStats?: { numSeries?: number } } };
    if (body.data?.headStats?.numSeries !== 0) {
      return false;
    }
    // Nothing in the head; blocks may still hold an earlier history.
    const span = Math.ceil(Date.now() / 1000 - options.historyStart) + 86_400;
    return (
      (await scalar(options.prometheusUrl, `count(count_over_time(${INFO}[${span}s]))`, Date.now() / 1000)) ===
      undefined
    );
  } catch {
    return false;
  }
}

/** The workload's last sample before this process started, if Prometheus holds any. */
async function lastSampleBefore(options: HistoryOptions, selector: string): Promise<number | undefined> {
  const at = options.startedAt - 0.001;
  const has = async (seconds: number) =>
    ((await scalar(options.prometheusUrl, `count_over_time(${selector}[${Math.ceil(seconds)}s])`, at)) ?? 0) > 0;
  let high = Math.ceil(at - options.historyStart) + 86_400;
  if (!(await has(high))) {
    return undefined;
  }
  let low = 0; // no sample within `low` seconds; some within `high`
  while (high - low > 60) {
    const mid = Math.floor((low + high) / 2);
    if (await has(mid)) {
      high = mid;
    } else {
      low = mid;
    }
  }
  const samples = await rawSamples(options.prometheusUrl, `${selector}[${high + 1}s]`, at);
  return Math.max(...samples.flatMap((s) => s.values.map(([t]) => t)));
}

/** Timestamps (seconds) after `from` and before `end` (the first scrape): 60 s steps, then 5 s for the last hour. */
export function historyTimestamps(from: number, end: number): Float64Array {
  const last = end - 1; // exclusive
  const fineFrom = end - FINE_SPAN;
  const times: number[] = [];
  let t = Math.floor(from / COARSE_STEP) * COARSE_STEP + COARSE_STEP;
  for (; t < Math.min(fineFrom, last); t += COARSE_STEP) {
    if (t > from) {
      times.push(t);
    }
  }
  for (
    t = Math.max(Math.floor(from / FINE_STEP) * FINE_STEP + FINE_STEP, Math.ceil(fineFrom / FINE_STEP) * FINE_STEP);
    t < last;
    t += FINE_STEP
  ) {
    times.push(t);
  }
  return Float64Array.from(times);
}

export async function writeHistory(options: HistoryOptions): Promise<HistoryReport> {
  const progress = (report: HistoryReport) => {
    options.onProgress?.(report);
    return report;
  };
  const series = options.groups.reduce((n, g) => n + g.length, 0);
  const started = Date.now();
  const reporter = (total: number, before = 0) => {
    let lastLog = Date.now();
    return (written: number) => {
      if (Date.now() - lastLog >= 5000) {
        lastLog = Date.now();
        const seconds = (Date.now() - started) / 1000;
        options.log(
          `history: ${((100 * written) / total).toFixed(0)}% (${formatCount(written)} samples) in ${seconds.toFixed(0)} s`
        );
        progress({ state: 'writing', series, samples: before + written, seconds });
      }
    };
  };

  // Into an empty Prometheus: the bulk before the first scrape, in order.
  let bulk: { from: number; to: number; samples: number } | undefined;
  if (await prometheusIsEmpty(options)) {
    const times = historyTimestamps(options.historyStart - 1, Date.now() / 1000);
    const total = series * times.length;
    options.log(
      `history: Prometheus holds nothing yet; writing ${series} series × ${times.length} samples (${formatCount(total)}) ` +
        `from ${iso(times[0]!)} to ${iso(times.at(-1)!)} in time order, as job="${options.expectedTarget.job}", instance="${options.expectedTarget.instance}"`
    );
    progress({ state: 'writing', order: 'in-order', series, samples: 0 });
    const samples = await writeTimeMajor(options.groups, times, {
      prometheusUrl: options.prometheusUrl,
      target: options.expectedTarget,
      onWritten: reporter(total),
    });
    bulk = { from: times[0]!, to: times.at(-1)!, samples };
  }

  progress({ state: 'waiting-for-scrape', ...(bulk ? { order: 'in-order', samples: bulk.samples } : {}) });
  const scrape = await firstScrape(options);
  if (
    bulk &&
    (scrape.target.job !== options.expectedTarget.job || scrape.target.instance !== options.expectedTarget.instance)
  ) {
    options.log(
      `history: WARNING: Prometheus scrapes the workload as job="${scrape.target.job}", instance="${scrape.target.instance}", ` +
        'not as written; set WORKLOAD_SCRAPE_JOB and WORKLOAD_SCRAPE_INSTANCE to match. Writing the history again under these labels.'
    );
    bulk = undefined;
  }
  const selector = `${METRICS.info}{workload="steward-demo",job="${scrape.target.job}",instance="${scrape.target.instance}"}`;
  const last = bulk ? bulk.to : await lastSampleBefore(options, selector);
  const times = historyTimestamps(last ?? options.historyStart - 1, scrape.at);
  if (times.length === 0 && !bulk) {
    options.log(`history: already in Prometheus (last sample ${iso(last!)}, first scrape ${iso(scrape.at)})`);
    return progress({ state: 'up-to-date', firstScrape: scrape.at, series: 0, samples: 0 });
  }
  if (times.length > 0) {
    const total = series * times.length;
    options.log(
      `history: writing ${series} series × ${times.length} samples (${formatCount(total)}) from ${iso(times[0]!)} to ${iso(times.at(-1)!)}` +
        (last === undefined ? '' : ` (up to the first scrape, from the last sample at ${iso(last)})`)
    );
    await writeSeriesMajor(options.groups, times, {
      prometheusUrl: options.prometheusUrl,
      target: scrape.target,
      onWritten: reporter(total, bulk?.samples ?? 0),
    });
  }
  const samples = (bulk?.samples ?? 0) + series * times.length;
  const from = bulk?.from ?? times[0]!;
  const to = times.length > 0 ? times.at(-1)! : bulk!.to;
  const seconds = (Date.now() - started) / 1000;
  options.log(
    `history: wrote ${series} series, ${formatCount(samples)} samples from ${iso(from)} to ${iso(to)} in ${seconds.toFixed(1)} s` +
      ` (${bulk ? 'in order, before the first scrape' : 'out of order'}; workload CPU ${(process.cpuUsage().user / 1e6).toFixed(1)} s)`
  );
  return progress({
    state: 'written',
    order: bulk ? 'in-order' : 'out-of-order',
    series,
    samples,
    from,
    to,
    firstScrape: scrape.at,
    seconds,
  });
}
