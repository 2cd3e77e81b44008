import React, { useMemo } from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Badge, InteractiveTable, Stack, Text, TextLink, Tooltip, useStyles2, type Column } from '@grafana/ui';
import type { SloStatusRow } from '../../api/stewardClient';
import {
  alertTierText,
  describeExhaustion,
  formatBurnRate,
  formatFactor,
  formatPercent,
  groupKey,
  groupLabel,
  STATE_TEXT_COLOUR,
  windowLabel,
} from '../../slo/format';
import { appUrl, ROUTES } from '../../constants';
import { sloLink } from '../../slo/links';
import { formatMoment } from '../../slo/moment';
import { testIds } from '../../testIds';
import { BudgetBar } from './BudgetBar';
import { SloStateBadge } from './SloStateBadge';

export { sloLink };

/** The burn-rate windows the tables show: the long windows of the SRE Workbook's alert pairs. */
const TABLE_BURN_WINDOWS = ['1h', '6h', '1d', '3d'] as const;

interface Props {
  rows: SloStatusRow[];
  showService?: boolean;
  showOwner?: boolean;
  /** Rows per page; 0 shows every row. */
  pageSize?: number;
}

type Row = {
  id: string;
  row: SloStatusRow;
  /** Accessors of the sortable columns. */
  budget: number | null;
  slo: string;
  service: string;
  team: string;
  state: string;
};

/** The alert that watches a long window, and its factor, as the server generated it for this row. */
function thresholdOf(row: SloStatusRow, window: string) {
  return row.alertThresholds.find((t) => t.window === window);
}

/** Unknown budgets sort first: an SLO that cannot be computed needs a look as much as a spent one. */
const byBudget = (a: { original: Row }, b: { original: Row }) =>
  (a.original.budget ?? -Infinity) - (b.original.budget ?? -Infinity);

/**
 * SLO rows with budget remaining, burn rates over the Workbook's alert windows (marked when
 * over the alert threshold), time to exhaustion, state and firing alerts. Sorted by budget
 * remaining, lowest first.
 */
