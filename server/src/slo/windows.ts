import { monthStart, nextMonthStart } from './calendar.js';
import { DEFAULT_WINDOW, type Objective } from '@steward/contract/model/slo';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;

/** Rolling windows are this long at least and at most (recorded history is backfilled over them). */
export const MIN_WINDOW_SECONDS = 7 * DAY;
export const MAX_WINDOW_SECONDS = 90 * DAY;
/** Calendar months count as 30 days where one length is needed (burn-rate factors). */
const NOMINAL_MONTH_SECONDS = 30 * DAY;
/** How much history a calendar month can need: the longest month. */
const LONGEST_MONTH_SECONDS = 31 * DAY;

export type SloWindow =
  | { kind: 'rolling'; seconds: number; label: string }
  | { kind: 'calendar'; unit: 'month'; timeZone: string; label: string };

export function windowOf(objective: Objective): SloWindow {
  const text = objective.window ?? DEFAULT_WINDOW;
  if (text === 'month') {
    return { kind: 'calendar', unit: 'month', timeZone: objective.timeZone ?? 'UTC', label: 'month' };
  }
  const match = /^(\d+)([dw])$/.exec(text);
  if (!match) {
    throw new Error(`not an SLO window: ${text}`);
  }
  return { kind: 'rolling', seconds: Number(match[1]) * (match[2] === 'w' ? 7 * DAY : DAY), label: text };
}

/**
 * The window that holds `at`: a rolling window ends at `at`; a calendar month runs from its
 * first to the next month's first moment, in its time zone.
 */
export function windowBounds(window: SloWindow, at: number): { start: number; end: number } {
  return window.kind === 'rolling'
    ? { start: at - window.seconds, end: at }
    : { start: monthStart(at, window.timeZone), end: nextMonthStart(at, window.timeZone) };
}

/** Length used to scale burn-rate factors and to size backfills. */
export function nominalSeconds(window: SloWindow): number {
  return window.kind === 'rolling' ? window.seconds : NOMINAL_MONTH_SECONDS;
}

export function historySeconds(window: SloWindow): number {
  return window.kind === 'rolling' ? window.seconds : LONGEST_MONTH_SECONDS;
}

/** One multiwindow burn-rate pair: fire when both windows burn faster than `factor`. */
export interface BurnPair {
  tier: string;
  severity: string;
  longSeconds: number;
  shortSeconds?: number;
  factor: number;
  /** Share of the whole window's budget this pair lets go within its long window (0.02: 2%). */
  budgetShare: number;
  forSeconds?: number;
}

/**
 * The SRE Workbook's recommended pairs (chapter 5, table 5-8 and its ticket rule), as the share
 * of the budget each may consume within its long window. Factor = share × SLO window ÷ long
 * window, which gives 14.4 / 6 / 3 / 1 for 30 days and scales with any other window.
 */
export const WORKBOOK_PAIRS = {
  page: [
    { longSeconds: HOUR, shortSeconds: 5 * MINUTE, budgetShare: 0.02 },
    { longSeconds: 6 * HOUR, shortSeconds: 30 * MINUTE, budgetShare: 0.05 },
  ],
  ticket: [
    { longSeconds: DAY, shortSeconds: 2 * HOUR, budgetShare: 0.1 },
    { longSeconds: 3 * DAY, shortSeconds: 6 * HOUR, budgetShare: 0.1 },
  ],
} as const;

export const DEFAULT_SEVERITIES = { page: 'critical', ticket: 'warning' } as const;

export function workbookFactor(budgetShare: number, windowSeconds: number, longSeconds: number): number {
  return roundSignificant((budgetShare * windowSeconds) / longSeconds);
}

/** Every window the status API reports a burn rate for. */
export const BURN_WINDOWS_SECONDS = [5 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY] as const;

/** `5m`, `1h`, `3d`: the largest unit that divides the duration, for labels and messages. */
export function durationLabel(seconds: number): string {
  for (const [unit, size] of [
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
  ] as const) {
    if (seconds >= size && seconds % size === 0) {
      return `${seconds / size}${unit}`;
    }
  }
  return `${seconds}s`;
}

export function parseShortDuration(text: string): number {
  const match = /^(\d+)(m|h|d)$/.exec(text);
  if (!match) {
    throw new Error(`not a duration: ${text}`);
  }
  return Number(match[1]) * { m: MINUTE, h: HOUR, d: DAY }[match[2] as 'm' | 'h' | 'd'];
}

/**
 * A PromQL range that holds exactly the samples of the last `seconds`: one millisecond short,
 * because Prometheus 2 includes a sample that sits on the range's start (Prometheus 3 does
 * not). With samples every 5 minutes, `[59m59s999ms]` holds 12 of them on either version,
 * where `[1h]` could hold 13 on Prometheus 2.
 */
export function rangeJustUnder(seconds: number): string {
  return compoundDuration(Math.round(seconds * 1000) - 1);
}

/** `2d23h59m59s999ms` from milliseconds, the compound form PromQL accepts. */
export function compoundDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new Error(`not a positive whole number of milliseconds: ${ms}`);
  }
  let rest = ms;
  let out = '';
  for (const [unit, size] of [
    ['d', DAY * 1000],
    ['h', HOUR * 1000],
    ['m', MINUTE * 1000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

/** A number as PromQL and people read it: 12 significant digits, no float noise (0.001, not 0.0010000000000000009). */
export function roundSignificant(value: number): number {
  return Number(value.toPrecision(12));
}

/** The error budget as a ratio: 0.001 for a 99.9% target. */
export function budgetRatio(targetPercent: number): number {
  return roundSignificant((100 - targetPercent) / 100);
}
