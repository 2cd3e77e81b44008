import { createDataFrame, type DataFrame } from '@grafana/data';
import type { UnownedTelemetry } from '../../api/stewardClient';
import { number, string } from '../fields';
import { expandList } from '../variables/expand';
import type { BaseContext } from './context';

/** Identifier label values at the range's end that no registered service claims. */
export async function runUnownedTelemetry(ctx: BaseContext): Promise<DataFrame[]> {
  const labels = expandList(ctx.query.identifierLabels, ctx.templateSrv, ctx.scopedVars);
  return [unownedFrame(await ctx.client.unownedTelemetry(labels, ctx.to), ctx.refId)];
}

export function unownedFrame(unowned: UnownedTelemetry, refId?: string): DataFrame {
  return createDataFrame({
    refId,
    name: 'Unowned telemetry',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        'label',
        unowned.values.map((v) => v.label),
        { displayName: 'Label' }
      ),
      string(
        'value',
        unowned.values.map((v) => v.value),
        { displayName: 'Value' }
      ),
      number(
        'series',
        unowned.values.map((v) => v.series),
        { displayName: 'Series', decimals: 0 }
      ),
    ],
  });
}
