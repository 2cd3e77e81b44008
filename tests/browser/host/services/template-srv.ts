import type { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

export type VariableValues = Record<string, string | string[]>;

/** Grafana's value for "All" (ALL_VARIABLE_VALUE), also what `var-x=$__all` in a URL selects. */
export const ALL_VARIABLE_VALUE = '$__all';
const ALL_VARIABLE_TEXT = 'All';

/** A dashboard variable as the host keeps it: its options and what is selected. */
export interface HostVariable {
  name: string;
  type: 'custom' | 'query';
  /** Options without the All option (Grafana puts All first in `options` when includeAll). */
  options: Array<{ text: string; value: string }>;
  multi?: boolean;
  includeAll?: boolean;
  /** A custom All value, inserted verbatim instead of every option's value. */
  allValue?: string;
  /** A value, several values (multi), or `$__all`. */
  current: string | string[];
}

type FormatFn = (value: unknown, variable?: unknown, formatter?: unknown) => string;

/**
 * The part of Grafana's template service plugins use, following Grafana's TemplateSrv
 * (public/app/features/templating/template_srv.ts, `_evaluateVariableExpression`,
 * `getAllValue`, `isAllValue`) and formatVariableValue (formatRegistry.ts):
 * - `$var`, `${var}`, `${var:format}`, `[[var]]`, `[[var:format]]`; scoped vars first;
 * - All (`$__all`): a custom All value is inserted as is (only `text` formats it), otherwise
 *   every option's value, formatted like a multi-value;
 * - a format function gets the value (string or array) and the variable;
 * - formats csv, pipe, regex, json, singlequote, doublequote, raw, text, glob (the default
 *   for a multi-value when no format is given), percentencode, queryparam;
 * - the time macros `__from` and `__to` (the range given to updateTimeRange, or scoped): ms
 *   since the epoch, `:date` or `:date:iso` an ISO time, `:date:seconds` seconds since the epoch.
 * A variable that is not defined is left as written, as Grafana leaves it.
 */
export function createTemplateSrv(variables: () => HostVariable[]): TemplateSrv {
  const pattern = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?::([^}]+))?}/g;
  const isAll = (value: unknown) =>
    value === ALL_VARIABLE_VALUE || (Array.isArray(value) && value[0] === ALL_VARIABLE_VALUE);

  let timeRange: TimeRange | undefined;

  const replace = (target?: string, scopedVars?: ScopedVars, format?: string | FormatFn): string => {
    if (!target) {
      return target ?? '';
    }
    return target.replace(pattern, (match, v1, v2, f2, v3, f3) => {
      const name: string = v1 ?? v2 ?? v3;
      const fmt: string | FormatFn | undefined = f2 ?? f3 ?? format;
      const scoped = scopedVars?.[name];
      if (name === '__from' || name === '__to') {
        const ms = scoped?.value ?? timeRange?.[name === '__from' ? 'from' : 'to'].valueOf();
        return ms === undefined ? match : formatTimeMacro(Number(ms), f2 ?? f3);
      }
      if (scoped && scoped.value !== undefined && scoped.value !== null) {
        return formatVariableValue(scoped.value, fmt, undefined, scoped.text);
      }
      const variable = variables().find((v) => v.name === name);
      if (!variable) {
        return match;
      }
      let value: string | string[] = variable.current;
      let text: string | string[] = textOf(variable, value);
      if (isAll(value)) {
        text = ALL_VARIABLE_TEXT;
        if (variable.allValue !== undefined && variable.allValue !== '') {
          // "skip formatting of custom all values unless format set to text or percentencode"
          if (fmt !== 'text' && fmt !== 'percentencode') {
            return replace(variable.allValue);
          }
          value = variable.allValue;
        } else {
          value = variable.options.map((o) => o.value);
        }
      }
      return formatVariableValue(value, fmt, variable, text);
    });
  };

  return {
    getVariables: () =>
      variables().map(
        (v) =>
          ({
            name: v.name,
            id: v.name,
            type: v.type,
            multi: v.multi ?? false,
            includeAll: v.includeAll ?? false,
            allValue: v.allValue ?? null,
            current: { value: v.current, text: textOf(v, v.current), selected: true },
            options: [
              ...(v.includeAll ? [{ text: ALL_VARIABLE_TEXT, value: ALL_VARIABLE_VALUE, selected: false }] : []),
              ...v.options.map((o) => ({ ...o, selected: false })),
            ],
          }) as unknown as TypedVariableModel
      ),
    replace,
    containsTemplate: (target?: string) => {
      if (!target) {
        return false;
      }
      const names = new Set(variables().map((v) => v.name));
      return [...target.matchAll(new RegExp(pattern.source, 'g'))].some((m) => names.has(m[1] ?? m[2] ?? m[4]));
    },
    updateTimeRange: (range: TimeRange) => {
      timeRange = range;
    },
  } as unknown as TemplateSrv;
}

function textOf(variable: HostVariable, value: string | string[]): string | string[] {
  const one = (v: string) =>
    v === ALL_VARIABLE_VALUE ? ALL_VARIABLE_TEXT : (variable.options.find((o) => o.value === v)?.text ?? v);
  return Array.isArray(value) ? value.map(one) : one(value);
}

/** Grafana's formatVariableValue: a format function, or a format from the registry (glob by default). */
export function formatVariableValue(
  value: unknown,
  format?: string | FormatFn,
  variable?: unknown,
  text?: string | string[]
): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (!Array.isArray(value) && typeof value === 'object') {
    value = `${value}`;
  }
  if (typeof format === 'function') {
    return format(value, variable ?? {}, formatVariableValue);
  }
  const values = (Array.isArray(value) ? value : [value]).map(String);
  const multi = Array.isArray(value);
  switch (format ?? 'glob') {
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'json':
      return JSON.stringify(value);
    case 'regex':
      return !multi
        ? escapeRegex(values[0]!)
        : values.length === 1
          ? escapeRegex(values[0]!)
          : `(${values.map(escapeRegex).join('|')})`;
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'raw':
      return multi ? values.join(',') : values[0]!;
    case 'text':
      return Array.isArray(text) ? text.join(' + ') : (text ?? values.join(' + '));
    case 'percentencode':
      return multi ? encodeURIComponent(`{${values.join(',')}}`) : encodeURIComponent(values[0]!);
    case 'queryparam':
      return values.map((v) => `var-${(variable as { name?: string })?.name ?? ''}=${encodeURIComponent(v)}`).join('&');
    case 'glob':
    default:
      return multi && values.length > 1 ? `{${values.join(',')}}` : values[0]!;
  }
}

/** `${__from}`, `${__from:date}`, `${__from:date:iso}`, `${__from:date:seconds}` (Grafana's time macros). */
function formatTimeMacro(ms: number, format: string | undefined): string {
  switch (format) {
    case undefined:
      return String(ms);
    case 'date':
    case 'date:iso':
      return new Date(ms).toISOString();
    case 'date:seconds':
      return String(Math.floor(ms / 1000));
    default:
      throw new Error(`the host's template service does not support the time format ${format}`);
  }
}

function escapeRegex(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
}
