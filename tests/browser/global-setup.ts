import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backfill } from '../harness/backfill.js';
import { startStandin } from '../harness/grafana-standin/standin-server.js';
import { freePort } from '../harness/ports.js';
import { startPrometheus } from '../harness/prometheus.js';
import { REPO_ROOT, startSteward } from '../harness/steward.js';
import { copyDemoCatalog } from '../harness/catalog-files.js';
import { tempDir } from '../harness/temp-dir.js';
import { demoInventorySeries } from '../integration/fixtures/inventory-series.js';
import { buildHost } from './host/build-host.js';
import { TEST_USERS, type BrowserEnvironment } from './environment.js';

/**
 * Starts everything the browser specs talk to: a Prometheus holding backfilled history, a
 * steward-server on it, a second steward-server whose Prometheus is down, and the Grafana
 * stand-in serving dist/ and the host page. Writes what the specs need to a JSON file.
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
  const prometheus = await startPrometheus({ dataDir: join(work.path, 'tsdb') });
  const catalog = copyDemoCatalog();
  const steward = await startSteward({ prometheusUrl: prometheus.url, env: { STEWARD_CATALOG_DIR: catalog.path } });
  const stewardWithoutPrometheus = await startSteward({ prometheusUrl: `http://127.0.0.1:${await freePort()}` });

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
    work.remove();
  };
}
