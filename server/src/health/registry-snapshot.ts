import type { ServiceEntity } from '../registry/model/service.js';
import type { TeamEntity } from '../registry/model/team.js';

/** The registry as health checks see it: plain entities, plus facts from other parts of Steward. */
export interface RegistrySnapshot {
  services: ServiceEntity[];
  teams: TeamEntity[];
  /** SLOs per service; until the SLO engine exists every count is 0. */
  sloCount: (service: string) => number;
  now: Date;
}

export const STALE_RUNBOOK_DAYS = 90;

export function teamIndex(snapshot: RegistrySnapshot): Map<string, TeamEntity> {
  return new Map(snapshot.teams.map((t) => [t.metadata.name, t]));
}

export function hasOnCall(team: TeamEntity | undefined): boolean {
  const onCall = team?.spec.onCall;
  return Boolean(onCall && (onCall.rotation || onCall.pagerduty || onCall.grafanaIrm));
}

/** Days since the most recently reviewed runbook, or undefined when none was ever reviewed. */
export function daysSinceRunbookReview(service: ServiceEntity, now: Date): number | undefined {
  const reviews = (service.spec.runbooks ?? []).map((r) => r.lastReviewed).filter((d): d is string => Boolean(d));
  if (reviews.length === 0) {
    return undefined;
  }
  const latest = Math.max(...reviews.map((d) => Date.parse(`${d}T00:00:00Z`)));
  return Math.floor((now.getTime() - latest) / 86_400_000);
}
