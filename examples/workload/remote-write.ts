// Shared with steward-server, whose tsconfig declares the module's types.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../server/src/prometheus/snappyjs.d.ts" />
import snappy from 'snappyjs';

/**
 * A Prometheus remote-write 1.0 client made for bulk history: it encodes the protobuf
 * WriteRequest by hand straight from typed arrays (tens of millions of samples would be slow
 * through a generic protobuf library), then compresses it with snappy.
 */

export interface HistorySeries {
  /** Includes __name__. */
  labels: Record<string, string>;
  /** Milliseconds since the epoch, ascending. */
  timestamps: Float64Array;
  values: Float64Array;
}

const encoder = new TextEncoder();

function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

class Writer {
  readonly bytes: Uint8Array<ArrayBuffer>;
  private readonly view: DataView;
  offset = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  varint(n: number): void {
    while (n >= 128) {
      this.bytes[this.offset++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.bytes[this.offset++] = n;
  }

  raw(data: Uint8Array): void {
    this.bytes.set(data, this.offset);
    this.offset += data.length;
  }

  double(value: number): void {
    this.view.setFloat64(this.offset, value, true);
    this.offset += 8;
  }
}

interface Prepared {
  labels: Uint8Array[];
  labelsSize: number;
  series: HistorySeries;
  from: number;
  to: number;
  size: number;
}

function labelMessages(labels: Record<string, string>): Uint8Array[] {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => {
      const n = encoder.encode(name);
      const v = encoder.encode(value);
      const w = new Writer(2 + varintSize(n.length) + n.length + varintSize(v.length) + v.length);
      w.bytes[w.offset++] = 0x0a; // Label.name
      w.varint(n.length);
      w.raw(n);
      w.bytes[w.offset++] = 0x12; // Label.value
      w.varint(v.length);
      w.raw(v);
      return w.bytes;
    });
}

/** Size of one Sample message (double value = 1, int64 timestamp = 2). */
const sampleSize = (timestamp: number) => 1 + 8 + 1 + varintSize(timestamp);

/** The uncompressed WriteRequest for samples [from, to) of each series. */
export function encodeWriteRequest(
  parts: Array<{ series: HistorySeries; from: number; to: number }>
): Uint8Array<ArrayBuffer> {
  const prepared: Prepared[] = parts.map(({ series, from, to }) => {
    const labels = labelMessages(series.labels);
    const labelsSize = labels.reduce((sum, l) => sum + 1 + varintSize(l.length) + l.length, 0);
    let size = labelsSize;
    for (let i = from; i < to; i++) {
      const s = sampleSize(series.timestamps[i]!);
      size += 1 + varintSize(s) + s;
    }
    return { labels, labelsSize, series, from, to, size };
  });
  const total = prepared.reduce((sum, p) => sum + 1 + varintSize(p.size) + p.size, 0);
  const w = new Writer(total);
  for (const p of prepared) {
    w.bytes[w.offset++] = 0x0a; // WriteRequest.timeseries
    w.varint(p.size);
    for (const label of p.labels) {
      w.bytes[w.offset++] = 0x0a; // TimeSeries.labels
      w.varint(label.length);
      w.raw(label);
    }
    const { timestamps, values } = p.series;
    for (let i = p.from; i < p.to; i++) {
      const timestamp = timestamps[i]!;
      w.bytes[w.offset++] = 0x12; // TimeSeries.samples
      w.varint(sampleSize(timestamp));
      w.bytes[w.offset++] = 0x09; // Sample.value (fixed64)
      w.double(values[i]!);
      w.bytes[w.offset++] = 0x10; // Sample.timestamp (varint)
      w.varint(timestamp);
    }
  }
  return w.bytes;
}

export class RemoteWriteError extends Error {}

/**
 * The snappy block format with the data as literals only: valid snappy that costs nothing to
 * make. On loopback or a container network the bytes saved by compressing are worth less than
 * the CPU it takes, which Prometheus needs for ingesting.
 */
export function snappyLiterals(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const CHUNK = 1 << 16; // decoders copy literals of any length; chunks keep to common practice
  const chunks = Math.ceil(data.length / CHUNK);
  const out = new Uint8Array(varintSize(data.length) + chunks * 5 + data.length);
  let o = 0;
  for (let n = data.length; ;) {
    if (n < 128) {
      out[o++] = n;
      break;
    }
    out[o++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  for (let i = 0; i < data.length; i += CHUNK) {
    const length = Math.min(CHUNK, data.length - i);
    out[o++] = 63 << 2; // a literal, its length - 1 in the next four bytes
    out[o++] = (length - 1) & 0xff;
    out[o++] = (length - 1) >> 8;
    out[o++] = 0;
    out[o++] = 0;
    out.set(data.subarray(i, i + length), o);
    o += length;
  }
  return out;
}

/** POSTs one snappy-encoded WriteRequest (compressed, or literals only). */
export async function send(
  url: string,
  request: Uint8Array<ArrayBuffer>,
  compress: boolean,
  timeoutMs = 120_000
): Promise<void> {
  const body = compress ? snappy.compress(request) : snappyLiterals(request);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const reason = (await response.text().catch(() => '')).trim();
    throw new RemoteWriteError(`remote write refused (HTTP ${response.status}): ${reason.slice(0, 500)}`);
  }
}
