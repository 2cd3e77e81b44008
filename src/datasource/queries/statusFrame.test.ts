import { statusFrame } from './statusFrame';
import { statusRow } from '../testing/statusRow';

const values = (frame: ReturnType<typeof statusFrame>, name: string) =>
  frame.fields.find((f) => f.name === name)!.values;

describe('statusFrame', () => {
  const rows = [
    statusRow({ budgetPolicy: { freezeBelow: 25, exempt: ['fix', 'revert'], whenUnknown: 'allow' } }),
    statusRow({
      slo: 'search-availability',
      title: 'Search availability',
      service: 'search',
      team: 'discovery',
      objective: { index: 1, target: 99, window: '30d', windowSeconds: 30 * 86400, displayName: 'monthly' },
      group: {},
      budgetRemaining: null,
      alerts: [],
      state: 'error',
      error: 'cannot reach Prometheus',
    }),
  ];
  const frame = statusFrame(rows, 'A');

  it('has one row per SLO objective and group with the server’s numbers', () => {
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(2);
    expect(values(frame, 'service')).toEqual(['checkout-api', 'search']);
    expect(values(frame, 'team')).toEqual(['checkout', 'discovery']);
    expect(values(frame, 'budget_remaining')).toEqual([0.263, null]);
    expect(values(frame, 'sli')).toEqual([0.99874, 0.99874]);
    expect(values(frame, 'burn_rate_1h')).toEqual([1.2, 1.2]);
    expect(values(frame, 'objective')).toEqual(['99.9% over 28 days', 'monthly: 99% over 30 days']);
    expect(values(frame, 'group')).toEqual(['route="/cart"', '']);
    expect(values(frame, 'alerts')).toEqual(['ticket firing (1d)', '']);
    expect(values(frame, 'firing_alerts')).toEqual([1, 0]);
    expect(values(frame, 'state')).toEqual(['burning', 'error']);
    expect(values(frame, 'freeze_below')).toEqual([0.25, null]);
    expect(values(frame, 'error')).toEqual(['', 'cannot reach Prometheus']);
  });

  it('links each row to its SLO page on its objective and group, as a data link', () => {
    expect(values(frame, 'url')).toEqual([
      '/a/steward-ownership-app/slos/checkout-route-success?group.route=%2Fcart',
      '/a/steward-ownership-app/slos/search-availability?objective=1',
    ]);
    const title = frame.fields.find((f) => f.name === 'title')!;
    expect(title.config.links).toEqual([{ title: 'Open the SLO page', url: '${__data.fields.url:raw}' }]);
    expect(frame.fields.find((f) => f.name === 'url')!.config.custom.hidden).toBe(true);
  });

  it('formats budget as a percentage and maps states to coloured text', () => {
    const budget = frame.fields.find((f) => f.name === 'budget_remaining')!;
    expect(budget.config.unit).toBe('percentunit');
    const state = frame.fields.find((f) => f.name === 'state')!;
    expect(state.config.mappings![0]!.options).toMatchObject({ ok: { text: 'OK', color: 'green' } });
  });
});
