import { exactAlternation, selector, type LabelMatcher } from '../promql/escape.js';
import { metricOf, onMetric, parseVectorSelector, type VectorSelector } from '../promql/parse-selector.js';
import type { SloSpec } from '@steward/contract/model/slo';
import { FINE_WINDOW_MAX_SECONDS, SAMPLE_LOOKBACK_SECONDS, SETTLE_SECONDS, TILES } from './tiles.js';
import { compoundDuration, rangeJustUnder } from './windows.js';

/** PromQL counting an SLO's bad events and all its events over one stretch, per group. */
export interface EventQueries {
  bad: string;
  total: string;
}

/** The placeholder a freeform SLI puts where the counting range goes. */
export const WINDOW_PLACEHOLDER = /\$window\b/g;

/**
 * What stretch of time is counted, ending at the moment the query is evaluated:
 * - `tile`: the `seconds` before it, evaluated at a tile's mark (recording rules, history).
 *   Exact for counters with at most one reset in the stretch.
 * - `window`: the `seconds` before it, any number of resets (raw series, before history is
 *   filled): series that reset, appeared or vanished in it fall back to `increase()`, as do
 *   windows over 6 hours and native histograms (one reading of every sample, not three).
 * - `tail`: from an earlier moment to the evaluation: a literal time (`from: number`, the
 *   status's last settled mark), or the mark of the fine tile recorded by the same evaluation
 *   (`from: 'fine-mark'`, in alert rules). Short, so one reset at most.
 */
export type Stretch =
  { kind: 'tile' | 'window'; seconds: number } | { kind: 'tail'; from: number | 'fine-mark'; seconds?: number };

/**
 * The SLI as bad and total event counts over a stretch. Counters are counted exactly: per
 * series, the difference between the last samples at or before the stretch's two ends (looked
 * for up to an hour back, so missed scrapes and stale markers lose nothing), corrected for a
 * counter reset, then summed. Consecutive stretches share their ends, so their counts add up
 * to the difference between the outermost ends, which is the non-extrapolated increase over
 * the whole span (see the README's "Exact counts"). `increase()` would extrapolate each stretch
 * on its own, and those estimates do not add up. Gauge samples (probes) are counted once each.
 * Freeform SLIs are counted as written, with `$window` set to the stretch's length.
 * Assumes a spec that passed checkSlo; selectors are rebuilt from their parsed parts.
 */
export function eventQueries(spec: SloSpec, stretch: Stretch): EventQueries {
  const sum = (expr: string) => aggregate(spec.groupBy, expr);
  const { sli } = spec;

  if (sli.ratio) {
    const count = (text: string) => sum(counterDelta(floatSeries(rebuild(text)), stretch));
    const total = count(sli.ratio.total);
    if (sli.ratio.bad) {
      return { bad: orZero(count(sli.ratio.bad), total), total };
    }
    return { bad: complement(count(sli.ratio.good!), total), total };
  }
  if (sli.latency) {
    const histogram = parsed(sli.latency.histogram);
    if (sli.latency.native) {
      const h = render(histogram);
      const threshold = sli.latency.threshold;
      const all = derivedSeries(h, (x) => `histogram_count(${x})`);
      // A reading is rounded: count × fraction carries float noise that would add up over
      // thousands of tiles. An extrapolated increase() is not a whole count, and rounding it
      // would move a short window by up to half an event per series. An empty histogram's
      // fraction is NaN: it has no good events yet.
      const good = derivedSeries(h, (x, reading) => {
        const fraction = `histogram_count(${x}) * histogram_fraction(0, ${threshold}, ${x})`;
        return `(${reading === 'sample' ? `round(${fraction})` : fraction} >= 0 or histogram_count(${x}) * 0)`;
      });
      const total = sum(counterDelta(all, stretch));
      return { bad: complement(sum(counterDelta(good, stretch)), total), total };
    }
    const metric = metricOf(histogram);
    const total = sum(counterDelta(floatSeries(render(onMetric(histogram, `${metric}_count`))), stretch));
    const bucket = onMetric(histogram, `${metric}_bucket`);
    bucket.matchers.push(leMatcher(sli.latency.threshold));
    return { bad: complement(sum(counterDelta(floatSeries(render(bucket)), stretch)), total), total };
  }
  if (sli.probe) {
    const probe = rebuild(sli.probe.metric);
    const range = gaugeRange(stretch);
    const total = sum(`count_over_time(${probe}[${range}])`);
    return { bad: `${total} - ${sum(`sum_over_time(${probe}[${range}])`)}`, total };
  }
  const freeform = sli.freeform!;
  const range = compoundDuration(Math.max(1, Math.round(stretchSeconds(stretch) * 1000)));
  const expand = (expr: string) => sum(expr.replace(WINDOW_PLACEHOLDER, range));
  const total = expand(freeform.total);
  return freeform.bad
    ? { bad: orZero(expand(freeform.bad), total), total }
    : { bad: complement(expand(freeform.good!), total), total };
}

