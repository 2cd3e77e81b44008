import React, { useMemo } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, InlineSwitch, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { testIds } from '../../testIds';
import type { StewardDataSource } from '../datasource';
import {
  DEFAULT_VARIABLE_QUERY,
  VariableKind,
  type StewardDataSourceOptions,
  type StewardQuery,
  type StewardVariableQuery,
} from '../types';
import { LABEL_WIDTH } from './FilterFields';
import { optionLoaders } from './options';
import { ValuesPicker } from './ValuesPicker';

type Props = QueryEditorProps<StewardDataSource, StewardQuery, StewardDataSourceOptions, StewardVariableQuery>;

const KINDS = [
  { value: VariableKind.Teams, label: 'Teams', description: 'Every team, or only the signed-in user’s' },
  { value: VariableKind.Services, label: 'Services', description: 'Services owned by the given teams' },
  { value: VariableKind.Slos, label: 'SLOs', description: 'SLOs of the given services' },
  { value: VariableKind.Tiers, label: 'Tiers', description: 'Service tiers in use' },
];

const HELP: Record<VariableKind, string> = {
  [VariableKind.Teams]:
    'Values are team names (e.g. checkout); the picker shows their titles. Within teams: $team with its sub-teams, e.g. for a PromQL join on the owning team.',
  [VariableKind.Services]:
    'Values are service names. Chain variables: teams: $team makes this follow the team variable.',
  [VariableKind.Slos]: 'Values are SLO names. Chain variables: services: $service.',
  [VariableKind.Tiers]: 'Values are the tiers services use, optionally of the given teams.',
};

/** Chooses what a query variable lists: teams, services of teams, SLOs of services, or tiers. */
export function VariableQueryEditor({ query: saved, onChange, datasource }: Props) {
  const query: StewardVariableQuery = { ...DEFAULT_VARIABLE_QUERY, ...normalizeVariableQuery(saved) };
  const loaders = useMemo(() => optionLoaders(datasource), [datasource]);
  const set = (patch: Partial<StewardVariableQuery>) => onChange({ ...query, ...patch });
  return (
    <Stack direction="column" gap={0} data-testid={testIds.datasource.variableEditor}>
      <InlineFieldRow>
        <InlineField label="List" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup
            data-testid={testIds.datasource.variableKind}
            options={KINDS}
            value={query.kind}
            onChange={(kind) => set({ kind })}
          />
        </InlineField>
      </InlineFieldRow>
      {query.kind === VariableKind.Teams && (
        <InlineFieldRow>
          <InlineField
            label="Only mine"
            labelWidth={LABEL_WIDTH}
            tooltip="Teams listing the signed-in user as a member, and Steward teams matching their Grafana teams"
          >
            <InlineSwitch
              data-testid={testIds.datasource.variableMyTeams}
              value={query.myTeams === true}
              onChange={(e) => set({ myTeams: e.currentTarget.checked || undefined })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {(query.kind === VariableKind.Services ||
        query.kind === VariableKind.Tiers ||
        query.kind === VariableKind.Teams) && (
        <InlineFieldRow>
          <InlineField
            label={query.kind === VariableKind.Teams ? 'Within teams' : 'Of teams'}
            labelWidth={LABEL_WIDTH}
            tooltip="Empty: every team. $team chains variables."
          >
            <ValuesPicker
              testId={testIds.datasource.variableTeam}
              placeholder="Every team"
              options={loaders.teams}
              value={query.team}
              onChange={(team) => set({ team })}
            />
          </InlineField>
          <InlineField label="Sub-teams" tooltip="A team includes the teams below it">
            <InlineSwitch
              value={query.includeSubteams !== false}
              onChange={(e) => set({ includeSubteams: e.currentTarget.checked ? undefined : false })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {query.kind === VariableKind.Slos && (
        <InlineFieldRow>
          <InlineField
            label="Of services"
            labelWidth={LABEL_WIDTH}
            tooltip="Empty: every service. $service chains variables."
          >
            <ValuesPicker
              testId={testIds.datasource.variableService}
              placeholder="Every service"
              options={loaders.services}
              value={query.service}
              onChange={(service) => set({ service })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      <Text color="secondary" variant="bodySmall">
        {HELP[query.kind]}
      </Text>
    </Stack>
  );
}

/**
 * A saved variable query as an object: dashboards may hold a plain string (`teams`, `services`,
 * `slos`, `tiers`, optionally `services(checkout,$team)` or `teams($team)`), which is read the same way.
 */
export function normalizeVariableQuery(saved: unknown): Partial<StewardVariableQuery> {
  const text =
    typeof saved === 'string'
      ? saved
      : saved && typeof saved === 'object' && typeof (saved as { query?: unknown }).query === 'string'
        ? (saved as { query: string }).query
        : undefined;
  if (text === undefined) {
    return (saved ?? {}) as Partial<StewardVariableQuery>;
  }
  const match = /^\s*(teams|services|slos|tiers|myteams)\s*(?:\((.*)\))?\s*$/i.exec(text);
  if (!match) {
    return {};
  }
  const kind = match[1]!.toLowerCase();
  const args = (match[2] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  switch (kind) {
    case 'myteams':
      return { kind: VariableKind.Teams, myTeams: true };
    case 'teams':
      return { kind: VariableKind.Teams, ...(args.length ? { team: args } : {}) };
    case 'services':
      return { kind: VariableKind.Services, ...(args.length ? { team: args } : {}) };
    case 'slos':
      return { kind: VariableKind.Slos, ...(args.length ? { service: args } : {}) };
    default:
      return { kind: VariableKind.Tiers, ...(args.length ? { team: args } : {}) };
  }
}
