import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfill, type BackfillResult } from '../harness/backfill.js';
import { freePort } from '../harness/ports.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir } from '../harness/temp-dir.js';
import { demoInventorySeries, HOSTILE_SERVICE } from './fixtures/inventory-series.js';

const HOUR = 3600;
const end = Math.floor(Date.now() / 1000 / 60) * 60;
const start = end - 6 * HOUR;
const data = tempDir('telemetry-tsdb');
let truth: BackfillResult;
let prometheus: RunningPrometheus;
let steward: RunningSteward;

beforeAll(async () => {
  truth = await backfill(data.path, { start, end, stepSeconds: 60, series: demoInventorySeries() });
  prometheus = await startPrometheus({ dataDir: data.path });
  steward = await startSteward({ prometheusUrl: prometheus.url });
});

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  data.remove();
});

/** Series per service as the test wrote them: the ground truth. */
function expectedCounts(): Array<{ value: string; series: number }> {
  const counts = new Map<string, number>();
  for (const s of truth.series) {
    const service = s.labels.service;
    if (service) {
      counts.set(service, (counts.get(service) ?? 0) + 1);
    }
  }
  return [...counts].map(([value, series]) => ({ value, series })).sort((a, b) => a.value.localeCompare(b.value));
}

describe('telemetry inventory against a live, backfilled Prometheus', () => {
  it('counts series per service exactly as written, hostile names included', async () => {
    const at = end - 120;
    const response = await steward.api(`/api/v1/telemetry/inventory?label=service&time=${at}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ label: 'service', time: at, values: expectedCounts() });
    expect(body.values.map((v: { value: string }) => v.value)).toContain(HOSTILE_SERVICE);
    expect(body.values.length).toBeGreaterThanOrEqual(4);
  });

  it('finds nothing before the history starts', async () => {
    const body = await (await steward.api(`/api/v1/telemetry/inventory?time=${start - 2 * HOUR}`)).json();
    expect(body.values).toEqual([]);
  });

  it('refuses a label name that is not a Prometheus label name', async () => {
    const response = await steward.api('/api/v1/telemetry/inventory?label=service%22%7D%20or%20vector(1)');
    expect(response.status).toBe(400);
    expect((await response.json()).error.details[0].field).toBe('querystring.label');
  });
});

describe('when Prometheus fails', () => {
  it('answers 503 with a message naming Prometheus when it is down, and keeps serving the rest', async () => {
    const downPort = await freePort(); // nothing listens here
    const lonely = await startSteward({ prometheusUrl: `http://127.0.0.1:${downPort}` });
    try {
      const response = await lonely.api('/api/v1/telemetry/inventory');
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.error.code).toBe('prometheus_unavailable');
      expect(body.error.message).toContain(`cannot reach Prometheus at http://127.0.0.1:${downPort}`);

      const ready = await fetch(`${lonely.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks.prometheus.ok).toBe(false);
      expect((await fetch(`${lonely.url}/healthz`)).status).toBe(200);

      const status = await (await lonely.api('/api/v1/status')).json();
      expect(status.store.ok).toBe(true);
      expect(status.prometheus.ok).toBe(false);
    } finally {
      await lonely.stop();
    }
  });

  it('gives up on a Prometheus that does not answer, after the configured timeout', async () => {
    // A real Prometheus cannot be made to hang on purpose; this socket accepts and never answers.
    const hanging: Server = createServer(() => undefined);
    const port = await freePort();
    await new Promise<void>((resolve) => hanging.listen(port, '127.0.0.1', resolve));
    const patient = await startSteward({
      prometheusUrl: `http://127.0.0.1:${port}`,
      env: { STEWARD_PROMETHEUS_TIMEOUT_MS: '500' },
    });
    try {
      const started = Date.now();
      const response = await patient.api('/api/v1/telemetry/inventory');
      expect(response.status).toBe(503);
      expect((await response.json()).error.message).toContain('did not answer within 500 ms');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await patient.stop();
      hanging.closeAllConnections();
      hanging.close();
    }
  }, 120_000);
});