/**
 * The float counters an SLI counts, when it counts only those (ratios and classic histograms):
 * the selectors of its total and of its bad or good events, as the tile expressions read them.
 */
export interface CounterSelectors {
  total: string;
  bad?: string;
  good?: string;
}

export function counterSelectors(spec: SloSpec): CounterSelectors | undefined {
  const { sli } = spec;
  if (sli.ratio) {
    const total = rebuild(sli.ratio.total);
    return sli.ratio.bad ? { total, bad: rebuild(sli.ratio.bad) } : { total, good: rebuild(sli.ratio.good!) };
  }
  if (sli.latency && !sli.latency.native) {
    const histogram = parsed(sli.latency.histogram);
    const metric = metricOf(histogram);
    const bucket = onMetric(histogram, `${metric}_bucket`);
    bucket.matchers.push(leMatcher(sli.latency.threshold));
    return { total: render(onMetric(histogram, `${metric}_count`)), good: render(bucket) };
  }
  return undefined;
}

/**
 * What a tile's expression reads of one counter, as cheap readings at every mark: the last
 * sample (an hour back), and over the stretch its resets, peak and least value. Range queries
 * of these cost a fraction of the tile expression, which PromQL evaluates term by term (the hour
 * back alone some ten times per step); counterTiles (engine/counter-tiles.ts) combines them.
 */
export function counterReadings(sel: string, seconds: number): Record<'last' | 'resets' | 'max' | 'min', string> {
  const series = floatSeries(sel);
  const samples = series.range(seconds);
  return {
    last: series.at({}),
    resets: `resets(${samples})`,
    max: `max_over_time(${samples})`,
    min: `min_over_time(${samples})`,
  };
}

/** Which counter of an SLI an edge term reads; probes count `total` and `bad` samples directly. */
export type EdgeCounter = 'total' | 'bad' | 'good';

/** What one counter adds to move a window's edge from a mark to a moment, summed by the SLO's groups. */
export interface EdgeTerm {
  counter: EdgeCounter;
  expr: string;
}

/** How far after `t` the scrape that closes its interval is looked for. */
const SPLIT_LOOKAHEAD_SECONDS = 60;

/**
 * What a window counted from `mark` (its tiles end at the last sample at or before it) must add
 * to start at `t` instead, a moment within a tile of it, per counter: the growth between the last
 * samples at or before the two (taken away when `t` comes first), plus the share of the scrape
 * interval (a, c] holding `t` that falls before `t`, in proportion to time:
 * (x(c) − x(a)) · (t − a) / (c − a), where a is the last sample at or before `t` and c the last
 * within a minute after it (a wider interval for faster scrapes, none for slower ones, where c is
 * a again). A burst in it then counts as much as its time before `t`. Samples are looked for 5
 * minutes back. A window's end takes only the share (t = mark): it needs the scrape after `t`,
 * so it comes to a moment in the past only. Counter resets count nothing here. Probes count their
 * samples between the two; freeform SLIs have no edges. One sum per counter, whatever the SLI.
 */
