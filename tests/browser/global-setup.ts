import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backfill } from '../harness/backfill.js';
import { startStandin } from '../harness/grafana-standin/standin-server.js';
import { freePort } from '../harness/ports.js';
import { startPrometheus } from '../harness/prometheus.js';
import { REPO_ROOT, startSteward, type RunningSteward } from '../harness/steward.js';
import { copyDemoCatalog } from '../harness/catalog-files.js';
import { tempDir } from '../harness/temp-dir.js';
import { demoInventorySeries } from '../integration/fixtures/inventory-series.js';
import { checkoutTraffic } from '../integration/fixtures/slo-traffic.js';
import { buildHost } from './host/build-host.js';
import {
  BROKEN_REGEX_FILE,
  BROWSER_SLOS,
  DEPLOYS,
  FILE_SLO,
  GRAFANA_TEAMS,
  SILENT_SLO,
  SLO_SERVICES,
  TEST_USERS,
  type BrowserEnvironment,
} from './environment.js';

/**
 * Starts everything the browser specs talk to: a Prometheus holding backfilled history, a
 * steward-server on it, a second steward-server whose Prometheus is down, and the Grafana
 * stand-in serving dist/ and the host page. Writes what the specs need to a JSON file.
 *
 * For the SLO pages, the same Prometheus also holds 35 days of ground-truth request traffic
 * (tests/integration/fixtures/slo-traffic.ts) and loads the rules steward-server writes; a few
 * SLOs are created through the API once everything runs, and setup waits until their recorded
 * history is filled, so the pages show budgets from recorded counts.
 */
/** A Steward datasource as Grafana would store it, pointing at one steward-server. */
function stewardDatasource(uid: string, name: string, server: { url: string; secret: string }) {
  return {
    uid,
    name,
    type: 'steward-errorbudget-datasource',
    pluginPath: 'datasource',
    jsonData: { stewardUrl: server.url },
    secureJsonData: { stewardToken: server.secret },
  };
}

/**
 * The demo catalog's teams and services, with the SLOs of these tests only: the demo's own SLOs
 * (examples/catalog/slos) measure the demo workload, which this environment does not run, so
 * they are left out and the SLO specs know every SLO they see.
 */
function stewardCatalog() {
  const catalog = copyDemoCatalog();
  rmSync(join(catalog.path, 'slos'), { recursive: true, force: true });
  writeFileSync(join(catalog.path, FILE_SLO.file), FILE_SLO.yaml);
  writeFileSync(join(catalog.path, BROKEN_REGEX_FILE.file), BROKEN_REGEX_FILE.yaml);
  return catalog;
}

