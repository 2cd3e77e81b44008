import { lastValueFrom, of } from 'rxjs';
import {
  DataSourceApi,
  type AnnotationQuery,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { StewardApiError, StewardClient, toApiError } from '../api/stewardClient';
import { PROXY_ROUTE } from '../constants';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { evaluationMoment } from './evaluationMoment';
import { allPages } from './paging';
import { annotationEvents, runAnnotations } from './queries/annotations';
import { runBurndown } from './queries/burndown';
import type { BaseContext, QueryContext } from './queries/context';
import { runDependencyGraph } from './queries/dependencyGraph';
import { runOwnership } from './queries/ownership';
import { runOwnershipHealth } from './queries/ownershipHealth';
import { runSeries } from './queries/series';
import { runSloStatus } from './queries/sloStatus';
import { runTelemetryInventory } from './queries/telemetryInventory';
import { runUnownedTelemetry } from './queries/unownedTelemetry';
import { resolveFilters, type ResolvedFilters } from './resolve';
import { matchGrafanaTeams, restrictToMyTeams, type GrafanaTeam, type StewardTeamRef } from './teams';
import {
  ANNOTATION_KINDS,
  DEFAULT_QUERY,
  QueryType,
  type StewardDataSourceOptions,
  type StewardQuery,
  type StewardVariableQuery,
} from './types';
import { expandList, expandScalar } from './variables/expand';
import { variableFrame, variableValues } from './variables/variableValues';
import { StewardVariableSupport } from './variables/variableSupport';

/** How long the team list and the signed-in user's teams are reused (ms). */
const CACHE_MS = 60_000;

/** Who the signed-in user is to Steward: registry teams listing them ∪ their Grafana teams. */
export interface MyTeams {
  login?: string;
  /** Teams whose members list the user's login (steward-server's /api/v1/me). */
  registry: string[];
  /** Steward teams matched by the user's Grafana teams (/api/user/teams). */
  grafana: string[];
  grafanaTeamNames: string[];
  all: string[];
}

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

/** Query types that need no SLO, service or team filter. */
const UNFILTERED: Partial<Record<QueryType, (ctx: BaseContext) => Promise<DataFrame[]>>> = {
  [QueryType.TelemetryInventory]: runTelemetryInventory,
  [QueryType.UnownedTelemetry]: runUnownedTelemetry,
};

/** One module per query type (queries/); each builds its own frames. */
const FILTERED: Partial<Record<QueryType, (ctx: QueryContext, type: QueryType) => Promise<DataFrame[]>>> = {
  [QueryType.SloStatus]: runSloStatus,
  [QueryType.Budget]: runSeries,
  [QueryType.BurnRate]: runSeries,
  [QueryType.Sli]: runSeries,
  [QueryType.Burndown]: runBurndown,
  [QueryType.DependencyGraph]: runDependencyGraph,
  [QueryType.Ownership]: runOwnership,
  [QueryType.OwnershipHealth]: runOwnershipHealth,
  [QueryType.Annotations]: runAnnotations,
};

/** Frontend datasource; every call goes through Grafana's datasource proxy route to steward-server. */
export class StewardDataSource extends DataSourceApi<StewardQuery, StewardDataSourceOptions> {
  readonly client: StewardClient;
  private teamsCache?: Cached<StewardTeamRef[]>;
  private myTeamsCache?: Cached<MyTeams>;

  constructor(instanceSettings: DataSourceInstanceSettings<StewardDataSourceOptions>) {
    super(instanceSettings);
    this.client = new StewardClient(`${instanceSettings.url}/${PROXY_ROUTE}`);
    this.variables = new StewardVariableSupport(this);
    this.annotations = {
      QueryEditor: AnnotationQueryEditor,
      // Annotations saved without a target (or from another version) become an events query.
      prepareAnnotation: (json: AnnotationQuery<StewardQuery>) => ({
        ...json,
        target: {
          refId: 'Anno',
          kinds: [...ANNOTATION_KINDS],
          ...json.target,
          queryType: QueryType.Annotations,
        },
      }),
      prepareQuery: (annotation: AnnotationQuery<StewardQuery>) =>
        annotation.target ? { ...annotation.target, queryType: QueryType.Annotations } : undefined,
      processEvents: (_annotation: AnnotationQuery<StewardQuery>, frames: DataFrame[]) => of(annotationEvents(frames)),
    };
  }

  getDefaultQuery(): Partial<StewardQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: StewardQuery): boolean {
    return !query.hide;
  }

  /** The query as it runs: filter lists and scalars with their variables expanded (for the inspector, Explore). */
  applyTemplateVariables(query: StewardQuery, scopedVars: ScopedVars): StewardQuery {
    const srv = getTemplateSrv();
    const list = (values?: string[]) => (values ? (expandList(values, srv, scopedVars) ?? []) : undefined);
    return {
      ...query,
      ...(query.team ? { team: list(query.team) } : {}),
      ...(query.service ? { service: list(query.service) } : {}),
      ...(query.tier ? { tier: list(query.tier) } : {}),
      ...(query.slo ? { slo: list(query.slo) } : {}),
      ...(query.labels ? { labels: list(query.labels) } : {}),
      ...(query.label !== undefined ? { label: expandScalar(query.label, srv, scopedVars) } : {}),
      ...(query.window !== undefined ? { window: expandScalar(query.window, srv, scopedVars) } : {}),
    };
  }

  /** Queries with their variables expanded, e.g. when a panel's queries open in Explore. */
  interpolateVariablesInQueries(queries: StewardQuery[], scopedVars: ScopedVars): StewardQuery[] {
    return queries.map((query) => this.applyTemplateVariables(query, scopedVars));
  }

  async query(request: DataQueryRequest<StewardQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    // One failing query reports its own error; the others still return data.
    const results = await Promise.allSettled(targets.map((target) => this.runQuery(target, request)));
    const data: DataFrame[] = [];
    const errors: DataQueryError[] = [];
    results.forEach((result, index) => {
      const refId = targets[index]!.refId;
      if (result.status === 'fulfilled') {
        data.push(...result.value);
      } else {
        const error = toApiError(result.reason);
        errors.push({ refId, message: error.message, status: error.status });
      }
    });
    return { data, ...(errors.length > 0 ? { errors, error: errors[0] } : {}) };
  }

  /** The query type, with queries saved before query types existed read as telemetry inventory. */
  queryTypeOf(query: StewardQuery): QueryType {
    return query.queryType ?? (query.label !== undefined ? QueryType.TelemetryInventory : QueryType.SloStatus);
  }

  private async runQuery(query: StewardQuery, request: DataQueryRequest<StewardQuery>): Promise<DataFrame[]> {
    const templateSrv = getTemplateSrv();
    const type = this.queryTypeOf(query);
    const at = evaluationMoment(query.evaluateAt, request.range.to.valueOf());
    const base: BaseContext = {
      client: this.client,
      query,
      refId: query.refId,
      from: Math.floor(request.range.from.valueOf() / 1000),
      to: Math.floor(request.range.to.valueOf() / 1000),
      ...(at === undefined ? {} : { at }),
      ...(request.intervalMs ? { intervalMs: request.intervalMs } : {}),
      templateSrv,
      scopedVars: request.scopedVars,
    };
    const unfiltered = UNFILTERED[type];
    if (unfiltered) {
      return unfiltered(base);
    }
    const run = FILTERED[type];
    if (!run) {
      throw new StewardApiError(`Unknown query type "${type}"`, 400);
    }
    const filters = await this.withMyTeams(resolveFilters(query, templateSrv, request.scopedVars));
    return run({ ...base, filters, stewardTeams: () => this.stewardTeams() }, type);
  }

  /** Applies "my teams": the team filter becomes the user's teams (within the chosen ones). */
  private async withMyTeams(filters: ResolvedFilters): Promise<ResolvedFilters> {
    if (!filters.myTeams || filters.none) {
      return filters;
    }
    const [mine, teams] = await Promise.all([this.myTeams(), this.stewardTeams()]);
    const team = restrictToMyTeams(filters.team, mine.all, teams, filters.includeSubteams);
    return {
      ...filters,
      team,
      includeSubteams: false,
      ...(team.length === 0
        ? {
            none:
              mine.all.length === 0
                ? `${mine.login ?? 'the signed-in user'} is in no Steward team (as a member in the registry, or through a Grafana team of the same name)`
                : 'none of your teams is among the chosen teams',
          }
        : {}),
    };
  }

  /** Every Steward team (name, title, parent), cached for a minute. */
  stewardTeams(): Promise<StewardTeamRef[]> {
    if (!this.teamsCache || Date.now() - this.teamsCache.at > CACHE_MS) {
      const value = allPages((cursor) => this.client.teams({ limit: 200, cursor })).then((items) =>
        items.map(({ entity: { metadata, spec } }) => ({
          name: metadata.name,
          ...(metadata.title ? { title: metadata.title } : {}),
          ...(spec.parent ? { parent: spec.parent } : {}),
          ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
          ...(spec.escalation?.length ? { escalation: spec.escalation } : {}),
        }))
      );
      value.catch(() => (this.teamsCache = undefined));
      this.teamsCache = { at: Date.now(), value };
    }
    return this.teamsCache.value;
  }

  /**
   * The signed-in user's teams: those the registry lists them in (steward-server's /api/v1/me)
   * and those matching their Grafana teams (GET /api/user/teams, which Grafana answers for the
   * signed-in user). Either source may be unavailable (no user forwarded, anonymous access);
   * the other still counts.
   */
  myTeams(): Promise<MyTeams> {
    if (!this.myTeamsCache || Date.now() - this.myTeamsCache.at > CACHE_MS) {
      const value = (async () => {
        const [me, grafanaTeams, teams] = await Promise.all([
          this.client.me().catch(() => undefined),
          lastValueFrom(
            getBackendSrv().fetch<GrafanaTeam[]>({ url: '/api/user/teams', method: 'GET', showErrorAlert: false })
          )
            .then((r) => (Array.isArray(r.data) ? r.data : []))
            .catch(() => [] as GrafanaTeam[]),
          this.stewardTeams(),
        ]);
        const registry = me?.teams ?? [];
        const grafana = matchGrafanaTeams(grafanaTeams, teams);
        return {
          ...(me?.login ? { login: me.login } : {}),
          registry,
          grafana,
          grafanaTeamNames: grafanaTeams.map((t) => t.name),
          all: [...new Set([...registry, ...grafana])].sort(),
        };
      })();
      value.catch(() => (this.myTeamsCache = undefined));
      this.myTeamsCache = { at: Date.now(), value };
    }
    return this.myTeamsCache.value;
  }

  /** Values of a query variable (see StewardVariableSupport). */
  variableValues(query: StewardVariableQuery, scopedVars: ScopedVars = {}) {
    return variableValues(this, query, scopedVars);
  }

  /** A variable query's answer as a data frame (text and value fields), for Grafana's variable runner. */
  async variableFrame(query: StewardVariableQuery, scopedVars?: ScopedVars): Promise<DataFrame> {
    return variableFrame(await this.variableValues(query, scopedVars), query.refId);
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    try {
      const status = await this.client.status();
      const problems = [
        status.store.ok ? undefined : `store: ${status.store.error}`,
        status.prometheus.ok ? undefined : `Prometheus: ${status.prometheus.error}`,
      ].filter(Boolean);
      if (problems.length > 0) {
        return { status: 'error', message: `steward-server ${status.version} answers, but ${problems.join('; ')}` };
      }
      return {
        status: 'success',
        message: `steward-server ${status.version} is reachable; ${status.store.dialect} store and Prometheus ${status.prometheus.version} are healthy`,
      };
    } catch (error) {
      return { status: 'error', message: toApiError(error).message };
    }
  }
}
