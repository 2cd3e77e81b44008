import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

export type VariableValues = Record<string, string | string[]>;

/**
 * The subset of Grafana's template service plugins use: `$var`, `${var}`, `${var:format}` and
 * `[[var]]`, with multi-value formats csv, pipe, regex, json, singlequote, doublequote and glob
 * (Grafana's default for multi-values when a datasource gives no format).
 */
export function createTemplateSrv(variables: () => VariableValues): TemplateSrv {
  const pattern = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?::([^}]+))?}/g;
  const replace = (target?: string, scopedVars?: ScopedVars, format?: string | Function): string => {
    if (!target) {
      return target ?? '';
    }
    return target.replace(pattern, (match, v1, v2, f2, v3, f3) => {
      const name = v1 ?? v2 ?? v3;
      const scoped = scopedVars?.[name]?.value;
      const value = scoped !== undefined ? scoped : variables()[name];
      if (value === undefined) {
        return match;
      }
      const fmt = f2 ?? f3 ?? format;
      return typeof fmt === 'function' ? String(fmt(value)) : formatValue(value as string | string[], fmt);
    });
  };
  return {
    getVariables: () =>
      Object.entries(variables()).map(
        ([name, value]) =>
          ({
            name,
            type: 'custom',
            current: { value, text: value },
            multi: Array.isArray(value),
          }) as unknown as TypedVariableModel
      ),
    replace,
    containsTemplate: (target?: string) => Boolean(target && new RegExp(pattern.source).test(target)),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
}

function formatValue(value: string | string[], format?: string): string {
  const values = Array.isArray(value) ? value : [value];
  switch (format) {
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'json':
      return JSON.stringify(Array.isArray(value) ? values : value);
    case 'regex':
      return values.length === 1 ? escapeRegex(values[0]!) : `(${values.map(escapeRegex).join('|')})`;
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'raw':
    case undefined:
    case 'glob':
      return values.length === 1 ? values[0]! : `{${values.join(',')}}`;
    default:
      return values.join(',');
  }
}

function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}
