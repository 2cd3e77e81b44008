import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import { Badge, InteractiveTable, Text, useStyles2, type Column } from '@grafana/ui';
import type { SloAlert } from '../../api/stewardClient';
import type { BurnCondition } from '../../slo/alerting';
import { alertTierText, formatFactor, NO_DATA_TIER } from '../../slo/format';
import { testIds } from '../../testIds';

export function AlertsSection({
  alerts,
  conditions,
  past,
}: {
  alerts: SloAlert[];
  conditions: BurnCondition[];
  /** At a past moment steward-server lists no alerts: Prometheus knows only which fire now. */
  past: boolean;
}) {
  const styles = useStyles2(getStyles);
  type Row = { id: string; alert: SloAlert };
  const columns: Array<Column<Row>> = [
    {
      id: 'severity',
      header: 'Severity',
      cell: ({ row: { original } }) => (
        <Badge
          color={original.alert.state === 'firing' ? (original.alert.tier === 'page' ? 'red' : 'orange') : 'blue'}
          icon="bell"
          text={original.alert.severity}
        />
      ),
    },
    { id: 'tier', header: 'Tier', cell: ({ row: { original } }) => alertTierText(original.alert.tier) },
    {
      id: 'window',
      header: 'Window',
      cell: ({ row: { original } }) => {
        if (original.alert.tier === NO_DATA_TIER) {
          // Its long window is the grace period the series may stay silent.
          return <span className={styles.nowrap}>no samples for {original.alert.longWindow}</span>;
        }
        const condition = conditions.find(
          (c) => c.tier === original.alert.tier && c.longWindow === original.alert.longWindow
        );
        return (
          <span className={styles.nowrap}>
            {original.alert.longWindow}
            {condition?.shortWindow ? ` + ${condition.shortWindow}` : ''}
            {condition ? ` over ${formatFactor(condition.factor)}` : ''}
          </span>
        );
      },
    },
    { id: 'state', header: 'State', cell: ({ row: { original } }) => original.alert.state },
    {
      id: 'since',
      header: 'Since',
      cell: ({ row: { original } }) =>
        original.alert.since ? (
          <span className={styles.nowrap}>
            {dateTimeFormat(original.alert.since)}{' '}
            <Text color="secondary" variant="bodySmall">
              ({dateTimeFormatTimeAgo(original.alert.since)})
            </Text>
          </span>
        ) : (
          '—'
        ),
    },
    { id: 'summary', header: 'Summary', cell: ({ row: { original } }) => original.alert.summary ?? '' },
  ];
  return (
    <section data-testid={testIds.slo.alerts}>
      <Text element="h4">Active alerts ({alerts.length})</Text>
      {alerts.length === 0 ? (
        <Text color="secondary">
          {past
            ? 'Alerts are known only for the present: none are listed for a past moment.'
            : 'No alert is firing or pending.'}
        </Text>
      ) : (
        <InteractiveTable
          columns={columns}
          data={alerts.map((alert) => ({ id: `${alert.tier}-${alert.longWindow}-${alert.state}`, alert }))}
          getRowId={(r: Row) => r.id}
        />
      )}
    </section>
  );
}

const getStyles = () => ({
  nowrap: css({ whiteSpace: 'nowrap' }),
});
