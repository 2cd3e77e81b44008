import React, { type ChangeEvent } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import {
  Combobox,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
  type ComboboxOption,
} from '@grafana/ui';
import type { SloState } from '../../api/stewardClient';
import { STATE_TEXT } from '../../slo/format';
import { testIds } from '../../testIds';
import type { StewardDataSource } from '../datasource';
import {
  DEFAULT_INVENTORY_LABEL,
  QueryType,
  SERIES_WINDOWS,
  type EvaluateAt,
  type StewardDataSourceOptions,
  type StewardQuery,
} from '../types';
import { AnnotationKindsField } from './AnnotationQueryEditor';
import { FilterFields, LABEL_WIDTH, type FilterSet } from './FilterFields';
import { ValuesPicker } from './ValuesPicker';

type Props = QueryEditorProps<StewardDataSource, StewardQuery, StewardDataSourceOptions>;

const QUERY_TYPES: Array<ComboboxOption<QueryType> & { filters: FilterSet }> = [
  {
    value: QueryType.SloStatus,
    label: 'SLO status',
    description: 'Table: one row per SLO (and group) with budget, burn rates, alerts and state, or one per team',
    filters: { team: true, service: true, tier: true, slo: true, labels: true },
  },
  {
    value: QueryType.Budget,
    label: 'Budget remaining over time',
    description: 'Rolling error budget left over each SLO’s window, for every matching SLO',
    filters: { team: true, service: true, tier: true, slo: true, labels: true },
  },
  {
    value: QueryType.Burndown,
    label: 'Budget burn-down',
    description: 'Budget through the current window of chosen SLOs, with the ideal (even-spend) line',
    filters: { team: true, service: true, tier: true, slo: true, labels: true },
  },
  {
    value: QueryType.BurnRate,
    label: 'Burn rate over time',
    description: 'How fast the budget burns (1× spends it exactly over the window), over a chosen window',
    filters: { team: true, service: true, tier: true, slo: true, labels: true },
  },
  {
    value: QueryType.Sli,
    label: 'SLI over time',
    description: 'Good events / all events over a chosen window',
    filters: { team: true, service: true, tier: true, slo: true, labels: true },
  },
  {
    value: QueryType.Ownership,
    label: 'Ownership',
    description: 'Services with owning team, on-call now and next, runbook and SLO count',
    filters: { team: true, service: true, tier: true },
  },
  {
    value: QueryType.OwnershipHealth,
    label: 'Ownership health',
    description: 'Ownership drift: services and teams that break an ownership rule',
    filters: { team: true },
  },
  {
    value: QueryType.UnownedTelemetry,
    label: 'Unowned telemetry',
    description: 'Identifier label values in Prometheus that no registered service claims',
    filters: {},
  },
  {
    value: QueryType.TelemetryInventory,
    label: 'Telemetry inventory',
    description: 'Values of an identifier label in Prometheus, with their series counts',
    filters: {},
  },
  {
    value: QueryType.DependencyGraph,
    label: 'Dependency graph',
    description: 'Services around the chosen ones along dependsOn, coloured by their SLOs (for the node graph panel)',
    filters: { team: true, service: true },
  },
  {
    value: QueryType.Annotations,
    label: 'Events',
    description: 'Deploys, SLO alerts and budget exhausted / recovered, as a table (or as annotations)',
    filters: { team: true, service: true, tier: true, slo: true },
  },
];

