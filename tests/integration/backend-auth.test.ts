import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTeamCatalog } from '../harness/catalog-files.js';
import { eventually } from '../harness/eventually.js';
import { LiveExporter } from '../harness/live-exporter.js';
import { startAuthGate, type RunningGate } from '../harness/nginx.js';
import { RemoteWriter } from '../../server/src/prometheus/remote-write.js';
import { firstScrapeOf, startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { postAsAdmin, startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';
import { availabilitySlo } from '../harness/slo-definitions.js';

/**
 * A metrics backend behind a gateway that demands a bearer token and a tenant, as Mimir's or a
 * hosted store's does: Debian's nginx in front of a real Prometheus. Steward's queries, its rule
 * delivery (Prometheus reloads through the gate) and its history filling (remote write through
 * the gate) all pass with the configured credentials, the token read from a file. With a wrong
 * token, /readyz and the status say plainly that the backend refused Steward's credentials. The
 * tokens never reach Steward's log.
 */
const TOKEN = `steward-${randomBytes(12).toString('hex')}`;
const WRONG = `not-the-token-${randomBytes(6).toString('hex')}`;
const TENANT = 'acme';
const SLO = 'shop-availability';

let exporter: LiveExporter;
let prometheus: RunningPrometheus;
let gate: RunningGate;
let steward: RunningSteward;
let refused: RunningSteward;
let secrets: TempDir;
let rules: TempDir;
let catalog: TempDir;

beforeAll(async () => {
  exporter = new LiveExporter();
  const historyStart = Math.floor(Date.now() / 1000) - 2 * 3600;
  exporter.set('shop', { perSecond: 50, errorShare: 0.01 }, historyStart);
  const target = await exporter.start();
  rules = tempDir('auth-rules');
  catalog = tempDir('auth-catalog');
  secrets = tempDir('auth-secrets');
  prometheus = await startPrometheus({
    rulesDir: rules.path,
    outOfOrderWindow: '40d',
    scrape: [{ job: 'shop', targets: [target], scrapeInterval: '5s' }],
  });
  // Two hours of the counters before their first scrape, written straight to Prometheus (test
  // setup, not through the gate): history for Steward to fill tiles from.
  const firstScrape = await firstScrapeOf(prometheus, 'http_requests_total{service="shop"}');
  const times: number[] = [];
  for (let t = historyStart; t < firstScrape - 1; t += 60) {
    times.push(t);
  }
  await new RemoteWriter({ url: `${prometheus.url}/api/v1/write`, timeoutMs: 30_000 }).write(
    (['200', '500'] as const).map((code) => ({
      labels: { __name__: 'http_requests_total', service: 'shop', code, job: 'shop', instance: target },
      samples: times.map((t) => {
        const counts = exporter.counts('shop', t);
        return [t, Math.floor(code === '200' ? counts.good : counts.bad)] as [number, number];
      }),
    }))
  );
  gate = await startAuthGate(prometheus.url, { token: TOKEN, tenant: TENANT });
  writeTeamCatalog(catalog.path, 'shop-team', ['shop']);
  // Mounted secrets end in a newline; it is not part of the token.
  const tokenFile = join(secrets.path, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  [steward, refused] = await Promise.all([
    startSteward({
      prometheusUrl: gate.url,
      env: {
        STEWARD_CATALOG_DIR: catalog.path,
        STEWARD_RULES_DIR: rules.path,
        STEWARD_PROMETHEUS_BEARER_TOKEN_FILE: tokenFile,
        STEWARD_PROMETHEUS_TENANT: TENANT,
        STEWARD_STATUS_CACHE_SECONDS: '0',
        STEWARD_LOG_LEVEL: 'debug',
      },
    }),
    startSteward({
      prometheusUrl: gate.url,
      env: {
        STEWARD_CATALOG_DIR: catalog.path,
        STEWARD_PROMETHEUS_BEARER_TOKEN: WRONG,
        STEWARD_PROMETHEUS_TENANT: TENANT,
        STEWARD_BACKFILL: 'false',
        STEWARD_STATUS_CACHE_SECONDS: '0',
        STEWARD_LOG_LEVEL: 'debug',
      },
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([steward?.stop(), refused?.stop()]);
  await gate?.stop();
  await prometheus?.stop();
  exporter?.stop();
  for (const dir of [rules, catalog, secrets]) {
    dir?.remove();
  }
});

const definition = availabilitySlo({ name: SLO, service: 'shop' });

async function readyz(server: RunningSteward) {
  const response = await fetch(`${server.url}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { checks: { prometheus: { ok: boolean; error?: string } } },
  };
}

describe('a metrics backend behind a gateway that demands a bearer token and a tenant', () => {
  it('is ready through the gate with the token from a file and the tenant', async () => {
    const ready = await readyz(steward);
    expect(ready.body.checks.prometheus).toEqual({ ok: true });
    expect(ready.status).toBe(200);
  });

  it('fills history through remote write, delivers rules Prometheus loads after a reload, and reads status, all through the gate', async () => {
    const created = await postAsAdmin(steward, '/api/v1/slos', definition);
    expect(created.status, await created.clone().text()).toBe(201);

    const revision = await eventually(
      'the SLO history filled through the gate',
      async () => {
        const engine = (await (await steward.api('/api/v1/slo-engine')).json()) as {
          revisions: Array<{ slo: string; historyState: string; historyError?: string }>;
        };
        const found = engine.revisions.find((r) => r.slo === SLO);
        return found?.historyState === 'filled' || found?.historyState === 'failed' ? found : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000 }
    );
    expect(revision.historyState, revision.historyError).toBe('filled');
    // Read behind the gate's back: the filled tiles are in Prometheus, and so are the rules.
    const direct = async (path: string) => (await fetch(`${prometheus.url}${path}`)).json();
    const tiles = (await direct(
      `/api/v1/query?query=${encodeURIComponent(`sum(count_over_time(steward:slo_events:tile5m{slo="${SLO}"}[3h]))`)}`
    )) as { data: { result: Array<{ value: [number, string] }> } };
    expect(Number(tiles.data.result[0]?.value[1] ?? 0)).toBeGreaterThan(0);
    await eventually(
      'Prometheus to load the SLO rules after the reload through the gate',
      async () => {
        const body = (await direct('/api/v1/rules')) as { data: { groups: Array<{ name: string }> } };
        return body.data.groups.some((g) => g.name === `steward-slo:${SLO}:fine`) ? true : undefined;
      },
      { timeoutMs: 60_000 }
    );

    const page = (await (await steward.api('/api/v1/slo-status?fresh=true')).json()) as {
      prometheusError?: string;
      rows: Array<{ slo: string; state: string; error?: string }>;
    };
    expect(page.prometheusError).toBeUndefined();
    const row = page.rows.find((r) => r.slo === SLO);
    expect(row?.state, row?.error).not.toBe('error');
  });

  it('with a wrong token, says on /readyz and in the status that the backend refused Steward’s credentials', async () => {
    const ready = await readyz(refused);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.prometheus.ok).toBe(false);
    expect(ready.body.checks.prometheus.error).toBe(
      `${gate.url} refused Steward's credentials (HTTP 401: missing or wrong bearer token): check prometheus.auth (bearer token or basic auth, and the tenant, X-Scope-OrgID)`
    );
    const page = (await (await refused.api('/api/v1/slo-status?fresh=true')).json()) as { prometheusError?: string };
    expect(page.prometheusError).toMatch(/refused Steward's credentials \(HTTP 401: missing or wrong bearer token\)/);
  });

  it('never writes a token to its log', () => {
    expect(steward.process.output()).not.toContain(TOKEN);
    expect(refused.process.output()).not.toContain(WRONG);
    // The log is there, at debug level: the check reads something.
    expect(steward.process.output()).toContain('steward-server listening');
  });
});
