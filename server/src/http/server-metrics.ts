import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LABELS, METRIC_PREFIX, SERVER_METRICS } from '../conventions/metrics.js';

/** steward-server's own metrics; a fresh registry per server so tests can run several. */
export function createServerMetrics(version: string) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  const buildInfo = new Gauge({
    name: SERVER_METRICS.buildInfo,
    help: 'steward-server build information; always 1',
    labelNames: [LABELS.version],
    registers: [registry],
  });
  buildInfo.set({ [LABELS.version]: version }, 1);

  const httpDuration = new Histogram({
    name: SERVER_METRICS.httpRequestDuration,
    help: 'HTTP requests served, by route template and status code',
    labelNames: [LABELS.method, LABELS.route, LABELS.statusCode],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const prometheusDuration = new Histogram({
    name: SERVER_METRICS.prometheusRequestDuration,
    help: 'Requests from steward-server to Prometheus, by API endpoint and outcome',
    labelNames: [LABELS.endpoint, LABELS.outcome],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  /** 1 while this server writes rules, routes and history (see store/leadership). */
  const observeLeadership = (leadership: { isLeader(): boolean }) => {
    new Gauge({
      name: SERVER_METRICS.leader,
      help: 'Whether this steward-server is the leader that writes rules, Alertmanager routes, history and catalog files',
      registers: [registry],
      collect() {
        this.set(leadership.isLeader() ? 1 : 0);
      },
    });
  };

  return { registry, httpDuration, prometheusDuration, observeLeadership };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;
