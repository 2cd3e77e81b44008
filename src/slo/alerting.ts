import type { SloDetail } from '../api/stewardClient';

/**
 * One multiwindow burn-rate alert condition, as steward-server generates the rules (SRE Workbook
 * pairs scaled to the SLO window, or the SLO's own): it fires when both windows burn faster
 * than `factor`. The server sends them with the SLO's status; nothing here recomputes them.
 */
export type BurnCondition = SloDetail['alerting'][number];

/** The Workbook's page and ticket tiers; any other tier is one of the SLO's own conditions. */
export function isWorkbookTier(condition: BurnCondition): boolean {
  return condition.tier === 'page' || condition.tier === 'ticket';
}

/** Whether a burn rate is over an alert factor (the rules compare with `>`). */
export function exceeds(rate: number | null | undefined, factor: number): boolean {
  return rate !== null && rate !== undefined && rate > factor;
}

/**
 * How a condition stands now: `firing` (both windows over the factor), `long` (only the long
 * window: the burn has slowed), `short` (only the short window: a burn has just begun), `ok`,
 * or `unknown` without the rates.
 */
export function conditionState(
  condition: BurnCondition,
  burnRates: Record<string, number | null>
): 'firing' | 'long' | 'short' | 'ok' | 'unknown' {
  const long = burnRates[condition.longWindow];
  const short = condition.shortWindow ? burnRates[condition.shortWindow] : undefined;
  if (long === undefined || long === null) {
    return 'unknown';
  }
  const longOver = exceeds(long, condition.factor);
  const shortOver = condition.shortWindow ? exceeds(short, condition.factor) : true;
  if (longOver && shortOver) {
    return 'firing';
  }
  if (longOver) {
    return 'long';
  }
  return condition.shortWindow && shortOver ? 'short' : 'ok';
}

/** Alert thresholds that apply to a burn rate measured over `window`, for lines on a chart. */
export function thresholdsFor(conditions: BurnCondition[], window: string): BurnCondition[] {
  return conditions.filter((c) => c.longWindow === window || c.shortWindow === window);
}
