import { refusedClientCertificate, tlsFailure } from '../backends/credentials.js';
import { LABELS } from '../conventions/metrics.js';
import type { Histogram } from 'prom-client';

export type PrometheusFailure = 'unreachable' | 'timeout' | 'http' | 'query';

/** A Prometheus call that did not give an answer; `kind` says why, for the user. */
export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusFailure,
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
  timestamp: number;
}

/** One series of a range result; points are [seconds since the epoch, value]. */
export interface MatrixSeries {
  metric: Record<string, string>;
  points: Array<[number, number]>;
}

export interface RangeOptions {
  /** Seconds since the epoch, both inclusive. */
  start: number;
  end: number;
  /** Seconds. */
  step: number;
}

export interface RuleState {
  name: string;
  query: string;
  type: 'recording' | 'alerting';
  health: string;
  lastError?: string;
  labels?: Record<string, string>;
  /** Alerting rules only: `inactive`, `pending` or `firing`. */
  state?: string;
  alerts?: ActiveAlert[];
}

export interface RuleGroupState {
  name: string;
  file: string;
  /** Seconds. */
  interval: number;
  /** RFC 3339; absent until the group has been evaluated once. */
  lastEvaluation?: string;
  /** Seconds the last evaluation took. */
  evaluationTime: number;
  rules: RuleState[];
}

export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt?: string;
  value: number;
}

export interface PrometheusClientOptions {
  url: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  duration?: Histogram<string>;
}

/** Prometheus refuses range queries with more points than this per series. */
const MAX_POINTS_PER_SERIES = 11_000;

/** Prometheus reports "never evaluated" as Go's zero time. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** A small client for the Prometheus HTTP API endpoints steward-server uses. */
export class PrometheusClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Instant query; `time` in seconds since the epoch (default: now). */
  async instantQuery(query: string, time?: number): Promise<VectorSample[]> {
    const data = await this.api<QueryData>('query', '/api/v1/query', queryParams(query, time));
    if (data.resultType === 'scalar') {
      const [ts, v] = data.result as [number, string];
      return [{ metric: {}, value: Number(v), timestamp: ts }];
    }
    if (data.resultType !== 'vector') {
      throw new PrometheusError('query', `expected an instant vector, got ${data.resultType}`);
    }
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) => ({
      metric: s.metric,
      value: Number(s.value[1]),
      timestamp: s.value[0],
    }));
  }

  /**
   * Range query, split into requests of at most MAX_POINTS_PER_SERIES steps and merged
   * by label set, so any span works. Points stay aligned to `start + k * step`.
   */
  async rangeQuery(query: string, { start, end, step }: RangeOptions): Promise<MatrixSeries[]> {
    if (!(step > 0) || end < start) {
      throw new PrometheusError('query', `invalid range: start ${start}, end ${end}, step ${step}`);
    }
    const merged = new Map<string, MatrixSeries>();
    for (let k = 0; start + k * step <= end; k += MAX_POINTS_PER_SERIES) {
      const chunkStart = start + k * step;
      const chunkEnd = Math.min(end, start + (k + MAX_POINTS_PER_SERIES - 1) * step);
      const params = new URLSearchParams({
        query,
        start: String(chunkStart),
        end: String(chunkEnd),
        step: String(step),
        // VictoriaMetrics answers range queries over the past from a cache, which history
        // written afterwards (the tiles Steward fills in) leaves stale; Prometheus ignores it.
        nocache: '1',
      });
      const data = await this.api<QueryData>('query_range', '/api/v1/query_range', params);
      for (const series of matrixOf(data)) {
        const key = labelKey(series.metric);
        const into = merged.get(key);
        if (!into) {
          merged.set(key, series);
          continue;
        }
        const last = into.points[into.points.length - 1]?.[0] ?? -Infinity;
        into.points.push(...series.points.filter(([t]) => t > last));
      }
    }
    return [...merged.values()];
  }

  /** The stored samples of a range selector such as `x{a="b"}[15m]`, with their own timestamps. */
  async rawSamples(selectorWithRange: string, time?: number): Promise<MatrixSeries[]> {
    return matrixOf(await this.api<QueryData>('query', '/api/v1/query', queryParams(selectorWithRange, time)));
  }

  async ruleGroups(): Promise<RuleGroupState[]> {
    const data = await this.api<{ groups: RawRuleGroup[] }>('rules', '/api/v1/rules');
    return data.groups.map((g) => ({
      name: g.name,
      file: g.file,
      interval: g.interval,
      ...evaluatedAt(g.lastEvaluation),
      evaluationTime: g.evaluationTime,
      rules: g.rules.map((r) => ({
        name: r.name,
        query: r.query,
        type: r.type,
        health: r.health,
        ...(r.lastError ? { lastError: r.lastError } : {}),
        ...(r.labels ? { labels: r.labels } : {}),
        ...(r.state ? { state: r.state } : {}),
        ...(r.alerts ? { alerts: r.alerts.map(toAlert) } : {}),
      })),
    }));
  }

  async alerts(): Promise<ActiveAlert[]> {
    const data = await this.api<{ alerts: RawAlert[] }>('alerts', '/api/v1/alerts');
    return data.alerts.map(toAlert);
  }

  /** POST /-/reload (needs --web.enable-lifecycle); a refused reload carries Prometheus's reason. */
  async reload(): Promise<void> {
    await this.timed('reload', async () => {
      const response = await sendToPrometheus(
        this.fetchImpl,
        this.base,
        '/-/reload',
        { method: 'POST' },
        this.options.timeoutMs
      );
      if (response.status === 401 || response.status === 403) {
        const text = await response.text().catch(() => '');
        throw new PrometheusError('http', refusedCredentials(this.base, response.status, text), response.status);
      }
      if (!response.ok) {
        const reason = (await response.text().catch(() => '')).trim() || `HTTP ${response.status}`;
        throw new PrometheusError('http', `Prometheus did not reload its configuration: ${reason}`, response.status);
      }
    });
  }

  async buildInfo(): Promise<{ version: string }> {
    return this.api<{ version: string }>('buildinfo', '/api/v1/status/buildinfo');
  }

  /** Form parameters are POSTed (long queries fit); without them the call is a GET. */
  private async api<T>(endpoint: string, path: string, params?: URLSearchParams): Promise<T> {
    return this.timed(endpoint, async () => {
      const init: RequestInit = params
        ? { method: 'POST', body: params, headers: { 'content-type': 'application/x-www-form-urlencoded' } }
        : {};
      const response = await sendToPrometheus(this.fetchImpl, this.base, path, init, this.options.timeoutMs);
      const text = await response.text().catch(() => '');
      const body = parseJson(text) as { status: string; data?: T; error?: unknown; errorType?: string } | undefined;
      if (response.status === 401 || response.status === 403) {
        throw new PrometheusError('http', refusedCredentials(this.base, response.status, text), response.status);
      }
      const refusedCertificate = refusedClientCertificate(this.base, response.status, text, 'prometheus');
      if (refusedCertificate) {
        throw new PrometheusError('http', refusedCertificate, response.status);
      }
      if (!body || body.status !== 'success') {
        // Prometheus explains in a string; anything else at this URL is not Prometheus's API.
        const reason =
          typeof body?.error === 'string'
            ? body.error
            : `HTTP ${response.status} from ${this.base}${body?.status === 'error' ? '' : ', which does not answer as Prometheus’s API does'}`;
        throw new PrometheusError(
          response.status === 400 || response.status === 422 ? 'query' : 'http',
          reason,
          response.status
        );
      }
      return body.data as T;
    });
  }

  private async timed<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
    return observeDuration(this.options.duration, endpoint, call);
  }
}

