import type { Node } from './node.js';
import type { SloContext } from './slo-context.js';

const TIMESLICE_REASONS = new Map<unknown, string>([
  [
    'Timeslices',
    'Timeslices counts good minutes, not events; Steward budgets count events, so use budgetingMethod: Occurrences',
  ],
  [
    'RatioTimeslices',
    'RatioTimeslices averages per-slice ratios, so a quiet minute weighs as much as a busy one; Steward budgets count events, so use budgetingMethod: Occurrences',
  ],
]);

/** Steward budgets count events, so Occurrences is the only budgeting method it imports. */
export function checkBudgetingMethod(method: Node, ctx: SloContext): void {
  if (method.value !== 'Occurrences') {
    ctx.reject(method, TIMESLICE_REASONS.get(method.value) ?? 'must be Occurrences: Steward budgets count events');
  }
}
