import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { httpOk, startProcess, waitUntil, type ManagedProcess } from './child-process.js';
import { freePort } from './ports.js';
import type { ScrapeTarget } from './prometheus.js';
import { tempDir } from './temp-dir.js';

export interface VictoriaMetricsOptions {
  /** Directory whose `*.yml` files vmalert evaluates (Steward's rule files). */
  rulesDir?: string;
  scrape?: ScrapeTarget[];
  alertmanagerUrl?: string;
}

export interface RunningVictoriaMetrics {
  /** Single-node VictoriaMetrics: queries, remote write, and /api/v1/rules and /alerts proxied to vmalert. */
  url: string;
  /** vmalert, which evaluates the rule files and writes recorded series back to VictoriaMetrics. */
  vmalertUrl: string;
  /** What steward-server posts to after writing rule files. */
  reloadUrl: string;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

/**
 * Debian's `victoria-metrics` and `vmalert` on free loopback ports, with their own temporary
 * directories: VictoriaMetrics stores and answers queries, vmalert evaluates rule files against
 * it and writes what the rules record back into it.
 */
export async function startVictoriaMetrics(options: VictoriaMetricsOptions = {}): Promise<RunningVictoriaMetrics> {
  const work = tempDir('victoria-metrics');
  const [port, vmalertPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const vmalertUrl = `http://127.0.0.1:${vmalertPort}`;
  const scrapeConfig = join(work.path, 'scrape.yml');
  writeFileSync(
    scrapeConfig,
    stringify({
      global: { scrape_interval: '15s' },
      scrape_configs: (options.scrape ?? []).map((target) => ({
        job_name: target.job,
        ...(target.metricsPath ? { metrics_path: target.metricsPath } : {}),
        ...(target.scrapeInterval ? { scrape_interval: target.scrapeInterval } : {}),
        static_configs: [{ targets: target.targets }],
      })),
    })
  );
  const vm = startProcess('victoria-metrics', 'victoria-metrics', [
    `-storageDataPath=${join(work.path, 'data')}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    // Backfilled history is weeks old: keep it.
    '-retentionPeriod=100y',
    // Samples are visible to queries as soon as they are stored: the tile of a mark is counted
    // 15 s after it (the default hides the last 30 s).
    '-search.latencyOffset=0s',
    // A sample written twice (a fill retried, or taken over by a new leader) is kept once, as
    // Prometheus keeps it: else every sum over the tiles counts it twice.
    '-dedup.minScrapeInterval=1ms',
    `-promscrape.config=${scrapeConfig}`,
    `-vmalert.proxyURL=${vmalertUrl}`,
    // Steward's batched queries and the tile rules of latency SLOs are longer than the default 16 KiB.
    '-search.maxQueryLen=1MiB',
    '-loggerLevel=WARN',
  ]);
  await waitUntil(vm, () => httpOk(`${url}/-/ready`), 'ready', 60_000);

  const rulesDir = options.rulesDir ?? join(work.path, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  const vmalert = startProcess('vmalert', 'vmalert', [
    `-httpListenAddr=127.0.0.1:${vmalertPort}`,
    `-datasource.url=${url}`,
    `-remoteWrite.url=${url}`,
    `-remoteRead.url=${url}`,
    `-rule=${join(rulesDir, '*.yml')}`,
    `-notifier.url=${options.alertmanagerUrl ?? 'http://127.0.0.1:9'}`,
    '-evaluationInterval=15s',
    // Store what a rule records at the moment it runs, as Prometheus does. Aligned, vmalert stamps
    // a 5-minute tile up to 5 minutes before it writes it, and a status read in between misses it.
    '-datasource.queryTimeAlignment=false',
    '-loggerLevel=WARN',
  ]);
  await waitUntil(vmalert, () => httpOk(`${vmalertUrl}/-/ready`), 'ready', 60_000);
  return {
    url,
    vmalertUrl,
    reloadUrl: `${vmalertUrl}/-/reload`,
    processes: [vm, vmalert],
    stop: async () => {
      await vmalert.stop();
      await vm.stop();
      work.remove();
    },
  };
}
