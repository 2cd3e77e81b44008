import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { eventually } from './eventually.js';
import { httpOk, lifecycle, startProcess, waitUntil, type ManagedProcess } from './child-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export interface ScrapeTarget {
  job: string;
  targets: string[];
  metricsPath?: string;
  scrapeInterval?: string;
}

export interface PrometheusOptions {
  /** A TSDB directory, possibly already holding backfilled blocks; a fresh one otherwise. */
  dataDir?: string;
  /** Directory whose `*.yml`/`*.yaml` files are loaded as rule files. */
  rulesDir?: string;
  scrape?: ScrapeTarget[];
  alertmanagerUrl?: string;
  evaluationInterval?: string;
  /** Accept samples this far behind the newest one (remote-written history). */
  outOfOrderWindow?: string;
  retention?: string;
  port?: number;
  /** `--enable-feature` flags, e.g. `native-histograms`. */
  features?: string[];
}

export interface RunningPrometheus {
  url: string;
  port: number;
  dataDir: string;
  configFile: string;
  process: ManagedProcess;
  /** POST /-/reload, as steward-server does after writing rule files. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Debian's `prometheus` on a free loopback port with its own temporary directories. */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const work = tempDir('prometheus');
  const dataDir = options.dataDir ?? join(work.path, 'data');
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const configFile = join(work.path, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(options));

  const proc = startProcess('prometheus', 'prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    // Backfilled history older than the retention would be deleted on the first compaction.
    `--storage.tsdb.retention.time=${options.retention ?? '3650d'}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
    '--web.enable-remote-write-receiver',
    '--log.level=warn',
    ...(options.features?.length ? [`--enable-feature=${options.features.join(',')}`] : []),
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(proc, () => httpOk(`${url}/-/ready`), 'ready', 60_000);
  return {
    url,
    port,
    dataDir,
    configFile,
    process: proc,
    ...lifecycle(url, proc, work),
  };
}

function prometheusConfig(options: PrometheusOptions): string {
  const config: Record<string, unknown> = {
    global: {
      scrape_interval: '15s',
      evaluation_interval: options.evaluationInterval ?? '15s',
    },
    scrape_configs: (options.scrape ?? []).map((target) => ({
      job_name: target.job,
      ...(target.metricsPath ? { metrics_path: target.metricsPath } : {}),
      ...(target.scrapeInterval ? { scrape_interval: target.scrapeInterval } : {}),
      static_configs: [{ targets: target.targets }],
    })),
  };
  if (options.rulesDir) {
    config.rule_files = [join(options.rulesDir, '*.yml'), join(options.rulesDir, '*.yaml')];
  }
  if (options.alertmanagerUrl) {
    config.alerting = { alertmanagers: [{ static_configs: [{ targets: [new URL(options.alertmanagerUrl).host] }] }] };
  }
  if (options.outOfOrderWindow) {
    config.storage = { tsdb: { out_of_order_time_window: options.outOfOrderWindow } };
  }
  return stringify(config);
}

/**
 * The time of the first sample Prometheus scraped of `selector`, once there is one: tests write
 * the history before it through remote write, so the series has no gap at the seam.
 */
export async function firstScrapeOf(prometheus: { url: string }, selector: string): Promise<number> {
  return eventually(`the first scrape of ${selector}`, async () => {
    const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(`${selector}[1m]`)}`);
    const body = (await response.json()) as { data: { result: Array<{ values: Array<[number, string]> }> } };
    return body.data.result[0]?.values[0]?.[0];
  });
}
