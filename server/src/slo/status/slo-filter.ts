import type { SloDefinition } from '../engine/slo-directory.js';

/** Which SLOs (and groups) a status, time-series or annotation request is about. */
export interface SloFilter {
  /** Owning teams; with includeSubteams, also the teams below them. */
  team?: string[];
  includeSubteams?: boolean;
  service?: string[];
  slo?: string[];
  tier?: string[];
  /** Group-by label values, as `route=/cart`; several for one label mean any of them. */
  label?: string[];
}

/** The filter with its teams expanded to sub-teams, ready to match. */
export interface ResolvedFilter {
  teams?: Set<string>;
  services?: Set<string>;
  slos?: Set<string>;
  tiers?: Set<string>;
  labels: Array<{ name: string; value: string }>;
}

/** Where a filter's teams are expanded: the registry store, or a stand-in in tests. */
export interface TeamTree {
  withSubteams(roots: string[]): Promise<string[]>;
}

export async function resolveFilter(tree: TeamTree, filter: SloFilter): Promise<ResolvedFilter> {
  const set = (values?: string[]) => (values?.length ? new Set(values) : undefined);
  const teams = filter.team?.length
    ? new Set(filter.includeSubteams === false ? filter.team : await tree.withSubteams(filter.team))
    : undefined;
  return {
    ...(teams ? { teams } : {}),
    ...(set(filter.service) ? { services: set(filter.service)! } : {}),
    ...(set(filter.slo) ? { slos: set(filter.slo)! } : {}),
    ...(set(filter.tier) ? { tiers: set(filter.tier)! } : {}),
    labels: (filter.label ?? []).map(parseLabel),
  };
}

export function matchesSlo(
  row: { slo: string; service: string; team?: string; tier?: string },
  filter: ResolvedFilter
): boolean {
  return (
    (!filter.teams || (row.team !== undefined && filter.teams.has(row.team))) &&
    (!filter.services || filter.services.has(row.service)) &&
    (!filter.slos || filter.slos.has(row.slo)) &&
    (!filter.tiers || (row.tier !== undefined && filter.tiers.has(row.tier)))
  );
}

export function matchesDefinition(definition: SloDefinition, filter: ResolvedFilter): boolean {
  return matchesSlo(
    {
      slo: definition.slo.metadata.name,
      service: definition.slo.spec.service,
      ...(definition.team ? { team: definition.team } : {}),
      ...(definition.service?.spec.tier ? { tier: definition.service.spec.tier } : {}),
    },
    filter
  );
}

/**
 * A group passes when, for every label asked about, its value is one of those asked for that
 * label (`route=/a` and `route=/b`: either route). SLOs without groups do not pass.
 */
export function matchesGroup(group: Record<string, string>, filter: ResolvedFilter): boolean {
  const byName = new Map<string, string[]>();
  for (const { name, value } of filter.labels) {
    byName.set(name, [...(byName.get(name) ?? []), value]);
  }
  return [...byName].every(([name, values]) => group[name] !== undefined && values.includes(group[name]!));
}

function parseLabel(text: string): { name: string; value: string } {
  const at = text.indexOf('=');
  return at <= 0 ? { name: text, value: '' } : { name: text.slice(0, at), value: text.slice(at + 1) };
}
