import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { testIds } from '../../../testIds';
import { cellsFromFrame } from '../cells';
import { itemsFromData } from '../rows';
import { PanelMode, type SloPanelOptions } from '../types';
import { BudgetGauges } from './BudgetGauges';
import { BurndownChart } from './BurndownChart';
import { StatusGrid, ValueGrid } from './StatusGrid';

type Props = PanelProps<SloPanelOptions>;

/** The SLO panel: budget gauges, burn-down, or the status grid, from a Steward query. */
export function SloPanel(props: Props) {
  const { data, options, width, height, timeZone } = props;
  const styles = useStyles2(getStyles);
  const error = data.errors?.[0];
  if (data.state === LoadingState.Error || error) {
    return (
      <div data-testid={testIds.sloPanel.error} style={{ width, height, overflow: 'auto' }}>
        <Alert title="Steward could not answer this query" severity="error">
          {error?.message ?? 'The query failed.'}
        </Alert>
      </div>
    );
  }
  const empty = (message: string) => (
    <div data-testid={testIds.sloPanel.empty} className={styles.empty} style={{ width, height }}>
      <div>No data</div>
      <div className={styles.hint}>{message}</div>
    </div>
  );

  if (options.mode === PanelMode.Burndown) {
    return <BurndownChart {...props} empty={empty} />;
  }
  const items = itemsFromData(data.series);
  if (items === undefined) {
    // Not an SLO query: one cell per row, coloured by the panel's thresholds.
    const cells = cellsFromFrame(data.series[0]);
    if (cells.length === 0) {
      return empty('The query returned no rows.');
    }
    return <ValueGrid cells={cells} width={width} height={height} minCellWidth={options.minCellWidth} />;
  }
  if (items.length === 0) {
    // The datasource says why when it knows (e.g. "the service filter has no values").
    const notice = data.series.flatMap((f) => f.meta?.notices ?? [])[0]?.text;
    return empty(notice ?? 'No SLO matches the query’s filters.');
  }
  if (options.mode === PanelMode.Gauge) {
    return (
      <BudgetGauges
        items={items}
        width={width}
        height={height}
        minSize={options.minGaugeSize ?? 140}
        timeZone={timeZone}
      />
    );
  }
  return (
    <StatusGrid
      items={items}
      width={width}
      height={height}
      minCellWidth={options.minCellWidth}
      groupByTeam={options.groupByTeam !== false}
      timeZone={timeZone}
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(0.5),
    color: theme.colors.text.secondary,
    textAlign: 'center',
  }),
  hint: css({ fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.text.disabled }),
});
