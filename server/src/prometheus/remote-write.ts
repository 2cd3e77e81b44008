// Other tsconfigs (tests/) compile this file without the ambient declarations of server/src.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./snappyjs.d.ts" />
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import type { Histogram } from 'prom-client';
import { observeDuration, PrometheusError, sendToPrometheus } from './client.js';

/** The subset of Prometheus's prompb types remote write 1.0 needs. */
const PROTO = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
`;

export const WRITE_REQUEST = protobuf.parse(PROTO).root.lookupType('prometheus.WriteRequest');

export interface WriteSeries {
  /** Includes `__name__`. */
  labels: Record<string, string>;
  /** [seconds since the epoch, value], oldest first. */
  samples: Array<[number, number]>;
}

export interface RemoteWriterOptions {
  /** The receiver, e.g. http://prometheus:9090/api/v1/write. */
  url: string;
  timeoutMs: number;
  /** Extra headers, e.g. `X-Scope-OrgID` for Mimir. */
  headers?: Record<string, string>;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** Samples per request; default 20,000. */
  maxSamplesPerRequest?: number;
  fetch?: typeof fetch;
  duration?: Histogram<string>;
}

interface EncodedSeries {
  labels: Array<{ name: string; value: string }>;
  samples: Array<{ value: number; timestamp: number }>;
}

/** Prometheus remote-write 1.0 client: snappy-compressed protobuf WriteRequests. */
export class RemoteWriter {
  private readonly fetchImpl: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: RemoteWriterOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.headers = {
      ...options.headers,
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
      ...authorization(options),
    };
  }

  /**
   * Sends requests one after another; each is accepted or refused whole, so on an error
   * the batches before it are stored and the rest are not sent.
   */
  async write(series: WriteSeries[]): Promise<void> {
    const batches = batch(series, this.options.maxSamplesPerRequest ?? 20_000);
    let sent = 0;
    for (const timeseries of batches) {
      try {
        await this.send(encodeWriteRequest(timeseries));
      } catch (error) {
        if (error instanceof PrometheusError && sent > 0) {
          error.message += ` (${sent} samples in earlier requests were stored)`;
        }
        throw error;
      }
      sent += timeseries.reduce((n, s) => n + s.samples.length, 0);
    }
  }

  private async send(body: Uint8Array<ArrayBuffer>): Promise<void> {
    await observeDuration(this.options.duration, 'remote_write', async () => {
      const init: RequestInit = { method: 'POST', headers: this.headers, body };
      const response = await sendToPrometheus(this.fetchImpl, this.options.url, '', init, this.options.timeoutMs);
      if (!response.ok) {
        const reason = (await response.text().catch(() => '')).trim() || `HTTP ${response.status}`;
        throw new PrometheusError('http', `remote write refused (HTTP ${response.status}): ${reason}`, response.status);
      }
    });
  }
}

/** The snappy-compressed protobuf body of one remote-write request. */
export function encodeWriteRequest(timeseries: EncodedSeries[]): Uint8Array<ArrayBuffer> {
  const message = WRITE_REQUEST.fromObject({ timeseries });
  return new Uint8Array(snappy.compress(WRITE_REQUEST.encode(message).finish()));
}

/** Splits into requests of at most `max` samples, a long series across several; labels sorted by name. */
export function batch(series: WriteSeries[], max: number): EncodedSeries[][] {
  const batches: EncodedSeries[][] = [];
  let current: EncodedSeries[] = [];
  let size = 0;
  for (const s of series) {
    const labels = Object.entries(s.labels)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value }));
    for (let i = 0; i < s.samples.length;) {
      const take = Math.min(max - size, s.samples.length - i);
      const samples = s.samples.slice(i, i + take).map(([t, value]) => ({ value, timestamp: Math.round(t * 1000) }));
      current.push({ labels, samples });
      size += take;
      i += take;
      if (size === max) {
        batches.push(current);
        current = [];
        size = 0;
      }
    }
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

function authorization(options: RemoteWriterOptions): Record<string, string> {
  if (options.bearerToken) {
    return { Authorization: `Bearer ${options.bearerToken}` };
  }
  if (options.basicAuth) {
    const { username, password } = options.basicAuth;
    return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  }
  return {};
}
