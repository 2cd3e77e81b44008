/**
 * `npm run stack`: the Steward stack without Docker — Debian's prometheus and
 * prometheus-alertmanager and steward-server, on loopback, with state under .stack/.
 * Grafana is not started (none can be installed without Docker); point an existing Grafana
 * at steward-server as the README explains, or use `docker compose up`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startAlertmanager } from '../tests/harness/alertmanager.js';
import { startPrometheus } from '../tests/harness/prometheus.js';
import { REPO_ROOT, startSteward } from '../tests/harness/steward.js';

const env = process.env;
const stateDir = resolve(env.STACK_DIR ?? join(REPO_ROOT, '.stack'));
const ports = {
  prometheus: Number(env.STACK_PROMETHEUS_PORT ?? 9090),
  alertmanager: Number(env.STACK_ALERTMANAGER_PORT ?? 9093),
  steward: Number(env.STACK_STEWARD_PORT ?? 8080),
};

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
      scrape: [{ job: 'steward', targets: [`127.0.0.1:${ports.steward}`] }],
    });
    stopping.push(prometheus.stop);
    const steward = await startSteward({
      port: ports.steward,
      prometheusUrl: prometheus.url,
      databaseUrl: `sqlite:${join(stateDir, 'steward.db')}`,
      secret: secret(),
      env: {
        STEWARD_LOG_LEVEL: env.STEWARD_LOG_LEVEL ?? 'info',
        STEWARD_CATALOG_DIR: resolve(env.STEWARD_CATALOG_DIR ?? join(REPO_ROOT, 'examples/catalog')),
      },
    });
    stopping.push(steward.stop);

    console.log(`
Steward stack is up (state in ${stateDir}):
  steward-server  ${steward.url}   (readiness: ${steward.url}/readyz, API: ${steward.url}/api/v1/openapi.json)
  catalog         ${resolve(env.STEWARD_CATALOG_DIR ?? join(REPO_ROOT, 'examples/catalog'))} (watched; edit a file and it reloads)
  Prometheus      ${prometheus.url}
  Alertmanager    ${alertmanager.url}
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
