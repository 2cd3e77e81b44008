import type { BurnCondition } from '@steward/contract/model/slo';
import { child, lower, type Node, type Path } from './node.js';
import type { SloContext } from './slo-context.js';

const NO_DELAY = /^0[mhd]$/;

/** An AlertCondition as a Steward burn-rate condition; `index` is its place among the SLO's conditions. */
export function mapBurnCondition(condition: Node, index: number, ctx: SloContext): BurnCondition | undefined {
  const conditionSpec = child(condition, 'spec');
  const rule = burnRateRule(child(conditionSpec, 'condition'), ctx);
  const durations = rule && ruleDurations(rule, ctx);
  if (!rule || !durations) {
    return undefined;
  }
  const name = child(condition, 'metadata', 'name');
  const severity = child(conditionSpec, 'severity');
  const threshold = child(rule, 'threshold');
  const at: Path = ['spec', 'alerting', 'conditions', index];
  ctx.recordOrigins(
    [at, name],
    [[...at, 'severity'], severity],
    [[...at, 'burnRate'], threshold],
    [[...at, 'window'], child(rule, 'lookbackWindow')],
    [[...at, 'for'], child(rule, 'alertAfter')]
  );
  return {
    name: lower(name.value) as string,
    severity: typeof severity.value === 'number' ? String(severity.value) : severity.value,
    burnRate: threshold.value,
    ...durations,
  };
}

/** The condition, if it alerts when the budget burns faster than the threshold. */
function burnRateRule(rule: Node, ctx: SloContext): Node | undefined {
  const kind = child(rule, 'kind');
  if (kind.value !== undefined && kind.value !== 'burnrate') {
    return ctx.reject(kind, `is "${kind.value}": Steward alerts on burn rate only (burnrate)`);
  }
  const op = child(rule, 'op');
  if (op.value === 'lt' || op.value === 'lte') {
    return ctx.reject(
      op,
      `"${op.value}" would alert while the budget burns slower than the threshold; Steward alerts when it burns faster (gt or gte)`
    );
  }
  if (op.value !== 'gt' && op.value !== 'gte') {
    return ctx.reject(op, 'must be gt or gte');
  }
  return rule;
}

/** lookbackWindow and alertAfter as Steward's window and for. */
function ruleDurations(rule: Node, ctx: SloContext): { window: string; for?: string } | undefined {
  const lookback = child(rule, 'lookbackWindow');
  const after = child(rule, 'alertAfter');
  const window = shortDuration(lookback.value);
  const forDuration = after.value === undefined ? undefined : shortDuration(after.value);
  if (window === undefined || (after.value !== undefined && forDuration === undefined)) {
    return ctx.reject(window === undefined ? lookback : after, 'must be minutes, hours, days or weeks, e.g. 1h');
  }
  return { window, ...(forDuration && !NO_DELAY.test(forDuration) ? { for: forDuration } : {}) };
}

/** An OpenSLO duration-shorthand as Steward's m/h/d, weeks as days. */
function shortDuration(text: unknown): string | undefined {
  const match = typeof text === 'string' ? /^(\d+)([mhdw])$/.exec(text) : null;
  if (!match) {
    return undefined;
  }
  return match[2] === 'w' ? `${Number(match[1]) * 7}d` : (text as string);
}
