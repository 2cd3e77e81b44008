import React from 'react';
import { InteractiveTable, Text } from '@grafana/ui';
import type { TelemetryInventory } from '../../api/stewardClient';
import { testIds } from '../../testIds';

interface Props {
  inventory: TelemetryInventory;
}

type Row = { id: string; value: string; series: number };

const columns = [
  { id: 'value', header: 'Value' },
  { id: 'series', header: 'Series' },
];

/** Values of an identifier label in Prometheus and how many series each has. */
export function TelemetryInventoryTable({ inventory }: Props) {
  if (inventory.values.length === 0) {
    return <Text color="secondary">No series carry the label {inventory.label} right now.</Text>;
  }
  const rows: Row[] = inventory.values.map((v) => ({ id: v.value, ...v }));
  return (
    <div data-testid={testIds.home.inventory}>
      <InteractiveTable columns={columns} data={rows} getRowId={(row: Row) => row.id} pageSize={25} />
    </div>
  );
}
