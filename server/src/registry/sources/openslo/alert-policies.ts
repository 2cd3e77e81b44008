import type { Alerting, BurnCondition } from '@steward/contract/model/slo';
import { mapBurnCondition } from './alert-condition.js';
import { asList, child, type Node } from './node.js';
import type { SloContext } from './slo-context.js';

/** alertPolicies, inline or by alertPolicyRef, as Steward burn-rate conditions. */
export function mapAlertPolicies(list: Node, ctx: SloContext): Alerting | undefined {
  if (list.value === undefined || list.value === null || (Array.isArray(list.value) && list.value.length === 0)) {
    return undefined; // Steward's standard page and ticket tiers
  }
  if (!Array.isArray(list.value)) {
    return ctx.reject(list, 'must be a list of alert policies');
  }
  ctx.recordOrigins([['spec', 'alerting'], list]);
  const conditions: BurnCondition[] = [];
  for (const item of asList(list)) {
    const policy = ctx.inlineOrRef(item, 'alertPolicyRef', 'AlertPolicy');
    if (policy) {
      addConditions(child(policy, 'spec'), conditions, ctx);
    }
  }
  // The policies are all the alerts the author asked for: Steward's standard tiers would add more.
  return { page: { enabled: false }, ticket: { enabled: false }, conditions };
}

/** Appends a policy's conditions, inline or by conditionRef, numbered after those of earlier policies. */
function addConditions(policySpec: Node, conditions: BurnCondition[], ctx: SloContext): void {
  warnIgnored(policySpec, ctx);
  const items = asList(child(policySpec, 'conditions'));
  if (items.length === 0) {
    ctx.reject(child(policySpec, 'conditions'), 'must list a condition');
  }
  for (const item of items) {
    const condition = ctx.inlineOrRef(item, 'conditionRef', 'AlertCondition');
    const mapped = condition && mapBurnCondition(condition, conditions.length, ctx);
    if (mapped) {
      conditions.push(mapped);
    }
  }
}

function warnIgnored(policySpec: Node, ctx: SloContext): void {
  if (policySpec.value?.alertWhenNoData === true) {
    ctx.warn(
      child(policySpec, 'alertWhenNoData'),
      'is not supported and ignored: Steward does not alert on missing data'
    );
  }
  const targets = child(policySpec, 'notificationTargets');
  if (asList(targets).length > 0) {
    ctx.warn(targets, "are ignored: Steward routes an SLO's alerts to the team that owns its service");
  }
}
