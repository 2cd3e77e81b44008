import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { EventsReport } from './events.js';
import { formatCount, iso } from './format.js';
import type { HistoryReport } from './history.js';

/**
 * For whoever starts the workload as a child process (scripts/stack.ts, the integration
 * test): its command line, its environment, and what its /status says.
 */

export const WORKLOAD_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** `node <these> ` runs the workload from source. */
export const WORKLOAD_ARGS = ['--import', 'tsx', WORKLOAD_MAIN];

export interface WorkloadLaunchOptions {
  port: number;
  stateFile: string;
  prometheusUrl?: string;
  stewardUrl?: string;
  stewardSecret?: string;
  catalogDir?: string;
  historyDays?: number;
  /** The story's anchor on a first start (seconds); by default the moment it starts. */
  anchor?: number;
  skipHistory?: boolean;
}

export function workloadEnv(options: WorkloadLaunchOptions): Record<string, string> {
  const env: Record<string, string> = {
    WORKLOAD_HOST: '127.0.0.1',
    WORKLOAD_PORT: String(options.port),
    WORKLOAD_STATE_FILE: options.stateFile,
  };
  const optional: Array<[string, string | number | boolean | undefined]> = [
    ['WORKLOAD_PROMETHEUS_URL', options.prometheusUrl],
    ['WORKLOAD_STEWARD_URL', options.stewardUrl],
    ['WORKLOAD_STEWARD_SECRET', options.stewardSecret],
    ['WORKLOAD_CATALOG_DIR', options.catalogDir],
    ['WORKLOAD_HISTORY_DAYS', options.historyDays],
    ['WORKLOAD_ANCHOR', options.anchor],
    ['WORKLOAD_SKIP_HISTORY', options.skipHistory],
  ];
  for (const [name, value] of optional) {
    if (value !== undefined) {
      env[name] = String(value);
    }
  }
  return env;
}

/** GET /status of a running workload. */
export interface WorkloadStatus {
  anchor: number;
  historyStart: number;
  services: number;
  series: number;
  history: HistoryReport;
  events: EventsReport;
}

export async function workloadStatus(url: string): Promise<WorkloadStatus> {
  const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) {
    throw new Error(`${url}/status: HTTP ${response.status}`);
  }
  return (await response.json()) as WorkloadStatus;
}

export interface ScrapeJob {
  job: string;
  targets: string[];
  scrapeInterval?: string;
  /** The workload sets `job` itself on services its catalog knows by job, and `instance` on probes. */
  honorLabels?: boolean;
}

/**
 * Adds scrape jobs to a Prometheus configuration file (replacing jobs of the same name); reload
 * Prometheus afterwards. The stack starts Prometheus without any, so that the workload can
 * write its history into an empty Prometheus, in order, before anything is scraped.
 */
export function addScrapeJobs(configFile: string, jobs: ScrapeJob[]): void {
  const config = parse(readFileSync(configFile, 'utf8')) ?? {};
  const names = new Set(jobs.map((j) => j.job));
  config.scrape_configs = [
    ...(config.scrape_configs ?? []).filter((c: { job_name?: string }) => !names.has(c.job_name ?? '')),
    ...jobs.map((j) => ({
      job_name: j.job,
      ...(j.scrapeInterval ? { scrape_interval: j.scrapeInterval } : {}),
      ...(j.honorLabels ? { honor_labels: true } : {}),
      static_configs: [{ targets: j.targets }],
    })),
  ];
  writeFileSync(configFile, stringify(config));
}

/** Until the workload has written what it can before being scraped (in order, into an empty Prometheus). */
export async function waitUntilScrapeWanted(
  url: string,
  alive: () => boolean,
  timeoutMs: number
): Promise<WorkloadStatus> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    const status = await workloadStatus(url).catch(() => undefined);
    if (status && !['pending', 'writing'].includes(status.history.state)) {
      return status;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    alive() ? `the workload did not finish its history within ${timeoutMs / 1000} s` : 'the workload exited'
  );
}

/** One line for people: what the workload wrote and posted. */
export function describeStatus(status: WorkloadStatus): string {
  const h = status.history;
  const history =
    h.state === 'written'
      ? `history: ${formatCount(h.samples ?? 0)} samples of ${h.series} series from ${iso(h.from!)} written in ${h.seconds?.toFixed(0)} s`
      : h.state === 'up-to-date'
        ? 'history: already in Prometheus'
        : `history: ${h.state}${h.reason ? ` (${h.reason})` : ''}`;
  const e = status.events;
  const events =
    e.state === 'off'
      ? 'events: off'
      : `events: ${e.known} in steward-server (${e.posted} posted now)${e.lastError ? `, ${e.lastError}` : ''}`;
  return `${status.services} services, ${status.series} series; ${history}; ${events}`;
}
