import type { EvaluateAt } from './types';

/**
 * A range ending this close to now (or later) ends in the present: the status is asked for
 * without `at`, so the server's cached present answers instead of a fresh computation on every
 * refresh of a "last 6 hours" dashboard.
 */
export const PRESENT_WITHIN_MS = 60_000;

/**
 * The moment (seconds) one-moment numbers (budget, burn rates, state) are computed at: the
 * dashboard's range end, or undefined for the present. A range ending later than now is the
 * present too: steward-server has no numbers for the future.
 */
export function evaluationMoment(
  evaluateAt: EvaluateAt | undefined,
  rangeToMs: number,
  nowMs = Date.now()
): number | undefined {
  if (evaluateAt === 'now' || rangeToMs >= nowMs - PRESENT_WITHIN_MS) {
    return undefined;
  }
  return Math.floor(rangeToMs / 1000);
}
