import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import type { ApiErrorBody } from '../../server/src/contract/errors';
import type { EventInput, EventList, ServiceEvent } from '../../server/src/contract/events';
import type { ServerStatus } from '../../server/src/contract/status';
import type { TelemetryInventory } from '../../server/src/contract/telemetry';

export type { ServerStatus, TelemetryInventory, ServiceEvent };

/** A failed call to steward-server, with the server's own explanation when it gave one. */
export class StewardApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string
  ) {
    super(message);
    this.name = 'StewardApiError';
  }
}

/**
 * Typed access to steward-server's /api/v1 through a Grafana proxy route. The app passes its
 * plugin-proxy URL, the datasource its datasource-proxy URL; the proxy adds the secret.
 */
export class StewardClient {
  constructor(private readonly baseUrl: string) {}

  status(): Promise<ServerStatus> {
    return this.get('/api/v1/status');
  }

  telemetryInventory(label: string, time?: number): Promise<TelemetryInventory> {
    return this.get('/api/v1/telemetry/inventory', { label, ...(time === undefined ? {} : { time }) });
  }

  events(params: { service?: string; from?: string; to?: string; limit?: number } = {}): Promise<EventList> {
    return this.get('/api/v1/events', params);
  }

  recordEvent(input: EventInput): Promise<ServiceEvent> {
    return this.send('POST', '/api/v1/events', input);
  }

  private get<T>(path: string, params?: Record<string, string | number | undefined>): Promise<T> {
    return this.request<T>({ method: 'GET', url: `${this.baseUrl}${path}`, params });
  }

  private send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, data: unknown): Promise<T> {
    return this.request<T>({ method, url: `${this.baseUrl}${path}`, data });
  }

  private async request<T>(options: { method: string; url: string; params?: object; data?: unknown }): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({ ...options, showErrorAlert: false, showSuccessAlert: false })
      );
      return response.data;
    } catch (error) {
      throw toApiError(error);
    }
  }
}

export function toApiError(error: unknown): StewardApiError {
  if (error instanceof StewardApiError) {
    return error;
  }
  if (isFetchError<Partial<ApiErrorBody> & { message?: string }>(error)) {
    const body = error.data;
    if (body?.error?.message) {
      return new StewardApiError(body.error.message, error.status, body.error.code);
    }
    // No Steward error envelope: the answer came from Grafana's proxy, not steward-server.
    const detail = body?.message ? ` (${body.message})` : '';
    const message =
      error.status === 502 || error.status === 504
        ? `Grafana could not reach steward-server${detail}; check the Steward URL in the app configuration`
        : error.status === 403
          ? `Grafana refused the request${detail}; your role may not allow this`
          : `steward-server request failed: HTTP ${error.status}${detail}`;
    return new StewardApiError(message, error.status);
  }
  return new StewardApiError(error instanceof Error ? error.message : String(error), 0);
}