export function edgeQueries(spec: SloSpec, t: number, mark: number): EdgeTerm[] {
  const sum = (expr: string) => aggregate(spec.groupBy, expr);
  const { sli } = spec;
  if (sli.probe) {
    if (t === mark) {
      return [];
    }
    const probe = rebuild(sli.probe.metric);
    const samples = `${probe}[${rangeJustUnder(Math.abs(t - mark))}] @ ${Math.max(t, mark)}`;
    const sign = t > mark ? '' : '-';
    const total = sum(`count_over_time(${samples})`);
    return [
      { counter: 'total', expr: `${sign}${total}` },
      { counter: 'bad', expr: `${sign}(${total} - ${sum(`sum_over_time(${samples})`)})` },
    ];
  }
  return (edgeSeries(spec) ?? []).map(([counter, series]) => {
    const a = series.sample(t);
    const c = series.sample(Number((t + SPLIT_LOOKAHEAD_SECONDS).toFixed(3)));
    // c − a is 0 when no scrape came within the minute (the growth is 0 then too), and at
    // least a second otherwise.
    const share = `clamp_min(${c.value} - ${a.value}, 0) * (${t} - ${a.time}) / clamp_min(${c.time} - ${a.time}, 1)`;
    if (t === mark) {
      return { counter, expr: sum(share) };
    }
    const m = series.sample(mark).value;
    const between = t > mark ? `+ clamp_min(${a.value} - ${m}, 0)` : `- clamp_min(${m} - ${a.value}, 0)`;
    return { counter, expr: sum(`${share} ${between}`) };
  });
}

/** Whether an SLI's bad events are its total less a good counter (or bad counted directly). */
export function badFromGood(spec: SloSpec): boolean {
  return Boolean(spec.sli.latency || spec.sli.ratio?.good);
}

/** The counters of an SLI, each read as tiles read it; none for freeform SLIs. */
function edgeSeries(spec: SloSpec): Array<[EdgeCounter, Series]> | undefined {
  const { sli } = spec;
  if (sli.latency?.native) {
    const h = render(parsed(sli.latency.histogram));
    const threshold = sli.latency.threshold;
    return [
      ['total', derivedSeries(h, (x) => `histogram_count(${x})`)],
      [
        'good',
        derivedSeries(
          h,
          (x) =>
            `(round(histogram_count(${x}) * histogram_fraction(0, ${threshold}, ${x})) >= 0 or histogram_count(${x}) * 0)`
        ),
      ],
    ];
  }
  const counters = counterSelectors(spec);
  if (!counters) {
    return undefined;
  }
  return [
    ['total', floatSeries(counters.total)],
    ...(counters.bad ? [['bad', floatSeries(counters.bad)] as [EdgeCounter, Series]] : []),
    ...(counters.good ? [['good', floatSeries(counters.good)] as [EdgeCounter, Series]] : []),
  ];
}

/** Whether a stretch of this kind can end at any moment (probes and freeform SLIs need its length). */
export function countsTails(spec: SloSpec, stretch: Stretch): boolean {
  return stretch.kind !== 'tail' || (!spec.sli.probe && !spec.sli.freeform) || stretch.seconds !== undefined;
}

/**
 * How a series' value at a moment is read: the last sample at or before it. Floats are read with
 * a range (stale markers and gaps up to the lookback are skipped); native histograms (whose
 * ranges Prometheus 2 cannot read with `last_over_time`) through a derived float per step.
 */
interface Series {
  /**
   * The value at or before the evaluation, `shift` seconds earlier, or at a literal time; looked
   * for only `within` seconds back when given (see counterDelta).
   */
  at(when: { shift?: number; time?: number; mark?: 'fine'; within?: number }): string;
  /** The samples of the last `seconds` (steps of a derived float), for resets, peaks and a new series' first value. */
  range(seconds: number): string;
  /** `increase()` over the stretch, for the `window` fallback. */
  increase(seconds: number): string;
  /** The last sample at or before a literal time (looked for 5 minutes back), and its timestamp. */
  sample(time: number): { value: string; time: string };
  /** Read through steps: a whole window's steps would cost too much, so `increase()` counts it. */
  native?: boolean;
}

