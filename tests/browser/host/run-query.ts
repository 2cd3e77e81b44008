import { from, isObservable, lastValueFrom } from 'rxjs';
import type { DataFrame, DataQuery, DataQueryError, DataQueryRequest, ScopedVars, TimeRange } from '@grafana/data';

export interface HostRequest {
  requestId: string;
  targets: DataQuery[];
  range: TimeRange;
  scopedVars?: ScopedVars;
  panelId?: number;
  interval?: string;
  intervalMs?: number;
  maxDataPoints?: number;
}

export interface HostResponse {
  request: DataQueryRequest;
  data: DataFrame[];
  /** Grafana shows these on the panel; a thrown error or a rejected answer ends up here too. */
  errors?: DataQueryError[];
}

/**
 * Builds the request Grafana's query runner hands a datasource (or its variable support), runs
 * it and waits for the last answer, whether the datasource returns an Observable or a Promise.
 */
export async function runHostQuery(
  run: (request: DataQueryRequest) => unknown,
  parts: HostRequest
): Promise<HostResponse> {
  const request = {
    app: 'dashboard',
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 500,
    scopedVars: {},
    timezone: 'utc',
    startTime: Date.now(),
    ...parts,
  } as DataQueryRequest;
  try {
    const answer = run(request);
    const response = (await lastValueFrom(isObservable(answer) ? answer : from(answer as Promise<unknown>))) as {
      data?: DataFrame[];
      error?: DataQueryError;
      errors?: DataQueryError[];
    };
    const errors = response.errors?.length ? response.errors : response.error ? [response.error] : undefined;
    return { request, data: response.data ?? [], ...(errors ? { errors } : {}) };
  } catch (error) {
    return { request, data: [], errors: [{ message: (error as Error).message }] };
  }
}

/** The frames of a response, or its first error thrown. */
export function framesOrThrow(response: HostResponse): DataFrame[] {
  if (response.errors?.length) {
    throw new Error(response.errors[0]!.message);
  }
  return response.data;
}
