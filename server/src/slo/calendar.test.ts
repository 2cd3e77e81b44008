import { describe, expect, it } from 'vitest';
import { isTimeZone, monthStart, nextMonthStart } from './calendar.js';
import { windowBounds, windowOf } from './windows.js';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('calendar months', () => {
  it('begin at local midnight on the 1st, in any time zone', () => {
    expect(monthStart(at('2026-11-24T12:00:00Z'), 'UTC')).toBe(at('2026-11-01T00:00:00Z'));
    expect(monthStart(at('2026-11-24T12:00:00Z'), 'Europe/Berlin')).toBe(at('2026-10-31T23:00:00Z'));
    expect(monthStart(at('2026-11-24T12:00:00Z'), 'Asia/Kolkata')).toBe(at('2026-10-31T18:30:00Z'));
    // Just after midnight on 1 November in Berlin is already November there, still October in UTC.
    expect(monthStart(at('2026-10-31T23:30:00Z'), 'Europe/Berlin')).toBe(at('2026-10-31T23:00:00Z'));
  });

  it('end where the next begins, across daylight-saving changes and years', () => {
    expect(nextMonthStart(at('2026-10-15T00:00:00Z'), 'Europe/Berlin')).toBe(at('2026-10-31T23:00:00Z'));
    expect(nextMonthStart(at('2026-03-15T00:00:00Z'), 'Europe/Berlin')).toBe(at('2026-03-31T22:00:00Z'));
    expect(nextMonthStart(at('2026-12-15T00:00:00Z'), 'America/New_York')).toBe(at('2027-01-01T05:00:00Z'));
  });

  it('know real time zones from made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('bound an objective’s window: rolling windows end now, months run from 1st to 1st', () => {
    const now = at('2026-11-24T12:00:00Z');
    expect(windowBounds(windowOf({ target: 99, window: '7d' }), now)).toEqual({ start: now - 7 * 86_400, end: now });
    expect(windowBounds(windowOf({ target: 99, window: 'month', timeZone: 'Europe/Berlin' }), now)).toEqual({
      start: at('2026-10-31T23:00:00Z'),
      end: at('2026-11-30T23:00:00Z'),
    });
  });
});
