import React from 'react';
import { css } from '@emotion/css';
import { formattedValueToString, LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { testIds } from '../../../testIds';
import { cellsFromFrame } from '../cells';
import type { SloPanelOptions } from '../types';

type Props = PanelProps<SloPanelOptions>;

export function SloPanel({ data, options, width, height }: Props) {
  const styles = useStyles2(getStyles, options.minCellWidth);
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
  const cells = cellsFromFrame(data.series[0]);
  if (cells.length === 0) {
    return (
      <div data-testid={testIds.sloPanel.empty} className={styles.empty} style={{ width, height }}>
        No data
      </div>
    );
  }
  return (
    <div data-testid={testIds.sloPanel.container} className={styles.grid} style={{ width, height }}>
      {cells.map((cell) => (
        <div
          key={cell.key}
          data-testid={testIds.sloPanel.cell}
          className={styles.cell}
          style={{ borderLeftColor: cell.display.color }}
        >
          <div className={styles.title} title={cell.title}>
            {cell.title}
          </div>
          <div className={styles.value} style={{ color: cell.display.color }}>
            {formattedValueToString(cell.display)}
          </div>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, minCellWidth: number) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: `repeat(auto-fill, minmax(${minCellWidth}px, 1fr))`,
    gridAutoRows: 'min-content',
    gap: theme.spacing(1),
    overflow: 'auto',
  }),
  cell: css({
    background: theme.colors.background.secondary,
    borderLeft: `4px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 1.5),
  }),
  title: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  value: css({
    fontSize: theme.typography.h3.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
  }),
});
