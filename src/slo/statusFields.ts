/**
 * Field names of the frames the Steward datasource returns, shared with the SLO panel that reads
 * them back (each nested plugin bundles its own copy; the names are the contract).
 */
export const STATUS_FIELDS = {
  service: 'service',
  team: 'team',
  teamTitle: 'team_title',
  tier: 'tier',
  slo: 'slo',
  title: 'title',
  objective: 'objective',
  objectiveIndex: 'objective_index',
  target: 'target',
  window: 'window',
  /** The counted window's start and end (`to` is the moment the numbers are for). */
  windowFrom: 'window_from',
  windowTo: 'window_to',
  /** Since when the SLO's series have been silent (state no-data). */
  noDataSince: 'no_data_since',
  group: 'group',
  sli: 'sli',
  budget: 'budget_remaining',
  burnRate: (window: string) => `burn_rate_${window}`,
  timeToExhaustion: 'time_to_exhaustion',
  alerts: 'alerts',
  firing: 'firing_alerts',
  state: 'state',
  freezeBelow: 'freeze_below',
  url: 'url',
  error: 'error',
} as const;

/** Fields of the "group by team" status frame. */
export const TEAM_FIELDS = {
  team: 'team',
  slos: 'slos',
  lowestBudget: 'lowest_budget',
  worstState: 'worst_state',
  firing: 'firing_alerts',
  url: 'url',
} as const;

/** Labels on time-series frames: which SLO, objective and kind of line. */
export const SERIES_LABELS = {
  slo: 'slo',
  service: 'service',
  team: 'team',
  objective: 'objective',
  /** `budget`, `burnrate`, `sli`, `burndown` or `ideal`. */
  series: 'series',
} as const;

/** Frame meta.custom of a burn-down frame: the window it runs through (ms), and the SLO page. */
export interface BurndownMeta {
  windowStart?: number;
  windowEnd?: number;
  url?: string;
  title?: string;
}

export const STATE_ORDER = ['ok', 'no-data', 'error', 'burning', 'exhausted'] as const;
type State = (typeof STATE_ORDER)[number];

/** How bad a state is: exhausted, then burning, error, no data, ok. */
export const stateRank = (state: State): number => STATE_ORDER.indexOf(state);

/** The worst of some states ('ok' for none). */
export function worstState<S extends State>(states: S[]): S | 'ok' {
  return states.reduce<S | 'ok'>((worst, s) => (stateRank(s) > stateRank(worst) ? s : worst), 'ok');
}
