import { applyFieldOverrides, createTheme, type DataFrame } from '@grafana/data';
import { burndownFrames } from '../../datasource/queries/burndown';
import { statusFrame } from '../../datasource/queries/statusFrame';
import { statusRow } from '../../datasource/testing/statusRow';
import { noDataText } from './components/StatusGrid';
import { gaugeLayout, gridSections, itemsFromData, severityOf } from './rows';

/** Frames as a panel receives them: field config applied, display processors attached. */
function processed(frames: DataFrame[]): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v: string) => v,
    theme: createTheme(),
    timeZone: 'utc',
  });
}

const rows = [
  statusRow({ group: { route: '/cart' }, budgetRemaining: 0.2634, state: 'burning' }),
  statusRow({ group: { route: '/pay' }, budgetRemaining: 0.38, state: 'ok', alerts: [] }),
  statusRow({
    slo: 'checkout-latency',
    title: 'Checkout latency',
    group: {},
    budgetPolicy: { freezeBelow: 60, exempt: ['fix', 'revert'], whenUnknown: 'allow' },
    budgetRemaining: 0.55,
    state: 'ok',
    alerts: [],
  }),
  statusRow({
    slo: 'search-availability',
    title: 'Search availability',
    service: 'search',
    team: 'discovery',
    group: {},
    budgetRemaining: 0.81,
    state: 'ok',
    alerts: [],
  }),
];

describe('panel items from the datasource’s status frame', () => {
  const items = itemsFromData(processed([statusFrame(rows)]))!;

  it('reads every row with its budget formatted by the field, its link and its policy', () => {
    expect(items.map((i) => [i.slo, i.group, i.budgetText, i.state])).toEqual([
      ['checkout-route-success', 'route="/cart"', '26.3%', 'burning'],
      ['checkout-route-success', 'route="/pay"', '38.0%', 'ok'],
      ['checkout-latency', '', '55.0%', 'ok'],
      ['search-availability', '', '81.0%', 'ok'],
    ]);
    expect(items[0]!.url).toBe('/a/steward-ownership-app/slos/checkout-route-success?group.route=%2Fcart');
    expect(items[2]!.freezeBelow).toBe(0.6);
    expect(items[0]!.firing).toBe(1);
  });

  it('colours by state, and an ok budget at or below the freeze line as frozen', () => {
    expect(items.map(severityOf)).toEqual(['burning', 'ok', 'frozen', 'ok']);
    expect(severityOf({ state: 'ok', budget: -0.01, freezeBelow: null })).toBe('exhausted');
    expect(severityOf({ state: 'error', budget: null, freezeBelow: null })).toBe('exhausted');
    expect(severityOf({ state: 'no-data', budget: null, freezeBelow: null })).toBe('unknown');
  });

  it('lays the grid out by team (worst first), service and SLO', () => {
    const sections = gridSections(items);
    expect(sections.map((s) => [s.team, s.worst, s.firing])).toEqual([
      ['checkout', 'burning', 1],
      ['discovery', 'ok', 0],
    ]);
    expect(sections[0]!.services[0]!.items.map((i) => `${i.title} ${i.group}`)).toEqual([
      'Checkout latency ',
      'Checkout success per route route="/cart"',
      'Checkout success per route route="/pay"',
    ]);
  });
});

describe('panel items of SLOs without data', () => {
  const silent = itemsFromData(
    processed([
      statusFrame([
        statusRow({ state: 'no-data', noDataSince: 1_796_000_000, budgetRemaining: 0.4 }),
        // A row that says "ok" while its series are silent is still no data to the panel.
        statusRow({ group: { route: '/pay' }, state: 'ok', noDataSince: 1_795_990_000, alerts: [] }),
        statusRow({ group: { route: '/x' }, state: 'ok', alerts: [] }),
      ]),
    ])
  )!;

  it('are in the no-data state, grey, with since when', () => {
    expect(silent.map((i) => [i.group, i.state, i.noDataSince, severityOf(i)])).toEqual([
      ['route="/cart"', 'no-data', 1_796_000_000_000, 'unknown'],
      ['route="/pay"', 'no-data', 1_795_990_000_000, 'unknown'],
      ['route="/x"', 'ok', null, 'ok'],
    ]);
    expect(gridSections(silent)[0]!.worst).toBe('no-data');
  });

  it('are told apart on the grid and gauges by “No data since” in the dashboard’s time zone', () => {
    expect(noDataText(silent[0]!, 'utc')).toBe('No data since 2026-11-30 00:53');
    expect(noDataText(silent[0]!, 'Europe/Berlin')).toBe('No data since 2026-11-30 01:53');
    expect(noDataText(silent[2]!, 'utc')).toBeUndefined();
  });
});

describe('panel items from budget series', () => {
  it('takes each line’s last value and skips the ideal line', () => {
    const frames = burndownFrames(
      {
        source: 'recorded',
        series: [
          {
            group: {},
            points: [
              [1, 1],
              [2, 0.5],
            ],
          },
        ],
        ideal: [
          [1, 1],
          [2, 0],
        ],
      },
      { name: 'a', title: 'A', objective: 0 },
      false
    );
    const items = itemsFromData(processed(frames))!;
    expect(items.map((i) => [i.slo, i.budget, i.budgetText])).toEqual([['a', 0.5, '50.0%']]);
  });

  it('is not an SLO query without status rows or time series', () => {
    expect(itemsFromData([])).toBeUndefined();
  });
});

describe('gaugeLayout', () => {
  it('picks the column count that makes the gauges largest', () => {
    expect(gaugeLayout(4, 1000, 300, 100, 60)).toEqual({ columns: 4, size: 240 });
    expect(gaugeLayout(4, 400, 800, 100, 60)).toEqual({ columns: 2, size: 200 });
    expect(gaugeLayout(1, 500, 300, 100, 60, 0.84)).toEqual({ columns: 1, size: 285 });
  });

  it('never goes below the minimum size: the panel scrolls instead', () => {
    expect(gaugeLayout(30, 600, 200, 120, 60)).toEqual({ columns: 5, size: 120 });
  });
});
