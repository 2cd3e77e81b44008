import { describe, expect, it } from 'vitest';
import { budgetOf, timeToExhaustion } from './budget.js';

const THIRTY_DAYS = 30 * 86_400;

describe('budget arithmetic', () => {
  it('weights by events: 30 bad of 10,000 against a 99.9% target is 3× the budget', () => {
    expect(budgetOf({ bad: 30, total: 10_000 }, 99.9)).toEqual({ sli: 0.997, remaining: -2, burnRate: 3 });
    const half = budgetOf({ bad: 5, total: 10_000 }, 99.9);
    expect(half.remaining).toBeCloseTo(0.5, 12);
    expect(half.burnRate).toBeCloseTo(0.5, 12);
  });

  it('spends nothing without traffic', () => {
    expect(budgetOf({ bad: 0, total: 0 }, 99.9)).toEqual({ sli: null, remaining: 1, burnRate: null });
  });

  it('at 99.999%, a full outage exhausts a 30-day budget in about 26 seconds (SRE Workbook)', () => {
    const outage = budgetOf({ bad: 1000, total: 1000 }, 99.999);
    expect(outage.burnRate).toBeCloseTo(100_000, 6);
    expect(timeToExhaustion(1, outage.burnRate, THIRTY_DAYS)).toBeCloseTo(25.92, 6);
  });

  it('lasts remaining × window ÷ burn rate; never when nothing burns; 0 once spent', () => {
    expect(timeToExhaustion(0.5, 2, THIRTY_DAYS)).toBe(THIRTY_DAYS / 4);
    expect(timeToExhaustion(0.5, 0, THIRTY_DAYS)).toBeNull();
    expect(timeToExhaustion(0.5, null, THIRTY_DAYS)).toBeNull();
    expect(timeToExhaustion(-0.2, 5, THIRTY_DAYS)).toBe(0);
  });
});