const LOOKBACK = compoundDuration(SAMPLE_LOOKBACK_SECONDS * 1000);
/**
 * Native histograms are read step by step (a subquery re-evaluated at every step of a range
 * query): an hour back at 30 s steps made filling a month of them take minutes. Steps of 5
 * minutes, each looking 5 minutes back, find the last value before a gap just as well for
 * counting: what they miss of its last minutes is counted by the tile after the gap.
 */
const NATIVE_LOOKBACK = compoundDuration(SAMPLE_LOOKBACK_SECONDS * 1000);
const FINE_STEP = `${TILES.fine.seconds}s`;
/** Raw windows up to this long are counted from the samples at their ends (see counterDelta). */
const RAW_EXACT_WINDOW_MAX_SECONDS = FINE_WINDOW_MAX_SECONDS;
const NATIVE_STEP = '5m';

function modifiers(when: { shift?: number; time?: number }): string {
  return `${when.time !== undefined ? ` @ ${when.time}` : ''}${when.shift ? ` offset ${compoundDuration(Math.round(when.shift * 1000))}` : ''}`;
}

/** The fine mark an evaluation's own tile counts up to (see `tiles.ts`), by a one-step subquery. */
function atFineMark(expr: string): string {
  return `last_over_time((${expr})[${FINE_STEP}:${FINE_STEP}] offset ${SETTLE_SECONDS}s)`;
}

function floatSeries(sel: string): Series {
  return {
    at: (when) =>
      when.mark === 'fine'
        ? atFineMark(`last_over_time(${sel}[${LOOKBACK}])`)
        : `last_over_time(${sel}[${when.within ? compoundDuration(Math.round(when.within * 1000)) : LOOKBACK}]${modifiers(when)})`,
    range: (seconds) => `${sel}[${compoundDuration(Math.round(seconds * 1000))}]`,
    increase: (seconds) => `increase(${sel}[${compoundDuration(Math.round(seconds * 1000))}])`,
    sample: (time) => ({ value: `${sel} @ ${time}`, time: `timestamp(${sel} @ ${time})` }),
  };
}

/**
 * A float derived from a native histogram (`histogram_count(h)` and the like): Prometheus 2's
 * range functions return 0 for histograms, so it is read at an instant, or, where its series is
 * stale or missed scrapes, at the last of the steps (every 5 minutes, an hour back) that had
 * it; its samples in a stretch, for resets, peaks and a new series' first value, at 30 s steps
 * (a scrape interval of 30 s or more shows every sample). Every term is re-evaluated at every step
 * of a range query (PromQL shares none), which is what these steps are sized for.
 */
function derivedSeries(histogram: string, derive: (h: string, reading: 'sample' | 'increase') => string): Series {
  const expr = derive(histogram, 'sample');
  const value = (mods: string) =>
    `(${derive(`${histogram}${mods}`, 'sample')} or last_over_time((${expr})[${NATIVE_LOOKBACK}:${NATIVE_STEP}]${mods}))`;
  return {
    at: (when) => (when.mark === 'fine' ? atFineMark(value('')) : value(modifiers(when))),
    range: (seconds) => `(${expr})[${compoundDuration(Math.round(seconds * 1000))}:30s]`,
    increase: (seconds) =>
      derive(`increase(${histogram}[${compoundDuration(Math.round(seconds * 1000))}])`, 'increase'),
    sample: (time) => ({
      value: derive(`${histogram} @ ${time}`, 'sample'),
      time: `timestamp(${histogram} @ ${time})`,
    }),
    native: true,
  };
}

/**
 * Per series: how much the counter grew over the stretch. B − A, the values at its end and its
 * start; after a reset (a drop anywhere in it), the growth before the drop (its peak − A) plus
 * the value after it. A series with no sample before the stretch (a new one) counts from its
 * first sample in it, the least of its values there, as a non-extrapolated `increase()` does:
 * what it counted before its first scrape is seen by nobody.
 */
