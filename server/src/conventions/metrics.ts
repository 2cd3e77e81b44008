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
  leader: 'steward_leader',
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

/**
 * Ownership as series, so any PromQL can join owners onto its own series:
 *   sum by (service) (rate(http_requests_total[5m])) * on(service) group_left(team) steward_service_owner_info{team=~"$team"}
 */
export const OWNERSHIP_METRICS = {
  serviceOwnerInfo: 'steward_service_owner_info',
  teamInfo: 'steward_team_info',
} as const;

export const OWNERSHIP_LABELS = {
  service: 'service',
  team: 'team',
  tier: 'tier',
  lifecycle: 'lifecycle',
  system: 'system',
  parentTeam: 'parent_team',
  title: 'title',
} as const;

/**
 * Series Steward or Prometheus write: Steward's own metrics, recorded SLO counts, alert states,
 * and each scrape's `up` and `scrape_*` series. They carry `service` or `job` labels but are not
 * anyone's telemetry (Steward's own scrape job would otherwise show as unowned).
 */
export const NOT_TELEMETRY = 'steward[_:].*|ALERTS|ALERTS_FOR_STATE|up|scrape_.*';
