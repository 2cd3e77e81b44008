import { lastValueFrom, of, throwError, type Observable } from 'rxjs';
import { dateTime, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import {
  setBackendSrv,
  setTemplateSrv,
  type BackendSrv,
  type BackendSrvRequest,
  type TemplateSrv,
} from '@grafana/runtime';
import { StewardDataSource } from './datasource';
import { statusRow } from './testing/statusRow';
import { stewardSettings } from './testing/stubSteward';
import { templateSrvStub } from './testing/templateSrvStub';
import { QueryType, VariableKind, type StewardQuery } from './types';

// Unit level: Grafana's services are replaced by stubs here. The same code runs against a
// live steward-server and Prometheus in tests/browser.
const settings = stewardSettings;

const requests: BackendSrvRequest[] = [];

beforeEach(() => {
  requests.length = 0;
  setTemplateSrv({
    replace: (value?: string) => (value === '$label' ? 'service_name' : (value ?? '')),
  } as unknown as TemplateSrv);
  setBackendSrv({
    fetch: (options: BackendSrvRequest) => {
      requests.push(options);
      if ((options.params as { label?: string }).label === 'broken') {
        return throwError(() => ({
          status: 400,
          data: { error: { code: 'bad_request', message: 'bad label' } },
          config: options,
        }));
      }
      return of({ data: { label: 'service_name', time: 1, values: [{ value: 'checkout', series: 3 }] } });
    },
  } as unknown as BackendSrv);
});

function request(targets: StewardQuery[]): DataQueryRequest<StewardQuery> {
  const to = dateTime(1_800_000_000_000);
  return {
    targets,
    range: { from: to, to, raw: { from: to, to } },
    scopedVars: {},
  } as unknown as DataQueryRequest<StewardQuery>;
}

describe('StewardDataSource', () => {
  it('asks steward-server through its proxy route at the end of the time range, with variables replaced', async () => {
    const ds = new StewardDataSource(settings);
    const response = await ds.query(
      request([{ refId: 'A', queryType: QueryType.TelemetryInventory, label: '$label' }])
    );
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: '/api/datasources/proxy/uid/steward/steward/api/v1/telemetry/inventory',
      params: { label: 'service_name', time: 1_800_000_000 },
    });
    const frame = response.data[0];
    expect(frame.fields.map((f: { name: string; values: unknown[] }) => [f.name, f.values])).toEqual([
      ['service_name', ['checkout']],
      ['series', [3]],
    ]);
  });

  it('reports a failing query on its own refId and keeps the others', async () => {
    const ds = new StewardDataSource(settings);
    const response = await ds.query(
      request([
        { refId: 'A', label: 'broken' },
        { refId: 'B', label: 'service' },
      ])
    );
    expect(response.data.map((f: { refId: string }) => f.refId)).toEqual(['B']);
    expect(response.errors).toEqual([{ refId: 'A', message: 'bad label', status: 400 }]);
  });
});

