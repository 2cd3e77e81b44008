import { formatMoment, momentParam, parseMomentParam } from './moment';

const MOMENT = 1_796_000_000; // 2026-11-30T00:53:20Z

describe('SLO page moments (?at=)', () => {
  it('writes a moment as RFC 3339 in UTC, whole seconds', () => {
    expect(momentParam(MOMENT)).toBe('2026-11-30T00:53:20Z');
    expect(momentParam(MOMENT + 0.7)).toBe('2026-11-30T00:53:20Z');
  });

  it('reads RFC 3339 and seconds, as steward-server does; nothing or `now` is the present', () => {
    expect(parseMomentParam('2026-11-30T00:53:20Z')).toEqual({ seconds: MOMENT });
    expect(parseMomentParam('2026-11-30T01:53:20+01:00')).toEqual({ seconds: MOMENT });
    expect(parseMomentParam(String(MOMENT))).toEqual({ seconds: MOMENT });
    expect(parseMomentParam(null)).toEqual({});
    expect(parseMomentParam('now')).toEqual({});
    expect(parseMomentParam('yesterday').error).toMatch(/“yesterday” is not a time/);
    expect(parseMomentParam('2026-11-30').error).toMatch(/not a time/);
  });

  it('shows a moment with its time zone', () => {
    expect(formatMoment(MOMENT, 'utc')).toBe('2026-11-30 00:53:20 UTC');
    expect(formatMoment(MOMENT, 'Europe/Berlin')).toBe('2026-11-30 01:53:20 CET (UTC+01:00)');
    expect(formatMoment(MOMENT, 'America/Sao_Paulo')).toBe('2026-11-29 21:53:20 UTC-03:00');
  });
});
