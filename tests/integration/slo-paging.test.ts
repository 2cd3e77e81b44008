import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { RemoteWriter } from '../../server/src/prometheus/remote-write.js';
import { startAlertmanager, type RunningAlertmanager } from '../harness/alertmanager.js';
import { eventually } from '../harness/eventually.js';
import { LiveExporter } from '../harness/live-exporter.js';
import { firstScrapeOf, startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { postAsAdmin, startSteward, type RunningSteward } from '../harness/steward.js';
import { writeTeamCatalog } from '../harness/catalog-files.js';
import { tempDir, type TempDir } from '../harness/temp-dir.js';

/**
 * Time to page, in one real Prometheus: Steward's rules (fine tiles and the events since their
 * mark, every 30 s) against direct multiwindow rules on `rate()` (as Sloth and Pyrra write
 * them, every 30 s) for the same 99.9% SLOs on the same live traffic. A full outage after an
 * hour of healthy history (the SRE Workbook's page condition then holds after about 52 s), and a
 * 2% error spike on a service that has just appeared. Steward must page no later than the
 * direct rules plus one evaluation interval. And silence: when a service's metric is renamed,
 * the owner's team gets the no-data alert through Alertmanager within its grace period plus one
 * evaluation.
 */

const EVALUATION = 30;
const GRACE = 120;
const ratioSli = (service: string) => ({
  ratio: {
    bad: `http_requests_total{service="${service}",code=~"5.."}`,
    total: `http_requests_total{service="${service}"}`,
  },
});
const DIRECT_RULES = {
  groups: [
    {
      name: 'direct-multiwindow-pages',
      interval: `${EVALUATION}s`,
      rules: [
        [3600, 300, 14.4],
        [6 * 3600, 1800, 6],
      ].map(([long, short, factor]) => {
        const ratio = (seconds: number) =>
          `(sum by (service) (rate(http_requests_total{code=~"5.."}[${seconds}s])) / sum by (service) (rate(http_requests_total[${seconds}s])))`;
        return {
          alert: 'DirectPage',
          expr: `${ratio(long!)} > ${factor! * 0.001} and ${ratio(short!)} > ${factor! * 0.001}`,
          labels: { long_window: `${long}s` },
        };
      }),
    },
  ],
};

let exporter: LiveExporter;
let rules: TempDir;
let catalog: TempDir;
let alertmanager: RunningAlertmanager;
let prometheus: RunningPrometheus;
let steward: RunningSteward;
/** When the outage, the spike and the rename began: all at once, so their waits overlap. */
let incident: number;

beforeAll(async () => {
  exporter = new LiveExporter();
  const started = Date.now() / 1000;
  exporter.set('outage', { perSecond: 100 }, started - 2 * 3600);
  exporter.set('renamed', { perSecond: 20 }, started - 600);
  const target = await exporter.start();
  rules = tempDir('paging-rules');
  catalog = tempDir('paging-catalog');
  writeFileSync(join(rules.path, 'direct.yml'), stringify(DIRECT_RULES));
  writeTeamCatalog(catalog.path, 'payments', ['outage', 'spike', 'renamed']);
  alertmanager = await startAlertmanager();
  prometheus = await startPrometheus({
    rulesDir: rules.path,
    alertmanagerUrl: alertmanager.url,
    outOfOrderWindow: '1d',
    scrape: [{ job: 'live', targets: [target], scrapeInterval: '15s' }],
  });
  // Two hours of healthy history for `outage` up to its first scrape, so its 1h window is full.
  const firstScrape = await firstScrapeOf(prometheus, 'http_requests_total{service="outage"}');
  const times: number[] = [];
  for (let t = started - 2 * 3600 + 15; t < firstScrape - 1; t += 15) {
    times.push(t);
  }
  await new RemoteWriter({ url: `${prometheus.url}/api/v1/write`, timeoutMs: 30_000 }).write(
    (['200', '500'] as const).map((code) => ({
      labels: { __name__: 'http_requests_total', service: 'outage', code, job: 'live', instance: target },
      samples: times.map((t) => {
        const counts = exporter.counts('outage', t);
        return [t, Math.floor(code === '200' ? counts.good : counts.bad)] as [number, number];
      }),
    }))
  );
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: {
      STEWARD_CATALOG_DIR: catalog.path,
      STEWARD_RULES_DIR: rules.path,
      STEWARD_ALERTMANAGER_CONFIG_FILE: alertmanager.configFile,
      STEWARD_ALERTMANAGER_URL: alertmanager.url,
      STEWARD_STATUS_CACHE_SECONDS: '0',
    },
  });
  for (const service of ['outage', 'spike', 'renamed']) {
    const response = await postAsAdmin(steward, '/api/v1/slos', {
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: { name: `${service}-availability` },
      spec: {
        service,
        sli: ratioSli(service),
        objectives: [{ target: 99.9, window: '30d' }],
        alerting: { noData: { after: `${GRACE / 60}m`, severity: 'critical' } },
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }
  // Pages read fine tiles: their alerts load once those are joined to the filled history.
  await eventually(
    'fine tiles joined to filled history, and burn-rate alerts loaded',
    async () => {
      const engine = (await (await steward.api('/api/v1/slo-engine')).json()) as {
        revisions: Array<{ historyState: string; fineLiveFrom?: number; burnAlertsHeld: boolean }>;
      };
      return engine.revisions.length === 3 &&
        engine.revisions.every((r) => r.fineLiveFrom !== undefined && !r.burnAlertsHeld)
        ? true
        : undefined;
    },
    { timeoutMs: 240_000, intervalMs: 2000 }
  );
  incident = Date.now() / 1000;
  exporter.set('outage', { errorShare: 1 }, incident);
  exporter.set('spike', { perSecond: 100, errorShare: 0.02 }, incident);
  exporter.set('renamed', { metric: 'http_requests_renamed_total' }, incident);
}, 420_000);

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  await alertmanager?.stop();
  exporter?.stop();
  rules?.remove();
  catalog?.remove();
});