export function SloStatusTable({ rows, showService = true, showOwner = true, pageSize = 0 }: Props) {
  const styles = useStyles2(getStyles);
  const columns = useMemo<Array<Column<Row>>>(
    () => [
      {
        id: 'slo',
        header: 'SLO',
        minWidth: 200,
        sortType: 'alphanumeric',
        cell: ({ row: { original } }) => (
          <Stack direction="column" gap={0}>
            <span data-testid={testIds.sloTable.name}>
              <TextLink href={sloLink(original.row)} inline={false}>
                {original.row.title}
              </TextLink>
            </span>
            <Text variant="bodySmall" color="secondary">
              {original.row.slo}
              {Object.keys(original.row.group).length > 0 && ` · ${groupLabel(original.row.group)}`}
            </Text>
          </Stack>
        ),
      },
      ...(showService
        ? [
            {
              id: 'service',
              header: 'Service',
              sortType: 'alphanumeric' as const,
              cell: ({ row: { original } }: { row: { original: Row } }) => (
                <span className={styles.nowrap}>
                  <TextLink href={appUrl(ROUTES.Services, original.row.service)} inline={false}>
                    {original.row.serviceTitle ?? original.row.service}
                  </TextLink>
                </span>
              ),
            },
          ]
        : []),
      ...(showOwner
        ? [
            {
              id: 'team',
              header: 'Owner',
              sortType: 'alphanumeric' as const,
              cell: ({ row: { original } }: { row: { original: Row } }) =>
                original.row.team ? (
                  <TextLink href={appUrl(ROUTES.Teams, original.row.team)} inline={false}>
                    {original.row.team}
                  </TextLink>
                ) : (
                  <Text color="warning">no owner</Text>
                ),
            },
          ]
        : []),
      {
        id: 'objective',
        header: 'Objective',
        cell: ({ row: { original } }) => (
          <span className={styles.nowrap}>
            {original.row.objective.target}%{' '}
            <Text color="secondary" variant="bodySmall">
              / {windowLabel(original.row.objective.window)}
            </Text>
          </span>
        ),
      },
      {
        id: 'budget',
        header: () => <span className={styles.right}>Budget left</span>,
        sortType: byBudget,
        cell: ({ row: { original } }) => (
          <div className={styles.budget} data-testid={testIds.sloTable.budget}>
            <Text color={STATE_TEXT_COLOUR[original.row.state]} weight="medium">
              {formatPercent(original.row.budgetRemaining)}
            </Text>
            <BudgetBar remaining={original.row.budgetRemaining} state={original.row.state} />
          </div>
        ),
      },
      ...TABLE_BURN_WINDOWS.map((window): Column<Row> => ({
        id: `burn-${window}`,
        header: () => (
          <Tooltip
            content={`Burn rate over the last ${windowLabel(window)}: 1× spends the budget exactly over the SLO window`}
          >
            <span className={styles.right}>{window}</span>
          </Tooltip>
        ),
        cell: ({ row: { original } }) => {
          const rate = original.row.burnRates[window] ?? null;
          const threshold = thresholdOf(original.row, window);
          const over = threshold && rate !== null && rate > threshold.factor;
          const text = (
            <span
              className={cx(styles.number, over && (threshold.tier === 'page' ? styles.page : styles.ticket))}
              data-testid={testIds.sloTable.burnRate(window)}
            >
              {formatBurnRate(rate)}
            </span>
          );
          return over ? (
            <Tooltip content={`Above the ${threshold.tier} threshold of ${formatFactor(threshold.factor)}`}>
              {text}
            </Tooltip>
          ) : (
            text
          );
        },
      })),
      {
        id: 'exhaustion',
        header: () => <span className={styles.right}>Runs out</span>,
        cell: ({ row: { original } }) => (
          <span className={cx(styles.number, styles.secondary)}>{describeExhaustion(original.row, true)}</span>
        ),
      },
      {
        id: 'state',
        header: 'State',
        sortType: 'alphanumeric',
        cell: ({ row: { original } }) => (
          <Stack direction="column" gap={0.5}>
            {original.row.error ? (
              <Tooltip content={original.row.error}>
                <span>
                  <SloStateBadge state={original.row.state} testId={testIds.sloTable.state} />
                </span>
              </Tooltip>
            ) : (
              <SloStateBadge state={original.row.state} testId={testIds.sloTable.state} />
            )}
            {original.row.noDataSince !== undefined && (
              <Tooltip content={`No data since ${formatMoment(original.row.noDataSince)}`}>
                <span className={cx(styles.nowrap, styles.secondary)} data-testid={testIds.sloTable.noData}>
                  No data since {dateTimeFormat(original.row.noDataSince * 1000, { format: 'YYYY-MM-DD HH:mm' })}
                </span>
              </Tooltip>
            )}
          </Stack>
        ),
      },
      {
        id: 'alerts',
        header: 'Alerts',
        cell: ({ row: { original } }) => (
          <Stack gap={0.5} wrap="wrap" data-testid={testIds.sloTable.alerts}>
            {original.row.alerts.length === 0 ? (
              <Text color="secondary">—</Text>
            ) : (
              original.row.alerts.map((alert) => (
                <Tooltip key={`${alert.tier}-${alert.longWindow}`} content={alert.summary ?? alert.severity}>
                  <span>
                    <Badge
                      color={alert.state === 'firing' ? (alert.tier === 'page' ? 'red' : 'orange') : 'blue'}
                      icon={alert.state === 'firing' ? 'bell' : 'clock-nine'}
                      text={`${alertTierText(alert.tier)} ${alert.longWindow}`}
                    />
                  </span>
                </Tooltip>
              ))
            )}
          </Stack>
        ),
      },
    ],
    [showService, showOwner, styles]
  );
  const data = useMemo<Row[]>(
    () =>
      rows.map((row) => ({
        id: `${row.slo}/${row.objective.index}/${groupKey(row.group)}`,
        row,
        budget: row.budgetRemaining,
        slo: row.title,
        service: row.serviceTitle ?? row.service,
        team: row.team ?? '',
        state: row.state,
      })),
    [rows]
  );
  const initialSortBy = useMemo(() => [{ id: 'budget', desc: false }], []);
  return (
    <div data-testid={testIds.sloTable.table} className={styles.table}>
      <InteractiveTable
        columns={columns}
        data={data}
        getRowId={(r: Row) => r.id}
        initialSortBy={initialSortBy}
        pageSize={pageSize}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({ 'td, th': { verticalAlign: 'middle' } }),
  // Floated: a sortable header is a button whose text is followed by a no-break space.
  right: css({ float: 'right', textAlign: 'right' }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  number: css({
    display: 'block',
    textAlign: 'right',
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
  }),
  secondary: css({ color: theme.colors.text.secondary }),
  budget: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    gap: theme.spacing(0.5),
    minWidth: 88,
    fontVariantNumeric: 'tabular-nums',
  }),
  page: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  ticket: css({ color: theme.colors.warning.text, fontWeight: theme.typography.fontWeightMedium }),
});
