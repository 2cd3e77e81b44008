import { sloPagePath } from '../../conventions/slo.js';
import type { ServiceEntity } from '@steward/contract/model/service';
import type { SloEntity } from '@steward/contract/model/slo';
import type { RegistryStore } from '../../registry/store/registry-store.js';
import type { Origin } from '../../registry/store/stored-entity.js';
import { countingHash } from '../revision.js';

/** An SLO with what Steward knows around it: the service it measures and who owns that. */
export interface SloDefinition {
  slo: SloEntity;
  origin: Origin;
  /** Content hash of what it counts (see countingHash). */
  counted: string;
  service?: ServiceEntity;
  team?: string;
  teamTitle?: string;
  runbookUrl?: string;
  sloUrl?: string;
}

/** Every SLO in the registry, joined with its service and owning team. */
export async function loadSloDefinitions(store: RegistryStore, grafanaPublicUrl?: string): Promise<SloDefinition[]> {
  const [slos, services, teams] = await Promise.all([store.all('SLO'), store.all('Service'), store.all('Team')]);
  const serviceByName = new Map(services.map((s) => [s.entity.metadata.name, s.entity as ServiceEntity] as const));
  const teamTitles = new Map(teams.map((t) => [t.entity.metadata.name, t.entity.metadata.title] as const));
  return slos.map((stored) => {
    const slo = stored.entity as SloEntity;
    const service = serviceByName.get(slo.spec.service);
    const runbookUrl = service?.spec.runbooks?.[0]?.url;
    return {
      slo,
      origin: stored.origin,
      counted: countingHash(slo),
      ...(service ? { service, team: service.spec.owner } : {}),
      ...(service && teamTitles.get(service.spec.owner) ? { teamTitle: teamTitles.get(service.spec.owner)! } : {}),
      ...(runbookUrl ? { runbookUrl } : {}),
      ...(grafanaPublicUrl
        ? { sloUrl: `${grafanaPublicUrl.replace(/\/+$/, '')}${sloPagePath(slo.metadata.name)}` }
        : {}),
    };
  });
}
