import {
  FieldType,
  getFieldDisplayName,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type TimeRange,
} from '@grafana/data';
import { getDataSourceSrv, locationService } from '@grafana/runtime';
import { framesOrThrow, runHostQuery } from './run-query';
import { ALL_VARIABLE_VALUE, type HostVariable } from './services/template-srv';

/** A dashboard variable in a host panel spec: fixed options (custom) or a datasource query. */
export interface HostVariableSpec {
  name: string;
  /** A query variable: runs through the datasource's variable support. */
  datasource?: string;
  query?: DataQuery & Record<string, unknown>;
  /** A custom variable's values. */
  options?: string[];
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  /** The value saved with the dashboard, used when the URL selects none and it is among the options. */
  saved?: string | string[];
}

let defined: Array<HostVariable & { saved?: string | string[] }> = [];

/** `?var-team=a&var-team=b` as Grafana reads dashboard variables from the URL. */
function urlValues(): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  const search = new URLSearchParams(locationService.getLocation().search);
  for (const key of new Set(search.keys())) {
    if (key.startsWith('var-')) {
      values[key.slice(4)] = search.getAll(key);
    }
  }
  return values;
}

/**
 * The dashboard's variables now: the defined ones with the URL's selection (or their default:
 * All when they include All, else the first option, as Grafana picks for a fresh dashboard),
 * and any other `var-` in the URL as a custom variable with those values.
 */
export function currentVariables(): HostVariable[] {
  const url = urlValues();
  const result = defined.map(({ saved, ...v }) => {
    const chosen = url[v.name];
    // A saved value Grafana keeps if the variable still offers it (All, or every saved value).
    const savedValues = saved === undefined ? [] : Array.isArray(saved) ? saved : [saved];
    const keepSaved =
      savedValues.length > 0 &&
      savedValues.every((s) => (s === ALL_VARIABLE_VALUE ? v.includeAll : v.options.some((o) => o.value === s)));
    const current: string | string[] = chosen?.length
      ? chosen.includes(ALL_VARIABLE_VALUE)
        ? ALL_VARIABLE_VALUE
        : v.multi
          ? chosen
          : chosen[0]!
      : keepSaved
        ? savedValues.includes(ALL_VARIABLE_VALUE)
          ? ALL_VARIABLE_VALUE
          : v.multi
            ? savedValues
            : savedValues[0]!
        : v.includeAll
          ? ALL_VARIABLE_VALUE
          : (v.options[0]?.value ?? '');
    return { ...v, current };
  });
  for (const [name, values] of Object.entries(url)) {
    if (!defined.some((v) => v.name === name)) {
      result.push({
        name,
        type: 'custom',
        options: values.map((value) => ({ text: value, value })),
        multi: values.length > 1,
        current: values.length === 1 ? values[0]! : values,
      });
    }
  }
  return result;
}

/**
 * Grafana's toMetricFindValues (public/app/features/variables/query/operators.ts) for frames:
 * a `text` and/or `value` field by name, otherwise the first string field for both.
 */
export function toMetricFindValues(frames: DataFrame[]): Array<{ text: string; value: string }> {
  const values: Array<{ text: string; value: string }> = [];
  for (const frame of frames) {
    const byName = (name: string) => frame.fields.find((f) => getFieldDisplayName(f, frame).toLowerCase() === name);
    const firstString = frame.fields.find((f) => f.type === FieldType.string);
    const textField = byName('text') ?? byName('value') ?? firstString;
    const valueField = byName('value') ?? byName('text') ?? firstString;
    if (!textField || !valueField) {
      continue;
    }
    for (let i = 0; i < frame.length; i++) {
      values.push({ text: String(textField.values[i]), value: String(valueField.values[i]) });
    }
  }
  return values;
}

/** Runs a variable query like Grafana's variable runner does for a CustomVariableSupport datasource. */
export async function runVariableQuery(
  datasourceUid: string,
  query: DataQuery,
  range: TimeRange
): Promise<Array<{ text: string; value: string }>> {
  const ds = await getDataSourceSrv().get(datasourceUid);
  const support = ds.variables as { getType(): string; query(request: DataQueryRequest): unknown } | undefined;
  if (!support || support.getType() !== 'custom') {
    throw new Error(`datasource ${datasourceUid} has no custom variable support`);
  }
  const frames = framesOrThrow(
    await runHostQuery((request) => support.query(request), { requestId: 'host-variable', targets: [query], range })
  );
  // Grafana sorts nothing unless the variable says so and keeps unique values.
  const seen = new Set<string>();
  return toMetricFindValues(frames).filter((v) => !seen.has(v.value) && seen.add(v.value));
}

/** Defines the dashboard's variables, running query variables in order (so `$team` chains). */
export async function defineVariables(specs: HostVariableSpec[], range: TimeRange): Promise<void> {
  defined = [];
  for (const spec of specs) {
    const options = spec.query
      ? await runVariableQuery(spec.datasource ?? 'steward', spec.query, range)
      : (spec.options ?? []).map((value) => ({ text: value, value }));
    defined.push({
      name: spec.name,
      type: spec.query ? 'query' : 'custom',
      options,
      multi: spec.multi ?? false,
      includeAll: spec.includeAll ?? false,
      ...(spec.allValue !== undefined ? { allValue: spec.allValue } : {}),
      ...(spec.saved !== undefined ? { saved: spec.saved } : {}),
      // Resolved from the URL (or the default) whenever the template service reads it.
      current: '',
    });
  }
}
