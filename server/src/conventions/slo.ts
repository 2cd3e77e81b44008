/**
 * Every metric, label, rule-group and alert name the SLO engine writes. Rules, queries,
 * dashboards, Alertmanager routes and tests import these; nothing else spells them.
 */

/**
 * Good/bad event counts per SLO in tiles: each sample counts the events of one stretch between
 * two absolute marks (multiples of the tile's length), exactly, so that the tiles of any span
 * add up to the events between its two ends (see `slo/tiles.ts`). Fine tiles (30 s) serve
 * paging windows and the recent edge of every window; coarse tiles (5 min) serve long windows
 * and budgets. The `event` label says which count a series holds.
 */
export const SLO_TILE_METRICS = {
  fine: 'steward:slo_events:tile30s',
  coarse: 'steward:slo_events:tile5m',
} as const;

/**
 * Events since the last fine tile's mark, recorded by each evaluation of the fine group next to
 * its tile, so that alert rules see every sample a direct `rate()` rule would.
 */
export const SLO_RECENT_METRIC = 'steward:slo_events:recent';

/**
 * The time of each evaluation of an SLO's fine group (its value), recorded after the group's
 * tiles and recent events: a status read at the present finds the last evaluation whose
 * counts are all stored, and reads them as of it.
 */
export const SLO_EVALUATED_METRIC = 'steward:slo_evaluation:time';

/**
 * Events over each burn-rate window, recorded once per evaluation of the fine group (the
 * `window` label says which, e.g. `6h`): every alert that reads a window reads this one sample
 * rather than summing the window's tiles again.
 */
export const SLO_WINDOW_METRIC = 'steward:slo_events:window';

export const SLO_LABELS = {
  slo: 'slo',
  service: 'service',
  team: 'team',
  /** `bad` or `total`. */
  event: 'event',
  /**
   * Changes when what is counted changes (SLI or group-by). Recorded history of an older
   * revision stays in Prometheus but is never read for the new one, which is refilled.
   */
  revision: 'slo_revision',
  /** The window of a recorded window count, e.g. `1h`. */
  window: 'window',
} as const;

export const EVENT_KINDS = { bad: 'bad', total: 'total' } as const;
export type EventKind = keyof typeof EVENT_KINDS;

/** Labels on every alert Steward generates; Alertmanager routes on `team`. */
export const ALERT_LABELS = {
  team: 'team',
  severity: 'severity',
  slo: 'slo',
  service: 'service',
  /** `page`, `ticket`, or a custom condition's name. */
  burnTier: 'burn_tier',
  /** The long window of the pair that fired, e.g. `1h`. */
  longWindow: 'long_window',
} as const;

export const ALERT_ANNOTATIONS = {
  summary: 'summary',
  description: 'description',
  runbookUrl: 'runbook_url',
  /** Link to the SLO page in Grafana. */
  sloUrl: 'steward_slo_url',
} as const;

/** Default alert name; an SLO may choose its own (alerting.name). */
export const DEFAULT_ALERT_NAME = 'SLOErrorBudgetBurn';

/** The alert that fires when an SLO's series have gone (a renamed metric, a target gone). */
export const NO_DATA_ALERT_NAME = 'SLONoData';

/** `burn_tier` of the no-data alert. */
export const NO_DATA_TIER = 'no-data';

/** Added to status query results only, to tell their windows apart (never stored). */
export const STATUS_WINDOW_LABEL = 'steward_window';

/** Set on the recent events inside a rule's window sum, to add them to the tiles (never stored). */
export const RECENT_PART_LABEL = 'steward_part';

/** Labels an SLO's group-by must not use: Steward sets them, or PromQL reserves them. */
export const RESERVED_GROUP_LABELS: readonly string[] = [
  ...Object.values(SLO_LABELS),
  ...Object.values(ALERT_LABELS),
  STATUS_WINDOW_LABEL,
  RECENT_PART_LABEL,
  'le',
  'alertname',
  'alertstate',
  '__name__',
];

/**
 * Prometheus rule groups per SLO: fine tiles with the alerts that read them (every 30 s), and
 * coarse tiles (every 5 minutes).
 */
export const RULE_GROUPS = {
  fine: (slo: string) => `steward-slo:${slo}:fine`,
  coarse: (slo: string) => `steward-slo:${slo}:coarse`,
  /** Rule files Steward owns in a rules directory start with this; others are left alone. */
  filePrefix: 'steward-',
  /** One rule file per SLO, so one SLO's rules can never keep another's from loading. */
  file: (slo: string) => `steward-slo-${slo}.yml`,
} as const;

/** Alertmanager receivers Steward generates, one per team. */
export const receiverName = (team: string) => `steward-team-${team}`;

/** The SLO page of the Grafana app, relative to Grafana's root URL. */
export const sloPagePath = (slo: string) => `/a/steward-ownership-app/slos/${encodeURIComponent(slo)}`;
