import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { SloState } from '../api/stewardClient';

export enum QueryType {
  /** One row per SLO objective (and group), or one per team. */
  SloStatus = 'sloStatus',
  /** Rolling budget remaining over each objective's window, every matching SLO. */
  Budget = 'budget',
  /** Budget through the current window of chosen SLOs, with the ideal (even-spend) line. */
  Burndown = 'burndown',
  BurnRate = 'burnRate',
  Sli = 'sli',
  /** Services with owner, on-call and runbook. */
  Ownership = 'ownership',
  /** Ownership drift findings. */
  OwnershipHealth = 'ownershipHealth',
  UnownedTelemetry = 'unownedTelemetry',
  TelemetryInventory = 'telemetryInventory',
  /** Deploys, SLO alerts (spans) and budget exhausted/recovered, as annotation events. */
  Annotations = 'annotations',
  /** Services along dependsOn, with the health of their SLOs: a node graph. */
  DependencyGraph = 'dependencyGraph',
}

export type EvaluateAt = 'rangeEnd' | 'now';

export type AnnotationKind = 'deploy' | 'alert' | 'budget';
export const ANNOTATION_KINDS: AnnotationKind[] = ['deploy', 'alert', 'budget'];

/** Burn-rate and SLI windows the server records (5m … 3d). */
export const SERIES_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/**
 * Which SLOs (and services, teams) a query is about. Every list is "any of" and each entry is a
 * name or a template variable (`$team`, `${service}`), expanded the way Grafana's template
 * service expands it (multi-value and All included).
 */
export interface StewardFilters {
  team?: string[];
  /** Only the signed-in user's teams: registry teams listing them and their Grafana teams. */
  myTeams?: boolean;
  /** Teams include the teams below them (default true, as the server). */
  includeSubteams?: boolean;
  service?: string[];
  tier?: string[];
  slo?: string[];
  /** Group-by label values, as `route=/cart` (or `route=$route`). */
  labels?: string[];
}

export interface StewardQuery extends DataQuery, StewardFilters {
  queryType?: QueryType;
  /** SLO status: one row per SLO objective and group, or one per owning team. */
  groupBy?: 'slo' | 'team';
  /** SLO status and series: only each SLO's first objective (the one that alerts and gates). */
  primaryOnly?: boolean;
  /**
   * SLO status: the moment the numbers are for. `rangeEnd` (the default) is the dashboard's time
   * range end, so a past range shows the budgets as they were then; `now` is the present
   * whatever the range.
   */
  evaluateAt?: EvaluateAt;
  /** SLO status: only rows in these states. */
  states?: SloState[];
  /**
   * SLO status: only first objectives at or below their budget policy's freeze line (or of
   * unknown budget under a `whenUnknown: deny` policy): the SLOs for which the release gate
   * refuses deploys of their services (except exempt change kinds).
   */
  frozen?: boolean;
  /** Burn rate and SLI: the window each point looks back over. */
  window?: string;
  /** Burn-down: which objective of each SLO (0: the first). */
  objective?: number;
  /** Telemetry inventory: the identifier label whose values are listed. */
  label?: string;
  /** Unowned telemetry: identifier labels to check (default: the server's). */
  identifierLabels?: string[];
  /** Annotations: which kinds of events. */
  kinds?: AnnotationKind[];
  /** Dependency graph: how many hops along dependsOn from the chosen services (default 1). */
  depth?: number;
}

export const DEFAULT_QUERY: Partial<StewardQuery> = {
  queryType: QueryType.SloStatus,
  groupBy: 'slo',
};

export const DEFAULT_INVENTORY_LABEL = 'service';

export enum VariableKind {
  Teams = 'teams',
  Services = 'services',
  Slos = 'slos',
  Tiers = 'tiers',
}

/** A query variable's definition: teams, services of teams, SLOs of services, or tiers. */
export interface StewardVariableQuery extends DataQuery {
  kind: VariableKind;
  /** Teams: only the signed-in user's teams. */
  myTeams?: boolean;
  /**
   * Services and tiers: of these teams (names or variables). Teams: these teams, with the teams
   * below them unless includeSubteams is false (e.g. `$team` and its sub-teams, for a PromQL
   * join on the owning team).
   */
  team?: string[];
  includeSubteams?: boolean;
  /** SLOs: of these services (names or variables). */
  service?: string[];
}

export const DEFAULT_VARIABLE_QUERY: StewardVariableQuery = { refId: 'StewardVariable', kind: VariableKind.Teams };

/** jsonData of a Steward datasource; the token is `stewardToken` in secureJsonData. */
export interface StewardDataSourceOptions extends DataSourceJsonData {
  stewardUrl?: string;
}
