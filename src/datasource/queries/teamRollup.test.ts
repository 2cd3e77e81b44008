import { rollupByTeam } from './teamRollup';
import { statusRow } from '../testing/statusRow';

describe('rollupByTeam', () => {
  it('counts SLOs, finds the lowest budget, the worst state and the firing alerts per team', () => {
    const rows = [
      statusRow({ group: { route: '/cart' }, budgetRemaining: 0.26, state: 'burning' }),
      statusRow({ group: { route: '/pay' }, budgetRemaining: 0.38, state: 'ok', alerts: [] }),
      statusRow({ slo: 'checkout-latency', budgetRemaining: -0.1, state: 'exhausted', alerts: [] }),
      statusRow({ slo: 'search', team: 'discovery', budgetRemaining: null, state: 'no-data', alerts: [] }),
    ];
    expect(rollupByTeam(rows)).toEqual([
      { team: 'checkout', slos: 2, lowestBudget: -0.1, worstState: 'exhausted', firing: 1 },
      { team: 'discovery', slos: 1, lowestBudget: null, worstState: 'no-data', firing: 0 },
    ]);
  });
});
