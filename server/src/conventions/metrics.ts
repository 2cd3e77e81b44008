/**
 * Every metric and label name steward-server writes lives here, so dashboards, rules and
 * tests share one spelling. Later capabilities (ownership info series, SLO recording rules)
 * add their names to this module rather than writing literals elsewhere.
 */
export const METRIC_PREFIX = 'steward_';

export const SERVER_METRICS = {
  buildInfo: 'steward_build_info',
  httpRequestDuration: 'steward_http_request_duration_seconds',
  prometheusRequestDuration: 'steward_prometheus_request_duration_seconds',
  storeUp: 'steward_store_up',
} as const;

export const LABELS = {
  version: 'version',
  method: 'method',
  route: 'route',
  statusCode: 'status_code',
  endpoint: 'endpoint',
  outcome: 'outcome',
  dialect: 'dialect',
  service: 'service',
} as const;

/** Label a service's telemetry is identified by unless a service says otherwise. */
export const DEFAULT_IDENTIFIER_LABEL = LABELS.service;
