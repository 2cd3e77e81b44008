import React, { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Button, FilterPill, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { SloState, SloStatusPage } from '../../api/stewardClient';
import { PageState } from '../../components/PageState/PageState';
import { SloStatusTable } from '../../components/Slo/SloStatusTable';
import { StatBox } from '../../components/Slo/StatBox';
import { TeamPicker } from '../../components/TeamPicker/TeamPicker';
import { appUrl, ROUTES } from '../../constants';
import { useSloStatus } from '../../hooks/useSlos';
import { useCanEdit } from '../../hooks/useStewardClient';
import { formatPercent, STATE_TEXT } from '../../slo/format';
import { testIds } from '../../testIds';

const STATES: SloState[] = ['ok', 'burning', 'exhausted', 'no-data', 'error'];

/**
 * Every SLO's primary objective (the one that alerts and gates), per group, lowest budget first;
 * filtered by owning team (with the teams below it) and by state, both kept in the URL.
 */
function SlosPage() {
  const [search, setSearch] = useSearchParams();
  const team = search.get('team') ?? undefined;
  const states = search.getAll('state').filter((s): s is SloState => (STATES as string[]).includes(s));
  const status = useSloStatus({ team: team ? [team] : undefined, includeSubteams: true, primary: true });
  const canEdit = useCanEdit();
  const update = (changes: { team?: string | null; states?: SloState[] }) => {
    const next = new URLSearchParams(search);
    if (changes.team !== undefined) {
      next.delete('team');
      if (changes.team) {
        next.set('team', changes.team);
      }
    }
    if (changes.states) {
      next.delete('state');
      changes.states.forEach((s) => next.append('state', s));
    }
    setSearch(next, { replace: true });
  };
  return (
    <PluginPage>
      <div data-testid={testIds.slos.container}>
        <Stack direction="column" gap={3}>
          <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
            <Stack gap={1} alignItems="center" wrap="wrap">
              <Text>Team</Text>
              <TeamPicker
                value={team}
                testId={testIds.slos.teamFilter}
                placeholder="All teams"
                onChange={(next) => update({ team: next ?? null })}
              />
              {team && <Text color="secondary">including the teams below it</Text>}
            </Stack>
            {canEdit && (
              <LinkButton icon="plus" href={appUrl(ROUTES.Slos, 'new')} data-testid={testIds.slos.newSlo}>
                New SLO
              </LinkButton>
            )}
          </Stack>
          <PageState state={status} what="SLO status">
            {(value) => (
              <SloList
                page={value}
                states={states}
                onStates={(next) => update({ states: next })}
                onRefresh={status.retry}
                loading={status.loading}
              />
            )}
          </PageState>
        </Stack>
      </div>
    </PluginPage>
  );
}

function SloList({
  page,
  states,
  onStates,
  onRefresh,
  loading,
}: {
  page: SloStatusPage;
  states: SloState[];
  onStates: (states: SloState[]) => void;
  onRefresh: () => void;
  loading: boolean;
}) {
  const styles = useStyles2(getStyles);
  const counts = useMemo(() => {
    const byState = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<SloState, number>;
    page.rows.forEach((r) => (byState[r.state] += 1));
    return byState;
  }, [page.rows]);
  const rows = useMemo(
    () => (states.length ? page.rows.filter((r) => states.includes(r.state)) : page.rows),
    [page.rows, states]
  );
  const slos = new Set(page.rows.map((r) => r.slo)).size;
  const firing = page.rows.reduce((n, r) => n + r.alerts.filter((a) => a.state === 'firing').length, 0);
  const known = page.rows.filter((r) => r.budgetRemaining !== null);
  const lowest = known.length ? Math.min(...known.map((r) => r.budgetRemaining!)) : null;
  const toggle = (state: SloState) =>
    onStates(states.includes(state) ? states.filter((s) => s !== state) : [...states, state]);

  return (
    <Stack direction="column" gap={3}>
      <div className={styles.summary} data-testid={testIds.slos.summary}>
        <StatBox label="SLOs" value={String(slos)} note={`${page.rows.length} budgets`} />
        <StatBox label="Burning" value={String(counts.burning)} tone={counts.burning ? 'warning' : undefined} />
        <StatBox label="Exhausted" value={String(counts.exhausted)} tone={counts.exhausted ? 'error' : undefined} />
        <StatBox
          label="No data or error"
          value={String(counts['no-data'] + counts.error)}
          tone={counts.error ? 'error' : undefined}
        />
        <StatBox label="Alerts firing" value={String(firing)} tone={firing ? 'warning' : undefined} />
        <StatBox label="Lowest budget left" value={formatPercent(lowest)} />
      </div>

      <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
        <Stack gap={1} alignItems="center" wrap="wrap">
          <Text color="secondary">State</Text>
          <FilterPill label={`All (${page.rows.length})`} selected={states.length === 0} onClick={() => onStates([])} />
          {STATES.map((state) => (
            <span key={state} data-testid={testIds.slos.stateFilter(state)}>
              <FilterPill
                label={`${STATE_TEXT[state]} (${counts[state]})`}
                selected={states.includes(state)}
                onClick={() => toggle(state)}
              />
            </span>
          ))}
        </Stack>
        <Stack gap={1} alignItems="center">
          <Text color="secondary" variant="bodySmall" data-testid={testIds.slos.total}>
            {rows.length === page.rows.length ? `${rows.length} rows` : `${rows.length} of ${page.rows.length} rows`} ·
          </Text>
          <Text color="secondary" variant="bodySmall" data-testid={testIds.slos.computedAt}>
            Computed {dateTimeFormat(page.computedAt * 1000)} with {page.prometheusRequests} Prometheus requests
          </Text>
          <Button size="sm" variant="secondary" icon="sync" onClick={onRefresh} disabled={loading}>
            Refresh
          </Button>
        </Stack>
      </Stack>

      {rows.length ? (
        <SloStatusTable rows={rows} pageSize={50} />
      ) : (
        <Text color="secondary" data-testid={testIds.sloTable.empty}>
          {page.rows.length ? 'No SLO is in the chosen state.' : 'No SLOs here yet.'}
        </Text>
      )}
    </Stack>
  );
}

export default SlosPage;

const getStyles = (theme: GrafanaTheme2) => ({
  summary: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
    gap: theme.spacing(2),
  }),
});
