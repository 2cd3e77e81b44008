import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eventually } from '../harness/eventually.js';
import { freePort } from '../harness/ports.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * steward-server caches the SLO status for 30 s by default. An answer whose rows could not be
 * computed (here: Prometheus not running yet) must not stick for those 30 s: once Prometheus
 * answers, the status recovers within seconds.
 */
const CACHE_SECONDS = 30;

interface StatusPage {
  computedAt: number;
  rows: Array<{ slo: string; state: string; error?: string }>;
}

let catalog: TempDir;
let prometheusPort: number;
let prometheus: RunningPrometheus | undefined;
let steward: RunningSteward;

beforeAll(async () => {
  catalog = tempDir('recovery-catalog');
  writeFileSync(
    join(catalog.path, 'catalog.yaml'),
    [
      { apiVersion: 'steward.dev/v1', kind: 'Team', metadata: { name: 'web' }, spec: {} },
      { apiVersion: 'steward.dev/v1', kind: 'Service', metadata: { name: 'shop' }, spec: { owner: 'web' } },
      {
        apiVersion: 'steward.dev/v1',
        kind: 'SLO',
        metadata: { name: 'shop-availability' },
        spec: {
          service: 'shop',
          sli: { ratio: { bad: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
          objectives: [{ target: 99, window: '7d' }],
        },
      },
    ]
      .map((d) => stringify(d))
      .join('---\n')
  );
  prometheusPort = await freePort(); // nothing listens here yet
  steward = await startSteward({
    prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
    env: { STEWARD_CATALOG_DIR: catalog.path, STEWARD_STATUS_CACHE_SECONDS: String(CACHE_SECONDS) },
  });
}, 60_000);

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  catalog?.remove();
});

const status = async () => (await (await steward.api('/api/v1/slo-status')).json()) as StatusPage;

describe('the cached SLO status after Prometheus comes back', () => {
  it('recovers within seconds, not after the cache time', async () => {
    const down = await eventually('the SLO to be in the status', async () => {
      const page = await status();
      return page.rows.length > 0 ? page : undefined;
    });
    expect(down.rows.map((r) => [r.slo, r.state])).toEqual([['shop-availability', 'error']]);
    expect(down.rows[0]!.error).toContain('cannot reach Prometheus');

    prometheus = await startPrometheus({ port: prometheusPort });
    const backAt = Date.now() / 1000;
    const recovered = await eventually(
      'the status to recover',
      async () => {
        const page = await status();
        return page.rows.every((r) => r.state !== 'error') ? page : undefined;
      },
      { timeoutMs: 3 * CACHE_SECONDS * 1000, intervalMs: 500 }
    );
    const took = Date.now() / 1000 - backAt;
    console.log(`status recovered ${took.toFixed(1)} s after Prometheus came back (cache: ${CACHE_SECONDS} s)`);
    expect(recovered.rows.map((r) => [r.slo, r.state])).toEqual([['shop-availability', 'no-data']]);
    expect(took).toBeLessThan(CACHE_SECONDS / 2);
  });
});
