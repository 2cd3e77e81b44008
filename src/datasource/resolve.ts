import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { expandList } from './variables/expand';
import type { StewardFilters } from './types';

/** A group-by label filter: one label, any of these values. */
export interface LabelFilter {
  name: string;
  values: string[];
}

/** The filters of a query with its variables expanded, ready for the server. */
export interface ResolvedFilters {
  team?: string[];
  includeSubteams: boolean;
  myTeams: boolean;
  service?: string[];
  tier?: string[];
  slo?: string[];
  /** Group-label filters, each label with its values (a multi-value `$route` gives several). */
  labels: LabelFilter[];
  /** Why the query matches nothing before asking (a filter expanded to no values), if it does. */
  none?: string;
}

/** `route=/cart` → { name: route, value: /cart }; an entry without `=` names a label with an empty value. */
function parseLabelEntry(entry: string): { name: string; value: string } {
  const at = entry.indexOf('=');
  return at <= 0 ? { name: entry.trim(), value: '' } : { name: entry.slice(0, at).trim(), value: entry.slice(at + 1) };
}

/** Group-label entries by label: `route=/a`, `route=/b`, `region=eu` → route ∈ {/a,/b}, region = eu. */
export function groupLabelFilters(entries: string[]): LabelFilter[] {
  const byName = new Map<string, string[]>();
  for (const entry of entries) {
    const { name, value } = parseLabelEntry(entry);
    if (name) {
      const values = byName.get(name) ?? [];
      if (!values.includes(value)) {
        values.push(value);
      }
      byName.set(name, values);
    }
  }
  return [...byName.entries()].map(([name, values]) => ({ name, values }));
}

/** Expands every filter list through the template service (see expand.ts for the rules). */
export function resolveFilters(
  query: StewardFilters,
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars
): ResolvedFilters {
  const lists = {
    team: expandList(query.team, templateSrv, scopedVars),
    service: expandList(query.service, templateSrv, scopedVars),
    tier: expandList(query.tier, templateSrv, scopedVars),
    slo: expandList(query.slo, templateSrv, scopedVars),
  };
  const labelEntries = expandList(query.labels, templateSrv, scopedVars);
  const labels = groupLabelFilters(labelEntries ?? []);
  const empty = (Object.entries(lists) as Array<[string, string[] | undefined]>).find(
    ([, values]) => values !== undefined && values.length === 0
  );
  return {
    ...Object.fromEntries(Object.entries(lists).filter(([, v]) => v !== undefined)),
    includeSubteams: query.includeSubteams !== false,
    myTeams: query.myTeams === true,
    labels,
    ...(empty
      ? { none: `the ${empty[0]} filter has no values` }
      : labelEntries && labelEntries.length === 0
        ? { none: 'the label filter has no values' }
        : {}),
  };
}

/** Whether a group passes every label filter (an SLO without that label does not). */
export function matchesLabels(group: Record<string, string>, filters: LabelFilter[]): boolean {
  return filters.every((f) => group[f.name] !== undefined && f.values.includes(group[f.name]!));
}

/** The server's filter parameters (every list "any of"; labels all required). */
export function serverFilterParams(filters: ResolvedFilters, options: { labels?: boolean } = {}) {
  return {
    ...(filters.team ? { team: filters.team, includeSubteams: filters.includeSubteams } : {}),
    ...(filters.service ? { service: filters.service } : {}),
    ...(filters.tier ? { tier: filters.tier } : {}),
    ...(filters.slo ? { slo: filters.slo } : {}),
    // The server matches any of the values given for one label, and every label given.
    ...(options.labels !== false && filters.labels.length
      ? { label: filters.labels.flatMap((l) => l.values.map((v) => `${l.name}=${v}`)) }
      : {}),
  };
}

/** Values per filter list in one request: long lists (All of a big variable) are split, to stay within URL limits. */
const MAX_VALUES_PER_REQUEST = 100;

/**
 * The filters as one or more requests, each list at most `max` values (the server caps lists at
 * 200 teams / 1,000 services, and a URL of thousands of names outgrows proxies' header limits).
 * The requests' answers together are the answer to the whole filter ("any of" lists split into
 * disjoint parts select disjoint parts of the rows).
 */
export function splitFilters(filters: ResolvedFilters, max = MAX_VALUES_PER_REQUEST): ResolvedFilters[] {
  const keys = (['team', 'service', 'slo', 'tier'] as const).filter((k) => (filters[k]?.length ?? 0) > max);
  if (keys.length === 0) {
    return [filters];
  }
  const key = keys[0]!;
  const values = filters[key]!;
  const parts: ResolvedFilters[] = [];
  for (let i = 0; i < values.length; i += max) {
    parts.push(...splitFilters({ ...filters, [key]: values.slice(i, i + max) }, max));
  }
  return parts;
}
