import type { SloEntity } from '../api/stewardClient';
import { windowSeconds } from './format';

type Spec = SloEntity['spec'];

/** One multiwindow burn-rate alert condition: fires when both windows burn faster than `factor`. */
export interface BurnCondition {
  /** `page`, `ticket`, or a custom condition's name. */
  tier: string;
  severity: string;
  longWindow: string;
  shortWindow?: string;
  /** Burn rate (× the sustainable rate) both windows must exceed. */
  factor: number;
  /** Share of the whole window's budget this spends within the long window (0.02 = 2%). */
  budgetShare: number;
  /** From the SRE Workbook's recommendation, or the SLO's own condition. */
  source: 'workbook' | 'custom';
}

/**
 * The SRE Workbook's multiwindow pairs (chapter 5): the share of the budget each may consume
 * within its long window. For a 30-day window the factors are 14.4 / 6 (page) and 3 / 1 (ticket);
 * for any other window, factor = share × SLO window ÷ long window.
 */
export const WORKBOOK_PAIRS = {
  page: [
    { longWindow: '1h', shortWindow: '5m', budgetShare: 0.02 },
    { longWindow: '6h', shortWindow: '30m', budgetShare: 0.05 },
  ],
  ticket: [
    { longWindow: '1d', shortWindow: '2h', budgetShare: 0.1 },
    { longWindow: '3d', shortWindow: '6h', budgetShare: 0.1 },
  ],
} as const;

const DEFAULT_SEVERITY = { page: 'critical', ticket: 'warning' } as const;

/** 12 significant digits, as steward-server writes factors into rules (6, not 5.999999999). */
const round = (value: number) => Number(value.toPrecision(12));

export function workbookFactor(budgetShare: number, sloWindow: string, longWindow: string): number {
  return round((budgetShare * windowSeconds(sloWindow)) / windowSeconds(longWindow));
}

/**
 * The burn-rate conditions an SLO alerts on, as steward-server generates its rules: the Workbook's
 * page and ticket pairs scaled to the first objective's window (unless switched off), then the
 * SLO's own conditions. Empty when alerting is off.
 */
export function burnConditions(spec: Spec): BurnCondition[] {
  const alerting = spec.alerting ?? {};
  if (alerting.enabled === false || spec.objectives.length === 0) {
    return [];
  }
  const sloWindow = spec.objectives[0]!.window ?? '30d';
  const conditions: BurnCondition[] = [];
  for (const tier of ['page', 'ticket'] as const) {
    const settings = alerting[tier];
    if (settings?.enabled === false) {
      continue;
    }
    for (const pair of WORKBOOK_PAIRS[tier]) {
      conditions.push({
        tier,
        severity: settings?.severity ?? DEFAULT_SEVERITY[tier],
        longWindow: pair.longWindow,
        shortWindow: pair.shortWindow,
        factor: workbookFactor(pair.budgetShare, sloWindow, pair.longWindow),
        budgetShare: pair.budgetShare,
        source: 'workbook',
      });
    }
  }
  for (const condition of alerting.conditions ?? []) {
    conditions.push({
      tier: condition.name,
      severity: condition.severity,
      longWindow: condition.window,
      ...(condition.shortWindow ? { shortWindow: condition.shortWindow } : {}),
      factor: condition.burnRate,
      budgetShare: round((condition.burnRate * windowSeconds(condition.window)) / windowSeconds(sloWindow)),
      source: 'custom',
    });
  }
  return conditions;
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
