import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { TelemetryInventory } from '../../api/stewardClient';
import { DEFAULT_INVENTORY_LABEL } from '../types';
import { expandScalar } from '../variables/expand';
import type { BaseContext } from './context';

/** Values of an identifier label in Prometheus at the range's end, with their series counts. */
export async function runTelemetryInventory(ctx: BaseContext): Promise<DataFrame[]> {
  const label = expandScalar(ctx.query.label || DEFAULT_INVENTORY_LABEL, ctx.templateSrv, ctx.scopedVars);
  return [inventoryFrame(label, await ctx.client.telemetryInventory(label, ctx.to), ctx.refId)];
}

export function inventoryFrame(label: string, inventory: TelemetryInventory, refId?: string): DataFrame {
  return createDataFrame({
    refId,
    name: `Telemetry by ${label}`,
    fields: [
      { name: label, type: FieldType.string, values: inventory.values.map((v) => v.value) },
      { name: 'series', type: FieldType.number, values: inventory.values.map((v) => v.series) },
    ],
  });
}
