import { setTemplateSrv } from '@grafana/runtime';
import { StewardDataSource } from '../datasource';
import { statusRow } from '../testing/statusRow';
import { rangeRequest, ServerError, stewardSettings, stubSteward } from '../testing/stubSteward';
import { templateSrvStub } from '../testing/templateSrvStub';
import { QueryType, type StewardQuery } from '../types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The status query at the dashboard's range end: what is asked of steward-server and what comes back. */
describe('SLO status at the range end', () => {
  let server: ReturnType<typeof stubSteward>;
  let statusAt: (params: Record<string, unknown>) => unknown;

  beforeEach(() => {
    setTemplateSrv(templateSrvStub([]));
    // The server's window ends at the moment asked for (or now).
    statusAt = (params) => {
      const to = params.at ? Number(params.at) : Math.floor(Date.now() / 1000);
      return {
        computedAt: to,
        prometheusRequests: 1,
        rows: [statusRow({ window: { from: to - 28 * 86_400, to } })],
      };
    };
    server = stubSteward({ '/api/v1/slo-status': (params) => statusAt(params) });
  });

  const run = (query: Partial<StewardQuery>, fromMs: number, toMs: number) =>
    new StewardDataSource(stewardSettings).query(
      rangeRequest([{ refId: 'A', queryType: QueryType.SloStatus, ...query }], fromMs, toMs)
    );
  const column = (frame: { fields: Array<{ name: string; values: unknown[] }> }, name: string) =>
    frame.fields.find((f) => f.name === name)!.values;

  it('asks for the status at the end of a range that ends in the past, and says so in the window and links', async () => {
    const end = Math.floor((Date.now() - 2 * DAY) / 1000) * 1000;
    const response = await run({}, end - 6 * HOUR, end);
    expect(server.paramsOf('/api/v1/slo-status')).toEqual([{ at: String(end / 1000) }]);
    const frame = response.data[0];
    expect(column(frame, 'window_to')).toEqual([end]);
    expect(column(frame, 'window_from')).toEqual([end - 28 * DAY]);
    const url = new URL(column(frame, 'url')[0] as string, 'http://grafana');
    expect(url.searchParams.get('at')).toBe(new Date(end).toISOString().replace('.000Z', 'Z'));
  });

  it('asks for the cached present when the range ends within a minute of now', async () => {
    const now = Date.now();
    await run({}, now - 6 * HOUR, now - 30_000);
    await run({}, now - 6 * HOUR, now + HOUR);
    expect(server.paramsOf('/api/v1/slo-status')).toEqual([{}, {}]);
  });

  it('asks for the present whatever the range when the query is evaluated at now', async () => {
    const response = await run({ evaluateAt: 'now' }, Date.now() - 9 * DAY, Date.now() - 8 * DAY);
    expect(server.paramsOf('/api/v1/slo-status')).toEqual([{}]);
    expect(new URL(column(response.data[0], 'url')[0] as string, 'http://g').searchParams.has('at')).toBe(false);
  });

  it('rolls teams up at the range end too', async () => {
    const end = Math.floor((Date.now() - DAY) / 1000) * 1000;
    await run({ groupBy: 'team', team: ['checkout'] }, end - HOUR, end);
    expect(server.paramsOf('/api/v1/slo-status')).toEqual([
      { team: ['checkout'], includeSubteams: true, at: String(end / 1000) },
    ]);
  });

  it('fails the query with the server’s own words when it refuses the moment', async () => {
    const message =
      'No data at 2026-10-01T00:00:00.000Z: recorded history begins 2026-11-01T00:00:00.000Z, and Prometheus holds no raw series that counted anything then';
    statusAt = () => new ServerError(400, message);
    const end = Date.now() - 60 * DAY;
    const response = await run({}, end - HOUR, end);
    expect(response.data).toEqual([]);
    expect(response.errors).toEqual([{ refId: 'A', message, status: 400 }]);
  });

  it('keeps budget and burn-rate time series on the range, without a moment', async () => {
    server = stubSteward({
      '/api/v1/slo-timeseries': () => ({ series: [], errors: [], prometheusRequests: 1 }),
    });
    const end = Math.floor((Date.now() - 2 * DAY) / 1000) * 1000;
    await run({ queryType: QueryType.Budget }, end - DAY, end);
    expect(server.paramsOf('/api/v1/slo-timeseries')).toEqual([
      { series: 'budget', from: (end - DAY) / 1000, to: end / 1000 },
    ]);
  });
});
