/**
 * Calendar-month boundaries in any IANA time zone, from the platform's time-zone data (Intl),
 * for SLOs whose window is the calendar month.
 */

/** Is `timeZone` a zone this runtime knows? */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The instant (seconds since the epoch) the month containing `at` began in `timeZone`. */
export function monthStart(at: number, timeZone: string): number {
  const { year, month } = wallClock(at, timeZone);
  return zonedMidnight(year, month, timeZone);
}

/** The instant the month after the one containing `at` begins in `timeZone`. */
export function nextMonthStart(at: number, timeZone: string): number {
  const { year, month } = wallClock(at, timeZone);
  return month === 12 ? zonedMidnight(year + 1, 1, timeZone) : zonedMidnight(year, month + 1, timeZone);
}

function wallClock(at: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Midnight starting the 1st of `month` in `timeZone`, as seconds since the epoch. */
function zonedMidnight(year: number, month: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, 1) / 1000;
  // The zone's offset at a moment, from what its wall clock shows then; twice, in case
  // midnight itself sits next to a daylight-saving change.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = wallClock(guess, timeZone);
    const shownAsUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second) / 1000;
    guess = asUtc - (shownAsUtc - guess);
  }
  return guess;
}
