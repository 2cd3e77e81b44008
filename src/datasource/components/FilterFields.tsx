import React, { useMemo } from 'react';
import { InlineField, InlineFieldRow, InlineSwitch } from '@grafana/ui';
import { testIds } from '../../testIds';
import type { StewardDataSource } from '../datasource';
import type { StewardFilters } from '../types';
import { optionLoaders } from './options';
import { ValuesPicker } from './ValuesPicker';

export const LABEL_WIDTH = 14;

/** Which filters a query type takes. */
export interface FilterSet {
  team?: boolean;
  service?: boolean;
  tier?: boolean;
  slo?: boolean;
  labels?: boolean;
}

interface Props {
  datasource: StewardDataSource;
  filters: StewardFilters;
  show: FilterSet;
  onChange: (filters: StewardFilters) => void;
}

/**
 * Team, service, tier, SLO and group-label filters, each a multi-value picker searched on the
 * server, with the dashboard's variables offered too (`$team`); "My teams" and "Sub-teams"
 * switches next to the team picker.
 */
export function FilterFields({ datasource, filters, show, onChange }: Props) {
  const loaders = useMemo(() => optionLoaders(datasource), [datasource]);
  const set = (patch: Partial<StewardFilters>) => onChange({ ...filters, ...patch });
  return (
    <>
      {show.team && (
        <InlineFieldRow>
          <InlineField
            label="Team"
            labelWidth={LABEL_WIDTH}
            tooltip="Owning teams, any of them; $variables work (multi-value and All). Teams include the teams below them unless Sub-teams is off."
          >
            <ValuesPicker
              testId={testIds.datasource.team}
              placeholder="Any team"
              options={loaders.teams}
              value={filters.team}
              onChange={(team) => set({ team })}
            />
          </InlineField>
          <InlineField
            label="My teams"
            tooltip="Only the signed-in user's teams: the Steward teams listing them as a member, and the Steward teams matching their Grafana teams"
          >
            <InlineSwitch
              data-testid={testIds.datasource.myTeams}
              value={filters.myTeams === true}
              onChange={(e) => set({ myTeams: e.currentTarget.checked || undefined })}
            />
          </InlineField>
          <InlineField label="Sub-teams" tooltip="A team includes the teams below it">
            <InlineSwitch
              data-testid={testIds.datasource.subteams}
              value={filters.includeSubteams !== false}
              onChange={(e) => set({ includeSubteams: e.currentTarget.checked ? undefined : false })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {(show.service || show.tier) && (
        <InlineFieldRow>
          {show.service && (
            <InlineField label="Service" labelWidth={LABEL_WIDTH} tooltip="Services, any of them; $variables work">
              <ValuesPicker
                testId={testIds.datasource.service}
                placeholder="Any service"
                options={loaders.services}
                value={filters.service}
                onChange={(service) => set({ service })}
              />
            </InlineField>
          )}
          {show.tier && (
            <InlineField label="Tier" tooltip="Service tiers, any of them">
              <ValuesPicker
                testId={testIds.datasource.tier}
                placeholder="Any tier"
                minWidth={16}
                maxWidth={40}
                options={loaders.tiers}
                value={filters.tier}
                onChange={(tier) => set({ tier })}
              />
            </InlineField>
          )}
        </InlineFieldRow>
      )}
      {(show.slo || show.labels) && (
        <InlineFieldRow>
          {show.slo && (
            <InlineField label="SLO" labelWidth={LABEL_WIDTH} tooltip="SLOs, any of them; $variables work">
              <ValuesPicker
                testId={testIds.datasource.slo}
                placeholder="Any SLO"
                options={loaders.slos}
                value={filters.slo}
                onChange={(slo) => set({ slo })}
              />
            </InlineField>
          )}
          {show.labels && (
            <InlineField
              label="Group"
              tooltip="Group-by label values, e.g. route=/cart or route=$route. Different labels must all match; several values of one label match any of them."
            >
              <ValuesPicker
                testId={testIds.datasource.labels}
                placeholder="label=value"
                minWidth={20}
                maxWidth={50}
                customValueDescription="Match this label value"
                options={loaders.labels}
                value={filters.labels}
                onChange={(labels) => set({ labels })}
              />
            </InlineField>
          )}
        </InlineFieldRow>
      )}
    </>
  );
}
