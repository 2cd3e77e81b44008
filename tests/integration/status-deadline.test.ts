import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratioSlo, service, team, writeDocs } from '../harness/catalog-docs.js';
import { eventually } from '../harness/eventually.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * A Prometheus that accepts connections but never answers (stopped with SIGSTOP) used to hold
 * `slo-status?fresh=true` for the engine's 120 s query timeout, far past the 30 s after which
 * Grafana's proxy gives up. Every request that waits on Prometheus now answers within the
 * deadline, and the server recovers once Prometheus does.
 */
const DEADLINE_MS = 3000;
/** Scheduling slack on a busy 2-core machine, on top of the deadline. */
const SLACK_MS = 2000;

let catalog: TempDir;
let prometheus: RunningPrometheus;
let steward: RunningSteward;
let stopped = false;

beforeAll(async () => {
  catalog = tempDir('deadline-catalog');
  writeDocs(catalog.path, 'catalog.yaml', [
    team('web', ['wes']),
    service('shop', 'web'),
    ratioSlo('shop-availability', 'shop', { budgetPolicy: { freezeBelow: 0, whenUnknown: 'deny' } }),
  ]);
  prometheus = await startPrometheus();
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: {
      STEWARD_CATALOG_DIR: catalog.path,
      STEWARD_STATUS_DEADLINE_MS: String(DEADLINE_MS),
      // No cached answer to fall back on: every request must compute, and so wait on Prometheus.
      STEWARD_STATUS_CACHE_SECONDS: '0',
      STEWARD_BACKFILL: 'false',
    },
  });
  await eventually('a first status computed', async () => {
    const page = await (await steward.api('/api/v1/slo-status?fresh=true')).json();
    return page.rows?.length === 1 && page.rows[0].state !== 'error' ? page : undefined;
  });
});

afterAll(async () => {
  if (stopped) {
    prometheus.process.child.kill('SIGCONT');
  }
  await steward?.stop();
  await prometheus?.stop();
  catalog?.remove();
});

const now = Math.floor(Date.now() / 1000);
const REQUESTS = [
  '/api/v1/slo-status?fresh=true',
  '/api/v1/slo-status',
  '/api/v1/slos/shop-availability/status?fresh=true',
  `/api/v1/slos/shop-availability/timeseries?series=burnrate&from=${now - 3600}&to=${now}`,
  '/api/v1/slos/shop-availability/timeseries?series=burndown',
  `/api/v1/slo-timeseries?series=budget&from=${now - 3600}&to=${now}`,
  `/api/v1/annotations?from=${now - 3600}&to=${now}`,
  '/api/v1/gate?service=shop',
  '/api/v1/dependency-graph?service=shop',
  '/api/v1/ownership/unowned-telemetry',
  '/api/v1/telemetry/inventory?label=service',
  '/api/v1/status',
];

describe('with Prometheus stopped (SIGSTOP)', () => {
  it('answers every request that waits on Prometheus within the deadline, a 504 saying why', async () => {
    prometheus.process.child.kill('SIGSTOP');
    stopped = true;
    const answers = await Promise.all(
      REQUESTS.map(async (path) => {
        const started = Date.now();
        const response = await steward.api(path);
        const body = await response.json();
        return { path, status: response.status, ms: Date.now() - started, body };
      })
    );
    for (const answer of answers) {
      expect({ path: answer.path, late: answer.ms > DEADLINE_MS + SLACK_MS }).toEqual({
        path: answer.path,
        late: false,
      });
      if (answer.status === 504) {
        expect(answer.body.error).toMatchObject({
          code: 'deadline_exceeded',
          message: expect.stringContaining('Prometheus is slow or not answering'),
        });
      } else {
        expect([answer.path, answer.status]).toEqual([answer.path, 200]);
      }
    }
    const byPath = Object.fromEntries(answers.map((a) => [a.path, a]));
    expect(byPath['/api/v1/slo-status?fresh=true']!.status).toBe(504);
    expect(byPath['/api/v1/gate?service=shop']!.status).toBe(504);
    expect(byPath['/api/v1/status']!.body.prometheus).toEqual({
      ok: false,
      error: expect.stringContaining('no answer within 3 s'),
    });
  });

  it('recovers after SIGCONT', async () => {
    prometheus.process.child.kill('SIGCONT');
    stopped = false;
    const page = await eventually('the status to be computed again', async () => {
      const response = await steward.api('/api/v1/slo-status?fresh=true');
      const body = await response.json();
      return response.status === 200 && body.rows.every((r: { state: string }) => r.state !== 'error')
        ? body
        : undefined;
    });
    expect(page.rows.map((r: { slo: string }) => r.slo)).toEqual(['shop-availability']);
    expect((await steward.api('/api/v1/gate?service=shop')).status).toBe(200);
  });
});