const WINDOW_OPTIONS = SERIES_WINDOWS.map((w) => ({ value: w, label: w }));
const OBJECTIVE_OPTIONS = [0, 1, 2, 3, 4].map((i) => ({
  value: i,
  label: i === 0 ? 'First (alerting)' : `#${i + 1}`,
}));
const STATE_OPTIONS = (Object.keys(STATE_TEXT) as SloState[]).map((s) => ({ value: s, label: STATE_TEXT[s] }));

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const queryType = datasource.queryTypeOf(query);
  const type = QUERY_TYPES.find((t) => t.value === queryType) ?? QUERY_TYPES[0]!;
  const change = (patch: Partial<StewardQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  return (
    <Stack direction="column" gap={0} data-testid={testIds.datasource.queryEditor}>
      <InlineFieldRow>
        <InlineField label="Query" labelWidth={LABEL_WIDTH} tooltip={type.description}>
          <Combobox<QueryType>
            width={36}
            data-testid={testIds.datasource.queryType}
            options={QUERY_TYPES.map(({ value, label, description }) => ({ value, label, description }))}
            value={queryType}
            onChange={(option) => change({ queryType: option.value })}
          />
        </InlineField>
      </InlineFieldRow>

      <FilterFields
        datasource={datasource}
        filters={query}
        show={type.filters}
        onChange={(filters) => change({ ...filters })}
      />

      {queryType === QueryType.SloStatus && (
        <InlineFieldRow>
          <ChoiceField<'slo' | 'team'>
            label="Rows"
            labelWidth={LABEL_WIDTH}
            tooltip="Per SLO objective and group, or rolled up per owning team"
            testId={testIds.datasource.groupBy}
            options={[
              { value: 'slo', label: 'Per SLO' },
              { value: 'team', label: 'Per team' },
            ]}
            value={query.groupBy ?? 'slo'}
            onChange={(groupBy) => change({ groupBy })}
          />
          <ObjectivesField query={query} change={change} />
          <InlineField label="State" tooltip="Only rows in these states">
            <MultiCombobox<SloState>
              width="auto"
              minWidth={16}
              maxWidth={50}
              placeholder="Any state"
              data-testid={testIds.datasource.states}
              options={STATE_OPTIONS}
              value={query.states ?? []}
              isClearable
              onChange={(options) => change({ states: options.length ? options.map((o) => o.value) : undefined })}
            />
          </InlineField>
          <InlineField
            label="Frozen only"
            tooltip="Only SLOs at or below their budget policy’s freeze line: the release gate refuses deploys of their services"
          >
            <InlineSwitch
              data-testid={testIds.datasource.frozen}
              value={query.frozen === true}
              onChange={(e) => change({ frozen: e.currentTarget.checked || undefined })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {queryType === QueryType.SloStatus && (
        <InlineFieldRow>
          <ChoiceField<EvaluateAt>
            label="Evaluate at"
            labelWidth={LABEL_WIDTH}
            tooltip="The moment budgets, burn rates and states are for: the end of the dashboard’s time range (a past range shows them as they were then), or now whatever the range. A range ending within a minute of now is now."
            testId={testIds.datasource.evaluateAt}
            options={[
              { value: 'rangeEnd', label: 'Range end' },
              { value: 'now', label: 'Now' },
            ]}
            value={query.evaluateAt ?? 'rangeEnd'}
            onChange={(evaluateAt) => change({ evaluateAt: evaluateAt === 'now' ? 'now' : undefined })}
          />
        </InlineFieldRow>
      )}

      {(queryType === QueryType.BurnRate || queryType === QueryType.Sli) && (
        <InlineFieldRow>
          <ChoiceField
            label="Window"
            labelWidth={LABEL_WIDTH}
            tooltip="Each point looks back over this window (the multiwindow alerts use 5m/1h, 30m/6h, 2h/1d, 6h/3d)"
            testId={testIds.datasource.window}
            options={WINDOW_OPTIONS}
            value={query.window ?? '1h'}
            onChange={(window) => change({ window })}
          />
          <ObjectivesField query={query} change={change} />
        </InlineFieldRow>
      )}

      {queryType === QueryType.Budget && (
        <InlineFieldRow>
          <ObjectivesField query={query} change={change} labelWidth={LABEL_WIDTH} />
        </InlineFieldRow>
      )}

      {queryType === QueryType.Burndown && (
        <InlineFieldRow>
          <InlineField
            label="Objective"
            labelWidth={LABEL_WIDTH}
            tooltip="Which objective of each SLO; the first is the one that alerts and gates releases"
          >
            <Combobox<number>
              width={24}
              data-testid={testIds.datasource.objective}
              options={OBJECTIVE_OPTIONS}
              value={query.objective ?? 0}
              onChange={(option) => change({ objective: option.value || undefined })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {queryType === QueryType.DependencyGraph && (
        <InlineFieldRow>
          <InlineField
            label="Hops"
            labelWidth={LABEL_WIDTH}
            tooltip="How far to follow dependsOn, both ways, from the chosen services (or the chosen teams' services)"
          >
            <Combobox<number>
              width={24}
              data-testid={testIds.datasource.depth}
              options={[0, 1, 2, 3].map((hops) => ({ value: hops, label: String(hops) }))}
              value={query.depth ?? 1}
              onChange={(option) => change({ depth: option.value })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {queryType === QueryType.TelemetryInventory && (
        <InlineFieldRow>
          <InlineField
            label="Label"
            labelWidth={LABEL_WIDTH}
            tooltip="Identifier label, e.g. service or service_name; $variables work"
          >
            <Input
              width={24}
              data-testid={testIds.datasource.label}
              value={query.label ?? DEFAULT_INVENTORY_LABEL}
              onChange={(e: ChangeEvent<HTMLInputElement>) => change({ label: e.target.value }, false)}
              onBlur={onRunQuery}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {queryType === QueryType.UnownedTelemetry && (
        <InlineFieldRow>
          <InlineField
            label="Labels"
            labelWidth={LABEL_WIDTH}
            tooltip="Identifier labels to check; empty: the server's configured identifier labels"
          >
            <ValuesPicker
              testId={testIds.datasource.identifierLabels}
              placeholder="Server default"
              minWidth={24}
              maxWidth={50}
              options={['service', 'service_name', 'job', 'app'].map((l) => ({ value: l, label: l }))}
              value={query.identifierLabels}
              onChange={(identifierLabels) => change({ identifierLabels })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {queryType === QueryType.Annotations && (
        <InlineFieldRow>
          <AnnotationKindsField kinds={query.kinds} onChange={(kinds) => change({ kinds })} />
        </InlineFieldRow>
      )}
    </Stack>
  );
}

function ObjectivesField({
  query,
  change,
  labelWidth,
}: {
  query: StewardQuery;
  change: (patch: Partial<StewardQuery>) => void;
  labelWidth?: number;
}) {
  return (
    <ChoiceField<'all' | 'primary'>
      label="Objectives"
      labelWidth={labelWidth}
      tooltip="Every objective of each SLO, or only the first (the one that alerts and gates releases)"
      testId={testIds.datasource.objectives}
      options={[
        { value: 'all', label: 'All' },
        { value: 'primary', label: 'First only' },
      ]}
      value={query.primaryOnly ? 'primary' : 'all'}
      onChange={(v) => change({ primaryOnly: v === 'primary' || undefined })}
    />
  );
}

/** A labelled choice among a few values, as radio buttons. */
function ChoiceField<T extends string>({
  testId,
  options,
  value,
  onChange,
  ...field
}: {
  label: string;
  tooltip: string;
  labelWidth?: number;
  testId: string;
  options: Array<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <InlineField {...field}>
      <RadioButtonGroup<T> data-testid={testId} options={options} value={value} onChange={onChange} />
    </InlineField>
  );
}
