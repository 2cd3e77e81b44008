import React, { useMemo } from 'react';
import { InlineField, InlineFieldRow, InlineSwitch, MultiCombobox, type ComboboxOption } from '@grafana/ui';
import { testIds } from '../../testIds';
import type { StewardDataSource } from '../datasource';
import type { StewardFilters } from '../types';
import { optionLoaders } from './options';

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

const values = (options: Array<ComboboxOption<string>>) => options.map((o) => o.value);
const orUndefined = (list: string[]) => (list.length ? list : undefined);

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
            <MultiCombobox<string>
              width="auto"
              minWidth={30}
              maxWidth={60}
              placeholder="Any team"
              data-testid={testIds.datasource.team}
              options={loaders.teams}
              value={filters.team ?? []}
              createCustomValue
              isClearable
              onChange={(options) => set({ team: orUndefined(values(options)) })}
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
              <MultiCombobox<string>
                width="auto"
                minWidth={30}
                maxWidth={60}
                placeholder="Any service"
                data-testid={testIds.datasource.service}
                options={loaders.services}
                value={filters.service ?? []}
                createCustomValue
                isClearable
                onChange={(options) => set({ service: orUndefined(values(options)) })}
              />
            </InlineField>
          )}
          {show.tier && (
            <InlineField label="Tier" tooltip="Service tiers, any of them">
              <MultiCombobox<string>
                width="auto"
                minWidth={16}
                maxWidth={40}
                placeholder="Any tier"
                data-testid={testIds.datasource.tier}
                options={loaders.tiers}
                value={filters.tier ?? []}
                createCustomValue
                isClearable
                onChange={(options) => set({ tier: orUndefined(values(options)) })}
              />
            </InlineField>
          )}
        </InlineFieldRow>
      )}
      {(show.slo || show.labels) && (
        <InlineFieldRow>
          {show.slo && (
            <InlineField label="SLO" labelWidth={LABEL_WIDTH} tooltip="SLOs, any of them; $variables work">
              <MultiCombobox<string>
                width="auto"
                minWidth={30}
                maxWidth={60}
                placeholder="Any SLO"
                data-testid={testIds.datasource.slo}
                options={loaders.slos}
                value={filters.slo ?? []}
                createCustomValue
                isClearable
                onChange={(options) => set({ slo: orUndefined(values(options)) })}
              />
            </InlineField>
          )}
          {show.labels && (
            <InlineField
              label="Group"
              tooltip="Group-by label values, e.g. route=/cart or route=$route. Different labels must all match; several values of one label match any of them."
            >
              <MultiCombobox<string>
                width="auto"
                minWidth={20}
                maxWidth={50}
                placeholder="label=value"
                data-testid={testIds.datasource.labels}
                options={loaders.labels}
                value={filters.labels ?? []}
                createCustomValue
                customValueDescription="Match this label value"
                isClearable
                onChange={(options) => set({ labels: orUndefined(values(options)) })}
              />
            </InlineField>
          )}
        </InlineFieldRow>
      )}
    </>
  );
}
