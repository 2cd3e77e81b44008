import { dateTimeFormat, getTimeZone, timeZoneAbbrevation } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';

/**
 * A moment as the SLO page's `?at=` and steward-server's `at=` take it: RFC 3339 in UTC, whole
 * seconds, so a link reads as a time rather than a number.
 */
export function momentParam(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * `?at=` as a moment in seconds: RFC 3339 or seconds since the epoch, the forms steward-server
 * accepts (server/src/http/moment.ts); `now` or nothing is the present (undefined).
 */
export function parseMomentParam(text: string | null | undefined): { seconds?: number; error?: string } {
  if (text === null || text === undefined || text === '' || text === 'now') {
    return {};
  }
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(seconds) || !/^\d+(\.\d+)?$|^\d{4}-\d\d-\d\dT/.test(text)) {
    return {
      error: `“${text}” is not a time: give an RFC 3339 time (2026-05-01T12:00:00Z) or seconds since the epoch`,
    };
  }
  return { seconds };
}

/**
 * A moment with its time zone, so nobody has to guess which zone a past moment is in:
 * "2026-11-30 01:53:20 CET (UTC+01:00)". The zone is the user's Grafana time zone unless given.
 */
export function formatMoment(seconds: number, timeZone: TimeZone = getTimeZone()): string {
  const ms = seconds * 1000;
  const time = dateTimeFormat(ms, { timeZone, format: 'YYYY-MM-DD HH:mm:ss' });
  const offset = `UTC${dateTimeFormat(ms, { timeZone, format: 'Z' })}`;
  const abbreviation = timeZoneAbbrevation(ms, { timeZone });
  if (abbreviation === 'UTC') {
    return `${time} UTC`;
  }
  if (/^[A-Z]{2,5}$/.test(abbreviation)) {
    return `${time} ${abbreviation} (${offset})`;
  }
  // The browser's zone has no abbreviation in Grafana's formatter; its name tells the reader which it is.
  const browserZone = timeZone === 'browser' || timeZone === '' ? Intl.DateTimeFormat().resolvedOptions().timeZone : '';
  return browserZone && browserZone !== 'UTC' ? `${time} ${offset} (${browserZone})` : `${time} ${offset}`;
}
