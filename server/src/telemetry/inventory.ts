import type { TelemetryInventory } from '@steward/contract/telemetry';
import type { PrometheusClient } from '../prometheus/client.js';
import { NOT_TELEMETRY } from '../conventions/metrics.js';
import { labelName, selector } from '../promql/escape.js';

/** The PromQL that counts series per value of an identifier label, Steward's own series left out. */
function inventoryQuery(label: string): string {
  const name = labelName(label);
  return `count by (${name}) (${selector(undefined, [
    { name, op: '!=', value: '' },
    { name: '__name__', op: '!~', value: NOT_TELEMETRY },
  ])})`;
}

/** Which values of `label` Prometheus holds at `time`, and how many series carry each. */
export async function telemetryInventory(
  prometheus: PrometheusClient,
  label: string,
  time: number
): Promise<TelemetryInventory> {
  const samples = await prometheus.instantQuery(inventoryQuery(label), time);
  const values = samples
    .map((s) => ({ value: s.metric[label] ?? '', series: s.value }))
    .sort((a, b) => a.value.localeCompare(b.value));
  return { label, time, values };
}
