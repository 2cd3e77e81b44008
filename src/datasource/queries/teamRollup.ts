import { createDataFrame, type DataFrame } from '@grafana/data';
import type { SloState, SloStatusRow } from '../../api/stewardClient';
import { teamLink } from '../../slo/links';
import { stateRank, TEAM_FIELDS as T, worstState } from '../../slo/statusFields';
import { hidden, number, pageLink, string } from '../fields';
import { budgetConfig, stateMappings } from './statusFrame';

export interface TeamRollup {
  team: string;
  slos: number;
  lowestBudget: number | null;
  worstState: SloState;
  firing: number;
}

/** Status rows rolled up per owning team: SLO count, lowest budget, worst state, firing alerts. */
export function rollupByTeam(rows: SloStatusRow[]): TeamRollup[] {
  const byTeam = new Map<string, SloStatusRow[]>();
  for (const row of rows) {
    const team = row.team ?? '';
    byTeam.set(team, [...(byTeam.get(team) ?? []), row]);
  }
  return [...byTeam.entries()]
    .map(([team, teamRows]) => {
      const budgets = teamRows.map((r) => r.budgetRemaining).filter((b): b is number => b !== null);
      return {
        team,
        slos: new Set(teamRows.map((r) => r.slo)).size,
        lowestBudget: budgets.length ? Math.min(...budgets) : null,
        worstState: worstState(teamRows.map((r) => r.state)),
        firing: teamRows.reduce((n, r) => n + r.alerts.filter((a) => a.state === 'firing').length, 0),
      };
    })
    .sort((a, b) => stateRank(b.worstState) - stateRank(a.worstState) || a.team.localeCompare(b.team));
}

export function teamRollupFrame(rows: SloStatusRow[], refId?: string): DataFrame {
  const teams = rollupByTeam(rows);
  return createDataFrame({
    refId,
    name: 'SLO status by team',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        T.team,
        teams.map((t) => t.team || '(no owner)'),
        { displayName: 'Team', links: [pageLink('Open the team page', T.url)] }
      ),
      number(
        T.slos,
        teams.map((t) => t.slos),
        { displayName: 'SLOs', decimals: 0 }
      ),
      number(
        T.lowestBudget,
        teams.map((t) => t.lowestBudget),
        budgetConfig('Lowest budget')
      ),
      string(
        T.worstState,
        teams.map((t) => t.worstState),
        { displayName: 'Worst state', mappings: stateMappings, custom: { cellOptions: { type: 'color-text' } } }
      ),
      number(
        T.firing,
        teams.map((t) => t.firing),
        { displayName: 'Firing alerts', decimals: 0 }
      ),
      string(
        T.url,
        teams.map((t) => (t.team ? teamLink(t.team) : '')),
        { displayName: 'Team page', ...hidden }
      ),
    ],
  });
}
