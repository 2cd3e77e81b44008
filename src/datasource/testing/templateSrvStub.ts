import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** A variable for the stub: its options and selection (`$__all` for All). */
export interface StubVariable {
  name: string;
  options: string[];
  current: string | string[];
  allValue?: string;
}

/**
 * A template service for unit tests that resolves values the way Grafana's does before
 * formatting (TemplateSrv._evaluateVariableExpression): scoped vars first; All → every option's
 * value, or a custom All value inserted verbatim without calling the format; a format function
 * receives a string or an array; unknown variables stay as written.
 */
export function templateSrvStub(variables: StubVariable[]): TemplateSrv {
  const pattern = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?::([^}]+))?}/g;
  const replace = (
    target?: string,
    scopedVars?: ScopedVars,
    format?: string | ((value: unknown, variable: unknown, formatter: unknown) => string)
  ): string =>
    (target ?? '').replace(pattern, (match, v1, v2, _f2, v3) => {
      const name = v1 ?? v2 ?? v3;
      const scoped = scopedVars?.[name]?.value;
      const variable = variables.find((v) => v.name === name);
      let value: unknown = scoped;
      if (value === undefined) {
        if (!variable) {
          return match;
        }
        value = variable.current;
        if (value === '$__all' || (Array.isArray(value) && value[0] === '$__all')) {
          if (variable.allValue) {
            return variable.allValue;
          }
          value = variable.options;
        }
      }
      if (typeof format === 'function') {
        return format(value, variable ?? {}, () => '');
      }
      const list = Array.isArray(value) ? value : [value];
      return format === 'csv' ? list.join(',') : list.length > 1 ? `{${list.join(',')}}` : String(list[0]);
    });
  return {
    replace,
    getVariables: () => variables.map((v) => ({ name: v.name, type: 'custom', current: { value: v.current } })),
    containsTemplate: (t?: string) => Boolean(t && /\$|\[\[/.test(t)),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
}
