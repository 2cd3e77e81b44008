import type { ServiceEntity } from '@steward/contract/model/service';
import type { TeamEntity } from '@steward/contract/model/team';
import {
  describeStale,
  hasOnCall,
  staleRunbooks,
  STALE_RUNBOOK_DAYS,
  teamIndex,
  type RegistrySnapshot,
} from './registry-snapshot.js';

export type Severity = 'high' | 'medium' | 'low';

export interface DriftRule {
  id: string;
  appliesTo: 'Service' | 'Team';
  severity: Severity;
  title: string;
  /** Why it matters, shown next to the rule. */
  why: string;
}

export interface DriftFinding {
  rule: string;
  severity: Severity;
  kind: 'Service' | 'Team';
  name: string;
  /** The team answerable for fixing it: the service's owner, or the team itself. */
  team: string;
  message: string;
}

type Check<E> = (entity: E, snapshot: RegistrySnapshot, teams: Map<string, TeamEntity>) => string | undefined;

const SERVICE_RULES: Array<DriftRule & { check: Check<ServiceEntity> }> = [
  {
    id: 'service-orphaned',
    appliesTo: 'Service',
    severity: 'high',
    title: 'Orphaned: its catalog file is gone',
    why: 'Nobody maintains it any more, yet alerts still route by it; an Admin deletes or adopts it, or a file declares it again.',
    check: (s, snapshot) => snapshot.orphaned?.('Service', s.metadata.name),
  },
  {
    id: 'service-owner-missing',
    appliesTo: 'Service',
    severity: 'high',
    title: 'Owner does not exist',
    why: 'Nobody is accountable: alerts and questions have nowhere to go.',
    check: (s, _, teams) => (teams.has(s.spec.owner) ? undefined : `owner team "${s.spec.owner}" does not exist`),
  },
  {
    id: 'service-owner-no-oncall',
    appliesTo: 'Service',
    severity: 'high',
    title: 'Owner has no on-call',
    why: 'A page for this service reaches nobody outside office hours.',
    check: (s, _, teams) =>
      teams.has(s.spec.owner) && !hasOnCall(teams.get(s.spec.owner)) && s.spec.lifecycle !== 'retired'
        ? `owner "${s.spec.owner}" has no on-call rotation or schedule`
        : undefined,
  },
  {
    id: 'service-no-runbook',
    appliesTo: 'Service',
    severity: 'medium',
    title: 'No runbook',
    why: 'Whoever is paged starts from nothing.',
    check: (s) => ((s.spec.runbooks ?? []).length === 0 ? 'no runbook linked' : undefined),
  },
  {
    id: 'service-runbook-stale',
    appliesTo: 'Service',
    severity: 'low',
    title: `Runbook not reviewed in ${STALE_RUNBOOK_DAYS} days`,
    why: 'Runbooks rot as systems change; an old one can mislead during an incident.',
    check: (s, snapshot) => {
      const stale = staleRunbooks(s, snapshot.now); // no runbook at all is reported as "No runbook"
      return stale.length > 0
        ? `${stale.length} of ${s.spec.runbooks!.length} runbook(s) not reviewed in ${STALE_RUNBOOK_DAYS} days: ${describeStale(stale)}`
        : undefined;
    },
  },
  {
    id: 'service-slo-no-data',
    appliesTo: 'Service',
    severity: 'high',
    title: 'An SLO has no data',
    why: 'The series it counts are gone (a renamed metric, a scrape target down): its budget shows nothing, and nothing pages on it. Silence is not success.',
    check: (s, snapshot) => {
      const silent = snapshot.silentSlos?.(s.metadata.name) ?? [];
      return silent.length > 0
        ? silent.map((x) => `${x.slo}: no data since ${new Date(x.since * 1000).toISOString()}`).join('; ')
        : undefined;
    },
  },
  {
    id: 'service-no-slo',
    appliesTo: 'Service',
    severity: 'medium',
    title: 'No SLO',
    why: 'Without an objective nobody can say whether the service is healthy enough.',
    check: (s, snapshot) =>
      snapshot.sloCount(s.metadata.name) === 0 && s.spec.lifecycle !== 'retired' ? 'no SLO defined' : undefined,
  },
];

const TEAM_RULES: Array<DriftRule & { check: Check<TeamEntity> }> = [
  {
    id: 'team-orphaned',
    appliesTo: 'Team',
    severity: 'high',
    title: 'Orphaned: its catalog file is gone',
    why: 'Nobody maintains it any more, yet alerts still route by it; an Admin deletes or adopts it, or a file declares it again.',
    check: (t, snapshot) => snapshot.orphaned?.('Team', t.metadata.name),
  },
  {
    id: 'team-no-members',
    appliesTo: 'Team',
    severity: 'high',
    title: 'Team has no members',
    why: 'A team without people cannot own anything.',
    check: (t) => ((t.spec.members ?? []).length === 0 ? 'no members listed' : undefined),
  },
  {
    id: 'team-no-oncall',
    appliesTo: 'Team',
    severity: 'medium',
    title: 'Team owning services has no on-call',
    why: 'Its services cannot be paged about.',
    check: (t, snapshot) =>
      !hasOnCall(t) && snapshot.services.some((s) => s.spec.owner === t.metadata.name)
        ? 'owns services but has no on-call rotation or schedule'
        : undefined,
  },
  {
    id: 'team-parent-missing',
    appliesTo: 'Team',
    severity: 'low',
    title: 'Parent team does not exist',
    why: 'Escalation and roll-ups stop at this team.',
    check: (t, _, teams) =>
      t.spec.parent && !teams.has(t.spec.parent) ? `parent "${t.spec.parent}" does not exist` : undefined,
  },
];

export const DRIFT_RULES: DriftRule[] = [...SERVICE_RULES, ...TEAM_RULES].map(({ check: _check, ...rule }) => rule);

/** Every drift finding in the snapshot, most severe first. */
export function findDrift(snapshot: RegistrySnapshot): DriftFinding[] {
  const teams = teamIndex(snapshot);
  const findings: DriftFinding[] = [];
  for (const service of snapshot.services) {
    for (const rule of SERVICE_RULES) {
      const message = rule.check(service, snapshot, teams);
      if (message) {
        findings.push({
          rule: rule.id,
          severity: rule.severity,
          kind: 'Service',
          name: service.metadata.name,
          team: service.spec.owner,
          message,
        });
      }
    }
  }
  for (const team of snapshot.teams) {
    for (const rule of TEAM_RULES) {
      const message = rule.check(team, snapshot, teams);
      if (message) {
        findings.push({
          rule: rule.id,
          severity: rule.severity,
          kind: 'Team',
          name: team.metadata.name,
          team: team.metadata.name,
          message,
        });
      }
    }
  }
  const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
  return findings.sort(
    (a, b) => rank[a.severity] - rank[b.severity] || a.rule.localeCompare(b.rule) || a.name.localeCompare(b.name)
  );
}
