import { child, isRecord, type Node } from './node.js';
import type { SloContext } from './slo-context.js';

/** The SLO's window as Steward's, and the values its window and time zone came from. */
export interface SloWindow {
  window?: string;
  timeZone?: string;
  windowNode?: Node;
  timeZoneNode?: Node;
}

const MONTH_START = /^\d{4}-\d{2}-01([ T]00:00(:00)?)?$/;

/** timeWindow: one rolling window in days or weeks, or the calendar month. */
export function mapTimeWindow(list: Node, ctx: SloContext): SloWindow | undefined {
  if (list.value === undefined) {
    return {}; // Steward's default window
  }
  if (!Array.isArray(list.value) || list.value.length !== 1) {
    return ctx.reject(list, 'must hold exactly one window');
  }
  const item = child(list, 0);
  const duration = child(item, 'duration');
  const unit = typeof duration.value === 'string' ? /^[1-9]\d*([mhdwMQY])$/.exec(duration.value)?.[1] : undefined;
  if (!unit) {
    return ctx.reject(duration, 'must be a duration such as 28d, 4w or 1M');
  }
  return item.value.isRolling === true ? rollingWindow(item, duration, unit, ctx) : calendarWindow(item, duration, ctx);
}

function rollingWindow(item: Node, duration: Node, unit: string, ctx: SloContext): SloWindow | undefined {
  const calendar = child(item, 'calendar');
  if (calendar.value !== undefined) {
    return ctx.reject(calendar, 'cannot be set when isRolling is true');
  }
  if (unit !== 'd' && unit !== 'w') {
    return ctx.reject(
      duration,
      'is not a rolling window Steward supports: use days or weeks (7d to 90d), e.g. 28d or 4w'
    );
  }
  return { window: duration.value, windowNode: duration };
}

function calendarWindow(item: Node, duration: Node, ctx: SloContext): SloWindow | undefined {
  const calendar = child(item, 'calendar');
  if (!isRecord(calendar.value)) {
    return ctx.reject(item, 'needs isRolling: true, or a calendar');
  }
  if (duration.value !== '1M') {
    return ctx.reject(
      duration,
      `calendar-aligned ${duration.value} is not supported: Steward's calendar window is the month (1M)`
    );
  }
  const startTime = child(calendar, 'startTime');
  if (startTime.value !== undefined && !MONTH_START.test(String(startTime.value))) {
    ctx.warn(startTime, 'is ignored: Steward months begin on the 1st at 00:00 in timeZone');
  }
  const timeZone = child(calendar, 'timeZone');
  return {
    window: 'month',
    ...(timeZone.value !== undefined ? { timeZone: timeZone.value } : {}),
    windowNode: duration,
    timeZoneNode: timeZone,
  };
}
