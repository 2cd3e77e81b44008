import { selector, stringLiteral } from '../promql/escape.js';
import { metricOf, onMetric, parseVectorSelector } from '../promql/parse-selector.js';
import type { SloSpec } from '../registry/model/slo.js';
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

/** How far back the last sample of a silent SLO is looked for. */
export const LAST_SAMPLE_LOOKBACK_SECONDS = 2 * 86_400;

/**
 * When each of these silent SLOs' watched series had their last sample (seconds, to the minute),
 * as one query: each labelled `slo`. Freeform SLIs are left out.
 */
export function lastSampleQuery(slos: Array<{ name: string; spec: SloSpec }>): string | undefined {
  const terms = slos.flatMap(({ name, spec }) => {
    const watched = watchedSelector(spec);
    return watched === undefined
      ? []
      : [
          `label_replace(max(max_over_time(timestamp(${watched})[${compoundDuration(LAST_SAMPLE_LOOKBACK_SECONDS * 1000)}:1m])), "slo", ${stringLiteral(name)}, "", "")`,
        ];
  });
  return terms.length > 0 ? terms.join(' or ') : undefined;
}
