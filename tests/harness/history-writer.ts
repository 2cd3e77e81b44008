// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../server/src/prometheus/snappyjs.d.ts" />
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import type { FieldSeries, NativeHistogram } from '../integration/fixtures/field-traffic.js';

/**
 * Remote write 1.0 with native histograms, for history a test generated. Steward's own writer
 * sends floats only (recorded tiles); tests need Prometheus's `Histogram` message too.
 */
const PROTO = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; repeated Histogram histograms = 4; }
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
message BucketSpan { sint32 offset = 1; uint32 length = 2; }
message Histogram {
  oneof count { uint64 count_int = 1; double count_float = 2; }
  double sum = 3;
  sint32 schema = 4;
  double zero_threshold = 5;
  oneof zero_count { uint64 zero_count_int = 6; double zero_count_float = 7; }
  repeated BucketSpan negative_spans = 8;
  repeated sint64 negative_deltas = 9;
  repeated double negative_counts = 10;
  repeated BucketSpan positive_spans = 11;
  repeated sint64 positive_deltas = 12;
  repeated double positive_counts = 13;
  int32 reset_hint = 14;
  int64 timestamp = 15;
}
`;
const WRITE_REQUEST = protobuf.parse(PROTO).root.lookupType('prometheus.WriteRequest');

function histogram(h: NativeHistogram, t: number) {
  const deltas = h.buckets.map((count, i) => count - (i === 0 ? 0 : h.buckets[i - 1]!));
  return {
    countInt: h.count,
    sum: h.sum,
    schema: 0,
    zeroThreshold: 1e-128,
    zeroCountInt: 0,
    positiveSpans: [{ offset: h.firstIndex, length: h.buckets.length }],
    positiveDeltas: deltas,
    timestamp: Math.round(t * 1000),
  };
}

/**
 * Writes every series oldest first, in slices of time across all series, so Prometheus takes
 * them in order into an empty TSDB (native histograms cannot be written out of order in
 * Prometheus 2). Returns the samples written.
 */
export async function writeHistoryInOrder(url: string, series: FieldSeries[], sliceSeconds = 1800): Promise<number> {
  const from = Math.min(...series.map((s) => s.times[0] ?? Infinity));
  const to = Math.max(...series.map((s) => s.times.at(-1) ?? -Infinity));
  const cursors = series.map(() => 0);
  let written = 0;
  for (let sliceStart = from; sliceStart <= to; sliceStart += sliceSeconds) {
    const sliceEnd = sliceStart + sliceSeconds;
    const timeseries = [];
    for (const [index, s] of series.entries()) {
      const first = cursors[index]!;
      let last = first;
      while (last < s.times.length && s.times[last]! < sliceEnd) {
        last++;
      }
      cursors[index] = last;
      if (last === first) {
        continue;
      }
      const labels = Object.entries(s.labels)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => ({ name, value }));
      const range = Array.from({ length: last - first }, (_, k) => first + k);
      timeseries.push(
        s.histograms
          ? { labels, histograms: range.map((i) => histogram(s.histograms![i]!, s.times[i]!)) }
          : { labels, samples: range.map((i) => ({ value: s.values[i]!, timestamp: Math.round(s.times[i]! * 1000) })) }
      );
      written += last - first;
    }
    if (timeseries.length === 0) {
      continue;
    }
    const body = WRITE_REQUEST.encode(WRITE_REQUEST.fromObject({ timeseries })).finish();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Encoding': 'snappy', 'Content-Type': 'application/x-protobuf' },
      body: new Uint8Array(snappy.compress(body)),
    });
    if (!response.ok) {
      throw new Error(`remote write refused (HTTP ${response.status}): ${await response.text()}`);
    }
  }
  return written;
}
