import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { PrometheusError } from './client.js';
import { RemoteWriter, WRITE_REQUEST, type WriteSeries } from './remote-write.js';

interface Captured {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

function recorder(respond: (call: number) => Response = () => new Response(null, { status: 204 })) {
  const calls: Captured[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string>, body: init.body as Uint8Array });
    return respond(calls.length);
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

/** What Prometheus would read from a request body. */
function decode(body: Uint8Array) {
  const message = WRITE_REQUEST.decode(snappy.uncompress(body));
  return WRITE_REQUEST.toObject(message, { longs: Number, defaults: true }) as {
    timeseries: Array<{
      labels: Array<{ name: string; value: string }>;
      samples: Array<{ value: number; timestamp: number }>;
    }>;
  };
}

const url = 'http://prometheus.test/api/v1/write';

describe('RemoteWriter', () => {
  it('sends a snappy-compressed WriteRequest that decodes to exactly the input, labels sorted', async () => {
    const { calls, fetchImpl } = recorder();
    const writer = new RemoteWriter({ url, timeoutMs: 1000, fetch: fetchImpl });
    await writer.write([
      {
        labels: { zone: 'b', __name__: 'steward:slo_events:increase5m', event: 'bad' },
        samples: [
          [1_700_000_000.25, 1.5],
          [1_700_000_300, -0],
        ],
      },
      { labels: { __name__: 'up', job: 'x' }, samples: [[1_700_000_000, Number.MAX_VALUE]] },
    ]);

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(url);
    expect(decode(calls[0]!.body)).toEqual({
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'steward:slo_events:increase5m' },
            { name: 'event', value: 'bad' },
            { name: 'zone', value: 'b' },
          ],
          samples: [
            { value: 1.5, timestamp: 1_700_000_000_250 },
            { value: -0, timestamp: 1_700_000_300_000 },
          ],
        },
        {
          labels: [
            { name: '__name__', value: 'up' },
            { name: 'job', value: 'x' },
          ],
          samples: [{ value: Number.MAX_VALUE, timestamp: 1_700_000_000_000 }],
        },
      ],
    });
  });

  it('keeps NaN and infinities', async () => {
    const { calls, fetchImpl } = recorder();
    await new RemoteWriter({ url, timeoutMs: 1000, fetch: fetchImpl }).write([
      {
        labels: { __name__: 'x' },
        samples: [
          [1, NaN],
          [2, Infinity],
          [3, -Infinity],
        ],
      },
    ]);
    expect(decode(calls[0]!.body).timeseries[0]!.samples.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity]);
  });

  it('sends the remote-write headers, extra headers and auth', async () => {
    const { calls, fetchImpl } = recorder();
    const basic = new RemoteWriter({
      url,
      timeoutMs: 1000,
      fetch: fetchImpl,
      headers: { 'X-Scope-OrgID': 'tenant-1' },
      basicAuth: { username: 'steward', password: 'pa:ss' },
    });
    await basic.write([{ labels: { __name__: 'x' }, samples: [[1, 1]] }]);
    await new RemoteWriter({ url, timeoutMs: 1000, fetch: fetchImpl, bearerToken: 'tok' }).write([
      { labels: { __name__: 'x' }, samples: [[1, 1]] },
    ]);

    expect(calls[0]!.headers).toEqual({
      'X-Scope-OrgID': 'tenant-1',
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
      Authorization: `Basic ${Buffer.from('steward:pa:ss').toString('base64')}`,
    });
    expect(calls[1]!.headers.Authorization).toBe('Bearer tok');
  });

  it('splits into requests of at most maxSamplesPerRequest samples, a long series across several', async () => {
    const { calls, fetchImpl } = recorder();
    const samples = (n: number, from: number) => Array.from({ length: n }, (_, i): [number, number] => [from + i, i]);
    const input: WriteSeries[] = [
      { labels: { __name__: 'a' }, samples: samples(3, 100) },
      { labels: { __name__: 'b' }, samples: samples(6, 200) },
      { labels: { __name__: 'c' }, samples: [] },
    ];
    await new RemoteWriter({ url, timeoutMs: 1000, fetch: fetchImpl, maxSamplesPerRequest: 4 }).write(input);

    const requests = calls.map((c) =>
      decode(c.body).timeseries.map((ts) => [ts.labels[0]!.value, ts.samples.map((s) => s.timestamp / 1000)])
    );
    expect(requests).toEqual([
      [
        ['a', [100, 101, 102]],
        ['b', [200]],
      ],
      [['b', [201, 202, 203, 204]]],
      [['b', [205]]],
    ]);
  });

  it("stops at a refused request and reports Prometheus's reason", async () => {
    const { calls, fetchImpl } = recorder((call) =>
      call === 1 ? new Response(null, { status: 204 }) : new Response('out of order sample\n', { status: 400 })
    );
    const writer = new RemoteWriter({ url, timeoutMs: 1000, fetch: fetchImpl, maxSamplesPerRequest: 2 });
    const failure = await writer
      .write([
        {
          labels: { __name__: 'x' },
          samples: [
            [1, 1],
            [2, 2],
            [3, 3],
            [4, 4],
            [5, 5],
          ],
        },
      ])
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PrometheusError);
    expect(failure).toMatchObject({
      kind: 'http',
      status: 400,
      message: 'remote write refused (HTTP 400): out of order sample (2 samples in earlier requests were stored)',
    });
    expect(calls).toHaveLength(2);
  });

  it('reports an unreachable receiver', async () => {
    const fetchImpl = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const write = new RemoteWriter({ url, timeoutMs: 1000, fetch: fetchImpl }).write([
      { labels: { __name__: 'x' }, samples: [[1, 1]] },
    ]);
    await expect(write).rejects.toMatchObject({
      kind: 'unreachable',
      message: `cannot reach Prometheus at ${url}: ECONNREFUSED`,
    });
  });
});
