import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, Stack, Text, useStyles2 } from '@grafana/ui';
import type { SloStatusRow } from '../../api/stewardClient';
import { BudgetBar } from '../../components/Slo/BudgetBar';
import { StatBox } from '../../components/Slo/StatBox';
import type { BurnCondition } from '../../slo/alerting';
import {
  describeExhaustion,
  describeHistory,
  formatBurnRate,
  formatCount,
  formatPercent,
  formatSli,
  groupLabel,
  humanDuration,
  objectiveLabel,
  STATE_TEXT_COLOUR,
  windowLabel,
} from '../../slo/format';
import { formatMoment } from '../../slo/moment';
import { testIds } from '../../testIds';
import { AlertsSection } from './AlertsSection';

export function RowDetails({
  row,
  windowName,
  conditions,
  past = false,
}: {
  row: SloStatusRow;
  windowName: string;
  conditions: BurnCondition[];
  /** The row is for a past moment (`?at=`). */
  past?: boolean;
}) {
  const styles = useStyles2(getStyles);
  const tone = STATE_TEXT_COLOUR[row.state];
  const grouped = Object.keys(row.group).length > 0;
  return (
    <Stack direction="column" gap={2}>
      {row.error && (
        <Alert title="This SLO could not be computed" severity="error" data-testid={testIds.slo.error}>
          {row.error}
        </Alert>
      )}
      {row.warnings.length > 0 && (
        <Alert title="Warnings" severity="warning" data-testid={testIds.slo.warnings}>
          <ul className={styles.list}>
            {row.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Text element="h3">
          {objectiveLabel(row.objective)}
          {grouped ? ` · ${groupLabel(row.group)}` : ''}
        </Text>
        <Text color="secondary" variant="bodySmall">
          {row.objective.window === 'month'
            ? `calendar month so far: ${windowLabel(`${Math.floor(row.objective.windowSeconds / 86_400)}d`)}`
            : `rolling ${windowName}`}
        </Text>
      </Stack>
      {/* The exact span counted, so numbers read against a dashboard's range can be checked. */}
      <Text color="secondary" variant="bodySmall" data-testid={testIds.slo.window}>
        Window: {formatMoment(row.window.from)} → {formatMoment(row.window.to)}
      </Text>
      {row.noDataSince !== undefined && <NoDataAlert row={row} noDataSince={row.noDataSince} />}
      <div className={styles.stats}>
        <div className={styles.budgetBox}>
          <StatBox
            size="large"
            label="Error budget remaining"
            value={formatPercent(row.budgetRemaining)}
            tone={tone}
            testId={testIds.slo.budget}
            note={
              <Stack direction="column" gap={0.5}>
                <BudgetBar remaining={row.budgetRemaining} state={row.state} />
                <span>
                  {row.budgetRemaining === null
                    ? 'cannot be computed'
                    : row.budgetRemaining <= 0
                      ? 'spent: the objective is missed over this window'
                      : `of the ${formatPercent(1 - row.objective.target / 100, 2)} of events allowed to fail`}
                </span>
              </Stack>
            }
          />
        </div>
        <StatBox
          label="Budget runs out"
          value={describeExhaustion(row)}
          tone={
            row.timeToExhaustionSeconds !== null && row.timeToExhaustionSeconds < 86_400 * 3 ? 'warning' : undefined
          }
          note="at the last hour’s burn rate"
          testId={testIds.slo.exhaustion}
        />
        <StatBox
          label="SLI"
          value={formatSli(row.sli, row.objective.target)}
          tone={row.sli !== null && row.sli * 100 < row.objective.target ? 'error' : undefined}
          note={`target ${row.objective.target}%`}
          testId={testIds.slo.sliValue}
        />
        <StatBox
          label="Burn rate, whole window"
          value={formatBurnRate(row.burnRates.window)}
          note={`last hour ${formatBurnRate(row.burnRates['1h'])}`}
        />
        <StatBox
          label="Bad events"
          value={row.events ? formatCount(row.events.bad) : '—'}
          note={row.events ? `of ${formatCount(row.events.total)} in the window` : 'no events counted'}
        />
      </div>
      <HistoryNote row={row} />
      <AlertsSection alerts={row.alerts} conditions={conditions} past={past} />
    </Stack>
  );
}

/**
 * Silence is not success: series that stopped reporting leave a budget that looks healthy only
 * because nothing is counted. Said above the numbers, with since when.
 */
function NoDataAlert({ row, noDataSince }: { row: SloStatusRow; noDataSince: number }) {
  return (
    <Alert title={`No data since ${formatMoment(noDataSince)}`} severity="warning" data-testid={testIds.slo.noData}>
      The SLO’s series have had no samples for {humanDuration(row.window.to - noDataSince)} up to the moment shown. The
      numbers below count only the events before that, so they say nothing about the service since; the no-data alert
      fires once the silence outlasts its grace period.
    </Alert>
  );
}

function HistoryNote({ row }: { row: SloStatusRow }) {
  const text = describeHistory(row.history, (s) => dateTimeFormat(s * 1000), row.window.to);
  if (row.history.source === 'raw') {
    return (
      <Alert
        title={
          row.window.to < (row.history.coveredFrom ?? -Infinity)
            ? 'Before recorded history'
            : 'Not from recorded history yet'
        }
        severity="info"
        data-testid={testIds.slo.history}
      >
        {text}
      </Alert>
    );
  }
  return (
    <Stack gap={1} alignItems="center">
      <Icon name="database" />
      <Text color="secondary" variant="bodySmall" data-testid={testIds.slo.history}>
        {text} Revision {row.history.revision}.
      </Text>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  stats: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(240px, 1.4fr) repeat(auto-fit, minmax(160px, 1fr))',
    gap: theme.spacing(2),
  }),
  budgetBox: css({ gridRow: 'span 1' }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
