import { startPrometheus, type ScrapeTarget } from './prometheus.js';
import { startSteward, type RunningSteward } from './steward.js';
import { startVictoriaMetrics } from './victoria-metrics.js';

export interface EngineOptions {
  rulesDir: string;
  scrape?: ScrapeTarget[];
  /** Prometheus only: history is remote-written this far back (VictoriaMetrics takes any age). */
  outOfOrderWindow?: string;
  /** Prometheus only: `--enable-feature` flags. */
  features?: string[];
}

export interface RunningEngine {
  /** Where steward-server queries (and remote-writes history). */
  url: string;
  /** steward-server's environment for this engine, beyond its URL. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** A metrics engine with its rule evaluator, as steward-server is configured for it. */
export interface Engine {
  name: string;
  start(options: EngineOptions): Promise<RunningEngine>;
}

export const PROMETHEUS: Engine = {
  name: 'Prometheus',
  start: async ({ rulesDir, scrape, outOfOrderWindow, features }) => {
    const prometheus = await startPrometheus({
      rulesDir,
      ...(scrape ? { scrape } : {}),
      ...(outOfOrderWindow ? { outOfOrderWindow } : {}),
      ...(features ? { features } : {}),
    });
    return { url: prometheus.url, env: {}, stop: prometheus.stop };
  },
};

export const VICTORIA_METRICS: Engine = {
  name: 'VictoriaMetrics + vmalert',
  start: async ({ rulesDir, scrape }) => {
    const vm = await startVictoriaMetrics({ rulesDir, ...(scrape ? { scrape } : {}) });
    return { url: vm.url, env: { STEWARD_PROMETHEUS_RELOAD_URL: vm.reloadUrl }, stop: vm.stop };
  },
};

/** The engines the ground-truth tests run on. */
export const ENGINES: Engine[] = [PROMETHEUS, VICTORIA_METRICS];

/** steward-server on an engine, writing its rules where the engine loads them, reading a catalog folder; no status cache. */
export function startStewardOn(
  backend: RunningEngine,
  dirs: { catalog: string; rules: string }
): Promise<RunningSteward> {
  return startSteward({
    prometheusUrl: backend.url,
    env: {
      ...backend.env,
      STEWARD_CATALOG_DIR: dirs.catalog,
      STEWARD_RULES_DIR: dirs.rules,
      STEWARD_STATUS_CACHE_SECONDS: '0',
    },
  });
}
