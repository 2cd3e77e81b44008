export enum PanelMode {
  Grid = 'grid',
}

export interface SloPanelOptions {
  mode: PanelMode;
  /** Narrowest a cell may get before the grid wraps, in pixels. */
  minCellWidth: number;
}
