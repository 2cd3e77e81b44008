import {
  compactDuration,
  describeExhaustion,
  describeHistory,
  formatBurnRate,
  formatCount,
  formatFactor,
  formatPercent,
  formatSli,
  groupLabel,
  humanDuration,
  objectiveLabel,
  windowLabel,
  windowSeconds,
} from './format';

describe('formatPercent', () => {
  it('shows a ratio as a percentage with one decimal', () => {
    expect(formatPercent(0.8640739620755553)).toBe('86.4%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.2568719882961987, 2)).toBe('25.69%');
  });
  it('keeps overspent budgets negative, and never shows -0.0%', () => {
    expect(formatPercent(-1.2355)).toBe('-123.6%');
    expect(formatPercent(-0.00001)).toBe('0.0%');
  });
  it('says nothing it does not know', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('formatSli', () => {
  it('shows two more decimals than the target has', () => {
    expect(formatSli(0.9993203698, 99.5)).toBe('99.932%');
    expect(formatSli(0.99925687, 99.9)).toBe('99.926%');
    expect(formatSli(0.99549646, 99)).toBe('99.55%');
    expect(formatSli(null, 99)).toBe('—');
  });
});

describe('formatBurnRate', () => {
  it('uses fewer decimals as the rate grows', () => {
    expect(formatBurnRate(0.7509557618787548)).toBe('0.75×');
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(250.4)).toBe('250×');
    expect(formatBurnRate(0)).toBe('0.00×');
    expect(formatBurnRate(null)).toBe('—');
  });
});

describe('formatCount', () => {
  it('shows whole events with thousands separators', () => {
    expect(formatCount(23425377.37)).toBe('23,425,377');
    expect(formatCount(4713)).toBe('4,713');
  });
});

describe('formatFactor', () => {
  it('writes thresholds as the Workbook does, to two decimals at most', () => {
    expect(['14.4', '6', '13.44', '0.933333333333', '2.8'].map((f) => formatFactor(Number(f)))).toEqual([
      '14.4×',
      '6×',
      '13.44×',
      '0.93×',
      '2.8×',
    ]);
  });
});

describe('humanDuration', () => {
  it('uses the two largest units, rounded down', () => {
    expect(humanDuration(112880.6)).toBe('1 day 7 hours');
    expect(humanDuration(2982438.9)).toBe('34 days 12 hours');
    expect(humanDuration(2 * 86400 + 59)).toBe('2 days');
    expect(humanDuration(86400 + 5 * 60)).toBe('1 day'); // no hours: the minutes are not the next unit
    expect(humanDuration(3600 * 5 + 60 * 12 + 30)).toBe('5 hours 12 minutes');
    expect(humanDuration(2700)).toBe('45 minutes');
    expect(humanDuration(60)).toBe('1 minute');
  });
  it('handles less than a minute', () => {
    expect(humanDuration(12)).toBe('under a minute');
    expect(humanDuration(0)).toBe('0 minutes');
  });
});

describe('compactDuration', () => {
  it('uses short units, the two largest', () => {
    expect(compactDuration(112880.6)).toBe('1d 7h');
    expect(compactDuration(14_651_000)).toBe('169d 13h');
    expect(compactDuration(86400 + 300)).toBe('1d');
    expect(compactDuration(2700)).toBe('45m');
    expect(compactDuration(5)).toBe('<1m');
  });
});

describe('describeExhaustion', () => {
  it('says when the budget runs out, or why it does not', () => {
    expect(describeExhaustion({ budgetRemaining: 0.25, timeToExhaustionSeconds: 112880 })).toBe('in 1 day 7 hours');
    expect(describeExhaustion({ budgetRemaining: -0.5, timeToExhaustionSeconds: 0 })).toBe('spent');
    expect(describeExhaustion({ budgetRemaining: 0.9, timeToExhaustionSeconds: null })).toBe('not burning');
    expect(describeExhaustion({ budgetRemaining: null, timeToExhaustionSeconds: null })).toBe('unknown');
    expect(describeExhaustion({ budgetRemaining: 0.25, timeToExhaustionSeconds: 112880 }, true)).toBe('1d 7h');
    expect(describeExhaustion({ budgetRemaining: 0.98, timeToExhaustionSeconds: 8137 * 86400 })).toBe('in over a year');
    expect(describeExhaustion({ budgetRemaining: 0.98, timeToExhaustionSeconds: 8137 * 86400 }, true)).toBe('> 1 year');
  });
});

describe('windows', () => {
  it('reads windows in words', () => {
    expect(windowLabel('30d')).toBe('30 days');
    expect(windowLabel('4w')).toBe('4 weeks');
    expect(windowLabel('1h')).toBe('1 hour');
    expect(windowLabel('5m')).toBe('5 minutes');
    expect(windowLabel('month')).toBe('calendar month');
  });
  it('knows their length, a calendar month counting 30 days', () => {
    expect(windowSeconds('30d')).toBe(2_592_000);
    expect(windowSeconds('4w')).toBe(2_419_200);
    expect(windowSeconds('30m')).toBe(1800);
    expect(windowSeconds('month')).toBe(2_592_000);
    expect(() => windowSeconds('soon')).toThrow('not a window');
  });
  it('labels objectives', () => {
    expect(objectiveLabel({ target: 99.9, window: '28d' })).toBe('99.9% over 28 days');
    expect(objectiveLabel({ target: 99 })).toBe('99% over 30 days');
    expect(objectiveLabel({ target: 99, window: '30d', displayName: 'monthly' })).toBe('monthly: 99% over 30 days');
  });
});

describe('groupLabel', () => {
  it('shows label values as matchers', () => {
    expect(groupLabel({ route: '/cart' })).toBe('route="/cart"');
    expect(groupLabel({ route: '/pay', region: 'eu' })).toBe('route="/pay", region="eu"');
    expect(groupLabel({})).toBe('all events');
  });
});

describe('describeHistory', () => {
  const time = (s: number) => new Date(s * 1000).toISOString().slice(0, 16);
  it('says the numbers come from recorded counts, filled since when', () => {
    expect(
      describeHistory(
        { source: 'recorded', revision: 'r', recordFrom: 1795491900, state: 'filled', filledFrom: 1792899600 },
        time
      )
    ).toBe('From recorded 5-minute counts, filled from raw history since 2026-10-25T03:40.');
  });
  it('says plainly when they come from raw series, and why', () => {
    expect(
      describeHistory(
        { source: 'raw', revision: 'r', recordFrom: 1795491900, state: 'failed', error: 'remote write refused' },
        time
      )
    ).toBe(
      'Computed from raw series: recorded history not filled yet (history failed: remote write refused). Live recording started 2026-11-24T03:45.'
    );
  });
  it('says when filled history is waiting for live recording to join it', () => {
    expect(
      describeHistory(
        { source: 'raw', revision: 'r', recordFrom: 1795491900, state: 'filled', coveredFrom: 1790000000 },
        time
      )
    ).toBe(
      'Computed from raw series: recorded history is filled, and takes over once live recording joins it (at its first 5-minute count). Live recording started 2026-11-24T03:45.'
    );
  });
  it('says when the moment shown is before recorded history', () => {
    expect(
      describeHistory(
        {
          source: 'raw',
          revision: 'r',
          recordFrom: 1795491900,
          state: 'filled',
          liveFrom: 1795492200,
          coveredFrom: 1790000000,
        },
        time,
        1789000000
      )
    ).toBe('Computed from raw series: this moment is before recorded history, which begins 2026-09-21T14:13.');
  });
});
