import { LABELS, SERVER_METRICS } from '../conventions/metrics.js';
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

export interface PrometheusClientOptions {
  url: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  duration?: Histogram<string>;
}

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
    const params = new URLSearchParams({ query });
    if (time !== undefined) {
      params.set('time', String(time));
    }
    const data = await this.api<{ resultType: string; result: unknown }>('query', '/api/v1/query', params);
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

  async buildInfo(): Promise<{ version: string }> {
    return this.api<{ version: string }>('buildinfo', '/api/v1/status/buildinfo');
  }

  private async api<T>(endpoint: string, path: string, params?: URLSearchParams): Promise<T> {
    const stop = this.options.duration?.startTimer({ [LABELS.endpoint]: endpoint });
    let outcome = 'error';
    try {
      const response = await this.request(path, params);
      const body = (await response.json().catch(() => undefined)) as
        { status: string; data?: T; error?: string; errorType?: string } | undefined;
      if (!body || body.status !== 'success') {
        const reason = body?.error ?? `HTTP ${response.status}`;
        throw new PrometheusError(
          response.status === 400 || response.status === 422 ? 'query' : 'http',
          reason,
          response.status
        );
      }
      outcome = 'success';
      return body.data as T;
    } finally {
      stop?.({ [LABELS.outcome]: outcome });
    }
  }

  private async request(path: string, params?: URLSearchParams): Promise<Response> {
    const init: RequestInit = { signal: AbortSignal.timeout(this.options.timeoutMs) };
    if (params) {
      init.method = 'POST';
      init.body = params;
      init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
    }
    try {
      return await this.fetchImpl(`${this.base}${path}`, init);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new PrometheusError(
          'timeout',
          `Prometheus at ${this.base} did not answer within ${this.options.timeoutMs} ms`
        );
      }
      throw new PrometheusError('unreachable', `cannot reach Prometheus at ${this.base}: ${causeOf(error)}`);
    }
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export const PROMETHEUS_DURATION_METRIC = SERVER_METRICS.prometheusRequestDuration;
