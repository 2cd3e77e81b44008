import { conditionState, exceeds, isWorkbookTier, thresholdsFor, type BurnCondition } from './alerting';

/** The conditions steward-server sends for a 99.9% objective over 30 days (SRE Workbook pairs). */
const WORKBOOK_30D: BurnCondition[] = [
  { tier: 'page', severity: 'critical', longWindow: '1h', shortWindow: '5m', factor: 14.4, budgetShare: 0.02 },
  { tier: 'page', severity: 'critical', longWindow: '6h', shortWindow: '30m', factor: 6, budgetShare: 0.05 },
  { tier: 'ticket', severity: 'warning', longWindow: '1d', shortWindow: '2h', factor: 3, budgetShare: 0.1 },
  { tier: 'ticket', severity: 'warning', longWindow: '3d', shortWindow: '6h', factor: 1, budgetShare: 0.1 },
];

describe('condition state', () => {
  const [page] = WORKBOOK_30D;
  it('fires only when both windows are over the factor', () => {
    expect(conditionState(page!, { '1h': 20, '5m': 15 })).toBe('firing');
    expect(conditionState(page!, { '1h': 20, '5m': 2 })).toBe('long');
    expect(conditionState(page!, { '1h': 2, '5m': 20 })).toBe('short');
    expect(conditionState(page!, { '1h': 14.4, '5m': 14.4 })).toBe('ok'); // the rules compare with >
    expect(conditionState(page!, { '1h': null, '5m': 20 })).toBe('unknown');
  });
  it('compares with >', () => {
    expect(exceeds(3.01, 3)).toBe(true);
    expect(exceeds(3, 3)).toBe(false);
    expect(exceeds(null, 3)).toBe(false);
  });
  it('finds the thresholds for a chart’s window, long or short', () => {
    expect(thresholdsFor(WORKBOOK_30D, '1h').map((c) => c.factor)).toEqual([14.4]);
    expect(thresholdsFor(WORKBOOK_30D, '6h').map((c) => c.factor)).toEqual([6, 1]);
    expect(thresholdsFor(WORKBOOK_30D, '1d').map((c) => c.factor)).toEqual([3]);
  });
  it('tells the Workbook tiers from an SLO’s own conditions', () => {
    expect(isWorkbookTier(page!)).toBe(true);
    expect(isWorkbookTier({ ...page!, tier: 'slow-leak' })).toBe(false);
  });
});
