import type { SloStatusRow } from '../../api/stewardClient';

/** A status row as steward-server answers it, for unit tests. */
export function statusRow(overrides: Partial<SloStatusRow> = {}): SloStatusRow {
  return {
    slo: 'checkout-route-success',
    title: 'Checkout success per route',
    service: 'checkout-api',
    team: 'checkout',
    tier: 'tier-1',
    objective: { index: 0, target: 99.9, window: '28d', windowSeconds: 28 * 86400 },
    window: { from: 1_796_000_000 - 28 * 86400, to: 1_796_000_000 },
    group: { route: '/cart' },
    sli: 0.99874,
    budgetRemaining: 0.263,
    burnRates: { '5m': 2, '30m': 1.5, '1h': 1.2, '2h': 1, '6h': 0.9, '1d': 5.5, '3d': 0.7 },
    timeToExhaustionSeconds: 3600,
    alerts: [{ severity: 'warning', tier: 'ticket', longWindow: '1d', state: 'firing' }],
    alertThresholds: [],
    state: 'burning',
    history: { source: 'recorded', revision: 'r1', recordFrom: 0, state: 'filled' },
    warnings: [],
    url: '/a/steward-ownership-app/slos/checkout-route-success',
    ...overrides,
  };
}