/** Runs `call`, recording its duration and outcome in `duration` (when given) under `endpoint`. */
export async function observeDuration<T>(
  duration: Histogram<string> | undefined,
  endpoint: string,
  call: () => Promise<T>
): Promise<T> {
  const stop = duration?.startTimer({ [LABELS.endpoint]: endpoint });
  let outcome = 'error';
  try {
    const result = await call();
    outcome = 'success';
    return result;
  } finally {
    stop?.({ [LABELS.outcome]: outcome });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What a user reads when the backend (or a proxy before it) refuses Steward: where, the backend's
 * own first line (never Steward's credentials, which it does not echo), and what to check.
 */
export function refusedCredentials(base: string, status: number, body: string): string {
  const said = body.trim().split('\n')[0]?.slice(0, 200);
  return `${base} refused Steward's credentials (HTTP ${status}${said ? `: ${said}` : ''}): check prometheus.auth (bearer token or basic auth, and the tenant, X-Scope-OrgID)`;
}

/** fetch with a timeout; network failures and timeouts become PrometheusErrors naming the server. */
export async function sendToPrometheus(
  fetchImpl: typeof fetch,
  base: string,
  path: string,
  init: RequestInit,
  timeoutMs: number
): Promise<Response> {
  try {
    return await fetchImpl(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new PrometheusError('timeout', `Prometheus at ${base} did not answer within ${timeoutMs} ms`);
    }
    const reason = tlsFailure(error, base, 'prometheus') ?? causeOf(error);
    throw new PrometheusError('unreachable', `cannot reach Prometheus at ${base}: ${reason}`);
  }
}

interface QueryData {
  resultType: string;
  result: unknown;
}

interface RawRuleGroup {
  name: string;
  file: string;
  interval: number;
  lastEvaluation?: string;
  evaluationTime: number;
  rules: Array<{
    name: string;
    query: string;
    type: 'recording' | 'alerting';
    health: string;
    lastError?: string;
    labels?: Record<string, string>;
    state?: string;
    alerts?: RawAlert[];
  }>;
}

interface RawAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: string;
  activeAt?: string;
  value: string;
}

function queryParams(query: string, time?: number): URLSearchParams {
  const params = new URLSearchParams({ query });
  if (time !== undefined) {
    params.set('time', String(time));
  }
  return params;
}

function matrixOf(data: QueryData): MatrixSeries[] {
  if (data.resultType !== 'matrix') {
    throw new PrometheusError('query', `expected a range vector, got ${data.resultType}`);
  }
  return (data.result as Array<{ metric: Record<string, string>; values?: Array<[number, string]> }>).map((s) => ({
    metric: s.metric,
    points: (s.values ?? []).map(([t, v]): [number, number] => [t, Number(v)]),
  }));
}

function labelKey(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function evaluatedAt(lastEvaluation: string | undefined): { lastEvaluation?: string } {
  return lastEvaluation && lastEvaluation !== GO_ZERO_TIME ? { lastEvaluation } : {};
}

function toAlert(a: RawAlert): ActiveAlert {
  return {
    labels: a.labels,
    annotations: a.annotations ?? {},
    state: a.state,
    ...(a.activeAt ? { activeAt: a.activeAt } : {}),
    value: Number(a.value),
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
