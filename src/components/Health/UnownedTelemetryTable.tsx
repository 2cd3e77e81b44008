import React from 'react';
import { Alert, InteractiveTable, Text, type Column } from '@grafana/ui';
import type { UnownedTelemetry } from '../../api/stewardClient';

type Row = UnownedTelemetry['values'][number] & { id: string };

const columns: Array<Column<Row>> = [
  { id: 'label', header: 'Label' },
  { id: 'value', header: 'Value' },
  { id: 'series', header: 'Series' },
];

export function UnownedTelemetryTable({
  state,
  testId,
  errorTestId,
}: {
  state: { value?: UnownedTelemetry; error?: Error; loading: boolean };
  testId: string;
  errorTestId: string;
}) {
  if (state.error) {
    return (
      <Alert title="Cannot check telemetry" severity="warning" data-testid={errorTestId}>
        {state.error.message}
      </Alert>
    );
  }
  if (!state.value) {
    return <Text color="secondary">Asking Prometheus…</Text>;
  }
  const rows = state.value.values.map((v) => ({ ...v, id: `${v.label}=${v.value}` }));
  return (
    <div data-testid={testId}>
      {rows.length === 0 ? (
        <Text color="success">
          Every value of {state.value.labels.join(', ')} in Prometheus belongs to a registered service.
        </Text>
      ) : (
        <InteractiveTable columns={columns} data={rows} getRowId={(r: Row) => r.id} pageSize={25} />
      )}
    </div>
  );
}
