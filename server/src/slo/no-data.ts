import { selector, stringLiteral } from '../promql/escape.js';
import { metricOf, onMetric, parseVectorSelector } from '../promql/parse-selector.js';
import type { SloSpec } from '@steward/contract/model/slo';
import { WINDOW_PLACEHOLDER } from './sli-queries.js';
import { compoundDuration, parseShortDuration } from './windows.js';

/** A metric gone for this long is silence, not a quiet service (Pyrra #448: "weeks unnoticed"). */
export const DEFAULT_NO_DATA_AFTER = '10m';
export const DEFAULT_NO_DATA_SEVERITY = 'warning';

/** The SLO's no-data alert, unless alerting or the alert itself is switched off. */
export function noDataSettings(spec: SloSpec): { afterSeconds: number; severity: string } | undefined {
  const alerting = spec.alerting ?? {};
  if (alerting.enabled === false || alerting.noData?.enabled === false) {
    return undefined;
  }
  return {
    afterSeconds: parseShortDuration(alerting.noData?.after ?? DEFAULT_NO_DATA_AFTER),
    severity: alerting.noData?.severity ?? DEFAULT_NO_DATA_SEVERITY,
  };
}

/**
 * The selector of the series that count all of the SLO's events: the total of a ratio, the
 * `_count` of a classic histogram, the native histogram, the probe. Bad-event series may rightly
 * not exist (no errors yet), so they are not watched. None for freeform SLIs.
 */
function watchedSelector(spec: SloSpec): string | undefined {
  const { sli } = spec;
  const watched = sli.ratio?.total ?? sli.probe?.metric ?? sli.latency?.histogram;
  if (watched === undefined) {
    return undefined;
  }
  const parsed = parseVectorSelector(watched);
  if (!parsed.ok) {
    throw new Error(`not a series selector: ${watched}`);
  }
  const series =
    sli.latency && !sli.latency.native
      ? onMetric(parsed.selector, `${metricOf(parsed.selector)}_count`)
      : parsed.selector;
  return selector(series.metric, series.matchers);
}

/** True (1) when the SLO's watched series have had no sample for `seconds`. */
export function presenceQuery(spec: SloSpec, seconds: number): string {
  const range = compoundDuration(seconds * 1000);
  const watched = watchedSelector(spec);
  return watched === undefined
    ? `absent(${spec.sli.freeform!.total.replace(WINDOW_PLACEHOLDER, range)})`
    : `absent_over_time(${watched}[${range}])`;
}

/** How far back the last sample of a silent SLO is looked for, at minute steps. */
export const LAST_SAMPLE_LOOKBACK_SECONDS = 2 * 86_400;
/**
 * How much more than its grace period before the alert's start the last sample is looked for at
 * one-second steps: the rule's evaluation interval, with room to spare.
 */
export const LAST_SAMPLE_MARGIN_SECONDS = 600;

/**
 * When each of these silent SLOs' watched series had their last sample (seconds), as one query,
 * each labelled `slo`. Freeform SLIs are left out.
 *
 * `timestamp()` at a step sees the latest sample before it only until the staleness marker that
 * follows a vanished series one scrape later, so steps must be finer than scrapes to see the last
 * sample. The alert says where to look: it fired at `firingSince`, the first evaluation after the
 * grace period without samples, so the last one lies within the grace period and one evaluation
 * before; one-second steps there find it exactly. Where they find none (the alert's state
 * restarted with Prometheus, or the grace period changed), minute steps over two days find it
 * to within a minute, unless the series lived less than a minute.
 */
export function lastSampleQuery(slos: Array<{ name: string; spec: SloSpec; firingSince: number }>): string | undefined {
  const terms = slos.flatMap(({ name, spec, firingSince }) => {
    const watched = watchedSelector(spec);
    const grace = noDataSettings(spec)?.afterSeconds ?? parseShortDuration(DEFAULT_NO_DATA_AFTER);
    const last = (range: number, step: string, at = '') =>
      `max(max_over_time(timestamp(${watched})[${compoundDuration(range * 1000)}:${step}]${at}))`;
    return watched === undefined
      ? []
      : [
          `label_replace(${last(grace + LAST_SAMPLE_MARGIN_SECONDS, '1s', ` @ ${firingSince.toFixed(3)}`)} or ${last(LAST_SAMPLE_LOOKBACK_SECONDS, '1m')}, "slo", ${stringLiteral(name)}, "", "")`,
        ];
  });
  return terms.length > 0 ? terms.join(' or ') : undefined;
}
