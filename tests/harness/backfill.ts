import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir.js';

const run = promisify(execFile);

export interface SyntheticSeries {
  /** Sample name as stored, e.g. `http_requests_total` for a counter. */
  name: string;
  type: 'counter' | 'gauge';
  labels: Record<string, string>;
  /** The value at time `t` (seconds); counters must never decrease. */
  valueAt(t: number): number;
}

export interface BackfillPlan {
  /** Inclusive start and exclusive end, seconds since the epoch. */
  start: number;
  end: number;
  /** Samples every this many seconds, on its multiples; or at `timestamps`. */
  stepSeconds?: number;
  /** Sorted sample times (seconds, to the millisecond), as real scrapes fall: offset, jittered, missed. */
  timestamps?: ArrayLike<number>;
  series: SyntheticSeries[];
}

export interface WrittenSeries {
  name: string;
  labels: Record<string, string>;
  /** values[i] is the sample at timestamps[i]. */
  values: Float64Array;
}

/** Exactly what was written: the ground truth a test compares Steward's answers with. */
export interface BackfillResult {
  timestamps: Float64Array;
  series: WrittenSeries[];
  samples: number;
  /** The last written sample of `series` at or before `t`, as Prometheus would see it. */
  valueAt(series: WrittenSeries, t: number): number | undefined;
}

const DAY = 86_400;

/**
 * Writes synthetic history into a Prometheus TSDB directory with
 * `promtool tsdb create-blocks-from openmetrics`, one input file per UTC day (much faster
 * than one large file). Start Prometheus on `dataDir` afterwards.
 */
export async function backfill(dataDir: string, plan: BackfillPlan): Promise<BackfillResult> {
  const timestamps = sampleTimes(plan);
  const count = timestamps.length;
  const first = timestamps[0] ?? plan.start;
  const written: WrittenSeries[] = plan.series.map((s) => {
    const values = new Float64Array(count);
    let previous = -Infinity;
    for (let i = 0; i < count; i++) {
      const v = s.valueAt(timestamps[i]!);
      if (s.type === 'counter' && v < previous) {
        throw new Error(`counter ${s.name}${JSON.stringify(s.labels)} decreases at ${timestamps[i]}`);
      }
      previous = v;
      values[i] = v;
    }
    return { name: s.name, labels: s.labels, values };
  });

  const work = tempDir('backfill');
  try {
    for (let dayStart = Math.floor(first / DAY) * DAY; dayStart < plan.end; dayStart += DAY) {
      const from = lowerBound(timestamps, dayStart);
      const to = lowerBound(timestamps, dayStart + DAY);
      if (from === to) {
        continue;
      }
      const file = join(work.path, `${dayStart}.om`);
      await writeOpenMetrics(file, plan.series, written, from, to, timestamps);
      await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', file, dataDir], {
        maxBuffer: 64 * 1024 * 1024,
      });
    }
  } finally {
    work.remove();
  }

  return {
    timestamps,
    series: written,
    samples: count * written.length,
    valueAt: (series, t) => {
      // The sample at t itself when there is one, else the last one before t.
      const at = lowerBound(timestamps, t);
      const i = at < timestamps.length && timestamps[at] === t ? at : at - 1;
      return i >= 0 ? series.values[i] : undefined;
    },
  };
}

function sampleTimes(plan: BackfillPlan): Float64Array {
  if (plan.timestamps) {
    return Float64Array.from(Array.from(plan.timestamps).filter((t) => t >= plan.start && t < plan.end));
  }
  const step = plan.stepSeconds;
  if (!step) {
    throw new Error('a backfill plan needs stepSeconds or timestamps');
  }
  const first = Math.ceil(plan.start / step) * step;
  const count = Math.max(0, Math.ceil((plan.end - first) / step));
  return Float64Array.from({ length: count }, (_, i) => first + i * step);
}

async function writeOpenMetrics(
  file: string,
  specs: SyntheticSeries[],
  written: WrittenSeries[],
  from: number,
  to: number,
  timestamps: Float64Array
): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  // OpenMetrics wants each family's samples together, so group series by family.
  const families = new Map<string, number[]>();
  specs.forEach((spec, index) => {
    const family = familyName(spec);
    families.set(family, [...(families.get(family) ?? []), index]);
  });
  for (const [family, indexes] of families) {
    const type = specs[indexes[0]!]!.type;
    await write(`# TYPE ${family} ${type}\n`);
    for (const index of indexes) {
      const spec = specs[index]!;
      const labels = Object.entries(spec.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
      const values = written[index]!.values;
      let chunk = '';
      for (let i = from; i < to; i++) {
        chunk += `${spec.name}{${labels}} ${values[i]} ${timestamps[i]}\n`;
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk);
    }
  }
  await write('# EOF\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function familyName(spec: SyntheticSeries): string {
  if (spec.type === 'counter') {
    if (!spec.name.endsWith('_total')) {
      throw new Error(`counter ${spec.name} must end in _total (OpenMetrics)`);
    }
    return spec.name.slice(0, -'_total'.length);
  }
  return spec.name;
}

/** First index whose timestamp is >= t. */
function lowerBound(timestamps: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timestamps[mid]! < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