interface PromAlert {
  labels: Record<string, string>;
  state: string;
  activeAt: string;
}

/** When the first firing alert matching `labels` became active, once there is one. */
async function firingSince(match: Record<string, string>, timeoutMs: number): Promise<number> {
  return eventually(
    `an alert ${JSON.stringify(match)} to fire`,
    async () => {
      const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
      const firing = body.data.alerts.filter(
        (a) => a.state === 'firing' && Object.entries(match).every(([k, v]) => a.labels[k] === v)
      );
      return firing.length > 0 ? Math.min(...firing.map((a) => Date.parse(a.activeAt) / 1000)) : undefined;
    },
    { timeoutMs, intervalMs: 1000 }
  );
}

describe('time to page', () => {
  it('pages for a full outage and a 2% spike no later than direct rate() rules plus one evaluation', async () => {
    const figures: string[] = [];
    for (const service of ['outage', 'spike']) {
      const [direct, ours] = await Promise.all([
        firingSince({ alertname: 'DirectPage', service }, 300_000),
        firingSince({ alertname: 'SLOErrorBudgetBurn', slo: `${service}-availability`, burn_tier: 'page' }, 300_000),
      ]);
      figures.push(
        `${service}: direct rules paged after ${(direct - incident).toFixed(1)} s, Steward after ${(ours - incident).toFixed(1)} s`
      );
      expect(ours - direct, figures.at(-1)).toBeLessThanOrEqual(EVALUATION);
    }
    console.log(`time to page (99.9% SLO, 100 requests/s, scrapes every 15 s):\n${figures.join('\n')}`);
  }, 600_000);

  it('sends the no-data alert to the owning team when the metric is renamed, within the grace period and one evaluation', async () => {
    const renamed = incident;
    const since = await firingSince({ alertname: 'SLONoData', slo: 'renamed-availability' }, 600_000);
    console.log(`no data: the alert fired ${(since - renamed).toFixed(1)} s after the rename (grace ${GRACE} s)`);
    // The last sample before the rename is at most a scrape (15 s) older than it.
    expect(since - renamed).toBeLessThanOrEqual(GRACE + EVALUATION);
    expect(since - renamed).toBeGreaterThanOrEqual(GRACE - 15);
    const group = await eventually(
      'Alertmanager to route the no-data alert',
      async () => {
        const groups = (await (await fetch(`${alertmanager.url}/api/v2/alerts/groups`)).json()) as Array<{
          receiver: { name: string };
          alerts: Array<{ labels: Record<string, string> }>;
        }>;
        return groups.find((g) => g.alerts.some((a) => a.labels.alertname === 'SLONoData'));
      },
      { timeoutMs: 60_000 }
    );
    expect(group.receiver.name, JSON.stringify(group)).toBe('steward-team-payments');
    expect(group.alerts[0]!.labels).toMatchObject({
      team: 'payments',
      severity: 'critical',
      slo: 'renamed-availability',
    });
    const status = (await (await steward.api('/api/v1/slo-status?fresh=true')).json()) as {
      rows: Array<{ slo: string; state: string; noDataSince?: number; warnings: string[] }>;
    };
    const row = status.rows.find((r) => r.slo === 'renamed-availability')!;
    expect(row.state, JSON.stringify(row)).toBe('no-data');
    // The last sample, to the second: at most a scrape (15 s) before the rename.
    expect(row.noDataSince!, JSON.stringify(row)).toBeLessThanOrEqual(renamed);
    expect(row.noDataSince!, JSON.stringify(row)).toBeGreaterThan(renamed - 16);
    // Ownership health counts it: high-severity drift on the service.
    const health = (await (await steward.api('/api/v1/ownership/health')).json()) as {
      findings: Array<{ rule: string; name: string; team: string }>;
    };
    expect(health.findings, JSON.stringify(health.findings)).toContainEqual(
      expect.objectContaining({ rule: 'service-slo-no-data', name: 'renamed', team: 'payments' })
    );
  }, 600_000);
});