describe('StewardDataSource against a stubbed steward-server', () => {
  const base = '/api/datasources/proxy/uid/steward/steward';
  const teamItem = (name: string, parent?: string, title?: string) => ({
    entity: { metadata: { name, ...(title ? { title } : {}) }, spec: parent ? { parent } : {} },
  });
  let answers: Record<string, (params: Record<string, unknown>) => unknown>;

  beforeEach(() => {
    requests.length = 0;
    setTemplateSrv(templateSrvStub([{ name: 'team', options: ['checkout', 'discovery'], current: '$__all' }]));
    answers = {
      '/api/user/teams': () => [{ id: 1, name: 'Checkout' }],
      [`${base}/api/v1/me`]: () => ({ login: 'gus', teams: ['discovery'] }),
      [`${base}/api/v1/teams`]: () => ({
        items: [
          teamItem('commerce'),
          teamItem('checkout', 'commerce', 'Checkout'),
          teamItem('discovery', 'commerce'),
          teamItem('payments', 'commerce'),
        ],
        totalItems: 4,
        facets: {},
      }),
      [`${base}/api/v1/slo-status`]: () => ({
        computedAt: 1,
        prometheusRequests: 1,
        rows: [
          statusRow({ budgetPolicy: { freezeBelow: 20, exempt: ['fix'], whenUnknown: 'allow' } }),
          statusRow({ group: { route: '/pay' }, budgetRemaining: 0.5, state: 'ok', alerts: [] }),
        ],
      }),
    };
    setBackendSrv({
      fetch: (options: BackendSrvRequest) => {
        requests.push(options);
        const answer = answers[options.url];
        if (!answer) {
          return throwError(() => ({ status: 404, data: { message: 'Not found' }, config: options }));
        }
        return of({ data: answer((options.params ?? {}) as Record<string, unknown>) });
      },
    } as unknown as BackendSrv);
  });

  const paramsOf = (path: string) => requests.filter((r) => r.url === `${base}${path}`).map((r) => r.params);

  it('expands $team (All → every option) and builds the status table with the freeze line the server sends', async () => {
    const ds = new StewardDataSource(settings);
    const response = await ds.query(request([{ refId: 'A', queryType: QueryType.SloStatus, team: ['$team'] }]));
    expect(paramsOf('/api/v1/slo-status')).toEqual([{ team: ['checkout', 'discovery'], includeSubteams: true }]);
    const frame = response.data[0];
    const column = (name: string) => frame.fields.find((f: { name: string }) => f.name === name).values;
    expect(column('budget_remaining')).toEqual([0.263, 0.5]);
    expect(column('freeze_below')).toEqual([0.2, null]);
    expect(paramsOf('/api/v1/slos')).toEqual([]);
  });

  describe('"frozen only"', () => {
    const policy = { freezeBelow: 30, exempt: ['fix'], whenUnknown: 'allow' as const };
    const frozenOnly = async (rows: Array<ReturnType<typeof statusRow>>) => {
      answers[`${base}/api/v1/slo-status`] = () => ({ computedAt: 1, prometheusRequests: 1, rows });
      const ds = new StewardDataSource(settings);
      const response = await ds.query(request([{ refId: 'A', queryType: QueryType.SloStatus, frozen: true }]));
      const frame = response.data[0];
      return { frame, budgets: frame.fields.find((f: { name: string }) => f.name === 'budget_remaining').values };
    };

    it('keeps only SLOs the release gate freezes, asking for first objectives', async () => {
      const { budgets } = await frozenOnly([
        statusRow({ budgetPolicy: policy }),
        statusRow({ group: { route: '/pay' }, budgetRemaining: 0.5, state: 'ok', budgetPolicy: policy }),
        statusRow({ group: { route: '/x' }, budgetRemaining: -1, state: 'exhausted' }),
      ]);
      expect(paramsOf('/api/v1/slo-status')).toEqual([{ primary: true }]);
      expect(budgets).toEqual([0.263]);
    });

    it('says so when budgets it left out could not be computed', async () => {
      const { frame, budgets } = await frozenOnly([
        statusRow({ budgetPolicy: policy }),
        statusRow({
          slo: 'payments',
          budgetRemaining: null,
          state: 'error',
          error: 'Prometheus: query timed out',
          budgetPolicy: policy,
        }),
      ]);
      expect(budgets).toEqual([0.263]);
      expect(frame.meta.notices).toEqual([
        expect.objectContaining({ severity: 'warning', text: expect.stringContaining('Prometheus: query timed out') }),
      ]);
    });
  });

  it('adds each owning team’s escalation path to the ownership table', async () => {
    answers[`${base}/api/v1/teams`] = () => ({
      items: [
        {
          entity: {
            metadata: { name: 'checkout' },
            spec: {
              escalation: [
                { after: '5m', notify: ['oncall'] },
                { after: '30m', notify: ['team:commerce'] },
              ],
            },
          },
        },
      ],
      totalItems: 1,
      facets: {},
    });
    answers[`${base}/api/v1/ownership/services`] = () => ({
      rows: [
        { service: 'cart', title: 'Cart', team: 'checkout', slos: 1 },
        { service: 'search', title: 'Search', team: 'discovery', slos: 1 },
      ],
      totalItems: 2,
    });
    const ds = new StewardDataSource(settings);
    const response = await ds.query(request([{ refId: 'A', queryType: QueryType.Ownership }]));
    const frame = response.data[0];
    expect(frame.fields.find((f: { name: string }) => f.name === 'escalation').values).toEqual([
      '5m oncall → 30m team:commerce',
      '',
    ]);
  });

  it('resolves “my teams” from the registry and the user’s Grafana teams, sub-teams included', async () => {
    const ds = new StewardDataSource(settings);
    expect(await ds.myTeams()).toEqual({
      login: 'gus',
      registry: ['discovery'],
      grafana: ['checkout'],
      grafanaTeamNames: ['Checkout'],
      all: ['checkout', 'discovery'],
    });
    await ds.query(request([{ refId: 'A', queryType: QueryType.SloStatus, myTeams: true, team: ['commerce'] }]));
    expect(paramsOf('/api/v1/slo-status')).toEqual([{ team: ['checkout', 'discovery'], includeSubteams: false }]);
  });

  it('still knows the registry teams when Grafana cannot list the user’s teams', async () => {
    delete answers['/api/user/teams'];
    const ds = new StewardDataSource(settings);
    expect((await ds.myTeams()).all).toEqual(['discovery']);
  });

  it('rolls rows up per team', async () => {
    const ds = new StewardDataSource(settings);
    const response = await ds.query(request([{ refId: 'A', queryType: QueryType.SloStatus, groupBy: 'team' }]));
    const frame = response.data[0];
    expect(frame.fields.map((f: { name: string; values: unknown[] }) => [f.name, f.values])).toEqual([
      ['team', ['checkout']],
      ['slos', [1]],
      ['lowest_budget', [0.263]],
      ['worst_state', ['burning']],
      ['firing_alerts', [1]],
      ['url', ['/a/steward-ownership-app/teams/checkout']],
    ]);
  });

  it('fails with the server’s reason when not one SLO could be computed', async () => {
    answers[`${base}/api/v1/slo-status`] = () => ({
      computedAt: 1,
      prometheusRequests: 1,
      rows: [statusRow({ state: 'error', budgetRemaining: null, error: 'cannot reach Prometheus at http://p:9090' })],
    });
    const ds = new StewardDataSource(settings);
    const response = await ds.query(request([{ refId: 'A', queryType: QueryType.SloStatus }]));
    expect(response.data).toEqual([]);
    expect(response.errors![0]!.message).toBe(
      'No SLO could be computed: cannot reach Prometheus at http://p:9090 (SLO checkout-route-success)'
    );
  });

  it('answers nothing, without asking, when a variable expands to no values', async () => {
    setTemplateSrv(templateSrvStub([{ name: 'service', options: [], current: '$__all' }]));
    const ds = new StewardDataSource(settings);
    const response = await ds.query(request([{ refId: 'A', queryType: QueryType.SloStatus, service: ['$service'] }]));
    expect(paramsOf('/api/v1/slo-status')).toEqual([]);
    expect(response.data[0].length).toBe(0);
    expect(response.data[0].meta.notices[0].text).toBe('No results: the service filter has no values.');
  });

  it('lists teams for a variable, optionally only the user’s', async () => {
    const ds = new StewardDataSource(settings);
    const values = async (query: object) => {
      const response = await lastValueFrom(
        (ds.variables as unknown as { query(r: object): Observable<DataQueryResponse> }).query({
          targets: [query],
          scopedVars: {},
        })
      );
      const frame = response.data[0];
      return frame.fields.find((f: { name: string }) => f.name === 'value').values;
    };
    expect(await values({ refId: 'V', kind: VariableKind.Teams })).toEqual([
      'checkout',
      'commerce',
      'discovery',
      'payments',
    ]);
    expect(await values({ refId: 'V', kind: VariableKind.Teams, myTeams: true })).toEqual(['checkout', 'discovery']);
    // Within teams: the chosen ones and the teams below them (a PromQL join on the owning team needs them all).
    expect(await values({ refId: 'V', kind: VariableKind.Teams, team: ['commerce'] })).toEqual([
      'checkout',
      'commerce',
      'discovery',
      'payments',
    ]);
    expect(await values({ refId: 'V', kind: VariableKind.Teams, team: ['commerce'], includeSubteams: false })).toEqual([
      'commerce',
    ]);
    expect(await values({ refId: 'V', kind: VariableKind.Teams, team: ['$team'] })).toEqual(['checkout', 'discovery']);
  });

  it('turns a saved annotation without a target into an events query', () => {
    const ds = new StewardDataSource(settings);
    const annotation = ds.annotations!.prepareAnnotation!({ name: 'Steward', enable: true, iconColor: 'red' });
    expect(ds.annotations!.prepareQuery!(annotation)).toEqual({
      refId: 'Anno',
      kinds: ['deploy', 'alert', 'budget'],
      queryType: QueryType.Annotations,
    });
  });
});
