import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Badge,
  Combobox,
  InteractiveTable,
  RadioButtonGroup,
  Stack,
  Text,
  TextLink,
  useStyles2,
  type Column,
} from '@grafana/ui';
import type { SloStatusRow } from '../../api/stewardClient';
import { BudgetBar } from '../../components/Slo/BudgetBar';
import { SloStateBadge } from '../../components/Slo/SloStateBadge';
import {
  alertTierText,
  formatBurnRate,
  formatPercent,
  formatSli,
  groupKey,
  groupLabel,
  STATE_TEXT_COLOUR,
} from '../../slo/format';
import { testIds } from '../../testIds';

export function GroupsSection({
  rows,
  selected,
  onSelect,
}: {
  rows: SloStatusRow[];
  selected: SloStatusRow;
  onSelect: (group: Record<string, string>) => void;
}) {
  const styles = useStyles2(getStyles);
  const options = rows.map((r) => ({ value: groupKey(r.group), label: groupLabel(r.group) }));
  const pick = (key: string) => onSelect(rows.find((r) => groupKey(r.group) === key)?.group ?? {});
  type Row = { id: string; row: SloStatusRow; budget: number | null };
  const columns: Array<Column<Row>> = [
    {
      id: 'group',
      header: 'Group',
      cell: ({ row: { original } }) => (
        <Stack gap={1} alignItems="center">
          <TextLink
            href="#"
            inline={false}
            onClick={(e) => {
              e.preventDefault();
              onSelect(original.row.group);
            }}
          >
            {groupLabel(original.row.group)}
          </TextLink>
          {groupKey(original.row.group) === groupKey(selected.group) && <Badge color="blue" text="shown below" />}
        </Stack>
      ),
    },
    {
      id: 'budget',
      header: () => <span className={styles.right}>Budget left</span>,
      sortType: (a, b) => (a.original.budget ?? -Infinity) - (b.original.budget ?? -Infinity),
      cell: ({ row: { original } }) => (
        <div className={styles.budgetCell}>
          <Text color={STATE_TEXT_COLOUR[original.row.state]}>{formatPercent(original.row.budgetRemaining)}</Text>
          <BudgetBar remaining={original.row.budgetRemaining} state={original.row.state} />
        </div>
      ),
    },
    {
      id: 'sli',
      header: () => <span className={styles.right}>SLI</span>,
      cell: ({ row: { original } }) => (
        <span className={styles.number}>{formatSli(original.row.sli, original.row.objective.target)}</span>
      ),
    },
    {
      id: 'burn',
      header: () => <span className={styles.right}>Burn 1h</span>,
      cell: ({ row: { original } }) => (
        <span className={styles.number}>{formatBurnRate(original.row.burnRates['1h'])}</span>
      ),
    },
    { id: 'state', header: 'State', cell: ({ row: { original } }) => <SloStateBadge state={original.row.state} /> },
    {
      id: 'alerts',
      header: 'Alerts',
      cell: ({ row: { original } }) =>
        original.row.alerts.length ? (
          <Text color="warning">
            {original.row.alerts.map((a) => `${alertTierText(a.tier)} ${a.longWindow}`).join(', ')}
          </Text>
        ) : (
          <Text color="secondary">—</Text>
        ),
    },
  ];
  const data = rows.map((row) => ({ id: groupKey(row.group), row, budget: row.budgetRemaining }));
  return (
    <section>
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Text element="h3">Groups ({rows.length})</Text>
        <Stack gap={1} alignItems="center">
          <Text color="secondary">Showing</Text>
          <div data-testid={testIds.slo.groupPicker}>
            {rows.length <= 6 ? (
              <RadioButtonGroup options={options} value={groupKey(selected.group)} onChange={pick} />
            ) : (
              <Combobox
                width={40}
                options={options}
                value={groupKey(selected.group)}
                onChange={(o) => o && pick(o.value)}
              />
            )}
          </div>
        </Stack>
      </Stack>
      <div data-testid={testIds.slo.groups}>
        <InteractiveTable
          columns={columns}
          data={data}
          getRowId={(r: Row) => r.id}
          initialSortBy={[{ id: 'budget', desc: false }]}
        />
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Floated: a sortable header is a button whose text is followed by a no-break space.
  right: css({ float: 'right', textAlign: 'right' }),
  number: css({ display: 'block', textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
  budgetCell: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    gap: theme.spacing(0.5),
    fontVariantNumeric: 'tabular-nums',
  }),
});
