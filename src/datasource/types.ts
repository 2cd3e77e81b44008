import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

export enum QueryType {
  TelemetryInventory = 'telemetryInventory',
}

export interface StewardQuery extends DataQuery {
  queryType?: QueryType;
  /** Identifier label whose values are listed (telemetry inventory). */
  label?: string;
}

export const DEFAULT_QUERY: Partial<StewardQuery> = {
  queryType: QueryType.TelemetryInventory,
  label: 'service',
};

/** jsonData of a Steward datasource; the token is `stewardToken` in secureJsonData. */
export interface StewardDataSourceOptions extends DataSourceJsonData {
  stewardUrl?: string;
}
