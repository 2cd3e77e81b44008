/**
 * Every metric and label name the demo workload writes, and the shapes of its series. The
 * dashboards and the demo SLOs (examples/catalog/slos/) read these names.
 */

export const METRICS = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  dependencyRequests: 'dependency_requests_total',
  dependencyDuration: 'dependency_request_duration_seconds',
  saturation: 'service_saturation_ratio',
  cost: 'service_cost_dollars_total',
  probe: 'probe_success',
  /** One series per workload: how it knows its own series in Prometheus (job, instance, first scrape). */
  info: 'workload_info',
} as const;

export const LABELS = {
  service: 'service',
  route: 'route',
  method: 'method',
  code: 'code',
  dependency: 'dependency',
  resource: 'resource',
  instance: 'instance',
  le: 'le',
  job: 'job',
} as const;

/** Status codes of http_requests_total; everything not 404/500/503 is 200. */
export const CODES = ['200', '404', '500', '503'] as const;
export type Code = (typeof CODES)[number];

/** Codes of dependency_requests_total. */
export const DEPENDENCY_CODES = ['200', '500'] as const;

/** Bucket bounds of http_request_duration_seconds (the SLOs use 0.1, 0.3 and 0.5). */
export const REQUEST_BUCKETS = [0.1, 0.25, 0.3, 0.5, 1, 2.5] as const;

/** Bucket bounds of dependency_request_duration_seconds: fewer, it is only for dashboards. */
export const DEPENDENCY_BUCKETS = [0.1, 0.5, 1] as const;

export const RESOURCES = ['cpu', 'memory', 'connections'] as const;

/** `le` as Prometheus 2 clients write it: "0.3", "1", "+Inf". */
export function leLabel(bound: number): string {
  return Number.isFinite(bound) ? String(bound) : '+Inf';
}

/**
 * Routes per tier (the services with routes of their own in profiles.ts have three): few
 * enough that 35 days of history take under two minutes to write.
 */
export const ROUTES_PER_TIER: Record<string, number> = { 'tier-1': 2, 'tier-2': 2, 'tier-3': 1, 'tier-4': 1 };

/** Requests per second of a service's busiest route at the daily mean, by tier. */
export const REQUESTS_PER_SECOND: Record<string, number> = { 'tier-1': 60, 'tier-2': 20, 'tier-3': 5, 'tier-4': 0.5 };

/** Running cost in dollars per hour, by tier (before the traffic-dependent part). */
export const DOLLARS_PER_HOUR: Record<string, number> = { 'tier-1': 9, 'tier-2': 3.2, 'tier-3': 0.9, 'tier-4': 0.2 };

/** Public endpoints probed from outside (blackbox style): service → instance. */
export const PROBES: Record<string, string> = {
  'checkout-web': 'https://shop.acme.example/checkout',
  'api-gateway': 'https://api.acme.example/healthz',
  'status-page': 'https://status.acme.example/',
  'mobile-bff': 'https://m.acme.example/api/health',
};

/**
 * Series under `service` values no catalog service claims, for the ownership page's
 * "unowned telemetry": a batch job nobody registered and a forgotten canary.
 */
export const UNOWNED_SERVICES = [
  { name: 'legacy-batch', route: '/run', requestsPerSecond: 0.2 },
  { name: 'checkout-canary', route: '/api/checkout', requestsPerSecond: 1 },
] as const;
