import { describe, expect, it } from 'vitest';
import { FINE_WINDOW_MAX_SECONDS } from '../tiles.js';
import { DAY } from '../windows.js';
import { planWindow, type TileCoverage, type WindowPlan } from './window-pieces.js';

const NOW = 1_796_600_000 + 137.25; // a moment on no mark
const FINE: TileCoverage = { fine: true, fineFrom: NOW - 4 * DAY - 30 * 7 };

/** The stretches a plan reads, in order: its pieces and whole days. */
function stretches(plan: WindowPlan): Array<[number, number, string]> {
  return [
    ...plan.pieces.map((p) => [p.from, p.to, p.tile.kind] as [number, number, string]),
    ...plan.days.map((d) => [d - DAY, d, 'day'] as [number, number, string]),
  ].sort((a, b) => a[0] - b[0]);
}

describe('planning a window', () => {
  it('reads a paging window from fine tiles from the nearest mark, and raw series after the last settled tile', () => {
    const plan = planWindow(NOW - 3600, NOW, NOW, FINE);
    expect(plan.start).toBe(Math.round((NOW - 3600) / 30) * 30);
    expect(stretches(plan)).toEqual([[plan.start, plan.tailFrom, 'fine']]);
    // A fine tile is stored up to 45 s after its mark, and an evaluation may run late.
    expect(NOW - plan.tailFrom).toBeGreaterThanOrEqual(60);
    expect(NOW - plan.tailFrom).toBeLessThan(90);
  });

  it('reads a 30-day window from whole days of coarse tiles, with fine tiles at its recent edge', () => {
    const plan = planWindow(NOW - 30 * DAY, NOW, NOW, FINE);
    expect(Math.abs(plan.start - (NOW - 30 * DAY))).toBeLessThanOrEqual(150);
    const parts = stretches(plan);
    expect(parts.filter(([, , kind]) => kind === 'day')).toHaveLength(29);
    expect(parts.at(-1)![2]).toBe('fine');
    expect(parts.filter(([, , kind]) => kind === 'fine')).toHaveLength(1);
  });

  it('places the start of a 3-day window within 15 s when fine tiles reach back that far', () => {
    const plan = planWindow(NOW - 3 * DAY, NOW, NOW, FINE);
    expect(Math.abs(plan.start - (NOW - 3 * DAY))).toBeLessThanOrEqual(15);
    expect(stretches(plan)[0]![2]).toBe('fine');
  });

  it('bridges an open seam with raw series: tiles up to recordFrom, then one raw tail; paging windows after it raw', () => {
    const recordFrom = Math.floor((NOW - 1200) / 300) * 300;
    const open: TileCoverage = { ...FINE, coarseUntil: recordFrom, fineUntil: recordFrom };
    const month = planWindow(NOW - 30 * DAY, NOW, NOW, open);
    expect(month.tailFrom).toBe(recordFrom);
    expect(Math.max(...stretches(month).map(([, to]) => to))).toBe(recordFrom);
    const hour = planWindow(NOW - 3600, NOW, NOW, open);
    expect(hour.raw).toBeUndefined();
    expect(stretches(hour)).toEqual([[hour.start, recordFrom, 'fine']]);
    expect(hour.tailFrom).toBe(recordFrom);
    // Five minutes back is after recordFrom: no whole tile holds any of it.
    expect(planWindow(NOW - 300, NOW, NOW, open)).toEqual({
      start: NOW - 300,
      pieces: [],
      days: [],
      tailFrom: recordFrom,
      raw: true,
    });
  });

  it('reads coarse tiles only where an SLI has no fine ones, and raw series after them', () => {
    const plan = planWindow(NOW - 3600, NOW, NOW, { fine: false, fineFrom: Infinity });
    expect(stretches(plan).every(([, , kind]) => kind === 'coarse')).toBe(true);
    expect(plan.tailFrom % 300).toBe(0);
    expect(NOW - plan.tailFrom).toBeGreaterThanOrEqual(330);
  });

  it('reads a moment in the past up to its own marks, with coarse tiles where fine ones were never recorded', () => {
    const past = NOW - 20 * DAY;
    const plan = planWindow(past - DAY, past, NOW, FINE);
    expect(plan.tailFrom).toBe(Math.floor(past / 300) * 300);
    expect(stretches(plan).every(([, , kind]) => kind === 'coarse')).toBe(true);
    // A paging window then would be off by minutes at both ends: it is counted from raw series.
    expect(planWindow(past - 3600, past, NOW, FINE)).toEqual({
      start: past - 3600,
      pieces: [],
      days: [],
      tailFrom: Math.floor(past / 300) * 300,
      raw: true,
    });
  });

  it('reads fine tiles past recordFrom while the coarse group has not run yet', () => {
    const recordFrom = Math.floor((NOW - 400) / 300) * 300;
    const plan = planWindow(NOW - 30 * DAY, NOW, NOW, { ...FINE, coarseUntil: recordFrom });
    const parts = stretches(plan);
    expect(parts.at(-1)).toEqual([recordFrom, plan.tailFrom, 'fine']);
  });

  it('tiles the whole window with no gap and no overlap, for any window, moment and coverage', () => {
    let seed = 17;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) {
      const at = NOW - random() * 10 * DAY;
      const seconds = [300, 1800, 3600, 7200, FINE_WINDOW_MAX_SECONDS, DAY, 3 * DAY, 7 * DAY, 30 * DAY][i % 9]!;
      // An open seam: recordFrom up to an hour back, both seams open or only the coarse one.
      const recordFrom = Math.floor((NOW - random() * 3600) / 300) * 300;
      const seam = random();
      const coverage: TileCoverage = {
        fine: random() > 0.2,
        fineFrom: NOW - random() * 12 * DAY,
        ...(seam > 0.7 ? { coarseUntil: recordFrom } : {}),
        ...(seam > 0.85 ? { fineUntil: recordFrom } : {}),
      };
      const plan = planWindow(at - seconds, at, NOW, coverage);
      if (plan.raw) {
        expect(seconds).toBeLessThanOrEqual(FINE_WINDOW_MAX_SECONDS);
        continue;
      }
      const parts = stretches(plan);
      let cursor = plan.start;
      for (const [from, to, kind] of parts) {
        expect(from, `${i}: ${kind} piece starts where the last ended`).toBe(cursor);
        expect(to).toBeGreaterThan(from);
        if (kind === 'fine') {
          expect(from, 'fine tiles only where they were recorded').toBeGreaterThanOrEqual(coverage.fineFrom);
          expect(to, 'fine tiles only where they are whole').toBeLessThanOrEqual(coverage.fineUntil ?? Infinity);
        } else {
          expect(to, 'coarse tiles only where they are whole').toBeLessThanOrEqual(coverage.coarseUntil ?? Infinity);
        }
        cursor = to;
      }
      expect(cursor).toBe(plan.tailFrom);
      expect(plan.tailFrom).toBeLessThanOrEqual(at);
      expect(Math.abs(plan.start - (at - seconds))).toBeLessThanOrEqual(150);
    }
  });
});
