import React, { useMemo } from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, Button, Card, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import { EntryActions } from '../../components/EntryActions/EntryActions';
import { PageState } from '../../components/PageState/PageState';
import { RunbookList } from '../../components/RunbookList/RunbookList';
import { SloStateBadge } from '../../components/Slo/SloStateBadge';
import { appUrl, ROUTES } from '../../constants';
import { useSloDetails } from '../../hooks/useSlos';
import { useCanEdit } from '../../hooks/useStewardClient';
import { objectiveLabel, windowLabel } from '../../slo/format';
import { testIds } from '../../testIds';
import { BurnRatesSection } from './BurnRatesSection';
import { ObjectivesCard, SliCard } from './DefinitionCards';
import { GroupsSection } from './GroupsSection';
import { OwnershipCard } from './OwnershipCard';
import { RowDetails } from './RowDetails';
import { BurndownPanel, BurnRatePanel } from './SloCharts';
import { MomentBanner } from './MomentBanner';
import { useSloMoment } from './useSloMoment';
import { useSloSelection } from './useSloSelection';

type Details = NonNullable<ReturnType<typeof useSloDetails>['value']>;

/**
 * One SLO: what it measures, who owns it, its budget and burn, and the alerts on it; now, or at
 * a past moment (`?at=`).
 */
function SloPage() {
  const { name = '' } = useParams();
  const moment = useSloMoment();
  const details = useSloDetails(name, moment.at);
  const title = details.value?.definition.item.entity.metadata.title ?? name;
  return (
    <PluginPage pageNav={{ text: title, parentItem: { text: 'SLOs', url: appUrl(ROUTES.Slos) } }}>
      <div data-testid={testIds.slo.container}>
        <Stack direction="column" gap={2}>
          <MomentBanner moment={moment} />
          {/* A moment that is not a time is not replaced by the present: the banner says why. */}
          {!moment.error && (
            <PageState state={details} what={`SLO ${name}`}>
              {(value) => <SloDetails details={value} at={moment.at} onRetry={details.retry} />}
            </PageState>
          )}
        </Stack>
      </div>
    </PluginPage>
  );
}

function SloDetails({ details, at, onRetry }: { details: Details; at?: number; onRetry: () => void }) {
  const styles = useStyles2(getStyles);
  const canEdit = useCanEdit();
  const { definition, status, overview } = details;
  const slo = definition.item;
  const { metadata, spec } = slo.entity;
  const rows = useMemo(() => status.value?.rows ?? [], [status.value]);
  const { objective, objectiveRows, row, select } = useSloSelection(rows);
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

      {row && (
        <RowDetails
          row={row}
          windowName={windowName}
          conditions={objective === 0 ? conditions : []}
          past={at !== undefined}
        />
      )}

      {rows.length > 0 && (
        <div className={styles.charts}>
          <BurndownPanel slo={metadata.name} objective={objective} windowName={windowName} at={at} />
          <BurnRatePanel slo={metadata.name} objective={objective} conditions={conditions} at={at} />
        </div>
      )}

      {row && (
        <BurnRatesSection
          row={row}
          objective={objective}
          conditions={conditions}
          windowName={windowName}
          alertingWindow={spec.objectives[0]!.window ?? '30d'}
          alertingOff={spec.alerting?.enabled === false}
        />
      )}

      <SliCard slo={slo} />
    </Stack>
  );
}

export default SloPage;

const getStyles = (theme: GrafanaTheme2) => ({
  cards: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: theme.spacing(2) }),
  charts: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(480px, 1fr))', gap: theme.spacing(2) }),
});
