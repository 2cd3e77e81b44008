import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PrometheusClient, PrometheusError } from '../../server/src/prometheus/client.js';
import { RemoteWriter } from '../../server/src/prometheus/remote-write.js';
import { hostileStrings } from '../../server/src/promql/testing/hostile-strings.js';
import { renderRuleFile } from '../../server/src/slo/delivery/rule-file.js';
import { backfill, type BackfillResult } from '../harness/backfill.js';
import { eventually } from '../harness/eventually.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { tempDir } from '../harness/temp-dir.js';

const DAY = 86_400;
const STEP = 60;
const LOOKBACK = 300;
const end = Math.floor(Date.now() / 1000 / STEP) * STEP;
const start = end - 3 * DAY;
const data = tempDir('prometheus-io-tsdb');
const rules = tempDir('prometheus-io-rules');
const duration = new Histogram({
  name: 'io_test_duration_seconds',
  help: 'Prometheus calls made by this test',
  labelNames: ['endpoint', 'outcome'],
  registers: [],
});
let truth: BackfillResult;
let prometheus: RunningPrometheus;
let client: PrometheusClient;
let writer: RemoteWriter;

beforeAll(async () => {
  truth = await backfill(data.path, {
    start,
    end,
    stepSeconds: STEP,
    series: ['200', '500'].map((code) => ({
      name: 'io_requests_total',
      type: 'counter' as const,
      labels: { service: 'io', code },
      valueAt: (t: number) => (t - start) * (code === '200' ? 2 : 1),
    })),
  });
  prometheus = await startPrometheus({ dataDir: data.path, rulesDir: rules.path, outOfOrderWindow: '40d' });
  client = new PrometheusClient({ url: prometheus.url, timeoutMs: 10_000, duration });
  writer = new RemoteWriter({ url: `${prometheus.url}/api/v1/write`, timeoutMs: 10_000 });
});

afterAll(async () => {
  await prometheus?.stop();
  data.remove();
  rules.remove();
});

/** Whole milliseconds, as Prometheus stores them, so a round trip compares exactly. */
const ms = (seconds: number, extraMs = 0) => (seconds * 1000 + extraMs) / 1000;

describe('remote write into a backfilled Prometheus with an out-of-order window', () => {
  it('stores samples 10 and 2 days old for a new series, exactly', async () => {
    const tenDays = ms(end - 10 * DAY, 123);
    const twoDays = ms(end - 2 * DAY, 7);
    const labels = { __name__: 'io_history', slo: 'checkout-availability', event: 'bad' };
    await writer.write([
      {
        labels,
        samples: [
          [tenDays, 0.25],
          [twoDays, 17],
        ],
      },
    ]);

    const stored = await client.rawSamples('io_history[11d]', end);
    expect(stored).toEqual([
      {
        metric: labels,
        points: [
          [tenDays, 0.25],
          [twoDays, 17],
        ],
      },
    ]);
    expect(await client.instantQuery('io_history', tenDays)).toEqual([
      { metric: labels, value: 0.25, timestamp: tenDays },
    ]);
  });

  it("refuses a sample older than the window with Prometheus's reason, and the whole request with it", async () => {
    const write = writer.write([
      { labels: { __name__: 'io_refused', age: 'recent' }, samples: [[end - DAY, 1]] },
      { labels: { __name__: 'io_refused', age: 'ancient' }, samples: [[end - 41 * DAY, 1]] },
    ]);
    await expect(write).rejects.toThrow(PrometheusError);
    await expect(write).rejects.toThrow(/too old sample/);
    expect(await client.rawSamples('io_refused[42d]', end)).toEqual([]);
  });

  it('says how much was stored when a later request is refused', async () => {
    const small = new RemoteWriter({
      url: `${prometheus.url}/api/v1/write`,
      timeoutMs: 10_000,
      maxSamplesPerRequest: 2,
    });
    const labels = { __name__: 'io_partial' };
    const samples: Array<[number, number]> = [
      [end - 3 * DAY, 1],
      [end - 2 * DAY, 2],
      [end - 50 * DAY, 3],
    ];
    await expect(small.write([{ labels, samples }])).rejects.toThrow(
      /too old sample \(2 samples in earlier requests were stored\)/
    );
    expect((await client.rawSamples('io_partial[4d]', end))[0]?.points).toEqual(samples.slice(0, 2));
  });
});

describe('reading history back', () => {
  it('splits a range query needing several requests and returns every point once', async () => {
    const from = end - 30 * DAY;
    const before = await requestsTo('query_range');
    const result = await client.rangeQuery('vector(time())', { start: from, end, step: STEP });
    expect(await requestsTo('query_range')).toBe(before + 4); // 43,201 points, 11,000 per request

    const times = Array.from({ length: 30 * 1440 + 1 }, (_, i) => from + i * STEP);
    expect(result).toEqual([{ metric: {}, points: times.map((t) => [t, t]) }]);
  });

  it('merges each series across requests, matching what was backfilled', async () => {
    // 30 s steps over 4 days: the second request starts inside the backfilled history.
    const step = 30;
    const from = end - 4 * DAY + 10;
    const before = await requestsTo('query_range');
    const result = await client.rangeQuery('io_requests_total', { start: from, end, step });
    expect(await requestsTo('query_range')).toBe(before + 2);
    const expected = truth.series.map((series) => {
      const points: Array<[number, number]> = [];
      for (let t = from; t <= end; t += step) {
        const i = Math.floor((t - start) / STEP); // the latest backfilled sample at or before t
        if (i >= 0 && i < truth.timestamps.length && truth.timestamps[i]! > t - LOOKBACK) {
          points.push([t, series.values[i]!]);
        }
      }
      return { metric: { __name__: 'io_requests_total', ...series.labels }, points };
    });
    expect(expected[0]!.points.length).toBe(3 * 2880);
    expect(sortByCode(result)).toEqual(expected);
  });

  it('returns raw samples with their own timestamps', async () => {
    const at = end - DAY - 30.5;
    const result = await client.rawSamples('io_requests_total{service="io", code="200"}[10m]', at);
    const series = truth.series[0]!;
    const expected = [...truth.timestamps]
      .filter((t) => t > at - 600 && t <= at)
      .map((t): [number, number] => [t, truth.valueAt(series, t)!]);
    expect(expected).toHaveLength(10);
    expect(result).toEqual([
      { metric: { __name__: 'io_requests_total', service: 'io', code: '200' }, points: expected },
    ]);
  });

  it('refuses a query that is not a range selector', async () => {
    await expect(client.rawSamples('io_requests_total', end)).rejects.toThrow(/expected a range vector/);
  });
});

