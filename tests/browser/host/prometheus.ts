import {
  FieldType,
  createDataFrame,
  rangeUtil,
  type DataFrame,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

/**
 * What Grafana does with a Prometheus panel target, for a host without Grafana's Prometheus
 * datasource (a core plugin, not on npm, and its queries run in Grafana's Go backend):
 *
 * 1. the frontend datasource interpolates dashboard variables with `interpolateQueryExpr`
 *    (packages/grafana-prometheus/src/escaping.ts, the classic behaviour without the
 *    prometheusSpecialCharsInLabelValues toggle) through the template service, leaving
 *    `$__interval` for the backend (PrometheusDatasource.applyTemplateVariables);
 * 2. the backend (pkg/promlib/models/query.go) computes the step from the range, max data points
 *    and the datasource's scrape interval, replaces `$__interval`, `$__rate_interval`, `$__range`
 *    and their `_ms`/`_s` forms, and asks Prometheus (range queries aligned to the step).
 *
 * Results become frames the way the panels read them: one frame per series for time series, one
 * table frame (Time, labels, Value) for instant table queries. Grafana's own result transformer
 * does more (exemplars, heatmaps, legends with every label); these panels need none of it.
 */

interface PromVariable {
  multi?: boolean;
  includeAll?: boolean;
}

function prometheusRegularEscape(value: unknown) {
  return typeof value === 'string' ? value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'") : value;
}

function prometheusSpecialRegexEscape(value: unknown) {
  return typeof value === 'string' ? value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}\[\]+?.()|]/g, '\\\\$&') : value;
}

/** Grafana's interpolateQueryExpr: regex-escaped and `(a|b)` for multi-value and All variables. */
export function interpolateQueryExpr(value: string | string[] = [], variable: PromVariable): string {
  if (!variable.multi && !variable.includeAll) {
    return prometheusRegularEscape(value) as string;
  }
  if (typeof value === 'string') {
    return prometheusSpecialRegexEscape(value) as string;
  }
  const escaped = value.map((v) => prometheusSpecialRegexEscape(v) as string);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

/** Step 1: the frontend datasource's applyTemplateVariables. */
export function applyTemplateVariables(expr: string, scopedVars: ScopedVars = {}): string {
  const variables: ScopedVars = {
    ...scopedVars,
    __interval: { text: '$__interval', value: '$__interval' },
    __interval_ms: { text: '$__interval_ms', value: '$__interval_ms' },
  };
  return getTemplateSrv().replace(expr, variables, interpolateQueryExpr as never);
}

/** Go's time.Duration.String() for whole milliseconds: 1m0s, 1h30m0s, 15s, 250ms. */
export function goDuration(ms: number): string {
  if (ms < 1000) {
    return `${ms}ms`;
  }
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

export interface BackendTiming {
  /** The query interval (step), ms. */
  intervalMs: number;
  rangeMs: number;
  /** The datasource's scrape interval (jsonData.timeInterval), ms. */
  scrapeMs: number;
}

/** Grafana's step: the range over max data points, rounded, at least the scrape interval. */
export function backendTiming(range: TimeRange, maxDataPoints: number, scrapeInterval: string): BackendTiming {
  const { intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints, scrapeInterval);
  return {
    intervalMs,
    rangeMs: range.to.valueOf() - range.from.valueOf(),
    scrapeMs: rangeUtil.intervalToMs(scrapeInterval),
  };
}

/** Step 2: the backend's interpolateVariables, longest names first, as promlib replaces them. */
export function applyBackendMacros(expr: string, timing: BackendTiming): string {
  const rateIntervalMs = Math.max(timing.intervalMs + timing.scrapeMs, 4 * timing.scrapeMs);
  const rangeS = Math.round(timing.rangeMs / 1000);
  const macros: Array<[string, string]> = [
    ['__interval_ms', String(timing.intervalMs)],
    ['__interval', goDuration(timing.intervalMs)],
    ['__range_ms', String(timing.rangeMs)],
    ['__range_s', String(rangeS)],
    ['__range', `${rangeS}s`],
    ['__rate_interval_ms', String(rateIntervalMs)],
    ['__rate_interval', goDuration(rateIntervalMs)],
  ];
  let out = expr;
  for (const [name, value] of macros) {
    out = out.split(`\${${name}}`).join(value).split(`$${name}`).join(value);
  }
  return out;
}

export interface PromTargetRun {
  /** The expression as sent to Prometheus. */
  expr: string;
  frames: DataFrame[];
  /** Series (range, or instant vector) in Prometheus's answer. */
  series: number;
}

interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

function legendOf(format: string | undefined, labels: Record<string, string>): string {
  if (!format) {
    const { __name__: name = '', ...rest } = labels;
    return `${name}{${Object.entries(rest)
      .map(([k, v]) => `${k}="${v}"`)
      .join(', ')}}`;
  }
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, label: string) => labels[label] ?? '');
}

/** Runs one target through Grafana's data proxy path for the datasource (the stand-in forwards it). */
export async function runPrometheusTarget(
  datasourceUid: string,
  target: { refId: string; expr: string; legendFormat?: string; instant?: boolean; format?: string },
  range: TimeRange,
  timing: BackendTiming,
  scopedVars: ScopedVars = {}
): Promise<PromTargetRun> {
  const expr = applyBackendMacros(applyTemplateVariables(target.expr, scopedVars), timing);
  const stepS = Math.max(1, Math.round(timing.intervalMs / 1000));
  const fromS = Math.floor(range.from.valueOf() / 1000);
  const toS = Math.floor(range.to.valueOf() / 1000);
  const params = new URLSearchParams(
    target.instant
      ? { query: expr, time: String(toS) }
      : { query: expr, start: String(fromS - (fromS % stepS)), end: String(toS - (toS % stepS)), step: String(stepS) }
  );
  const path = target.instant ? 'api/v1/query' : 'api/v1/query_range';
  const response = await fetch(`/api/datasources/proxy/uid/${datasourceUid}/${path}?${params}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: PromSeries[] };
  };
  if (!response.ok || body.status !== 'success') {
    throw new Error(`Prometheus: ${body.error ?? `HTTP ${response.status}`}`);
  }
  const result = body.data?.result ?? [];
  if (target.instant && target.format === 'table') {
    const labels = [...new Set(result.flatMap((r) => Object.keys(r.metric)))].filter((l) => l !== '__name__').sort();
    const frame = createDataFrame({
      refId: target.refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: result.map((r) => r.value![0] * 1000) },
        ...labels.map((label) => ({
          name: label,
          type: FieldType.string,
          values: result.map((r) => r.metric[label] ?? ''),
        })),
        { name: 'Value', type: FieldType.number, values: result.map((r) => Number(r.value![1])) },
      ],
    });
    return { expr, frames: [frame], series: result.length };
  }
  const frames = result.map((r) => {
    const points = r.values ?? (r.value ? [r.value] : []);
    const name = legendOf(target.legendFormat, r.metric);
    return createDataFrame({
      refId: target.refId,
      name,
      fields: [
        { name: 'Time', type: FieldType.time, values: points.map(([t]) => t * 1000) },
        {
          name: 'Value',
          type: FieldType.number,
          values: points.map(([, v]) => Number(v)),
          labels: r.metric,
          config: { displayNameFromDS: name },
        },
      ],
    });
  });
  return { expr, frames, series: result.length };
}
