import React, { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Collapse, FilterPill, Stack, Text, useStyles2 } from '@grafana/ui';
import type { OwnershipHealth } from '../../api/stewardClient';
import { DriftTable } from '../../components/Health/DriftTable';
import { LadderRules, ScorecardTable } from '../../components/Health/ScorecardTable';
import { UnownedTelemetryTable } from '../../components/Health/UnownedTelemetryTable';
import { PageState } from '../../components/PageState/PageState';
import { TeamPicker } from '../../components/TeamPicker/TeamPicker';
import { useOwnershipHealth, useUnownedTelemetry } from '../../hooks/useOwnershipHealth';
import { testIds } from '../../testIds';

/** Ownership drift and maturity for everything, or for one team and the teams below it. */
function HealthPage() {
  const [search, setSearch] = useSearchParams();
  const team = search.get('team') ?? undefined;
  const health = useOwnershipHealth(team ? [team] : []);
  const unowned = useUnownedTelemetry();
  return (
    <PluginPage>
      <div data-testid={testIds.health.container}>
        <Stack direction="column" gap={3}>
          <Stack gap={1} alignItems="center">
            <Text>Team</Text>
            <TeamPicker
              value={team}
              testId={testIds.health.teamFilter}
              placeholder="All teams"
              onChange={(next) => setSearch(next ? { team: next } : {}, { replace: true })}
            />
            {team && <Text color="secondary">including the teams below it</Text>}
          </Stack>
          <PageState state={health} what="ownership health">
            {(value) => <HealthReport health={value} />}
          </PageState>
          {!team && (
            <section>
              <Text element="h3">Unowned telemetry</Text>
              <Text color="secondary" element="p">
                Label values Prometheus holds that no registered service claims.
              </Text>
              <UnownedTelemetryTable
                state={unowned}
                testId={testIds.health.unowned}
                errorTestId={testIds.health.unownedError}
              />
            </section>
          )}
        </Stack>
      </div>
    </PluginPage>
  );
}

function HealthReport({ health }: { health: OwnershipHealth }) {
  const styles = useStyles2(getStyles);
  const [rule, setRule] = useState<string>();
  const [showRules, setShowRules] = useState(false);
  const bySeverity = { high: 0, medium: 0, low: 0 };
  health.findings.forEach((f) => (bySeverity[f.severity] += 1));
  return (
    <Stack direction="column" gap={3}>
      <div className={styles.summary} data-testid={testIds.health.summary}>
        <Stat label="Services" value={health.summary.services} />
        <Stat label="Teams" value={health.summary.teams} />
        <Stat label="High" value={bySeverity.high} tone="error" />
        <Stat label="Medium" value={bySeverity.medium} tone="warning" />
        <Stat label="Low" value={bySeverity.low} tone="info" />
      </div>

      <section>
        <Text element="h3">Drift</Text>
        <Stack gap={1} wrap="wrap">
          <FilterPill label={`All (${health.findings.length})`} selected={!rule} onClick={() => setRule(undefined)} />
          {health.rules
            .filter((r) => health.summary.byRule[r.id])
            .map((r) => (
              <FilterPill
                key={r.id}
                label={`${r.title} (${health.summary.byRule[r.id]})`}
                selected={rule === r.id}
                onClick={() => setRule(r.id)}
              />
            ))}
        </Stack>
        <DriftTable health={health} rule={rule} testId={testIds.health.drift} />
        <Collapse label="What each check means" isOpen={showRules} onToggle={() => setShowRules(!showRules)}>
          <ul data-testid={testIds.health.rules}>
            {health.rules.map((r) => (
              <li key={r.id}>
                <strong>{r.title}</strong> ({r.severity}): {r.why}
              </li>
            ))}
          </ul>
        </Collapse>
      </section>

      <section>
        <Text element="h3">Maturity</Text>
        <div className={styles.scorecards}>
          <LadderRules health={health} testId={testIds.health.ladder} />
          <ScorecardTable health={health} testId={testIds.health.scorecards} />
        </div>
      </section>
    </Stack>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: 'error' | 'warning' | 'info' }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.stat}>
      <Stack direction="column" gap={0.5}>
        <Text color="secondary" variant="bodySmall">
          {label}
        </Text>
        <Text variant="h2" element="span" color={value > 0 ? tone : undefined}>
          {String(value)}
        </Text>
      </Stack>
    </div>
  );
}

export default HealthPage;

const getStyles = (theme: GrafanaTheme2) => ({
  summary: css({ display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap' }),
  stat: css({
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
    minWidth: 120,
  }),
  scorecards: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(240px, 1fr) 3fr',
    gap: theme.spacing(3),
    alignItems: 'start',
  }),
});
