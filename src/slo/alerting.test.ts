import { burnConditions, conditionState, exceeds, thresholdsFor, workbookFactor } from './alerting';

const spec = (objectives: Array<{ target: number; window?: string }>, alerting?: object) =>
  ({
    service: 'checkout-api',
    sli: { ratio: { bad: 'errors_total', total: 'requests_total' } },
    objectives,
    ...(alerting ? { alerting } : {}),
  }) as never;

describe('workbookFactor', () => {
  it('gives the SRE Workbook factors for 30 days', () => {
    expect(workbookFactor(0.02, '30d', '1h')).toBe(14.4);
    expect(workbookFactor(0.05, '30d', '6h')).toBe(6);
    expect(workbookFactor(0.1, '30d', '1d')).toBe(3);
    expect(workbookFactor(0.1, '30d', '3d')).toBe(1);
  });
  it('scales them to other windows, a calendar month counting 30 days', () => {
    expect(workbookFactor(0.02, '28d', '1h')).toBe(13.44);
    expect(workbookFactor(0.1, '7d', '3d')).toBe(0.233333333333);
    expect(workbookFactor(0.02, 'month', '1h')).toBe(14.4);
  });
});

describe('burnConditions', () => {
  it('pages and tickets on the first objective’s window, with default severities', () => {
    const conditions = burnConditions(
      spec([
        { target: 99.9, window: '28d' },
        { target: 99, window: '7d' },
      ])
    );
    expect(conditions.map((c) => [c.tier, c.severity, c.longWindow, c.shortWindow, c.factor])).toEqual([
      ['page', 'critical', '1h', '5m', 13.44],
      ['page', 'critical', '6h', '30m', 5.6],
      ['ticket', 'warning', '1d', '2h', 2.8],
      ['ticket', 'warning', '3d', '6h', 0.933333333333],
    ]);
  });
  it('follows the SLO’s alerting settings and adds its own conditions', () => {
    const conditions = burnConditions(
      spec([{ target: 99 }], {
        page: { severity: 'sev1' },
        ticket: { enabled: false },
        conditions: [{ name: 'slow-leak', severity: 'info', burnRate: 0.5, window: '1d' }],
      })
    );
    expect(conditions.map((c) => [c.tier, c.severity, c.longWindow, c.factor, c.source])).toEqual([
      ['page', 'sev1', '1h', 14.4, 'workbook'],
      ['page', 'sev1', '6h', 6, 'workbook'],
      ['slow-leak', 'info', '1d', 0.5, 'custom'],
    ]);
    expect(conditions[2]!.budgetShare).toBeCloseTo(0.5 / 30);
  });
  it('is empty when alerting is off', () => {
    expect(burnConditions(spec([{ target: 99 }], { enabled: false }))).toEqual([]);
  });
});

describe('condition state', () => {
  const [page] = burnConditions(spec([{ target: 99.9, window: '30d' }]));
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
    const all = burnConditions(spec([{ target: 99.9, window: '30d' }]));
    expect(thresholdsFor(all, '1h').map((c) => c.factor)).toEqual([14.4]);
    expect(thresholdsFor(all, '6h').map((c) => c.factor)).toEqual([6, 1]);
    expect(thresholdsFor(all, '1d').map((c) => c.factor)).toEqual([3]);
  });
});
