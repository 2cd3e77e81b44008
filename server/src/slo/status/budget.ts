import { budgetRatio } from '../windows.js';

export interface EventCounts {
  bad: number;
  total: number;
}

export interface Budget {
  /** Share of events that were good; null without traffic. */
  sli: number | null;
  /** Share of the error budget left: 1 untouched, 0 spent, below 0 overspent. */
  remaining: number;
  /** How many times faster than sustainable the budget burns; null without traffic. */
  burnRate: number | null;
}

/**
 * The SLO arithmetic, from event counts only (never from averaged ratios): with budget
 * B = 1 − target, SLI = 1 − bad/total, budget remaining = 1 − (bad/total)/B, burn rate =
 * (bad/total)/B. No traffic spends no budget.
 */
export function budgetOf(events: EventCounts, targetPercent: number): Budget {
  const budget = budgetRatio(targetPercent);
  if (events.total <= 0) {
    return { sli: null, remaining: 1, burnRate: null };
  }
  const errorRatio = events.bad / events.total;
  return { sli: 1 - errorRatio, remaining: 1 - errorRatio / budget, burnRate: errorRatio / budget };
}

export function burnRateOf(events: EventCounts | undefined, targetPercent: number): number | null {
  return events ? budgetOf(events, targetPercent).burnRate : null;
}

/**
 * Seconds until the budget is gone at the current burn rate: burning at 1× spends a whole
 * window's budget in one window, so what is left lasts remaining × window ÷ burn rate.
 * 0 when it is spent; null when nothing burns.
 */
export function timeToExhaustion(remaining: number, burnRate: number | null, windowSeconds: number): number | null {
  if (remaining <= 0) {
    return 0;
  }
  const seconds = burnRate === null || burnRate <= 0 ? Infinity : (remaining * windowSeconds) / burnRate;
  return Number.isFinite(seconds) ? seconds : null;
}
