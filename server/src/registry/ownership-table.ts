import type { OwnershipRow, OwnershipTableQuery } from '@steward/contract/health';
import type { ServiceEntity } from '@steward/contract/model/service';
import type { SloEntity } from '@steward/contract/model/slo';
import type { TeamEntity } from '@steward/contract/model/team';
import { onCallAt } from './on-call.js';
import type { RegistryService } from './registry-service.js';

/** Services with their owner, who is on call for them now and next, their runbook and SLO count. */
export async function ownershipTable(
  registry: RegistryService,
  query: OwnershipTableQuery,
  now: Date
): Promise<{ rows: OwnershipRow[]; totalItems: number }> {
  const page = await registry.query(
    {
      kind: 'Service',
      ...(query.team ? { owner: query.team, includeSubteams: query.includeSubteams } : {}),
      ...(query.tier ? { tier: query.tier } : {}),
      ...(query.lifecycle ? { lifecycle: query.lifecycle } : {}),
    },
    { limit: query.limit }
  );
  const services = page.items
    .map((s) => s.entity as ServiceEntity)
    .filter((s) => !query.service?.length || query.service.includes(s.metadata.name));
  const [teams, slos] = await Promise.all([registry.store.all('Team'), registry.store.all('SLO')]);
  const teamByName = new Map(teams.map((t) => [t.entity.metadata.name, t.entity as TeamEntity]));
  const sloCount = new Map<string, number>();
  for (const { entity } of slos) {
    const service = (entity as SloEntity).spec.service;
    sloCount.set(service, (sloCount.get(service) ?? 0) + 1);
  }
  const rows = services.map((service): OwnershipRow => {
    const team = teamByName.get(service.spec.owner);
    const onCall = onCallAt(team?.spec.onCall, now);
    const rotation = onCall?.rotation && 'current' in onCall.rotation ? onCall.rotation : undefined;
    const schedule = onCall?.references[0];
    const runbook = service.spec.runbooks?.[0];
    return {
      service: service.metadata.name,
      title: service.metadata.title ?? service.metadata.name,
      team: service.spec.owner,
      ...(team?.metadata.title ? { teamTitle: team.metadata.title } : {}),
      ...(service.spec.tier ? { tier: service.spec.tier } : {}),
      ...(service.spec.lifecycle ? { lifecycle: service.spec.lifecycle } : {}),
      ...(service.spec.system ? { system: service.spec.system } : {}),
      ...(rotation ? { onCallNow: rotation.current, onCallNext: rotation.next } : {}),
      ...(schedule ? { onCallSchedule: `${schedule.system} ${schedule.scheduleId}` } : {}),
      ...(runbook ? { runbook: runbook.url } : {}),
      ...(runbook?.lastReviewed ? { runbookReviewed: runbook.lastReviewed } : {}),
      slos: sloCount.get(service.metadata.name) ?? 0,
    };
  });
  return { rows, totalItems: query.service?.length ? rows.length : page.totalItems };
}
