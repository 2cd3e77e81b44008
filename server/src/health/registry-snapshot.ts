import type { ServiceEntity } from '@steward/contract/model/service';
import type { TeamEntity } from '@steward/contract/model/team';

/** The registry as health checks see it: plain entities, plus facts from other parts of Steward. */
export interface RegistrySnapshot {
  services: ServiceEntity[];
  teams: TeamEntity[];
  /** SLOs defined for a service. */
  sloCount: (service: string) => number;
  /** Why an entry is orphaned (its catalog file is gone or empty), if it is. */
  orphaned?: (kind: 'Service' | 'Team', name: string) => string | undefined;
  /** A service's SLOs whose series have gone silent, and since when (seconds). */
  silentSlos?: (service: string) => Array<{ slo: string; since: number }>;
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

export interface StaleRunbook {
  name: string;
  /** Days since its last review; undefined when it was never reviewed. */
  days?: number;
}

/** The service's runbooks not reviewed in the last STALE_RUNBOOK_DAYS days: one fresh runbook does not excuse a stale one. */
export function staleRunbooks(service: ServiceEntity, now: Date): StaleRunbook[] {
  return (service.spec.runbooks ?? []).flatMap((runbook) => {
    const name = runbook.title ?? runbook.url;
    if (!runbook.lastReviewed) {
      return [{ name }];
    }
    const days = Math.floor((now.getTime() - Date.parse(`${runbook.lastReviewed}T00:00:00Z`)) / 86_400_000);
    return days > STALE_RUNBOOK_DAYS ? [{ name, days }] : [];
  });
}

export function describeStale(stale: StaleRunbook[]): string {
  return stale.map((r) => `${r.name} (${r.days === undefined ? 'never reviewed' : `${r.days} days ago`})`).join(', ');
}
