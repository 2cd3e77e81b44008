import type { SeriesGroup } from './model.js';
import { encodeWriteRequest, send, type HistorySeries } from './remote-write.js';

/**
 * Evaluates the model at given timestamps and sends the samples through remote write, in one
 * of two orders:
 *
 * - series by series (each series' whole span in one go): for history older than what
 *   Prometheus already holds, which it takes as out-of-order samples;
 * - time slice by time slice, oldest first, each slice acknowledged before the next: into a
 *   Prometheus that holds nothing yet, which then takes every sample in order. Its head spans
 *   the whole history at once, so Prometheus cuts it into blocks within minutes, and a restart
 *   does not replay tens of millions of samples from its write-ahead logs.
 */

export interface WriteTarget {
  prometheusUrl: string;
  /** job and instance, as Prometheus attaches them to the scraped series. */
  target: Record<string, string>;
  /** Called after each request with the samples written so far. */
  onWritten?: (samples: number) => void;
}

/** Samples per request, and requests in flight (series by series). */
const BATCH_SAMPLES = 1_000_000;
const IN_FLIGHT = 2;
/** Timestamps per time slice: six hours at 60 s steps. */
const SLICE = 360;
/** Compressing costs the CPU Prometheus needs for ingesting; literals are valid snappy too. */
const COMPRESS = process.env.WORKLOAD_COMPRESS === 'true';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function labelsOf(s: SeriesGroup[number], target: Record<string, string>): Record<string, string> {
  // A series that sets job or instance itself keeps them (the scrape job has honor_labels).
  return { __name__: s.name, ...target, ...s.labels };
}

/** Fills values[s][from..to) of every series of a group. */
function evaluate(group: SeriesGroup, times: Float64Array, values: Float64Array[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const t = times[i]!;
    for (let s = 0; s < group.length; s++) {
      values[s]![i] = group[s]!.value(t);
    }
  }
}

export async function writeSeriesMajor(
  groups: SeriesGroup[],
  times: Float64Array,
  options: WriteTarget
): Promise<number> {
  const millis = times.map((t) => t * 1000);
  let written = 0;
  let failure: Error | undefined;
  const inFlight: Array<Promise<void>> = [];
  let pending: Array<{ series: HistorySeries; from: number; to: number }> = [];
  let pendingSamples = 0;
  const flush = async () => {
    if (failure) {
      throw failure;
    }
    if (pending.length === 0) {
      return;
    }
    const request = encodeWriteRequest(pending);
    const samples = pendingSamples;
    pending = [];
    pendingSamples = 0;
    while (inFlight.length >= IN_FLIGHT) {
      await inFlight.shift();
    }
    inFlight.push(
      sendWithRetry(options.prometheusUrl, request).then(
        () => {
          written += samples;
          options.onWritten?.(written);
        },
        (error: Error) => {
          failure ??= error;
        }
      )
    );
  };
  for (const group of groups) {
    const values = group.map(() => new Float64Array(times.length));
    evaluate(group, times, values, 0, times.length);
    group.forEach((s, index) => {
      pending.push({
        series: { labels: labelsOf(s, options.target), timestamps: millis, values: values[index]! },
        from: 0,
        to: times.length,
      });
      pendingSamples += times.length;
    });
    if (pendingSamples >= BATCH_SAMPLES) {
      await flush();
    }
  }
  await flush();
  await Promise.all(inFlight);
  if (failure) {
    throw failure;
  }
  return written;
}

export async function writeTimeMajor(
  groups: SeriesGroup[],
  times: Float64Array,
  options: WriteTarget
): Promise<number> {
  const millis = times.map((t) => t * 1000);
  // One slice's values per series, reused: each slice is encoded before the next is evaluated.
  const values = groups.map((group) => group.map(() => new Float64Array(SLICE)));
  const labels = groups.map((group) => group.map((s) => labelsOf(s, options.target)));
  const series = groups.reduce((n, g) => n + g.length, 0);
  let written = 0;
  let previous: Promise<void> = Promise.resolve();
  for (let from = 0; from < times.length; from += SLICE) {
    const to = Math.min(times.length, from + SLICE);
    const sliceTimes = times.subarray(from, to);
    const sliceMillis = millis.subarray(from, to);
    // Two requests per slice, over different series, so Prometheus ingests on both cores.
    const halves: Array<Array<{ series: HistorySeries; from: number; to: number }>> = [[], []];
    groups.forEach((group, g) => {
      evaluate(group, sliceTimes, values[g]!, 0, to - from);
      group.forEach((_, s) =>
        halves[g % 2]!.push({
          series: { labels: labels[g]![s]!, timestamps: sliceMillis, values: values[g]![s]! },
          from: 0,
          to: to - from,
        })
      );
    });
    const requests = halves.filter((h) => h.length > 0).map((h) => encodeWriteRequest(h));
    await previous; // the slice before is in, so this one is in order
    previous = Promise.all(requests.map((r) => sendWithRetry(options.prometheusUrl, r))).then(() => {
      written += (to - from) * series;
      options.onWritten?.(written);
    });
    previous.catch(() => undefined); // awaited above or below; no unhandled rejection meanwhile
  }
  await previous;
  return written;
}

async function sendWithRetry(url: string, request: Uint8Array<ArrayBuffer>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send(`${url}/api/v1/write`, request, COMPRESS);
      return;
    } catch (error) {
      // 4xx (e.g. samples too old) will not get better; a busy or restarting Prometheus may.
      if (attempt >= 3 || /HTTP 4\d\d/.test((error as Error).message)) {
        throw error;
      }
      await sleep(2000 * attempt);
    }
  }
}
