import { selector } from '../promql/escape.js';
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
 * True (1) when the series that count all of the SLO's events have had no sample for
 * `seconds`: the total of a ratio, the `_count` of a classic histogram, the native histogram,
 * the probe. Bad-event series may rightly not exist (no errors yet), so they are not watched.
 */
export function presenceQuery(spec: SloSpec, seconds: number): string {
  const range = compoundDuration(seconds * 1000);
  const { sli } = spec;
  const watched = sli.ratio?.total ?? sli.probe?.metric ?? sli.latency?.histogram;
  if (watched === undefined) {
    return `absent(${sli.freeform!.total.replace(WINDOW_PLACEHOLDER, range)})`;
  }
  const parsed = parseVectorSelector(watched);
  if (!parsed.ok) {
    throw new Error(`not a series selector: ${watched}`);
  }
  const series =
    sli.latency && !sli.latency.native
      ? onMetric(parsed.selector, `${metricOf(parsed.selector)}_count`)
      : parsed.selector;
  return `absent_over_time(${selector(series.metric, series.matchers)}[${range}])`;
}
