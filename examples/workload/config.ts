import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MAX_HISTORY_DAYS } from './story.js';

/** Settings, all from the environment (see README.md next to this file). */
export interface WorkloadConfig {
  host: string;
  port: number;
  catalogDir: string;
  /** Keeps the anchor of the story (the first start). */
  stateFile: string;
  /** steward-server, for deploy events; without it no events are posted. */
  stewardUrl?: string;
  stewardSecret?: string;
  stewardUser: string;
  /** Prometheus, for history through remote write; without it no history is written. */
  prometheusUrl?: string;
  historyDays: number;
  /**
   * The story's anchor on a first start (seconds, whole minute); the moment of the first start
   * unless set. Tests set it, so that what they expect and what the workload plays agree.
   */
  anchor?: number;
  skipHistory: boolean;
  /**
   * After this long without a first scrape, /readyz says ready anyway (so what waits for the
   * workload starts); history follows whenever Prometheus scrapes.
   */
  firstScrapeTimeoutSeconds: number;
  /** The job and instance Prometheus will scrape the workload as (for history written before). */
  scrapeJob: string;
  scrapeInstance: string;
}

export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL('../catalog', import.meta.url));

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

/** RFC 3339 or seconds since the epoch, rounded down to a whole minute. */
function moment(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') {
    return undefined;
  }
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(seconds)) {
    throw new Error(`${name} must be an RFC 3339 time or seconds since the epoch, not "${text}"`);
  }
  return Math.floor(seconds / 60) * 60;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  return /^(1|true|yes|on)$/i.test(env[name] ?? '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkloadConfig {
  const trim = (url: string | undefined) => (url ? url.replace(/\/+$/, '') : undefined);
  const stewardUrl = trim(env.WORKLOAD_STEWARD_URL);
  const prometheusUrl = trim(env.WORKLOAD_PROMETHEUS_URL);
  const host = env.WORKLOAD_HOST ?? '127.0.0.1';
  const port = number(env, 'WORKLOAD_PORT', 9101, 0, 65535);
  return {
    host,
    port,
    catalogDir: env.WORKLOAD_CATALOG_DIR ?? DEFAULT_CATALOG_DIR,
    stateFile: env.WORKLOAD_STATE_FILE ?? 'workload-state.json',
    ...(stewardUrl ? { stewardUrl } : {}),
    ...(env.WORKLOAD_STEWARD_SECRET || env.STEWARD_GRAFANA_SECRET
      ? { stewardSecret: env.WORKLOAD_STEWARD_SECRET || env.STEWARD_GRAFANA_SECRET }
      : {}),
    stewardUser: env.WORKLOAD_STEWARD_USER ?? 'demo-workload',
    ...(prometheusUrl ? { prometheusUrl } : {}),
    historyDays: number(env, 'WORKLOAD_HISTORY_DAYS', 35, 0, MAX_HISTORY_DAYS),
    ...(moment(env, 'WORKLOAD_ANCHOR') !== undefined ? { anchor: moment(env, 'WORKLOAD_ANCHOR') } : {}),
    skipHistory: flag(env, 'WORKLOAD_SKIP_HISTORY'),
    firstScrapeTimeoutSeconds: number(env, 'WORKLOAD_FIRST_SCRAPE_TIMEOUT_SECONDS', 120, 1, 86_400),
    scrapeJob: env.WORKLOAD_SCRAPE_JOB ?? 'workload',
    scrapeInstance: env.WORKLOAD_SCRAPE_INSTANCE ?? `${host === '0.0.0.0' ? hostname() : host}:${port}`,
  };
}
