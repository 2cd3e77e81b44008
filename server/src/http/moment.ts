import { HttpError } from './errors.js';

/**
 * A moment asked for in a query string (`at=`): RFC 3339 or seconds since the epoch. A moment in
 * the future has no status yet; one before any data is answered by the status itself (with the
 * source it could use, or an error saying none covers it).
 */
export function parseMoment(field: string, text: string | undefined, now: number): number | undefined {
  if (text === undefined || text === '' || text === 'now') {
    return undefined;
  }
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  if (!Number.isFinite(seconds) || !/^\d+(\.\d+)?$|^\d{4}-\d\d-\d\dT/.test(text)) {
    throw new HttpError(
      400,
      'bad_request',
      `${field} must be an RFC 3339 time or seconds since the epoch, not "${text}"`,
      [{ field, message: 'not a time' }]
    );
  }
  if (seconds > now + 5) {
    throw new HttpError(400, 'bad_request', `${field} ${new Date(seconds * 1000).toISOString()} is in the future`, [
      { field, message: 'in the future' },
    ]);
  }
  return seconds;
}
