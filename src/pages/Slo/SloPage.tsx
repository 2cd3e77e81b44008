import React, { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Badge,
  Button,
  Card,
  Combobox,
  Icon,
  InteractiveTable,
  RadioButtonGroup,
  Stack,
  Text,
  TextLink,
  useStyles2,
  type Column,
} from '@grafana/ui';
import type { ApiSlo, ServiceOverview, SloAlert, SloStatusRow } from '../../api/stewardClient';
import { OnCallNow } from '../../components/OnCallCard/OnCallCard';
import { PageState } from '../../components/PageState/PageState';
import { RunbookList } from '../../components/RunbookList/RunbookList';
import { BudgetBar } from '../../components/Slo/BudgetBar';
import { BurnRateTable, BurnRateWindows } from '../../components/Slo/BurnRateTable';
import { SloStateBadge } from '../../components/Slo/SloStateBadge';
import { StatBox } from '../../components/Slo/StatBox';
import { EntryActions } from '../../components/EntryActions/EntryActions';
import { appUrl, ROUTES } from '../../constants';
import { useSloDetails } from '../../hooks/useSlos';
import { useCanEdit } from '../../hooks/useStewardClient';
import type { BurnCondition } from '../../slo/alerting';
import {
  describeExhaustion,
  describeHistory,
  formatBurnRate,
  formatCount,
  formatFactor,
  formatPercent,
  formatSli,
  groupKey,
  groupLabel,
  humanDuration,
  objectiveLabel,
  STATE_TEXT_COLOUR,
  windowLabel,
  windowSeconds,
  escalationText,
} from '../../slo/format';
import { describeSli } from '../../slo/sli';
import { testIds } from '../../testIds';
import { BurndownPanel, BurnRatePanel } from './SloCharts';

type Details = NonNullable<ReturnType<typeof useSloDetails>['value']>;

/** One SLO: what it measures, who owns it, its budget and burn, and the alerts on it. */
function SloPage() {
  const { name = '' } = useParams();
  const details = useSloDetails(name);
  const title = details.value?.definition.item.entity.metadata.title ?? name;
  return (
    <PluginPage pageNav={{ text: title, parentItem: { text: 'SLOs', url: appUrl(ROUTES.Slos) } }}>
      <div data-testid={testIds.slo.container}>
        <PageState state={details} what={`SLO ${name}`}>
          {(value) => <SloDetails details={value} onRetry={details.retry} />}
        </PageState>
      </div>
    </PluginPage>
  );
}

/** The objective and group the page shows, kept in the URL (`objective=1`, `group.route=/cart`). */
function useSelection(rows: SloStatusRow[]) {
  const [search, setSearch] = useSearchParams();
  const objective = Number(search.get('objective') ?? 0) || 0;
  const wanted: Record<string, string> = {};
  search.forEach((value, key) => {
    if (key.startsWith('group.')) {
      wanted[key.slice('group.'.length)] = value;
    }
  });
  const objectiveRows = rows.filter((r) => r.objective.index === objective);
  const worst = [...objectiveRows].sort(
    (a, b) => (a.budgetRemaining ?? -Infinity) - (b.budgetRemaining ?? -Infinity)
  )[0];
  const row =
    Object.keys(wanted).length > 0
      ? (objectiveRows.find((r) => groupKey(r.group) === groupKey(wanted)) ?? worst)
      : worst;
  const select = (next: { objective?: number; group?: Record<string, string> }) => {
    const params = new URLSearchParams();
    const index = next.objective ?? objective;
    if (index > 0) {
      params.set('objective', String(index));
    }
    for (const [label, value] of Object.entries(next.group ?? row?.group ?? {})) {
      params.set(`group.${label}`, value);
    }
    setSearch(params, { replace: true });
  };
  return { objective, objectiveRows, row, select };
}

