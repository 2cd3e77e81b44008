import { lastValueFrom } from 'rxjs';
import {
  DataSourceApi,
  type AnnotationQuery,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type QueryResultMetaNotice,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { StewardApiError, StewardClient, toApiError, type SloStatusRow } from '../api/stewardClient';
import { PROXY_ROUTE } from '../constants';
import { escalationText, groupKey } from '../slo/format';
import { isFrozen } from '../slo/gate';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import {
  annotationsFrame,
  burndownFrames,
  dependencyFrames,
  inventoryFrame,
  ownershipFrame,
  ownershipHealthFrame,
  seriesFrames,
  statusFrame,
  teamRollupFrame,
  unownedFrame,
  variableFrame,
  withNotices,
  type SeriesKind,
} from './frames';
import { matchesLabels, resolveFilters, serverFilterParams, splitFilters, type ResolvedFilters } from './resolve';
import { matchGrafanaTeams, restrictToMyTeams, withSubteams, type GrafanaTeam, type StewardTeamRef } from './teams';
import {
  ANNOTATION_KINDS,
  DEFAULT_INVENTORY_LABEL,
  DEFAULT_QUERY,
  QueryType,
  VariableKind,
  type StewardDataSourceOptions,
  type StewardQuery,
  type StewardVariableQuery,
} from './types';
import { expandList, expandScalar } from './variables/expand';
import { StewardVariableSupport } from './variables/variableSupport';

/** How long the team list and the signed-in user's teams are reused (ms). */
const CACHE_MS = 60_000;
/** Burn-down asks once per SLO; more than this many is a dashboard mistake, not a chart. */
const MAX_BURNDOWN_SLOS = 12;

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
    const srv = getTemplateSrv();
    const scopedVars = request.scopedVars;
    const refId = query.refId;
    const from = Math.floor(request.range.from.valueOf() / 1000);
    const to = Math.floor(request.range.to.valueOf() / 1000);
    const type = this.queryTypeOf(query);

    if (type === QueryType.TelemetryInventory) {
      const label = expandScalar(query.label || DEFAULT_INVENTORY_LABEL, srv, scopedVars);
      return [inventoryFrame(label, await this.client.telemetryInventory(label, to), refId)];
    }
    if (type === QueryType.UnownedTelemetry) {
      const labels = expandList(query.identifierLabels, srv, scopedVars);
      return [unownedFrame(await this.client.unownedTelemetry(labels, to), refId)];
    }

    const filters = await this.withMyTeams(resolveFilters(query, srv, scopedVars));
    const empty = (frames: DataFrame[]): DataFrame[] =>
      withNotices(frames, [{ severity: 'info', text: `No results: ${filters.none}.` }]);

    switch (type) {
      case QueryType.SloStatus: {
        if (filters.none) {
          return empty([query.groupBy === 'team' ? teamRollupFrame([], refId) : statusFrame([], refId)]);
        }
        const answer = await this.statusRows(filters, {
          ...(query.states?.length ? { state: query.states } : {}),
          // The release gate reads first objectives only.
          ...(query.primaryOnly || query.frozen ? { primary: true } : {}),
        });
        failIfNothingComputed(answer.rows, answer.prometheusError);
        const rows = query.frozen ? answer.rows.filter(isFrozen) : answer.rows;
        // Said of every row asked for: a budget that could not be computed is left out of
        // "frozen only" (unless its policy denies when unknown), and the panel must say so.
        const notices = brokenRowNotices(answer.rows);
        if (query.groupBy === 'team') {
          return withNotices([teamRollupFrame(rows, refId)], notices);
        }
        return withNotices([statusFrame(rows, refId)], notices);
      }
      case QueryType.Budget:
      case QueryType.BurnRate:
      case QueryType.Sli: {
        const kind: SeriesKind =
          type === QueryType.Budget ? 'budget' : type === QueryType.BurnRate ? 'burnrate' : 'sli';
        if (filters.none) {
          return empty([]);
        }
        const window = expandScalar(query.window || '1h', srv, scopedVars);
        const step = request.intervalMs ? Math.max(60, Math.ceil(request.intervalMs / 60_000) * 60) : undefined;
        const answers = await Promise.all(
          splitFilters(filters).map((part) =>
            this.client.sloSeries({
              series: kind,
              ...(kind === 'budget' ? {} : { window }),
              from,
              to,
              ...(step ? { step } : {}),
              ...serverFilterParams(part),
            })
          )
        );
        const answer = {
          series: unique(
            answers.flatMap((a) => a.series),
            (s) => `${s.slo}|${s.objective.index}|${groupKey(s.group)}`
          ),
          errors: unique(
            answers.flatMap((a) => a.errors),
            (e) => e.slo
          ),
          prometheusRequests: answers.reduce((n, a) => n + a.prometheusRequests, 0),
        };
        const series = answer.series.filter((s) => !query.primaryOnly || s.objective.index === 0);
        if (series.length === 0 && answer.errors.length > 0) {
          throw new StewardApiError(describeErrors(answer.errors), 503);
        }
        const notices: QueryResultMetaNotice[] = answer.errors.map((e) => ({
          severity: 'warning',
          text: `SLO ${e.slo}: ${e.error}`,
        }));
        return withNotices(seriesFrames({ ...answer, series }, kind, refId), notices);
      }
      case QueryType.Burndown:
        return filters.none ? empty([]) : this.burndown(query, filters);
      case QueryType.DependencyGraph: {
        if (filters.none) {
          return empty(dependencyFrames({ nodes: [], edges: [] }, refId));
        }
        const graph = await this.client.dependencyGraph({
          ...(filters.team ? { team: filters.team, includeSubteams: filters.includeSubteams } : {}),
          ...(filters.service ? { service: filters.service } : {}),
          depth: Math.max(0, Math.min(6, Math.floor(query.depth ?? 1))),
        });
        return dependencyFrames(graph, refId);
      }
      case QueryType.Ownership: {
        if (filters.none) {
          return empty([ownershipFrame([], refId)]);
        }
        const tables = await Promise.all(
          splitFilters(filters).map((part) =>
            this.client.ownershipTable({
              ...(part.team ? { team: part.team, includeSubteams: part.includeSubteams } : {}),
              ...(part.service ? { service: part.service } : {}),
              ...(part.tier ? { tier: part.tier } : {}),
            })
          )
        );
        const rows = unique(
          tables.flatMap((t) => t.rows),
          (r) => r.service
        ).sort((a, b) => a.service.localeCompare(b.service));
        // The ownership table has no escalation path; the owning teams do (the team list is cached).
        const teams = new Map((await this.stewardTeams()).map((t) => [t.name, t]));
        const escalation = (team: string) => escalationText(teams.get(team));
        return [ownershipFrame(rows, refId, escalation)];
      }
      case QueryType.OwnershipHealth: {
        if (filters.none) {
          return empty([]);
        }
        const answers = await Promise.all(
          splitFilters(filters).map((part) => this.client.ownershipHealth(part.team, part.includeSubteams))
        );
        const health = {
          ...answers[0]!,
          findings: unique(
            answers.flatMap((a) => a.findings),
            (f) => `${f.rule}|${f.kind}|${f.name}`
          ),
        };
        return [ownershipHealthFrame(health, refId)];
      }
      case QueryType.Annotations: {
        if (filters.none) {
          return [annotationsFrame([], refId)];
        }
        const kinds = query.kinds?.length ? query.kinds : ANNOTATION_KINDS;
        const answers = await Promise.all(
          splitFilters(filters).map((part) =>
            this.client.annotations({ from, to, kind: kinds, ...serverFilterParams(part) })
          )
        );
        return withNotices(
          [
            annotationsFrame(
              unique(
                answers.flatMap((a) => a.items),
                (item) => JSON.stringify(item)
              ),
              refId
            ),
          ],
          [...new Set(answers.flatMap((a) => a.errors))].map((text) => ({ severity: 'warning', text }))
        );
      }
      default:
        throw new StewardApiError(`Unknown query type "${type}"`, 400);
    }
  }

  /** Burn-down of each chosen SLO (or of the SLOs the filters match, up to a limit), with the ideal line. */
  private async burndown(query: StewardQuery, filters: ResolvedFilters): Promise<DataFrame[]> {
    const objective = Math.max(0, Math.floor(query.objective ?? 0));
    const slos = new Map<string, SloStatusRow>();
    // The burn-down endpoint answers every group of one SLO; the label filter applies here.
    for (const row of (await this.statusRows({ ...filters, labels: [] })).rows) {
      if (row.objective.index === objective && !slos.has(row.slo)) {
        slos.set(row.slo, row);
      }
    }
    const notices: QueryResultMetaNotice[] = [];
    const chosen = [...slos.values()].slice(0, MAX_BURNDOWN_SLOS);
    if (slos.size > MAX_BURNDOWN_SLOS) {
      notices.push({
        severity: 'warning',
        text: `Burn-down shows the first ${MAX_BURNDOWN_SLOS} of ${slos.size} SLOs; choose SLOs to see others.`,
      });
    }
    const several = chosen.length > 1;
    const labels = filters.labels;
    const results = await Promise.allSettled(
      chosen.map((row) => this.client.sloTimeseries(row.slo, { series: 'burndown', objective }))
    );
    const frames: DataFrame[] = [];
    const failures: Array<{ slo: string; error: string }> = [];
    results.forEach((result, i) => {
      const row = chosen[i]!;
      if (result.status === 'rejected') {
        failures.push({ slo: row.slo, error: toApiError(result.reason).message });
        return;
      }
      const series = result.value.series.filter((s) => matchesLabels(s.group, labels));
      frames.push(
        ...burndownFrames(
          { ...result.value, series },
          {
            name: row.slo,
            title: row.title,
            objective,
            service: row.service,
            ...(row.team ? { team: row.team } : {}),
          },
          several,
          query.refId
        )
      );
    });
    if (frames.length === 0 && failures.length > 0) {
      throw new StewardApiError(describeErrors(failures), 503);
    }
    failures.forEach((f) => notices.push({ severity: 'warning', text: `SLO ${f.slo}: ${f.error}` }));
    return withNotices(frames, notices);
  }

  /** Status rows for the filters, in as many requests as the lists need, each row once. */
  private async statusRows(
    filters: ResolvedFilters,
    extra: { state?: Array<SloStatusRow['state']>; primary?: boolean } = {}
  ): Promise<{ rows: SloStatusRow[]; prometheusError?: string }> {
    const pages = await Promise.all(
      splitFilters(filters).map((part) => this.client.sloStatus({ ...serverFilterParams(part), ...extra }))
    );
    const prometheusError = pages.find((p) => p.prometheusError)?.prometheusError;
    return {
      rows: unique(
        pages.flatMap((p) => p.rows),
        (r) => `${r.slo}|${r.objective.index}|${groupKey(r.group)}`
      ),
      ...(prometheusError ? { prometheusError } : {}),
    };
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
      const value = this.allPages((cursor) => this.client.teams({ limit: 200, cursor })).then((items) =>
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
  async variableValues(
    query: StewardVariableQuery,
    scopedVars: ScopedVars = {}
  ): Promise<Array<{ text: string; value: string }>> {
    const srv = getTemplateSrv();
    const team = expandList(query.team, srv, scopedVars);
    const service = expandList(query.service, srv, scopedVars);
    const includeSubteams = query.includeSubteams !== false;
    switch (query.kind) {
      case VariableKind.Teams: {
        if (team?.length === 0) {
          return [];
        }
        const teams = await this.stewardTeams();
        const mine = query.myTeams ? new Set((await this.myTeams()).all) : undefined;
        // Within the given teams (and the teams below them): e.g. `$team` and its sub-teams.
        const within = team ? new Set(includeSubteams ? withSubteams(team, teams) : team) : undefined;
        return teams
          .filter((t) => !mine || mine.has(t.name))
          .filter((t) => !within || within.has(t.name))
          .map((t) => ({ text: t.title ?? t.name, value: t.name }))
          .sort((a, b) => a.value.localeCompare(b.value));
      }
      case VariableKind.Services: {
        if (team?.length === 0) {
          return [];
        }
        const items = await this.allPages((cursor) =>
          this.client.services({ ...(team ? { team, includeSubteams } : {}), limit: 200, cursor })
        );
        return items
          .map((s) => ({ text: s.entity.metadata.title ?? s.entity.metadata.name, value: s.entity.metadata.name }))
          .sort((a, b) => a.value.localeCompare(b.value));
      }
      case VariableKind.Slos: {
        if (service?.length === 0) {
          return [];
        }
        const items = await this.allPages((cursor) =>
          this.client.slos({ ...(service ? { service } : {}), limit: 200, cursor })
        );
        return items
          .map((s) => ({ text: s.entity.metadata.title ?? s.entity.metadata.name, value: s.entity.metadata.name }))
          .sort((a, b) => a.value.localeCompare(b.value));
      }
      case VariableKind.Tiers: {
        if (team?.length === 0) {
          return [];
        }
        const page = await this.client.services({ ...(team ? { team, includeSubteams } : {}), limit: 1 });
        return (page.facets.tier ?? [])
          .map((f) => f.value)
          .filter((v) => v !== '')
          .sort()
          .map((v) => ({ text: v, value: v }));
      }
      default:
        throw new StewardApiError(`Unknown variable query "${String(query.kind)}"`, 400);
    }
  }

  /** A variable query's answer as a data frame (text and value fields), for Grafana's variable runner. */
  async variableFrame(query: StewardVariableQuery, scopedVars?: ScopedVars): Promise<DataFrame> {
    return variableFrame(await this.variableValues(query, scopedVars), query.refId);
  }

  private async allPages<T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const next = await page(cursor);
      items.push(...next.items);
      cursor = next.nextCursor;
    } while (cursor);
    return items;
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

/** Items with distinct keys, first one kept, order kept. */
function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

/** Errors of SLOs that could not be computed, said once per distinct message. */
function describeErrors(errors: Array<{ slo: string; error: string }>): string {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) {
    byMessage.set(e.error, [...(byMessage.get(e.error) ?? []), e.slo]);
  }
  return [...byMessage.entries()]
    .map(([message, slos]) => `${message} (${slos.length === 1 ? `SLO ${slos[0]}` : `${slos.length} SLOs`})`)
    .join('; ');
}

/**
 * When not one row could be computed (Prometheus unreachable, say), the query fails with the
 * server's reason instead of drawing a table of errors; one broken SLO among good ones stays a row.
 */
function failIfNothingComputed(rows: SloStatusRow[], prometheusError?: string) {
  if (rows.length > 0 && rows.every((r) => r.state === 'error')) {
    throw new StewardApiError(
      `No SLO could be computed: ${describeErrors(rows.map((r) => ({ slo: r.slo, error: r.error ?? 'unknown error' })))}`,
      503
    );
  }
  if (rows.length === 0 && prometheusError) {
    throw new StewardApiError(`steward-server could not ask Prometheus: ${prometheusError}`, 503);
  }
}

function brokenRowNotices(rows: SloStatusRow[]): QueryResultMetaNotice[] {
  const broken = rows.filter((r) => r.state === 'error');
  return broken.length
    ? [
        {
          severity: 'warning',
          text: `${broken.length} of ${rows.length} rows could not be computed: ${describeErrors(broken.map((r) => ({ slo: r.slo, error: r.error ?? 'unknown error' })))}`,
        },
      ]
    : [];
}
