import { of, throwError } from 'rxjs';
import { dateTime, type DataQueryRequest, type DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import type { StewardDataSourceOptions, StewardQuery } from '../types';

/** A Steward datasource's settings as Grafana hands them over (proxy access). */
export const stewardSettings = {
  uid: 'steward',
  name: 'Steward',
  type: 'steward-errorbudget-datasource',
  url: '/api/datasources/proxy/uid/steward',
  access: 'proxy',
  jsonData: {},
  readOnly: false,
  meta: {} as never,
} as DataSourceInstanceSettings<StewardDataSourceOptions>;

/** Where the datasource's requests to steward-server go: its proxy route. */
export const STEWARD_BASE = '/api/datasources/proxy/uid/steward/steward';

/** An error answer as steward-server sends it (its error envelope). */
export class ServerError {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly code = 'bad_request'
  ) {}
}

/**
 * Grafana's backend service answering from `answers` (by path below the proxy route, or by full
 * URL); a ServerError returned becomes that HTTP error. Returns the requests made.
 */
export function stubSteward(answers: Record<string, (params: Record<string, unknown>) => unknown>) {
  const requests: BackendSrvRequest[] = [];
  setBackendSrv({
    fetch: (options: BackendSrvRequest) => {
      requests.push(options);
      const answer = answers[options.url.replace(STEWARD_BASE, '')] ?? answers[options.url];
      const data = answer?.((options.params ?? {}) as Record<string, unknown>);
      if (data === undefined || data instanceof ServerError) {
        const error = data ?? new ServerError(404, 'Not found', 'not_found');
        return throwError(() => ({
          status: error.status,
          data: { error: { code: error.code, message: error.message } },
          config: options,
        }));
      }
      return of({ data });
    },
  } as unknown as BackendSrv);
  return {
    requests,
    paramsOf: (path: string) => requests.filter((r) => r.url === `${STEWARD_BASE}${path}`).map((r) => r.params),
  };
}

/** The request Grafana's query runner makes for a time range (milliseconds). */
export function rangeRequest(targets: StewardQuery[], fromMs: number, toMs: number): DataQueryRequest<StewardQuery> {
  const from = dateTime(fromMs);
  const to = dateTime(toMs);
  return {
    targets,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
  } as unknown as DataQueryRequest<StewardQuery>;
}