function SloDetails({ details, onRetry }: { details: Details; onRetry: () => void }) {
  const styles = useStyles2(getStyles);
  const canEdit = useCanEdit();
  const { definition, status, overview } = details;
  const slo = definition.item;
  const { metadata, spec } = slo.entity;
  const rows = useMemo(() => status.value?.rows ?? [], [status.value]);
  const { objective, objectiveRows, row, select } = useSelection(rows);
  const conditions = useMemo(() => status.value?.alerting ?? [], [status.value]);
  const objectiveSpec = spec.objectives[objective] ?? spec.objectives[0]!;
  const windowName = windowLabel(objectiveSpec.window ?? '30d');
  const grouped = (spec.groupBy?.length ?? 0) > 0;

  return (
    <Stack direction="column" gap={3}>
      <Stack justifyContent="space-between" alignItems="flex-start" wrap="wrap">
        <Stack direction="column" gap={1}>
          {metadata.description && <Text>{metadata.description}</Text>}
          <Stack gap={1} alignItems="center" wrap="wrap">
            {row && <SloStateBadge state={row.state} />}
            <Badge color="blue" icon="crosshair" text={objectiveLabel(spec.objectives[0]!)} />
            {grouped && <Badge color="purple" icon="layer-group" text={`one budget per ${spec.groupBy!.join(', ')}`} />}
            {spec.alerting?.enabled === false && <Badge color="darkgrey" icon="bell-slash" text="alerting off" />}
            <Text color="secondary" variant="bodySmall">
              <code>{metadata.name}</code>
            </Text>
          </Stack>
        </Stack>
        <EntryActions
          entry={slo}
          canEdit={canEdit}
          editHref={appUrl(ROUTES.Slos, metadata.name, 'edit')}
          sourceTestId={testIds.slo.source}
          editTestId={testIds.slo.edit}
        />
      </Stack>

      {status.error && (
        <Alert title="Could not load the SLO’s status" severity="error" data-testid={testIds.slo.error}>
          {status.error.message}
        </Alert>
      )}
      {status.value && rows.length === 0 && (
        <Alert title="No status yet" severity="info">
          <Stack direction="column" gap={1} alignItems="flex-start">
            <span>
              steward-server has not computed this SLO yet: a new SLO is taken up within seconds, and its first status
              follows with the next computation (statuses are cached briefly).
            </span>
            <Button size="sm" variant="secondary" icon="sync" onClick={onRetry}>
              Check again
            </Button>
          </Stack>
        </Alert>
      )}

      <div className={styles.cards}>
        <OwnershipCard service={spec.service} overview={overview} />
        <Card data-testid={testIds.slo.runbooks}>
          <Card.Heading>Runbooks</Card.Heading>
          <Card.Description>
            {overview.value ? (
              <RunbookList runbooks={overview.value.service.entity.spec.runbooks} />
            ) : (
              <Text color="secondary">Unknown: the service could not be loaded.</Text>
            )}
          </Card.Description>
        </Card>
        <ObjectivesCard slo={slo} />
      </div>

      {spec.objectives.length > 1 && (
        <Stack gap={1} alignItems="center">
          <Text color="secondary">Objective</Text>
          <div data-testid={testIds.slo.objectivePicker}>
            <RadioButtonGroup
              options={spec.objectives.map((o, index) => ({ value: index, label: objectiveLabel(o) }))}
              value={objective}
              onChange={(index) => select({ objective: index, group: {} })}
            />
          </div>
        </Stack>
      )}

      {grouped && objectiveRows.length > 0 && row && (
        <GroupsSection rows={objectiveRows} selected={row} onSelect={(group) => select({ group })} />
      )}

      {row && <RowDetails row={row} windowName={windowName} conditions={objective === 0 ? conditions : []} />}

      {rows.length > 0 && (
        <div className={styles.charts}>
          <BurndownPanel slo={metadata.name} objective={objective} windowName={windowName} />
          <BurnRatePanel slo={metadata.name} objective={objective} conditions={conditions} />
        </div>
      )}

      {row && (
        <section>
          <Text element="h3">Burn rates and alert thresholds</Text>
          <Text color="secondary" element="p">
            Multiwindow burn-rate alerts (SRE Workbook): an alert fires when both its long and its short window burn
            faster than its threshold. Thresholds are the share of the budget spent within the long window, scaled to
            the {windowLabel(spec.objectives[0]!.window ?? '30d')} window
            {objective > 0 ? '; they watch the first objective only' : ''}.
          </Text>
          <Stack direction="column" gap={2}>
            <BurnRateWindows
              burnRates={row.burnRates}
              conditions={objective === 0 ? conditions : []}
              windowName={windowName}
            />
            {objective === 0 && conditions.length > 0 ? (
              <BurnRateTable
                conditions={conditions}
                burnRates={row.burnRates}
                alerts={row.alerts}
                testId={testIds.slo.burnRates}
              />
            ) : (
              <Text color="secondary" data-testid={testIds.slo.burnRates}>
                {spec.alerting?.enabled === false
                  ? 'Alerting is switched off for this SLO.'
                  : 'Alerts follow the first objective.'}
              </Text>
            )}
          </Stack>
        </section>
      )}

      <SliCard slo={slo} />
    </Stack>
  );
}

function OwnershipCard({ service, overview }: { service: string; overview: Details['overview'] }) {
  const owner = overview.value?.owner;
  const serviceTitle = overview.value?.service.entity.metadata.title ?? service;
  return (
    <Card data-testid={testIds.slo.ownership}>
      <Card.Heading>Ownership</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1}>
          <Text>
            Service{' '}
            <span data-testid={testIds.slo.service}>
              <TextLink href={appUrl(ROUTES.Services, service)} inline>
                {serviceTitle}
              </TextLink>
            </span>
          </Text>
          {overview.error && <Text color="error">{overview.error.message}</Text>}
          {overview.value && !owner && (
            <Text color="error">Owner team “{overview.value.service.entity.spec.owner}” does not exist.</Text>
          )}
          {owner && (
            <>
              <Text>
                Owned by{' '}
                <span data-testid={testIds.slo.owner}>
                  <TextLink href={appUrl(ROUTES.Teams, owner.team.entity.metadata.name)} inline>
                    {owner.team.entity.metadata.title ?? owner.team.entity.metadata.name}
                  </TextLink>
                </span>
              </Text>
              <div data-testid={testIds.slo.onCall}>
                <OnCallNow onCall={owner.onCall} />
              </div>
              <EscalationLine overview={overview.value!} />
            </>
          )}
        </Stack>
      </Card.Description>
    </Card>
  );
}