describe('rules, reloads and alerts', () => {
  const goodFile = join(rules.path, 'io.yml');
  const brokenFile = join(rules.path, 'broken.yml');
  const group = {
    name: 'io-test',
    interval: '1s',
    rules: [
      { record: 'io:one', expr: 'vector(1)', labels: { team: 'io' } },
      { alert: 'IoAlwaysFiring', expr: 'vector(1) > 0', labels: { severity: 'ticket' } },
    ],
  };

  it('loads a written rule file on reload and evaluates it', async () => {
    expect(await client.ruleGroups()).toEqual([]);
    writeFileSync(goodFile, stringify({ groups: [group] }));
    await client.reload();

    const groups = await eventually('the rule group to be evaluated', async () => {
      const found = await client.ruleGroups();
      return found[0]?.lastEvaluation ? found : undefined;
    });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ name: 'io-test', file: goodFile, interval: 1 });
    expect(Date.parse(groups[0]!.lastEvaluation!)).toBeGreaterThan(Date.now() - 60_000);
    expect(groups[0]!.rules.map((r) => [r.name, r.type, r.health])).toEqual([
      ['io:one', 'recording', 'ok'],
      ['IoAlwaysFiring', 'alerting', 'ok'],
    ]);
    expect(await requestsTo('reload')).toBe(1);
  });

  it('reports a firing alert', async () => {
    const firing = await eventually('the alert to fire', async () =>
      (await client.alerts()).find((a) => a.labels.alertname === 'IoAlwaysFiring' && a.state === 'firing')
    );
    expect(firing).toMatchObject({ labels: { alertname: 'IoAlwaysFiring', severity: 'ticket' }, value: 1 });
    expect(Date.parse(firing.activeAt!)).toBeGreaterThan(Date.now() - 60_000);
    const rule = (await client.ruleGroups())[0]!.rules[1]!;
    expect(rule.state).toBe('firing');
    expect(rule.alerts?.[0]?.state).toBe('firing');
  });

  it('reads a rule file Steward renders as written, whatever its strings hold', async () => {
    const file = join(rules.path, 'rendered.yml');
    const values = [
      ...hostileStrings(60),
      '\u0085\u2028\u2029\ufeff\u0080\u009f',
      '# not a comment',
      '- not a list',
      'key: value',
      '&anchor *alias !tag',
      'yes',
      'null',
      '',
    ];
    const groups = values.map((value, i) => ({
      name: `rendered ${i} ${value}`,
      interval: '1h',
      rules: [{ record: 'io:rendered', expr: 'vector(1)', labels: { value, on: value } }],
    }));
    writeFileSync(file, renderRuleFile(groups, 'rendered by Steward'));
    try {
      await client.reload();
      // Prometheus lists a file's groups by name.
      const byName = (list: Array<{ name: string; rules: Array<{ labels?: Record<string, string> }> }>) =>
        list
          .map((g) => ({ name: g.name, labels: g.rules[0]!.labels }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const loaded = (await client.ruleGroups()).filter((g) => g.name.startsWith('rendered '));
      expect(byName(loaded)).toEqual(byName(groups));
    } finally {
      rmSync(file);
      await client.reload();
    }
  });

  it("throws Prometheus's reason when a rule file is broken, and keeps the old rules", async () => {
    writeFileSync(
      brokenFile,
      stringify({ groups: [{ name: 'broken', rules: [{ record: 'io:bad', expr: 'sum((' }] }] })
    );
    try {
      const failure = await client.reload().then(
        () => undefined,
        (error: unknown) => error
      );
      expect(failure).toBeInstanceOf(PrometheusError);
      expect((failure as PrometheusError).status).toBe(500);
      // 2.42 names only the config file here; the rule file and parse error go to its log.
      expect((failure as Error).message).toMatch(
        /^Prometheus did not reload its configuration: failed to reload config: one or more errors occurred while applying the new configuration/
      );
      expect((await client.ruleGroups()).map((g) => g.name)).toEqual(['io-test']);
    } finally {
      rmSync(brokenFile);
    }
    await client.reload();
  });
});

function sortByCode<T extends { metric: Record<string, string> }>(series: T[]): T[] {
  return [...series].sort((a, b) => (a.metric.code ?? '').localeCompare(b.metric.code ?? ''));
}

async function requestsTo(endpoint: string): Promise<number> {
  return (await duration.get()).values
    .filter((v) => v.metricName === 'io_test_duration_seconds_count' && v.labels.endpoint === endpoint)
    .reduce((n, v) => n + v.value, 0);
}
