import { roundSignificant } from '../../../slo/windows.js';
import type { Objective } from '@steward/contract/model/slo';
import { asList, child, type Node, type Path } from './node.js';
import type { SloContext } from './slo-context.js';
import type { SloWindow } from './time-window.js';

const THRESHOLD_REASON =
  'is not supported: op/value thresholds belong to thresholdMetric SLIs; Steward objectives are a target share of good events';

/** The SLO's objectives, each with the SLO's window. */
export function mapObjectives(list: Node, window: SloWindow, ctx: SloContext): Objective[] | undefined {
  const items = asList(list);
  if (items.length === 0) {
    return ctx.reject(list, 'must list at least one objective');
  }
  ctx.recordOrigins([['spec', 'objectives'], list]);
  const objectives = items.map((item, i) => mapObjective(item, i, list, window, ctx));
  return objectives.every((o) => o !== undefined) ? objectives : undefined;
}

function mapObjective(item: Node, i: number, list: Node, window: SloWindow, ctx: SloContext): Objective | undefined {
  const threshold = ['op', 'value'].find((key) => item.value?.[key] !== undefined);
  if (threshold) {
    return ctx.reject(child(item, threshold), THRESHOLD_REASON);
  }
  const target = targetPercent(item, ctx);
  if (!target) {
    return undefined;
  }
  const at: Path = ['spec', 'objectives', i];
  // Without a timeWindow, problems with the window are reported at the objectives.
  ctx.recordOrigins(
    [at, item],
    [[...at, 'target'], target.node],
    [[...at, 'displayName'], child(item, 'displayName')],
    [[...at, 'window'], window.windowNode ?? list],
    [[...at, 'timeZone'], window.timeZoneNode ?? list]
  );
  const displayName = item.value.displayName;
  return {
    target: target.percent,
    ...(window.window ? { window: window.window } : {}),
    ...(window.timeZone !== undefined ? { timeZone: window.timeZone } : {}),
    ...(typeof displayName === 'string' ? { displayName } : {}),
  };
}

/** target (a ratio such as 0.999) or targetPercent, as Steward's percentage. */
function targetPercent(item: Node, ctx: SloContext): { node: Node; percent: number } | undefined {
  const ratio = child(item, 'target');
  const percent = child(item, 'targetPercent');
  if (ratio.value !== undefined && percent.value !== undefined) {
    return ctx.reject(percent, 'cannot be given with target; give one');
  }
  const node = percent.value !== undefined ? percent : ratio;
  if (typeof node.value !== 'number') {
    return ctx.reject(
      node.value === undefined ? item : node,
      'needs target (a ratio such as 0.999) or targetPercent (such as 99.9)'
    );
  }
  // 0.999 * 100 is 99.89999999999999 in floating point.
  return { node, percent: node === ratio ? roundSignificant(node.value * 100) : node.value };
}
