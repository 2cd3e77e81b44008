export enum PanelMode {
  /** Budget remaining per SLO objective (and group), with the policy's freeze line. */
  Gauge = 'gauge',
  /** Budget over the window with the ideal (even-spend) line. */
  Burndown = 'burndown',
  /** Teams × services × SLOs, cells coloured by state. */
  Grid = 'grid',
}

export interface SloPanelOptions {
  mode: PanelMode;
  /** Grid: narrowest a cell may get before the grid wraps, in pixels. */
  minCellWidth: number;
  /** Grid: one section per owning team. */
  groupByTeam: boolean;
  /** Gauge: smallest gauge before the panel scrolls, in pixels. */
  minGaugeSize: number;
  /** Burn-down: the x axis spans the SLO window (default) or the dashboard's time range. */
  burndownRange: 'window' | 'dashboard';
  /** Burn-down: the legend, as a list or a table with each line's last value. */
  legend: 'table' | 'list' | 'hidden';
}
