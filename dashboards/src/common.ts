import { ANNOTATION_KINDS, type AnnotationKind } from '../../src/datasource/types';
import { stewardAnnotation } from './grafana';

/** The owning-team filters every Steward target carries: the dashboard's team and service variables. */
export const TEAM = { team: ['$team'] };
export const TEAM_AND_SERVICE = { team: ['$team'], service: ['$service'] };

/**
 * Joins Steward's ownership onto a vector that has a `service` label, keeping only services owned
 * by the chosen teams (`$owners`: `$team` with its sub-teams) and adding their `team` label. The
 * owner info series is taken at the dashboard's end time (`@ ${__to:date:seconds}`, Grafana's
 * global time variable in Unix seconds), so history from before steward-server was first scraped
 * joins too, attributed to today's owner. Not `@ end()`: Grafana aligns a range query's end down
 * to the step, and on a stack scraped for less than a step the owner info is not there yet.
 * steward-server writes `steward_service_owner_info{service, team, tier, lifecycle, system} 1`,
 * one series per service.
 */
export const OWNER_JOIN =
  'on(service) group_left(team) (steward_service_owner_info{team=~"$owners"} @ ${__to:date:seconds})';

/** `expr * on(service) group_left(team) (owner info)`: the vector, owned by the chosen teams, labelled with its team. */
export function owned(expr: string): string {
  return `${expr} * ${OWNER_JOIN}`;
}

/** Per-dashboard Steward annotations: deploys, and SLO alert spans with budget exhausted/recovered. */
export function stewardAnnotations(filters: { team?: string[]; service?: string[] }) {
  const kinds = (wanted: AnnotationKind[]) => ANNOTATION_KINDS.filter((k) => wanted.includes(k));
  return [
    stewardAnnotation('Deploys', '#5794F2', { kinds: kinds(['deploy']), ...filters }),
    stewardAnnotation('SLO alerts and budgets', '#F2495C', { kinds: kinds(['alert', 'budget']), ...filters }),
  ];
}

/** Where the links to logs and traces go; no Loki or Tempo runs in the demo stack. */
export const LOGS_URL = 'https://logs.acme.example/search';
export const TRACES_URL = 'https://traces.acme.example/search';

/** Query string the links append: the service and the dashboard's time range (ms since the epoch). */
export const LINK_QUERY = (service: string) => `?service=${service}&from=\${__from}&to=\${__to}`;
