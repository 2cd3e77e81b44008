import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import type { ApiErrorBody } from '@steward/contract/errors';
import type { EventInput, EventList, ServiceEvent } from '@steward/contract/events';
import type {
  OwnershipHealth,
  OwnershipRow,
  OwnershipTable,
  OwnershipTableQuery,
  UnownedTelemetry,
} from '@steward/contract/health';
import type {
  ApiService,
  ApiSlo,
  ApiTeam,
  AuditPage,
  CatalogQuery,
  CatalogStatus,
  Me,
  ServiceEntity,
  ServiceOverview,
  ServicePage,
  SloEntity,
  SloPage,
  TeamEntity,
  TeamOverview,
  TeamPage,
} from '@steward/contract/registry';
import type {
  Annotation,
  AnnotationsAnswer,
  AnnotationsQuery,
  DependencyGraphAnswer,
  GateAnswer,
  SloAlert,
  SloDetail,
  SloHistory,
  SloSeriesAnswer,
  SloSeriesQuery,
  SloStatusPage,
  SloStatusQuery,
  SloStatusRow,
  SloTimeseries,
  SloTimeseriesQuery,
} from '@steward/contract/slo';
import type { ServerStatus } from '@steward/contract/status';
import type { TelemetryInventory } from '@steward/contract/telemetry';

export type {
  Annotation,
  AnnotationsAnswer,
  DependencyGraphAnswer,
  ApiService,
  ApiSlo,
  ApiTeam,
  AuditPage,
  CatalogStatus,
  Me,
  OwnershipHealth,
  OwnershipRow,
  OwnershipTable,
  ServerStatus,
  ServiceEntity,
  ServiceEvent,
  ServiceOverview,
  ServicePage,
  GateAnswer,
  SloAlert,
  SloEntity,
  SloHistory,
  SloPage,
  SloDetail,
  SloSeriesAnswer,
  SloStatusPage,
  SloStatusRow,
  SloTimeseries,
  TeamEntity,
  TeamOverview,
  TeamPage,
  TelemetryInventory,
  UnownedTelemetry,
};
export type SloState = SloStatusRow['state'];
/** Filters of /api/v1/slo-status; defaults as the server's (sub-teams included, every objective). */
export type SloStatusParams = Partial<SloStatusQuery>;
export type SloTimeseriesParams = Partial<SloTimeseriesQuery> & Pick<SloTimeseriesQuery, 'series'>;
export type CatalogIssue = CatalogStatus['issues'][number];
/** Filters and range of /api/v1/slo-timeseries (many SLOs in one request). */
export type SloSeriesParams = Partial<SloSeriesQuery> & Pick<SloSeriesQuery, 'series' | 'from' | 'to'>;
export type AnnotationsParams = Partial<AnnotationsQuery> & Pick<AnnotationsQuery, 'from' | 'to'>;
export type OwnershipTableParams = Partial<OwnershipTableQuery>;

/** A failed call to steward-server, with the server's own explanation when it gave one. */
export class StewardApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly details?: Array<{ field: string; message: string }>
  ) {
    super(message);
    this.name = 'StewardApiError';
  }
}

/** Query parameters of the catalog endpoints, as the server's contract defines them. */
export type CatalogParams = Partial<CatalogQuery>;

/** An entry with the ETag to send back when changing it. */
export interface Versioned<T> {
  item: T;
  etag: string;
}

type Params = Record<string, string | number | boolean | string[] | undefined>;

/**
 * Typed access to steward-server's /api/v1 through a Grafana proxy route. The app passes its
 * plugin-proxy URL, the datasource its datasource-proxy URL; the proxy adds the secret. Writes
 * may go through a different route (Admins use the Admin route, so the server knows the role).
 */
export class StewardClient {
  constructor(
    private readonly baseUrl: string,
    private readonly writeBaseUrl: string = baseUrl
  ) {}

  status = () => this.get<ServerStatus>('/api/v1/status');
  me = () => this.get<Me>('/api/v1/me');
  telemetryInventory = (label: string, time?: number) =>
    this.get<TelemetryInventory>('/api/v1/telemetry/inventory', { label, ...(time === undefined ? {} : { time }) });

  services = (params: CatalogParams) => this.get<ServicePage>('/api/v1/services', params as Params);
  teams = (params: CatalogParams) => this.get<TeamPage>('/api/v1/teams', params as Params);
  service = (name: string) => this.getVersioned<ApiService>(`/api/v1/services/${encodeURIComponent(name)}`);
  team = (name: string) => this.getVersioned<ApiTeam>(`/api/v1/teams/${encodeURIComponent(name)}`);
  serviceOverview = (name: string) =>
    this.get<ServiceOverview>(`/api/v1/services/${encodeURIComponent(name)}/overview`);
  teamOverview = (name: string) => this.get<TeamOverview>(`/api/v1/teams/${encodeURIComponent(name)}/overview`);
  /** The catalog's state with one page of its problems, errors first, and their counts by severity. */
  catalogStatus = (params: { limit?: number; cursor?: string; severity?: 'error' | 'warning' } = {}) =>
    this.get<CatalogStatus>('/api/v1/catalog/status', params);
  audit = (params: { kind?: string; name?: string; before?: number; limit?: number }) =>
    this.get<AuditPage>('/api/v1/audit', params);
  ownershipHealth = (team?: string[], includeSubteams?: boolean) =>
    this.get<OwnershipHealth>('/api/v1/ownership/health', { team, includeSubteams });
  unownedTelemetry = (label?: string[], time?: number) =>
    this.get<UnownedTelemetry>('/api/v1/ownership/unowned-telemetry', { label, time });
  /** The services around the chosen ones (or the chosen teams' services) along dependsOn, with their SLOs' health. */
  dependencyGraph = (params: { service?: string[]; team?: string[]; includeSubteams?: boolean; depth?: number }) =>
    this.get<DependencyGraphAnswer>('/api/v1/dependency-graph', params as Params);

