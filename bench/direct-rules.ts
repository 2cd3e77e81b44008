import { stringify } from 'yaml';
import type { SloEntity } from '@steward/contract/model/slo';
import { burnPairs } from '../server/src/slo/burn-pairs.js';
import { budgetRatio, durationLabel } from '../server/src/slo/windows.js';

/**
 * The rules Sloth (and, much the same, Pyrra) would write for the same SLOs, as the baseline of
 * rule evaluation cost: per SLO, the error ratio over each alert window straight from raw series
 * with `increase()` (Sloth's `rate()` reads the same samples), every 30 s, and the multiwindow
 * alerts on them. Not Sloth's own output (Sloth is not run here): its pattern, for a fair count.
 */
export function directRuleFile(slos: SloEntity[]): string {
  return stringify({ groups: slos.map(directGroup) }, { lineWidth: 0 });
}

function directGroup(entity: SloEntity) {
  const spec = entity.spec;
  const pairs = burnPairs(spec);
  const windows = [...new Set(pairs.flatMap((p) => [p.longSeconds, p.shortSeconds ?? p.longSeconds]))].sort(
    (a, b) => a - b
  );
  const by = spec.groupBy?.length ? ` by (${spec.groupBy.join(', ')})` : '';
  const record = (seconds: number) => `direct:slo_error_ratio:${durationLabel(seconds)}`;
  const ratio = (seconds: number) => errorRatio(entity, durationLabel(seconds), by);
  const budget = budgetRatio(spec.objectives[0]!.target);
  return {
    name: `direct-slo:${entity.metadata.name}`,
    interval: '30s',
    rules: [
      ...windows.map((seconds) => ({
        record: record(seconds),
        expr: ratio(seconds),
        labels: { slo: entity.metadata.name },
      })),
      ...pairs.map((pair) => ({
        alert: 'DirectErrorBudgetBurn',
        expr: [pair.longSeconds, pair.shortSeconds ?? pair.longSeconds]
          .map((seconds) => `${record(seconds)}{slo="${entity.metadata.name}"} > ${pair.factor * budget}`)
          .join(' and '),
        labels: { slo: entity.metadata.name, tier: pair.tier, long_window: durationLabel(pair.longSeconds) },
      })),
    ],
  };
}

/** Bad events over all events in a window, as the anchors write it. */
function errorRatio(entity: SloEntity, window: string, by: string): string {
  const { sli } = entity.spec;
  const sum = (expr: string) => `sum${by} (${expr})`;
  if (sli.ratio) {
    const total = sum(`increase(${sli.ratio.total}[${window}])`);
    return sli.ratio.bad
      ? `${sum(`increase(${sli.ratio.bad}[${window}])`)} / ${total}`
      : `1 - ${sum(`increase(${sli.ratio.good!}[${window}])`)} / ${total}`;
  }
  if (sli.latency) {
    const [metric, matchers = '}'] = sli.latency.histogram.split('{');
    const m = matchers.replace(/}$/, '');
    const bucket = `${metric}_bucket{${m}${m ? ',' : ''}le="${sli.latency.threshold}"}`;
    return `1 - ${sum(`increase(${bucket}[${window}])`)} / ${sum(`increase(${metric}_count{${m}}[${window}])`)}`;
  }
  if (sli.probe) {
    return `1 - ${sum(`avg_over_time(${sli.probe.metric}[${window}])`)}`;
  }
  const freeform = sli.freeform!;
  const expand = (expr: string) => expr.replace(/\$window\b/g, window);
  return freeform.bad
    ? `(${expand(freeform.bad)}) / (${expand(freeform.total)})`
    : `1 - (${expand(freeform.good!)}) / (${expand(freeform.total)})`;
}
