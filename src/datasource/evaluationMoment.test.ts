import { evaluationMoment, PRESENT_WITHIN_MS } from './evaluationMoment';

const NOW = 1_796_000_000_000;

describe('evaluationMoment', () => {
  it('is the range end, in seconds, for a range that ends in the past', () => {
    expect(evaluationMoment(undefined, NOW - 86_400_000, NOW)).toBe(1_795_913_600);
    expect(evaluationMoment('rangeEnd', NOW - 86_400_000 + 999, NOW)).toBe(1_795_913_600);
  });

  it('is the present (no moment) for a range ending within a minute of now, or later', () => {
    expect(evaluationMoment(undefined, NOW, NOW)).toBeUndefined();
    expect(evaluationMoment(undefined, NOW - PRESENT_WITHIN_MS + 1, NOW)).toBeUndefined();
    expect(evaluationMoment(undefined, NOW - PRESENT_WITHIN_MS, NOW)).toBeUndefined();
    expect(evaluationMoment(undefined, NOW - PRESENT_WITHIN_MS - 1000, NOW)).toBe(1_795_999_939);
    expect(evaluationMoment(undefined, NOW + 3_600_000, NOW)).toBeUndefined();
  });

  it('is the present whatever the range when the query says now', () => {
    expect(evaluationMoment('now', NOW - 30 * 86_400_000, NOW)).toBeUndefined();
  });
});
