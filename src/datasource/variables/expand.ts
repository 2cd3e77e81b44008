import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/**
 * Custom "All" values that mean "no filter on this dimension". Grafana inserts a variable's
 * custom All value verbatim, without calling the format function (TemplateSrv
 * `_evaluateVariableExpression`: "skip formatting of custom all values"; Scenes'
 * `CustomAllValue.formatter` likewise returns the raw value), so these arrive as text.
 */
const ALL_MARKERS = new Set(['*', '.*', '$__all']);

const MARK = '\u0000';

/** What a filter list expands to: the names to match, or every value (a custom All value). */
export type Expanded = { all: true } | { all: false; values: string[] };

/**
 * One filter entry, e.g. `checkout`, `$team`, `${service}` or `route=$route`, expanded through
 * Grafana's template service. The format function receives each variable's value as Grafana
 * resolves it: a string, or an array for a multi-value variable and for All without a custom
 * All value (then every option's value, as `getAllValue` in Grafana's TemplateSrv). Several
 * variables in one entry expand to every combination.
 */
export function expandEntry(entry: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): Expanded {
  const lists: string[][] = [];
  const text = templateSrv.replace(entry, scopedVars, (value: unknown) => {
    const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined).map(String);
    lists.push(list);
    return `${MARK}${lists.length - 1}${MARK}`;
  });
  if (ALL_MARKERS.has(text.trim())) {
    return { all: true };
  }
  let results = [''];
  text.split(MARK).forEach((part, i) => {
    if (i % 2 === 0) {
      results = results.map((r) => r + part);
    } else {
      const list = lists[Number(part)] ?? [];
      results = results.flatMap((r) => list.map((v) => r + v));
    }
  });
  const values = results.map((v) => v.trim()).filter((v) => v !== '');
  if (values.some((v) => ALL_MARKERS.has(v))) {
    return { all: true };
  }
  return { all: false, values };
}

/**
 * A whole filter list. `undefined`: no filter (nothing chosen, or All with a custom All value).
 * An empty array: the filter matches nothing (e.g. a variable whose All covers no options).
 */
export function expandList(
  entries: string[] | undefined,
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars
): string[] | undefined {
  const chosen = (entries ?? []).map((e) => e.trim()).filter((e) => e !== '');
  if (chosen.length === 0) {
    return undefined;
  }
  const values = new Set<string>();
  for (const entry of chosen) {
    const expanded = expandEntry(entry, templateSrv, scopedVars);
    if (expanded.all) {
      return undefined;
    }
    expanded.values.forEach((v) => values.add(v));
  }
  return [...values];
}

/** A single value (e.g. a label name), variables replaced; multi-values joined with commas. */
export function expandScalar(text: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string {
  return templateSrv.replace(text, scopedVars, 'csv');
}
