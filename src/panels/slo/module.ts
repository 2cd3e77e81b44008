import { PanelPlugin } from '@grafana/data';
import { SloPanel } from './components/SloPanel';
import { PanelMode, type SloPanelOptions } from './types';

export const plugin = new PanelPlugin<SloPanelOptions>(SloPanel)
  // Standard field options (unit, decimals, thresholds, colour) format the values; SLO rows are
  // coloured by their state and budget policy, other rows by the thresholds.
  .useFieldConfig()
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'mode',
        name: 'Mode',
        description: 'How the query’s SLOs are drawn',
        defaultValue: PanelMode.Grid,
        settings: {
          options: [
            { value: PanelMode.Gauge, label: 'Budget gauge', description: 'Remaining budget per SLO' },
            {
              value: PanelMode.Burndown,
              label: 'Burn-down',
              description: 'Budget over the window, with the ideal line',
            },
            { value: PanelMode.Grid, label: 'Status grid', description: 'Services × SLOs by team, by state' },
          ],
        },
      })
      .addBooleanSwitch({
        path: 'groupByTeam',
        name: 'Group by team',
        description: 'One section per owning team, its services in rows',
        defaultValue: true,
        showIf: (options) => options.mode === PanelMode.Grid,
      })
      .addNumberInput({
        path: 'minCellWidth',
        name: 'Minimum cell width',
        description: 'Cells wrap onto new rows below this width (px)',
        defaultValue: 200,
        settings: { min: 60, max: 600, integer: true },
        showIf: (options) => options.mode === PanelMode.Grid,
      })
      .addNumberInput({
        path: 'minGaugeSize',
        name: 'Minimum gauge size',
        description: 'Gauges shrink to fit the panel down to this size (px), then the panel scrolls',
        defaultValue: 140,
        settings: { min: 80, max: 600, integer: true },
        showIf: (options) => options.mode === PanelMode.Gauge,
      })
      .addRadio({
        path: 'burndownRange',
        name: 'Time axis',
        description: 'The SLO’s current window (burn-down from its start), or the dashboard’s time range',
        defaultValue: 'window',
        settings: {
          options: [
            { value: 'window', label: 'SLO window' },
            { value: 'dashboard', label: 'Dashboard range' },
          ],
        },
        showIf: (options) => options.mode === PanelMode.Burndown,
      })
      .addRadio({
        path: 'legend',
        name: 'Legend',
        defaultValue: 'table',
        settings: {
          options: [
            { value: 'table', label: 'Table with last value' },
            { value: 'list', label: 'List' },
            { value: 'hidden', label: 'Hidden' },
          ],
        },
        showIf: (options) => options.mode === PanelMode.Burndown,
      })
  );
