import { statusRow } from '../datasource/testing/statusRow';
import { isFrozen } from './gate';

const policy = { freezeBelow: 10, exempt: ['fix', 'revert'], whenUnknown: 'allow' as const };

describe('isFrozen (the release gate’s freeze, per status row)', () => {
  it('freezes a first objective at or below its freeze line, not above it', () => {
    expect(isFrozen(statusRow({ budgetPolicy: policy, budgetRemaining: 0.1 }))).toBe(true);
    expect(isFrozen(statusRow({ budgetPolicy: policy, budgetRemaining: -0.5 }))).toBe(true);
    expect(isFrozen(statusRow({ budgetPolicy: policy, budgetRemaining: 0.1001 }))).toBe(false);
  });

  it('never freezes without a policy, or on an objective other than the first', () => {
    expect(isFrozen(statusRow({ budgetRemaining: -1 }))).toBe(false);
    const second = statusRow().objective;
    expect(isFrozen(statusRow({ budgetPolicy: policy, budgetRemaining: -1, objective: { ...second, index: 1 } }))).toBe(
      false
    );
  });

  it('follows whenUnknown when the budget cannot be computed', () => {
    expect(isFrozen(statusRow({ budgetPolicy: policy, budgetRemaining: null }))).toBe(false);
    expect(isFrozen(statusRow({ budgetPolicy: { ...policy, whenUnknown: 'deny' }, budgetRemaining: null }))).toBe(true);
  });
});
