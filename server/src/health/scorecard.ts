import type { ServiceEntity } from '@steward/contract/model/service';
import type { TeamEntity } from '@steward/contract/model/team';
import {
  describeStale,
  staleRunbooks,
  hasOnCall,
  STALE_RUNBOOK_DAYS,
  teamIndex,
  type RegistrySnapshot,
} from './registry-snapshot.js';

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export interface ScorecardRule {
  id: string;
  level: Level;
  title: string;
}

export interface Scorecard {
  service: string;
  owner: string;
  /** The highest level whose rules, and those of every level below, all pass. */
  level: Level | 'none';
  checks: Array<{ rule: string; passed: boolean; detail?: string }>;
}

type Rule = ScorecardRule & {
  check: (s: ServiceEntity, owner: TeamEntity | undefined, snapshot: RegistrySnapshot) => true | string;
};

/** The maturity ladder: what a service needs at each level. Shown to users as is. */
const RULES: Rule[] = [
  {
    id: 'owner-exists',
    level: 'beginner',
    title: 'Owned by a team that exists',
    check: (_, owner) => Boolean(owner) || 'owner team is missing',
  },
  { id: 'tier-set', level: 'beginner', title: 'Has a tier', check: (s) => Boolean(s.spec.tier) || 'no tier' },
  {
    id: 'lifecycle-set',
    level: 'beginner',
    title: 'Has a lifecycle',
    check: (s) => Boolean(s.spec.lifecycle) || 'no lifecycle',
  },
  {
    id: 'runbook-fresh',
    level: 'intermediate',
    title: `Has runbooks, all reviewed in the last ${STALE_RUNBOOK_DAYS} days`,
    check: (s, _, snapshot) => {
      if ((s.spec.runbooks ?? []).length === 0) {
        return 'no runbook';
      }
      const stale = staleRunbooks(s, snapshot.now);
      return stale.length === 0 || `not reviewed recently: ${describeStale(stale)}`;
    },
  },
  {
    id: 'owner-oncall',
    level: 'intermediate',
    title: 'Owner has an on-call rotation or schedule',
    check: (_, owner) => hasOnCall(owner) || 'no on-call',
  },
  {
    id: 'repo-linked',
    level: 'intermediate',
    title: 'Links its repository',
    check: (s) => Boolean(s.spec.repo) || 'no repository',
  },
  {
    id: 'has-slo',
    level: 'advanced',
    title: 'Has at least one SLO',
    check: (s, _, snapshot) => snapshot.sloCount(s.metadata.name) > 0 || 'no SLO',
  },
  {
    id: 'owner-escalation',
    level: 'advanced',
    title: 'Owner has an escalation path',
    check: (_, owner) => (owner?.spec.escalation ?? []).length > 0 || 'no escalation levels',
  },
  {
    id: 'telemetry-declared',
    level: 'advanced',
    title: 'Declares its telemetry identifiers',
    check: (s) => (s.spec.telemetry ?? []).length > 0 || 'no telemetry identifiers',
  },
];

export const SCORECARD_RULES: ScorecardRule[] = RULES.map(({ check: _check, ...rule }) => rule);

export function scoreServices(snapshot: RegistrySnapshot): Scorecard[] {
  const teams = teamIndex(snapshot);
  return snapshot.services.map((service) => {
    const owner = teams.get(service.spec.owner);
    const checks = RULES.map((rule) => {
      const result = rule.check(service, owner, snapshot);
      return result === true ? { rule: rule.id, passed: true } : { rule: rule.id, passed: false, detail: result };
    });
    let level: Scorecard['level'] = 'none';
    for (const candidate of LEVELS) {
      const passed = RULES.every(
        (rule, i) => LEVELS.indexOf(rule.level) > LEVELS.indexOf(candidate) || checks[i]!.passed
      );
      if (!passed) {
        break;
      }
      level = candidate;
    }
    return { service: service.metadata.name, owner: service.spec.owner, level, checks };
  });
}
