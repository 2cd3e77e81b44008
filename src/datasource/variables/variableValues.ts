import { createDataFrame, type DataFrame, type ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { StewardApiError, type StewardClient } from '../../api/stewardClient';
import { string } from '../fields';
import { allPages } from '../paging';
import { withSubteams, type StewardTeamRef } from '../teams';
import { VariableKind, type StewardVariableQuery } from '../types';
import { expandList } from './expand';

/** What the variable queries need from the datasource: the server and its cached team lists. */
export interface VariableSource {
  client: StewardClient;
  stewardTeams(): Promise<StewardTeamRef[]>;
  myTeams(): Promise<{ all: string[] }>;
}

/** Values of a query variable: teams, services of teams, SLOs of services, or tiers. */
export async function variableValues(
  source: VariableSource,
  query: StewardVariableQuery,
  scopedVars: ScopedVars = {}
): Promise<Array<{ text: string; value: string }>> {
  const srv = getTemplateSrv();
  const { client } = source;
  const team = expandList(query.team, srv, scopedVars);
  const service = expandList(query.service, srv, scopedVars);
  const includeSubteams = query.includeSubteams !== false;
  switch (query.kind) {
    case VariableKind.Teams: {
      if (team?.length === 0) {
        return [];
      }
      const teams = await source.stewardTeams();
      const mine = query.myTeams ? new Set((await source.myTeams()).all) : undefined;
      // Within the given teams (and the teams below them): e.g. `$team` and its sub-teams.
      const within = team ? new Set(includeSubteams ? withSubteams(team, teams) : team) : undefined;
      return teams
        .filter((t) => !mine || mine.has(t.name))
        .filter((t) => !within || within.has(t.name))
        .map((t) => ({ text: t.title ?? t.name, value: t.name }))
        .sort((a, b) => a.value.localeCompare(b.value));
    }
    case VariableKind.Services: {
      if (team?.length === 0) {
        return [];
      }
      const items = await allPages((cursor) =>
        client.services({ ...(team ? { team, includeSubteams } : {}), limit: 200, cursor })
      );
      return items
        .map((s) => ({ text: s.entity.metadata.title ?? s.entity.metadata.name, value: s.entity.metadata.name }))
        .sort((a, b) => a.value.localeCompare(b.value));
    }
    case VariableKind.Slos: {
      if (service?.length === 0) {
        return [];
      }
      const items = await allPages((cursor) => client.slos({ ...(service ? { service } : {}), limit: 200, cursor }));
      return items
        .map((s) => ({ text: s.entity.metadata.title ?? s.entity.metadata.name, value: s.entity.metadata.name }))
        .sort((a, b) => a.value.localeCompare(b.value));
    }
    case VariableKind.Tiers: {
      if (team?.length === 0) {
        return [];
      }
      const page = await client.services({ ...(team ? { team, includeSubteams } : {}), limit: 1 });
      return (page.facets.tier ?? [])
        .map((f) => f.value)
        .filter((v) => v !== '')
        .sort()
        .map((v) => ({ text: v, value: v }));
    }
    default:
      throw new StewardApiError(`Unknown variable query "${String(query.kind)}"`, 400);
  }
}

/** Values of a query variable: `text` shown in the picker, `value` interpolated. */
export function variableFrame(options: Array<{ text: string; value: string }>, refId?: string): DataFrame {
  return createDataFrame({
    refId,
    fields: [
      string(
        'text',
        options.map((o) => o.text)
      ),
      string(
        'value',
        options.map((o) => o.value)
      ),
    ],
  });
}
