import { exactAlternation, selector, type LabelMatcher } from '../promql/escape.js';
import { metricOf, onMetric, parseVectorSelector, type VectorSelector } from '../promql/parse-selector.js';
import type { SloSpec } from '../registry/model/slo.js';
import { compoundDuration, rangeJustUnder } from './windows.js';

/** PromQL counting an SLO's bad events and all its events over one range, per group. */
export interface EventQueries {
  bad: string;
  total: string;
}

/** The placeholder a freeform SLI puts where the counting range goes. */
export const WINDOW_PLACEHOLDER = /\$window\b/g;

/**
 * The SLI as two event counts over the `rangeSeconds` before each evaluation. Recording rules
 * use 5 minutes; backfills and the seam between backfilled and live history use other ranges.
 * Counters are counted with increase() over the whole range: consecutive ranges then share
 * their boundary sample and split the counter's growth exactly. Gauge samples (probes) are
 * counted over a range one millisecond short, so no sample is counted in two ranges.
 * Assumes a spec that passed checkSlo; selectors are rebuilt from their parsed parts.
 */
export function eventQueries(spec: SloSpec, rangeSeconds: number): EventQueries {
  const range = compoundDuration(Math.round(rangeSeconds * 1000));
  const sum = (expr: string) => aggregate(spec.groupBy, expr);
  const { sli } = spec;

  if (sli.ratio) {
    const total = sum(`increase(${rebuild(sli.ratio.total)}[${range}])`);
    if (sli.ratio.bad) {
      return { bad: orZero(sum(`increase(${rebuild(sli.ratio.bad)}[${range}])`), total), total };
    }
    return { bad: complement(sum(`increase(${rebuild(sli.ratio.good!)}[${range}])`), total), total };
  }
  if (sli.latency) {
    const histogram = parsed(sli.latency.histogram);
    if (sli.latency.native) {
      const counts = sum(`increase(${render(histogram)}[${range}])`);
      return {
        bad: `histogram_count(${counts}) * (1 - histogram_fraction(0, ${sli.latency.threshold}, ${counts}))`,
        total: `histogram_count(${counts})`,
      };
    }
    const metric = metricOf(histogram);
    const total = sum(`increase(${render(onMetric(histogram, `${metric}_count`))}[${range}])`);
    const bucket = onMetric(histogram, `${metric}_bucket`);
    bucket.matchers.push(leMatcher(sli.latency.threshold));
    return { bad: complement(sum(`increase(${render(bucket)}[${range}])`), total), total };
  }
  if (sli.probe) {
    const gaugeRange = rangeJustUnder(rangeSeconds);
    const probe = rebuild(sli.probe.metric);
    const total = sum(`count_over_time(${probe}[${gaugeRange}])`);
    return { bad: `${total} - ${sum(`sum_over_time(${probe}[${gaugeRange}])`)}`, total };
  }
  const freeform = sli.freeform!;
  const expand = (expr: string) => sum(expr.replace(WINDOW_PLACEHOLDER, range));
  const total = expand(freeform.total);
  return freeform.bad
    ? { bad: orZero(expand(freeform.bad), total), total }
    : { bad: complement(expand(freeform.good!), total), total };
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