function EscalationLine({ overview }: { overview: ServiceOverview }) {
  const spec = overview.owner?.team.entity.spec;
  if (!spec?.escalation?.length && !spec?.contacts?.chat) {
    return null;
  }
  return (
    <Stack direction="column" gap={0.5}>
      {spec.contacts?.chat && <Text color="secondary">Chat: {spec.contacts.chat.channel}</Text>}
      {spec.escalation?.length ? <Text color="secondary">Escalation: {escalationText(spec)}</Text> : null}
    </Stack>
  );
}

function ObjectivesCard({ slo }: { slo: ApiSlo }) {
  const { spec } = slo.entity;
  const policy = spec.budgetPolicy;
  return (
    <Card data-testid={testIds.slo.objectives}>
      <Card.Heading>Objectives</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1}>
          {spec.objectives.map((o, index) => (
            <Stack key={index} gap={1} alignItems="center" wrap="wrap">
              <Text weight="medium">{o.target}%</Text>
              <Text color="secondary">
                of events good over{' '}
                {o.window === 'month'
                  ? `the calendar month (${o.timeZone ?? 'UTC'})`
                  : `a rolling ${windowLabel(o.window ?? '30d')}`}
              </Text>
              {o.displayName && <Badge color="blue" text={o.displayName} />}
              {index === 0 && spec.objectives.length > 1 && <Badge color="darkgrey" text="alerts and gates" />}
            </Stack>
          ))}
          <Text color="secondary" variant="bodySmall">
            Error budget: {formatPercent(1 - spec.objectives[0]!.target / 100, 2)} of events may fail — as much as{' '}
            {humanDuration(
              ((100 - spec.objectives[0]!.target) / 100) * windowSeconds(spec.objectives[0]!.window ?? '30d')
            )}{' '}
            of full outage per {windowLabel(spec.objectives[0]!.window ?? '30d')}.
          </Text>
          {policy && (
            <Text color="secondary" variant="bodySmall">
              Release gate: deploys freeze at {policy.freezeBelow ?? 0}% budget left or less
              {policy.exempt?.length ? `, except ${policy.exempt.join(', ')}` : ', except fix and revert'}
              {policy.whenUnknown === 'deny' ? '; refused while the budget is unknown' : ''}.
            </Text>
          )}
        </Stack>
      </Card.Description>
    </Card>
  );
}

function SliCard({ slo }: { slo: ApiSlo }) {
  const styles = useStyles2(getStyles);
  const sli = useMemo(() => describeSli(slo.entity.spec), [slo]);
  return (
    <Card data-testid={testIds.slo.sli}>
      <Card.Heading>Indicator</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1.5}>
          <Text>{sli.summary}</Text>
          <div className={styles.queries}>
            {sli.definition.map((q) => (
              <React.Fragment key={q.label}>
                <Text color="secondary">{q.label}</Text>
                <code className={styles.code}>{q.promql}</code>
              </React.Fragment>
            ))}
            {sli.expression && (
              <>
                <Text color="secondary">SLI over a window</Text>
                <code className={styles.code}>{sli.expression}</code>
              </>
            )}
          </div>
        </Stack>
      </Card.Description>
    </Card>
  );
}

function GroupsSection({
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
          <Text color="warning">{original.row.alerts.map((a) => `${a.tier} ${a.longWindow}`).join(', ')}</Text>
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

function RowDetails({
  row,
  windowName,
  conditions,
}: {
  row: SloStatusRow;
  windowName: string;
  conditions: BurnCondition[];
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
                    ? 'cannot be computed now'
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
      <AlertsSection alerts={row.alerts} conditions={conditions} />
    </Stack>
  );
}

function HistoryNote({ row }: { row: SloStatusRow }) {
  const text = describeHistory(row.history, (s) => dateTimeFormat(s * 1000));
  if (row.history.source === 'raw') {
    return (
      <Alert title="Not from recorded history yet" severity="info" data-testid={testIds.slo.history}>
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

function AlertsSection({ alerts, conditions }: { alerts: SloAlert[]; conditions: BurnCondition[] }) {
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
    { id: 'tier', header: 'Tier', cell: ({ row: { original } }) => original.alert.tier },
    {
      id: 'window',
      header: 'Window',
      cell: ({ row: { original } }) => {
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
        <Text color="secondary">No alert is firing or pending.</Text>
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

export default SloPage;

const getStyles = (theme: GrafanaTheme2) => ({
  cards: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: theme.spacing(2) }),
  charts: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(480px, 1fr))', gap: theme.spacing(2) }),
  stats: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(240px, 1.4fr) repeat(auto-fit, minmax(160px, 1fr))',
    gap: theme.spacing(2),
  }),
  budgetBox: css({ gridRow: 'span 1' }),
  queries: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(1, 2),
    alignItems: 'baseline',
  }),
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  nowrap: css({ whiteSpace: 'nowrap' }),
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
