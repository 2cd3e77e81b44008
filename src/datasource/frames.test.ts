import { FieldType } from '@grafana/data';
import {
  annotationsFrame,
  burndownFrames,
  ownershipFrame,
  rollupByTeam,
  seriesFrames,
  statusFrame,
  dependencyFrames,
} from './frames';
import { IDEAL_NAME } from '../slo/frames';
import { routeTimeseries as timeseries } from '../slo/testing/timeseries';
import { statusRow } from './testing/statusRow';

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

describe('seriesFrames', () => {
  const answer = {
    series: [
      {
        slo: 'search-availability',
        title: 'Search availability',
        service: 'search',
        team: 'discovery',
        objective: { index: 0, target: 99.9, window: '7d' },
        group: {},
        points: [
          [1000, 0.5],
          [1300, 0.4],
        ] as Array<[number, number]>,
      },
      {
        slo: 'search-availability',
        title: 'Search availability',
        service: 'search',
        team: 'discovery',
        objective: { index: 1, target: 99, window: '30d' },
        group: {},
        points: [[1000, 0.9]] as Array<[number, number]>,
      },
    ],
    errors: [],
    prometheusRequests: 1,
  };

  it('makes one time series per SLO objective and group, with labels and milliseconds', () => {
    const frames = seriesFrames(answer, 'burnrate', 'B');
    expect(frames).toHaveLength(2);
    expect(frames[0]!.fields[0]!.type).toBe(FieldType.time);
    expect(frames[0]!.fields[0]!.values).toEqual([1_000_000, 1_300_000]);
    expect(frames[0]!.fields[1]!.values).toEqual([0.5, 0.4]);
    expect(frames[0]!.fields[1]!.labels).toEqual({
      slo: 'search-availability',
      service: 'search',
      team: 'discovery',
      objective: '0',
      series: 'burnrate',
    });
    // Two objectives of one SLO: the name says which.
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual([
      'Search availability · 99.9% / 7d',
      'Search availability · 99% / 30d',
    ]);
    expect(frames[0]!.fields[1]!.config.unit).toBe('suffix:×');
  });
});

describe('burndownFrames', () => {
  it('draws a line per group and the dashed ideal line, with the window and SLO page in the meta', () => {
    const frames = burndownFrames(
      timeseries,
      { name: 'checkout-route-success', title: 'Checkout', objective: 0 },
      false
    );
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual([
      'route="/cart"',
      'route="/pay"',
      IDEAL_NAME,
    ]);
    expect(frames[2]!.fields[1]!.config.custom.lineStyle).toEqual({ fill: 'dash', dash: [8, 6] });
    expect(frames[2]!.fields[1]!.labels!.series).toBe('ideal');
    expect(frames[0]!.meta!.custom).toEqual({
      windowStart: 1_000_000,
      windowEnd: 2_000_000,
      title: 'Checkout',
      url: '/a/steward-ownership-app/slos/checkout-route-success?group.route=%2Fcart',
    });
  });

  it('names lines by SLO when several SLOs share the chart', () => {
    const frames = burndownFrames(
      { ...timeseries, series: [{ group: {}, points: [[1000, 1]] }] },
      { name: 'a', title: 'A', objective: 0 },
      true
    );
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual(['A', `${IDEAL_NAME} · A`]);
  });
});

describe('annotationsFrame', () => {
  it('has the fields Grafana maps to events: time, timeEnd, title, text, tags, color', () => {
    const frame = annotationsFrame([
      {
        time: 2000,
        kind: 'deploy',
        title: 'deploy: search 7.1.2',
        text: 'by ci',
        service: 'search',
        tags: ['deploy', 'search'],
      },
      {
        time: 1000,
        timeEnd: 1600,
        kind: 'alert',
        title: 'page alert',
        text: 'burning',
        service: 'search',
        slo: 'search-availability',
        team: 'discovery',
        tags: ['alert'],
      },
    ]);
    const column = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(column('time')).toEqual([1_000_000, 2_000_000]);
    expect(column('timeEnd')).toEqual([1_600_000, 2_000_000]);
    expect(column('title')).toEqual(['page alert', 'deploy: search 7.1.2']);
    expect(column('tags')).toEqual(['alert', 'deploy,search']);
    expect(column('slo')).toEqual(['search-availability', '']);
    expect(new Set(column('color')).size).toBe(2);
  });
});

describe('ownershipFrame', () => {
  it('lists services with owner, on-call and runbook, linking to their pages', () => {
    const frame = ownershipFrame(
      [{ service: 'cart', title: 'Cart', team: 'checkout', onCallNow: 'alice', runbook: 'https://rb/cart', slos: 2 }],
      'A',
      (team) => (team === 'checkout' ? '5m oncall → 30m team:commerce' : '')
    );
    const column = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(column('on_call_now')).toEqual(['alice']);
    expect(column('escalation')).toEqual(['5m oncall → 30m team:commerce']);
    expect(column('runbook')).toEqual(['https://rb/cart']);
    expect(column('service_url')).toEqual(['/a/steward-ownership-app/services/cart']);
    expect(column('team_url')).toEqual(['/a/steward-ownership-app/teams/checkout']);
  });
});

describe('dependencyFrames', () => {
  const [nodes, edges] = dependencyFrames(
    {
      nodes: [
        {
          service: 'api',
          title: 'API',
          team: 'shop',
          known: true,
          slos: 2,
          worstState: 'burning',
          lowestBudget: 0.4,
          firingAlerts: 1,
          url: '/a/steward-ownership-app/services/api',
        },
        {
          service: 'db',
          title: 'db',
          team: 'data',
          known: true,
          slos: 0,
          lowestBudget: null,
          firingAlerts: 0,
          url: '/a/steward-ownership-app/services/db',
        },
        {
          service: 'ghost',
          title: 'ghost',
          team: '',
          known: false,
          slos: 0,
          lowestBudget: null,
          firingAlerts: 0,
          url: '/a/steward-ownership-app/services/ghost',
        },
      ],
      edges: [
        { source: 'api', target: 'db' },
        { source: 'api', target: 'ghost' },
      ],
    },
    'A'
  );
  const column = (frame: typeof nodes, name: string) => frame!.fields.find((f) => f.name === name)!.values;

  it('gives the node graph its nodes: id, title, owner, lowest budget, SLOs, colour by worst state', () => {
    expect(nodes!.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(column(nodes, 'id')).toEqual(['api', 'db', 'ghost']);
    expect(column(nodes, 'subtitle')).toEqual(['shop', 'data', 'not in the catalog']);
    expect(column(nodes, 'mainstat')).toEqual([0.4, null, null]);
    expect(column(nodes, 'secondarystat')).toEqual(['2 SLOs, burning', 'no SLO', 'no SLO']);
    expect(column(nodes, 'color')).toEqual(['orange', 'text', 'purple']);
  });

  it('and its edges, from dependent to dependency', () => {
    expect(column(edges, 'source')).toEqual(['api', 'api']);
    expect(column(edges, 'target')).toEqual(['db', 'ghost']);
    expect(column(edges, 'id')).toEqual(['api->db', 'api->ghost']);
  });
});
