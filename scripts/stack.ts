/**
 * `npm run stack`: the Steward stack without Docker — Debian's prometheus and
 * prometheus-alertmanager, the demo workload (examples/workload) and steward-server, on
 * loopback, with state under .stack/. Grafana is not started (none can be installed without
 * Docker); point an existing Grafana at steward-server as the README explains, or use
 * `docker compose up`.
 *
 * Order matters:
 * - Prometheus starts without scrape jobs, so that on a first start the workload writes its
 *   history into an empty Prometheus in time order (it is cut into blocks within minutes; out
 *   of order, a restart would replay it from the write-behind log for many minutes);
 * - then Prometheus scrapes the workload and steward-server; the workload fills the minutes
 *   up to its first scrape;
 * - steward-server starts last: it fills each SLO's recorded history from the raw series once,
 *   when it first sees the SLO.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  addScrapeJobs,
  describeStatus,
  waitUntilScrapeWanted,
  WORKLOAD_ARGS,
  workloadEnv,
  workloadStatus,
  type WorkloadStatus,
} from '../examples/workload/launch.js';
import { startAlertmanager } from '../tests/harness/alertmanager.js';
import { startProcess, waitUntil } from '../tests/harness/child-process.js';
import { startPrometheus } from '../tests/harness/prometheus.js';
import { REPO_ROOT, startSteward } from '../tests/harness/steward.js';

const env = process.env;
const stateDir = resolve(env.STACK_DIR ?? join(REPO_ROOT, '.stack'));
const ports = {
  prometheus: Number(env.STACK_PROMETHEUS_PORT ?? 9090),
  alertmanager: Number(env.STACK_ALERTMANAGER_PORT ?? 9093),
  steward: Number(env.STACK_STEWARD_PORT ?? 8080),
  workload: Number(env.STACK_WORKLOAD_PORT ?? 9101),
};
const catalogDir = resolve(env.STEWARD_CATALOG_DIR ?? join(REPO_ROOT, 'examples/catalog'));
/** Writing 35 days of history takes a minute or two; much longer means something is wrong. */
const HISTORY_TIMEOUT_MS = 15 * 60_000;

function secret(): string {
  if (env.STEWARD_GRAFANA_SECRET) {
    return env.STEWARD_GRAFANA_SECRET;
  }
  const file = join(stateDir, 'grafana-secret');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  mkdirSync(join(stateDir, 'rules'), { recursive: true });
  process.env.STEWARD_HARNESS_VERBOSE = '1'; // pass every service's log through
  const stopping: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const fn of stopping.reverse()) {
      await fn().catch(() => undefined);
    }
  };
  try {
    const alertmanager = await startAlertmanager(undefined, {
      port: ports.alertmanager,
      storageDir: join(stateDir, 'alertmanager'),
    });
    stopping.push(alertmanager.stop);
    const prometheus = await startPrometheus({
      port: ports.prometheus,
      dataDir: join(stateDir, 'prometheus'),
      rulesDir: join(stateDir, 'rules'),
      alertmanagerUrl: alertmanager.url,
      retention: '90d',
      // Steward fills SLO history through remote write: the longest window (90d) plus 30 days.
      outOfOrderWindow: '125d',
      scrape: [], // added below, once the workload has written its history
    });
    stopping.push(prometheus.stop);

    const secretValue = secret();
    const workloadUrl = `http://127.0.0.1:${ports.workload}`;
    const workload = startProcess('workload', process.execPath, WORKLOAD_ARGS, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...workloadEnv({
          port: ports.workload,
          stateFile: join(stateDir, 'workload-state.json'),
          prometheusUrl: prometheus.url,
          stewardUrl: `http://127.0.0.1:${ports.steward}`,
          stewardSecret: secretValue,
          catalogDir,
        }),
      },
    });
    stopping.push(() => workload.stop());
    // Its history goes in first (progress is printed as it goes); then Prometheus scrapes.
    await waitUntilScrapeWanted(workloadUrl, () => workload.child.exitCode === null, HISTORY_TIMEOUT_MS);
    addScrapeJobs(prometheus.configFile, [
      { job: 'steward', targets: [`127.0.0.1:${ports.steward}`] },
      { job: 'workload', targets: [`127.0.0.1:${ports.workload}`], honorLabels: true },
    ]);
    await prometheus.reload();
    await waitUntil(
      workload,
      async () => (await fetch(`${workloadUrl}/readyz`, { signal: AbortSignal.timeout(2000) })).ok,
      'done with its history',
      HISTORY_TIMEOUT_MS
    );

    const steward = await startSteward({
      port: ports.steward,
      prometheusUrl: prometheus.url,
      databaseUrl: `sqlite:${join(stateDir, 'steward.db')}`,
      secret: secretValue,
      env: {
        STEWARD_LOG_LEVEL: env.STEWARD_LOG_LEVEL ?? 'info',
        STEWARD_CATALOG_DIR: catalogDir,
        // SLO rules go where Prometheus loads them; routes per owning team go to Alertmanager.
        STEWARD_RULES_DIR: join(stateDir, 'rules'),
        STEWARD_ALERTMANAGER_CONFIG_FILE: alertmanager.configFile,
        STEWARD_ALERTMANAGER_BASE_CONFIG: join(REPO_ROOT, 'deploy/alertmanager/alertmanager.yml'),
        STEWARD_ALERTMANAGER_URL: alertmanager.url,
        STEWARD_GRAFANA_PUBLIC_URL: env.GRAFANA_URL ?? 'http://localhost:3000',
      },
    });
    stopping.push(steward.stop);
    // The workload posts its deploy events as soon as steward-server answers.
    let status: WorkloadStatus | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      status = await workloadStatus(workloadUrl).catch(() => status);
      if (status?.events.state === 'synced' || status?.events.state === 'off') {
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }

    console.log(`
Steward stack is up (state in ${stateDir}):
  steward-server  ${steward.url}   (readiness: ${steward.url}/readyz, API: ${steward.url}/api/v1/openapi.json)
  catalog         ${catalogDir} (watched; edit a file and it reloads)
  Prometheus      ${prometheus.url}   (SLO rules from ${join(stateDir, 'rules')})
  demo workload   ${workloadUrl}/metrics   (${status ? describeStatus(status) : 'status unknown'})
  Alertmanager    ${alertmanager.url}   (routes per owning team, generated by steward-server)
Shared secret for Grafana (app and datasource "Token"): ${
      env.STEWARD_GRAFANA_SECRET ? 'the value of STEWARD_GRAFANA_SECRET' : `in ${join(stateDir, 'grafana-secret')}`
    }
Press Ctrl-C to stop.`);
  } catch (error) {
    console.error(`stack failed to start: ${(error as Error).message}`);
    await stop();
    process.exit(1);
  }

  let exiting = false;
  const shutdown = async () => {
    if (exiting) {
      return;
    }
    exiting = true;
    console.log('stopping the Steward stack…');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
