import { of, throwError } from 'rxjs';
import { dateTime, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';
import {
  setBackendSrv,
  setTemplateSrv,
  type BackendSrv,
  type BackendSrvRequest,
  type TemplateSrv,
} from '@grafana/runtime';
import { StewardDataSource } from './datasource';
import { QueryType, type StewardDataSourceOptions, type StewardQuery } from './types';

// Unit level: Grafana's services are replaced by stubs here. The same code runs against a
// live steward-server and Prometheus in tests/browser.
const settings = {
  uid: 'steward',
  name: 'Steward',
  type: 'steward-errorbudget-datasource',
  url: '/api/datasources/proxy/uid/steward',
  access: 'proxy',
  jsonData: {},
  readOnly: false,
  meta: {} as never,
} as DataSourceInstanceSettings<StewardDataSourceOptions>;

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