function counterDelta(series: Series, stretch: Stretch): string {
  // The end is looked for within the stretch only: a series without a sample in it grew by
  // nothing (its last sample is the start's too), and PromQL reads each of the end's several
  // occurrences anew, an hour of samples each time with the start's lookback.
  const end = series.at({ within: Math.min(stretchSeconds(stretch), SAMPLE_LOOKBACK_SECONDS) });
  if (stretch.kind === 'tail') {
    const start = stretch.from === 'fine-mark' ? series.at({ mark: 'fine' }) : series.at({ time: stretch.from });
    // Under two minutes: a drop means the counter restarted, and what it shows now is new.
    const delta = `(${end} - ${start}) >= 0 or (${end} < ${start})`;
    return withNew(series, end, delta, stretchSeconds(stretch));
  }
  // A long window from raw series (before history is filled) reads every sample of it: once,
  // with increase(), rather than again for resets and ends. Exact up to its edges all the same.
  if (stretch.kind === 'window' && (series.native || stretch.seconds > RAW_EXACT_WINDOW_MAX_SECONDS)) {
    return series.increase(stretch.seconds);
  }
  const start = series.at({ shift: stretch.seconds });
  const samples = series.range(stretch.seconds);
  if (stretch.kind === 'window') {
    const reset = `(resets(${samples}) > 0 or ${end} < ${start})`;
    return `(((${end} - ${start}) unless ${reset}) or ${series.increase(stretch.seconds)})`;
  }
  // 1 after a drop (in the stretch, or between the start and its first sample), else 0; the
  // start is read four times, where a branch per case read it six.
  const dropped = `clamp_max(resets(${samples}) + (${end} < bool ${start}), 1)`;
  const peak = `(max_over_time(${samples}) > ${start} or ${start})`;
  return withNew(series, end, `${end} - ${start} + ${peak} * ${dropped}`, stretch.seconds);
}

/** `delta`, or for series without a start value, their growth from their first sample in the stretch. */
function withNew(series: Series, end: string, delta: string, seconds: number): string {
  return `(${delta} or (${end} - min_over_time(${series.range(seconds)})))`;
}

function stretchSeconds(stretch: Stretch): number {
  return stretch.kind === 'tail' ? (stretch.seconds ?? TAIL_MAX_SECONDS) : stretch.seconds;
}

/** A tail after the fine mark is 15 to 45 s long: a minute holds all of it. */
const TAIL_MAX_SECONDS = 60;

/** Gauge samples of the stretch, one millisecond short so no sample is counted in two stretches. */
function gaugeRange(stretch: Stretch): string {
  return rangeJustUnder(stretchSeconds(stretch));
}

/**
 * The `le` matcher for a bucket bound. Prometheus 3 writes `le` of classic histograms as
 * floats ("1.0"), Prometheus 2 clients mostly as "1"; both spellings are matched.
 */
function leMatcher(threshold: number): LabelMatcher {
  const spellings = Number.isInteger(threshold) ? [String(threshold), `${threshold}.0`] : [String(threshold)];
  return { name: 'le', op: '=~', value: exactAlternation(spellings) };
}

/** `sum(…)`, or `sum by (route) (…)` for an SLO with one budget per route. */
export function aggregate(groupBy: readonly string[] | undefined, expr: string): string {
  return groupBy && groupBy.length > 0 ? `sum by (${groupBy.join(', ')}) (${expr})` : `sum(${expr})`;
}

/** `total - good`, where groups with traffic but no good series count every event as bad. */
function complement(good: string, total: string): string {
  return `${total} - (${good} or 0 * ${total})`;
}

/** Bad events, or 0 for groups that have traffic but no bad series at all. */
function orZero(bad: string, total: string): string {
  return `${bad} or 0 * ${total}`;
}

function parsed(text: string): VectorSelector {
  const result = parseVectorSelector(text);
  if (!result.ok) {
    throw new Error(`not a series selector: ${text}`);
  }
  return result.selector;
}

function render(parts: VectorSelector): string {
  return selector(parts.metric, parts.matchers);
}

function rebuild(text: string): string {
  return render(parsed(text));
}
