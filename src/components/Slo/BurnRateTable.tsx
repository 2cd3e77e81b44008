import React, { useMemo } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, InteractiveTable, Stack, Text, Tooltip, useStyles2, type Column } from '@grafana/ui';
import type { SloAlert } from '../../api/stewardClient';
import { conditionState, exceeds, isWorkbookTier, type BurnCondition } from '../../slo/alerting';
import { formatBurnRate, formatFactor, formatPercent, windowLabel } from '../../slo/format';

interface Props {
  conditions: BurnCondition[];
  burnRates: Record<string, number | null>;
  alerts: SloAlert[];
  testId?: string;
}

type Row = { id: string; condition: BurnCondition };

const STATUS = {
  firing: { text: 'both windows over', color: 'red' as const, icon: 'fire' as const },
  long: { text: 'long window over', color: 'orange' as const, icon: 'arrow-down' as const },
  short: { text: 'short window over', color: 'orange' as const, icon: 'arrow-up' as const },
  ok: { text: 'under', color: 'green' as const, icon: 'check' as const },
  unknown: { text: 'no data', color: 'darkgrey' as const, icon: 'question-circle' as const },
};

/**
 * The multiwindow burn-rate alert conditions of the SLO (SRE Workbook page and ticket pairs,
 * scaled to the SLO window, and its own), with the current burn rate of each window, marked
 * where it is over the threshold, and whether Prometheus has the alert active.
 */
export function BurnRateTable({ conditions, burnRates, alerts, testId }: Props) {
  const styles = useStyles2(getStyles);
  const columns = useMemo<Array<Column<Row>>>(() => {
    const rate = (window: string | undefined, factor: number, which: 'long' | 'short') => {
      if (!window) {
        return <Text color="secondary">—</Text>;
      }
      const value = burnRates[window];
      const over = exceeds(value, factor);
      return (
        <span className={styles.number}>
          <Text color="secondary" variant="bodySmall">
            {window}{' '}
          </Text>
          <span className={cx(over && styles.over)} data-window={which} data-over={over ? 'true' : 'false'}>
            {formatBurnRate(value)}
          </span>
        </span>
      );
    };
    return [
      {
        id: 'alert',
        header: 'Alert',
        cell: ({ row: { original } }) => (
          <Stack gap={1} alignItems="center">
            <Badge
              color={
                original.condition.tier === 'page' ? 'red' : original.condition.tier === 'ticket' ? 'orange' : 'purple'
              }
              text={original.condition.tier}
            />
            <Text color="secondary" variant="bodySmall">
              {original.condition.severity}
            </Text>
          </Stack>
        ),
      },
      {
        id: 'share',
        header: 'Meaning',
        cell: ({ row: { original } }) => (
          <Text color="secondary">
            {formatPercent(original.condition.budgetShare, original.condition.budgetShare < 0.01 ? 2 : 0)} of the budget
            in {windowLabel(original.condition.longWindow)}
            {isWorkbookTier(original.condition) ? '' : ' (own condition)'}
          </Text>
        ),
      },
      {
        id: 'factor',
        header: () => <span className={styles.right}>Threshold</span>,
        cell: ({ row: { original } }) => (
          <span className={styles.number} data-threshold={original.condition.factor}>
            {formatFactor(original.condition.factor)}
          </span>
        ),
      },
      {
        id: 'long',
        header: () => <span className={styles.right}>Long window</span>,
        cell: ({ row: { original } }) => rate(original.condition.longWindow, original.condition.factor, 'long'),
      },
      {
        id: 'short',
        header: () => <span className={styles.right}>Short window</span>,
        cell: ({ row: { original } }) => rate(original.condition.shortWindow, original.condition.factor, 'short'),
      },
      {
        id: 'status',
        header: 'Now',
        cell: ({ row: { original } }) => {
          const state = STATUS[conditionState(original.condition, burnRates)];
          const active = alerts.find(
            (a) => a.tier === original.condition.tier && a.longWindow === original.condition.longWindow
          );
          return (
            <Stack gap={0.5} alignItems="center">
              <Badge color={state.color} icon={state.icon} text={state.text} />
              {active && (
                <Tooltip content={active.summary ?? ''}>
                  <span>
                    <Badge
                      color={active.state === 'firing' ? 'red' : 'blue'}
                      icon="bell"
                      text={active.state === 'firing' ? 'alert firing' : 'alert pending'}
                    />
                  </span>
                </Tooltip>
              )}
            </Stack>
          );
        },
      },
    ];
  }, [burnRates, alerts, styles]);
  const data = useMemo(
    () => conditions.map((condition) => ({ id: `${condition.tier}-${condition.longWindow}`, condition })),
    [conditions]
  );
  return (
    <div data-testid={testId}>
      <InteractiveTable columns={columns} data={data} getRowId={(r: Row) => r.id} />
    </div>
  );
}

/** Every window the server reports a burn rate for, marked where an alert condition is exceeded. */
export function BurnRateWindows({
  burnRates,
  conditions,
  windowName,
}: {
  burnRates: Record<string, number | null>;
  conditions: BurnCondition[];
  windowName: string;
}) {
  const styles = useStyles2(getStyles);
  const windows = Object.keys(burnRates).filter((w) => w !== 'window');
  return (
    <div className={styles.windows}>
      {[...windows, 'window'].map((window) => {
        const value = burnRates[window] ?? null;
        const watching = conditions.filter((c) => c.longWindow === window || c.shortWindow === window);
        const over = watching.filter((c) => exceeds(value, c.factor));
        return (
          <div key={window} className={styles.window}>
            <Text color="secondary" variant="bodySmall">
              {window === 'window' ? `whole ${windowName}` : window}
            </Text>
            <span
              className={cx(
                styles.windowValue,
                over.some((c) => c.tier === 'page') ? styles.over : over.length > 0 && styles.overTicket
              )}
            >
              {formatBurnRate(value)}
            </span>
          </div>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  right: css({ display: 'block', textAlign: 'right' }),
  number: css({
    display: 'block',
    textAlign: 'right',
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  }),
  over: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightBold }),
  overTicket: css({ color: theme.colors.warning.text, fontWeight: theme.typography.fontWeightBold }),
  windows: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(96px, 1fr))',
    gap: theme.spacing(1),
  }),
  window: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  windowValue: css({ fontSize: theme.typography.h4.fontSize, fontVariantNumeric: 'tabular-nums' }),
});
