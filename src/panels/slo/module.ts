import { PanelPlugin } from '@grafana/data';
import { SloPanel } from './components/SloPanel';
import { PanelMode, type SloPanelOptions } from './types';

export const plugin = new PanelPlugin<SloPanelOptions>(SloPanel)
  // Standard field options (unit, decimals, thresholds, colour) format and colour the cells.
  .useFieldConfig()
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'mode',
        name: 'Mode',
        description: 'How the rows of the query are drawn',
        defaultValue: PanelMode.Grid,
        settings: { options: [{ value: PanelMode.Grid, label: 'Status grid' }] },
      })
      .addNumberInput({
        path: 'minCellWidth',
        name: 'Minimum cell width',
        description: 'Cells wrap onto new rows below this width (px)',
        defaultValue: 160,
        settings: { min: 60, max: 600, integer: true },
      })
  );