  /** Services with owner, on-call now and next, runbook and SLO count. */
  ownershipTable = (params: OwnershipTableParams = {}) =>
    this.get<OwnershipTable>('/api/v1/ownership/services', params as Params);

  createService = (entity: ServiceEntity) => this.send<ApiService>('POST', '/api/v1/services', entity);
  updateService = (entity: ServiceEntity, etag: string) =>
    this.send<ApiService>('PUT', `/api/v1/services/${encodeURIComponent(entity.metadata.name)}`, entity, etag);
  deleteService = (name: string, etag: string) =>
    this.send<void>('DELETE', `/api/v1/services/${encodeURIComponent(name)}`, undefined, etag);
  createTeam = (entity: TeamEntity) => this.send<ApiTeam>('POST', '/api/v1/teams', entity);
  updateTeam = (entity: TeamEntity, etag: string) =>
    this.send<ApiTeam>('PUT', `/api/v1/teams/${encodeURIComponent(entity.metadata.name)}`, entity, etag);
  deleteTeam = (name: string, etag: string) =>
    this.send<void>('DELETE', `/api/v1/teams/${encodeURIComponent(name)}`, undefined, etag);

  slos = (params: CatalogParams) => this.get<SloPage>('/api/v1/slos', params as Params);
  slo = (name: string) => this.getVersioned<ApiSlo>(`/api/v1/slos/${encodeURIComponent(name)}`);
  createSlo = (entity: SloEntity) => this.send<ApiSlo>('POST', '/api/v1/slos', entity);
  updateSlo = (entity: SloEntity, etag: string) =>
    this.send<ApiSlo>('PUT', `/api/v1/slos/${encodeURIComponent(entity.metadata.name)}`, entity, etag);
  deleteSlo = (name: string, etag: string) =>
    this.send<void>('DELETE', `/api/v1/slos/${encodeURIComponent(name)}`, undefined, etag);
  /** Budget, burn rates, alerts and state of every SLO objective and group, filtered. */
  sloStatus = (params: SloStatusParams = {}) => this.get<SloStatusPage>('/api/v1/slo-status', params as Params);
  /** One SLO's status rows: one per objective and group; at a past moment (seconds) when given. */
  sloStatusOf = (name: string, at?: number) =>
    this.get<SloDetail>(`/api/v1/slos/${encodeURIComponent(name)}/status`, {
      ...(at === undefined ? {} : { at: String(Math.floor(at)) }),
    });
  /** Burn-down over the SLO window, or burn rate / SLI over time, one series per group. */
  sloTimeseries = (name: string, params: SloTimeseriesParams) =>
    this.get<SloTimeseries>(`/api/v1/slos/${encodeURIComponent(name)}/timeseries`, params as Params);
  /** Burn rate, SLI or rolling budget over time for every matching SLO, in one request. */
  sloSeries = (params: SloSeriesParams) => this.get<SloSeriesAnswer>('/api/v1/slo-timeseries', params as Params);
  /** Deploys, SLO alerts (spans) and budget exhausted/recovered between two times. */
  annotations = (params: AnnotationsParams) => this.get<AnnotationsAnswer>('/api/v1/annotations', params as Params);
  gate = (service: string, change?: string) => this.get<GateAnswer>('/api/v1/gate', { service, change });

  events = (params: { service?: string; from?: string; to?: string; limit?: number } = {}) =>
    this.get<EventList>('/api/v1/events', params);
  recordEvent = (input: EventInput) => this.send<ServiceEvent>('POST', '/api/v1/events', input);

  private async get<T>(path: string, params?: Params): Promise<T> {
    return (await this.request<T>({ method: 'GET', url: `${this.baseUrl}${path}`, params: clean(params) })).data;
  }

  private async getVersioned<T>(path: string): Promise<Versioned<T>> {
    const response = await this.request<T>({ method: 'GET', url: `${this.baseUrl}${path}` });
    return { item: response.data, etag: response.headers.get('etag') ?? '' };
  }

  private async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, data: unknown, etag?: string): Promise<T> {
    const headers = etag ? { 'If-Match': etag } : undefined;
    return (await this.request<T>({ method, url: `${this.writeBaseUrl}${path}`, data, headers })).data;
  }

  private async request<T>(options: {
    method: string;
    url: string;
    params?: object;
    data?: unknown;
    headers?: Record<string, string>;
  }) {
    try {
      return await lastValueFrom(
        getBackendSrv().fetch<T>({ ...options, showErrorAlert: false, showSuccessAlert: false })
      );
    } catch (error) {
      throw toApiError(error);
    }
  }
}

function clean(params?: Params): Params | undefined {
  if (!params) {
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
  );
}

export function toApiError(error: unknown): StewardApiError {
  if (error instanceof StewardApiError) {
    return error;
  }
  if (isFetchError<Partial<ApiErrorBody> & { message?: string }>(error)) {
    const body = error.data;
    if (body?.error?.message) {
      return new StewardApiError(body.error.message, error.status, body.error.code, body.error.details);
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
