import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../../harness/eventually.js';
import { startStandin } from '../../harness/grafana-standin/standin-server.js';
import { REPO_ROOT } from '../../harness/steward.js';
import { freeStackPorts, runStack, type RunningStack } from '../../harness/stack.js';
import { tempDir } from '../../harness/temp-dir.js';
import { buildHost } from '../host/build-host.js';
import { DEMO_TEAM, HISTORY_DAYS, type DashboardsEnvironment } from './environment.js';

const SECRET = 'steward-dashboards-test-secret-0123';

/**
 * Starts the demo stack as `npm run stack` does (scripts/stack.ts: Prometheus, Alertmanager, the
 * demo workload with HISTORY_DAYS of history written first, steward-server with the demo catalog
 * and its 14 SLOs), on spare ports, then the Grafana stand-in serving dist/ and the host page, with
 * the Steward datasource and the Prometheus datasource (proxied to the stack's Prometheus as
 * Grafana's data proxy does; no Grafana Prometheus datasource can run here, see host/prometheus.ts).
 * Waits until every demo SLO's history is filled and the slow burn's ticket alerts fire.
 */
export default async function setup() {
  const distDir = join(REPO_ROOT, 'dist');
  if (!existsSync(join(distDir, 'dashboards/executive.json'))) {
    throw new Error('dist/dashboards is missing: run `npm run build` before the browser tests');
  }
  const started = Date.now();
  const [hostBuildDir, ports] = await Promise.all([buildHost(), freeStackPorts()]);
  const state = tempDir('dashboards-stack');
  const logFile = join(state.path, 'stack.log');
  const log = createWriteStream(logFile);
  let stack: RunningStack | undefined;
  const stop = async () => {
    await Promise.race([stack?.interrupt(), new Promise((r) => setTimeout(r, 20_000))]);
    log.end();
  };
  try {
    stack = await runStack({
      dir: state.path,
      ports,
      env: {
        STEWARD_GRAFANA_SECRET: SECRET,
        STEWARD_LOG_LEVEL: 'warn',
        WORKLOAD_HISTORY_DAYS: String(HISTORY_DAYS),
      },
      timeoutMs: 240_000,
      onOutput: (chunk) => log.write(chunk),
    });
    const stewardUrl = `http://127.0.0.1:${ports.steward}`;
    const prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
    const api = async (path: string) =>
      (await fetch(`${stewardUrl}${path}`, { headers: { authorization: `Bearer ${SECRET}` } })).json();
    // Every demo SLO's recorded history is filled from the raw series the workload wrote.
    const filled = await eventually(
      'the demo SLOs’ history to be filled',
      async () => {
        const engine = (await api('/api/v1/slo-engine')) as { revisions: Array<{ historyState: string }> };
        const states = engine.revisions.map((r) => r.historyState);
        if (states.includes('failed')) {
          return `filling SLO history failed: ${JSON.stringify(engine.revisions)}`;
        }
        return states.length >= 14 && states.every((s) => s === 'filled') ? 'filled' : undefined;
      },
      { timeoutMs: 180_000 }
    );
    if (filled !== 'filled') {
      throw new Error(filled);
    }
    // The workload posts the story's deploys to steward-server on its own schedule; the Deploys
    // panels and annotations need them all.
    await eventually(
      'the demo workload to post its deploys',
      async () => {
        const status = (await (await fetch(`http://127.0.0.1:${ports.workload}/status`)).json()) as {
          events: { state: string; known: number };
        };
        return status.events.state === 'synced' && status.events.known > 0 ? true : undefined;
      },
      { timeoutMs: 120_000 }
    );
    // Prometheus evaluates the generated alert rules: search's slow burn fires its ticket alerts,
    // which the dashboards show for All and for DEMO_TEAM.
    const firing = `ALERTS{alertstate="firing",team="${DEMO_TEAM}"}`;
    await eventually(
      `${DEMO_TEAM}’s SLO alerts to fire`,
      async () => {
        const r = await (await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(firing)}`)).json();
        return r.data.result.length > 0 ? true : undefined;
      },
      { timeoutMs: 120_000 }
    );

    // The status the panels read has every row computed (right after history is filled, a
    // loaded Prometheus can time out on some; steward-server then recomputes on the next call).
    await eventually(
      'every demo SLO’s status to be computed',
      async () => {
        const page = (await api('/api/v1/slo-status')) as { rows: Array<{ state: string }> };
        return page.rows.length > 0 && page.rows.every((r) => r.state !== 'error') ? true : undefined;
      },
      { timeoutMs: 120_000 }
    );

    const standin = await startStandin({
      distDir,
      hostBuildDir,
      appId: 'steward-ownership-app',
      app: { jsonData: { stewardUrl }, secureJsonData: { stewardToken: SECRET } },
      // The uids provisioning/datasources/steward.yaml gives them, which the dashboards use.
      datasources: [
        {
          uid: 'steward',
          name: 'Steward',
          type: 'steward-errorbudget-datasource',
          pluginPath: 'datasource',
          jsonData: { stewardUrl },
          secureJsonData: { stewardToken: SECRET },
        },
      ],
      proxiedDatasources: [{ uid: 'prometheus', url: prometheusUrl }],
      user: { login: 'admin', role: 'Admin' },
      iconsDir: join(REPO_ROOT, 'node_modules/@grafana/ui/dist/public/img/icons'),
    });
    const environment: DashboardsEnvironment = {
      hostUrl: standin.url,
      stewardUrl,
      stewardSecret: SECRET,
      prometheusUrl,
      screenshotDir: join(REPO_ROOT, 'test-results/screenshots'),
    };
    const file = join(state.path, 'environment.json');
    writeFileSync(file, JSON.stringify(environment, null, 2));
    process.env.STEWARD_DASHBOARDS_ENV = file;
    console.log(
      `demo stack up in ${((Date.now() - started) / 1000).toFixed(0)} s (${HISTORY_DAYS} days of history): host ${standin.url}, steward ${stewardUrl}, prometheus ${prometheusUrl}; log ${logFile}`
    );
    return async () => {
      await standin.close();
      await stop();
      if (!process.env.KEEP_STACK_LOG) {
        state.remove();
      } else {
        console.log(readFileSync(logFile, 'utf8').slice(-2000));
      }
    };
  } catch (error) {
    await stop();
    console.error(readFileSync(logFile, 'utf8').slice(-4000));
    state.remove();
    throw error;
  }
}
