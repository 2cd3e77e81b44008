/** A team as Grafana's `GET /api/user/teams` lists it for the signed-in user. */
export interface GrafanaTeam {
  id?: number;
  uid?: string;
  name: string;
  email?: string;
}

/** The parts of a Steward team that matching and sub-team expansion need. */
export interface StewardTeamRef {
  name: string;
  title?: string;
  parent?: string;
  annotations?: Record<string, string>;
  /** Who an unacknowledged page goes to, level by level (for ownership tables). */
  escalation?: Array<{ after: string; notify: string[] }>;
}

/**
 * Annotation on a Steward team naming the Grafana team(s) it corresponds to, comma-separated,
 * for when the names differ beyond case and punctuation (e.g. "Checkout Squad" ↔ checkout).
 */
export const GRAFANA_TEAM_ANNOTATION = 'steward.dev/grafana-team';

/** "Checkout Squad" → "checkout-squad": lower case, runs of other characters as one dash. */
export function normalizeTeamName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The Steward teams that a user's Grafana teams stand for. A Grafana team matches a Steward team
 * when the Steward team's `steward.dev/grafana-team` annotation names it, or, failing that, when
 * its normalised name equals the Steward team's name or normalised title. Grafana team names are
 * free text ("Checkout", "Data Platform") while Steward names are slugs, hence the
 * normalisation; nothing fuzzier, so a team never matches by accident.
 */
export function matchGrafanaTeams(grafanaTeams: GrafanaTeam[], stewardTeams: StewardTeamRef[]): string[] {
  const explicit = new Map<string, string[]>();
  for (const team of stewardTeams) {
    for (const alias of (team.annotations?.[GRAFANA_TEAM_ANNOTATION] ?? '').split(',')) {
      const key = normalizeTeamName(alias);
      if (key) {
        explicit.set(key, [...(explicit.get(key) ?? []), team.name]);
      }
    }
  }
  const byName = new Map(stewardTeams.map((t) => [t.name, t.name] as const));
  const byTitle = new Map<string, string>();
  for (const team of stewardTeams) {
    if (team.title) {
      byTitle.set(normalizeTeamName(team.title), team.name);
    }
  }
  const matched = new Set<string>();
  for (const grafanaTeam of grafanaTeams) {
    const key = normalizeTeamName(grafanaTeam.name);
    if (!key) {
      continue;
    }
    const named = explicit.get(key);
    if (named) {
      named.forEach((n) => matched.add(n));
      continue;
    }
    const direct = byName.get(grafanaTeam.name) ?? byName.get(key) ?? byTitle.get(key);
    if (direct) {
      matched.add(direct);
    }
  }
  return [...matched].sort();
}

/** Each team with every team below it (a team's own name first). */
export function withSubteams(teams: string[], stewardTeams: StewardTeamRef[]): string[] {
  const children = new Map<string, string[]>();
  for (const team of stewardTeams) {
    if (team.parent) {
      children.set(team.parent, [...(children.get(team.parent) ?? []), team.name]);
    }
  }
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) {
      return;
    }
    seen.add(name);
    (children.get(name) ?? []).forEach(visit);
  };
  teams.forEach(visit);
  return [...seen];
}

/**
 * The team filter with "my teams" applied: the user's teams (and, with sub-teams, the teams below
 * them) intersected with the chosen teams (likewise expanded). `undefined` chosen means every
 * team. The result is already expanded, so it goes to the server with includeSubteams=false.
 */
export function restrictToMyTeams(
  chosen: string[] | undefined,
  mine: string[],
  stewardTeams: StewardTeamRef[],
  includeSubteams: boolean
): string[] {
  const expand = (teams: string[]) => (includeSubteams ? withSubteams(teams, stewardTeams) : teams);
  const myTeams = expand(mine);
  if (chosen === undefined) {
    return myTeams.sort();
  }
  const allowed = new Set(expand(chosen));
  return myTeams.filter((t) => allowed.has(t)).sort();
}
