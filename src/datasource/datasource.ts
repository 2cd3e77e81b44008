import {
  DataSourceApi,
  FieldType,
  createDataFrame,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { StewardClient, toApiError } from '../api/stewardClient';
import { PROXY_ROUTE } from '../constants';
import { DEFAULT_QUERY, QueryType, type StewardDataSourceOptions, type StewardQuery } from './types';

/** Frontend datasource; every call goes through Grafana's datasource proxy route to steward-server. */
export class StewardDataSource extends DataSourceApi<StewardQuery, StewardDataSourceOptions> {
  readonly client: StewardClient;

  constructor(instanceSettings: DataSourceInstanceSettings<StewardDataSourceOptions>) {
    super(instanceSettings);
    this.client = new StewardClient(`${instanceSettings.url}/${PROXY_ROUTE}`);
  }

  getDefaultQuery(): Partial<StewardQuery> {
    return DEFAULT_QUERY;
  }

  applyTemplateVariables(query: StewardQuery, scopedVars: ScopedVars): StewardQuery {
    return { ...query, label: getTemplateSrv().replace(query.label ?? DEFAULT_QUERY.label, scopedVars) };
  }

  async query(request: DataQueryRequest<StewardQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((t) => !t.hide);
    const time = request.range.to.valueOf() / 1000;
    // One failing query reports its own error; the others still return data.
    const results = await Promise.allSettled(
      targets.map((target) => this.runQuery(this.applyTemplateVariables(target, request.scopedVars), time))
    );
    const data: DataFrame[] = [];
    const errors: DataQueryError[] = [];
    results.forEach((result, index) => {
      const refId = targets[index]!.refId;
      if (result.status === 'fulfilled') {
        data.push(result.value);
      } else {
        const error = toApiError(result.reason);
        errors.push({ refId, message: error.message, status: error.status });
      }
    });
    return { data, ...(errors.length > 0 ? { errors, error: errors[0] } : {}) };
  }

  private async runQuery(query: StewardQuery, time: number): Promise<DataFrame> {
    switch (query.queryType ?? QueryType.TelemetryInventory) {
      case QueryType.TelemetryInventory: {
        const label = query.label || DEFAULT_QUERY.label!;
        const inventory = await this.client.telemetryInventory(label, time);
        return createDataFrame({
          refId: query.refId,
          name: `Telemetry by ${label}`,
          fields: [
            { name: label, type: FieldType.string, values: inventory.values.map((v) => v.value) },
            { name: 'series', type: FieldType.number, values: inventory.values.map((v) => v.series) },
          ],
        });
      }
    }
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