export default async function globalSetup() {
  const distDir = join(REPO_ROOT, 'dist');
  if (!existsSync(join(distDir, 'module.js'))) {
    throw new Error('dist/module.js is missing: run `npm run build` before the browser tests');
  }
  const hostBuildDir = await buildHost();

  const work = tempDir('browser');
  const now = Math.floor(Date.now() / 1000 / 60) * 60;
  // History reaches three hours ahead, so "now" stays inside it for the whole run.
  const truth = await backfill(join(work.path, 'tsdb'), {
    start: now - 6 * 3600,
    end: now + 3 * 3600,
    stepSeconds: 60,
    series: demoInventorySeries(),
  });
  // Traffic reaches three hours ahead (on a 5-minute mark), as the history above does: series that
  // stopped at setup would go silent ten minutes into the run, and every SLO would turn to no data.
  const trafficEnd = Math.ceil((Date.now() / 1000 + 3 * 3600) / 300) * 300;
  const traffic = checkoutTraffic(trafficEnd);
  await backfill(join(work.path, 'tsdb'), {
    start: traffic.start,
    end: trafficEnd + 1,
    timestamps: traffic.scrapes,
    series: traffic.series,
  });
  // One job that stopped an hour ago: its SLO has no data (SILENT_SLO).
  const silentEnd = now - SILENT_SLO.silentMinutes * 60;
  await backfill(join(work.path, 'tsdb'), {
    start: silentEnd - SILENT_SLO.historyMinutes * 60,
    end: silentEnd + 1,
    stepSeconds: 60,
    series: ['ok', 'failed'].map((outcome) => ({
      name: SILENT_SLO.metric,
      type: 'counter' as const,
      labels: { service: SILENT_SLO.service, outcome },
      valueAt: (t: number) => (outcome === 'ok' ? Math.max(0, t - silentEnd + SILENT_SLO.historyMinutes * 60) : 0),
    })),
  });
  const rulesDir = join(work.path, 'rules');
  mkdirSync(rulesDir);
  const prometheus = await startPrometheus({ dataDir: join(work.path, 'tsdb'), rulesDir, outOfOrderWindow: '40d' });
  const catalog = stewardCatalog();
  const steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: { STEWARD_CATALOG_DIR: catalog.path, STEWARD_RULES_DIR: rulesDir },
  });
  await createSlos(steward);
  await recordDeploys(steward);
  // The same catalog and file SLO, but no Prometheus: every SLO row fails with the server's reason.
  const outageCatalog = stewardCatalog();
  const stewardWithoutPrometheus = await startSteward({
    prometheusUrl: `http://127.0.0.1:${await freePort()}`,
    env: { STEWARD_CATALOG_DIR: outageCatalog.path },
  });

  const standin = await startStandin({
    distDir,
    hostBuildDir,
    appId: 'steward-ownership-app',
    app: { jsonData: { stewardUrl: steward.url }, secureJsonData: { stewardToken: steward.secret } },
    datasources: [
      stewardDatasource('steward', 'Steward', steward),
      stewardDatasource('steward-no-prometheus', 'Steward (Prometheus down)', stewardWithoutPrometheus),
    ],
    user: TEST_USERS.admin,
    grafanaTeams: GRAFANA_TEAMS,
    iconsDir: join(REPO_ROOT, 'node_modules/@grafana/ui/dist/public/img/icons'),
  });

  const counts = new Map<string, number>();
  for (const s of truth.series) {
    if (s.labels.service) {
      counts.set(s.labels.service, (counts.get(s.labels.service) ?? 0) + 1);
    }
  }
  const environment: BrowserEnvironment = {
    hostUrl: standin.url,
    stewardUrl: steward.url,
    stewardSecret: steward.secret,
    prometheusUrl: prometheus.url,
    seriesByService: Object.fromEntries(counts),
    sloServices: [...SLO_SERVICES],
    trafficEnd,
    screenshotDir: join(REPO_ROOT, 'test-results/screenshots'),
  };
  const file = join(work.path, 'environment.json');
  writeFileSync(file, JSON.stringify(environment, null, 2));
  process.env.STEWARD_BROWSER_ENV = file;
  console.log(`browser environment: host ${standin.url}, steward ${steward.url}, prometheus ${prometheus.url}`);

  return async () => {
    await standin.close();
    await Promise.all([steward.stop(), stewardWithoutPrometheus.stop()]);
    await prometheus.stop();
    catalog.remove();
    outageCatalog.remove();
    work.remove();
  };
}

/**
 * Creates the SLOs the SLO specs read, as an Admin through the API, and waits until the engine
 * has filled the recorded history of each (and of the one from the catalog file) from the
 * backfilled raw series, and joined it to live recording: until then steward-server counts from
 * raw series, and the pages would say so.
 */
async function createSlos(steward: RunningSteward) {
  for (const definition of BROWSER_SLOS) {
    const response = await steward.api('/api/v1/slos', {
      method: 'POST',
      json: definition,
      user: TEST_USERS.admin.login,
      routeRole: 'Admin',
    });
    if (response.status !== 201) {
      throw new Error(`cannot create SLO ${definition.metadata.name}: ${response.status} ${await response.text()}`);
    }
  }
  // Joining waits for the coarse group's first evaluation, up to 5 minutes after its rules load.
  const started = Date.now();
  const deadline = started + 900_000;
  let states: string[] = [];
  while (Date.now() < deadline) {
    const engine = (await (await steward.api('/api/v1/slo-engine')).json()) as {
      revisions: Array<{ historyState: string; liveFrom?: number }>;
    };
    states = engine.revisions.map((r) => `${r.historyState}${r.liveFrom === undefined ? '' : '+live'}`);
    if (states.includes('failed')) {
      throw new Error(`filling SLO history failed: ${JSON.stringify(engine.revisions)}`);
    }
    if (states.length === BROWSER_SLOS.length + 1 && states.every((s) => s === 'filled+live')) {
      console.log(`SLO history filled and joined to live recording in ${Math.round((Date.now() - started) / 1000)} s`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`timed out waiting for SLO history to be filled and joined: ${states.join(', ')}`);
}

/** Deploys of the SLO services, as CI records them, for the annotation specs. */
async function recordDeploys(steward: RunningSteward) {
  const now = Date.now();
  for (const deploy of DEPLOYS) {
    const response = await steward.api('/api/v1/events', {
      method: 'POST',
      json: {
        service: deploy.service,
        kind: 'deploy',
        title: deploy.title,
        version: deploy.version,
        occurredAt: new Date(now - deploy.minutesAgo * 60_000).toISOString(),
      },
      user: TEST_USERS.admin.login,
      routeRole: 'Admin',
    });
    if (response.status !== 201) {
      throw new Error(`cannot record deploy ${deploy.title}: ${response.status} ${await response.text()}`);
    }
  }
}
