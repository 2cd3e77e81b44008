import { FieldType } from '@grafana/data';
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

  it('has the counted window and, for a row without data, since when, as times in milliseconds', () => {
    const silent = statusFrame(
      [
        statusRow({ window: { from: 1_795_000_000, to: 1_796_000_000 } }),
        statusRow({
          group: { route: '/pay' },
          window: { from: 1_795_000_300, to: 1_796_000_000 },
          noDataSince: 1_795_990_000,
          state: 'no-data',
          budgetRemaining: null,
          alerts: [{ severity: 'warning', tier: 'no-data', longWindow: '10m', state: 'firing' }],
        }),
      ],
      'A'
    );
    const field = (name: string) => silent.fields.find((f) => f.name === name)!;
    expect(field('window_from').type).toBe(FieldType.time);
    expect(field('window_from').values).toEqual([1_795_000_000_000, 1_795_000_300_000]);
    expect(field('window_to').type).toBe(FieldType.time);
    expect(field('window_to').values).toEqual([1_796_000_000_000, 1_796_000_000_000]);
    expect(field('no_data_since').type).toBe(FieldType.time);
    expect(field('no_data_since').values).toEqual([null, 1_795_990_000_000]);
    expect(field('no_data_since').config.displayName).toBe('No data since');
    expect(field('state').values).toEqual(['burning', 'no-data']);
    expect(field('alerts').values).toEqual(['ticket firing (1d)', 'no data firing (10m)']);
  });

  it('links rows to their SLO page at the moment the numbers are for, when that is a past one', () => {
    const past = statusFrame([statusRow()], 'A', 1_796_000_000);
    expect(values(past, 'url')).toEqual([
      '/a/steward-ownership-app/slos/checkout-route-success?group.route=%2Fcart&at=2026-11-30T00%3A53%3A20Z',
    ]);
  });

  it('formats budget as a percentage and maps states to coloured text', () => {
    const budget = frame.fields.find((f) => f.name === 'budget_remaining')!;
    expect(budget.config.unit).toBe('percentunit');
    const state = frame.fields.find((f) => f.name === 'state')!;
    expect(state.config.mappings![0]!.options).toMatchObject({ ok: { text: 'OK', color: 'green' } });
  });
});
