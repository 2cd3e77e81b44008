import React, { type ChangeEvent } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, InlineField, Input, Stack } from '@grafana/ui';
import { testIds } from '../../testIds';
import type { StewardDataSource } from '../datasource';
import { DEFAULT_QUERY, QueryType, type StewardDataSourceOptions, type StewardQuery } from '../types';

type Props = QueryEditorProps<StewardDataSource, StewardQuery, StewardDataSourceOptions>;

const QUERY_TYPES = [
  {
    value: QueryType.TelemetryInventory,
    label: 'Telemetry inventory',
    description: 'Values of an identifier label in Prometheus, with their series counts',
  },
];

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const queryType = query.queryType ?? QueryType.TelemetryInventory;
  return (
    <Stack gap={1} data-testid={testIds.datasource.queryEditor}>
      <InlineField label="Query" labelWidth={10}>
        <Combobox
          width={30}
          data-testid={testIds.datasource.queryType}
          options={QUERY_TYPES}
          value={queryType}
          onChange={(option) => {
            onChange({ ...query, queryType: option.value });
            onRunQuery();
          }}
        />
      </InlineField>
      {queryType === QueryType.TelemetryInventory && (
        <InlineField
          label="Label"
          labelWidth={10}
          tooltip="Identifier label, e.g. service or service_name; $variables work"
        >
          <Input
            width={24}
            data-testid={testIds.datasource.label}
            value={query.label ?? DEFAULT_QUERY.label}
            onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...query, label: e.target.value })}
            onBlur={onRunQuery}
          />
        </InlineField>
      )}
    </Stack>
  );
}
