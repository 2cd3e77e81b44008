import type { Identity } from '@steward/contract/identity';
import { mayChange } from './authorize.js';
import { RegistryRefusal } from './errors.js';
import type { Entity } from '@steward/contract/model/service';
import type { RegistryStore } from './store/registry-store.js';

/** The team an entry is placed under: a service's or system's owner, an SLO's service's owner, a team's parent. */
export async function placement(store: RegistryStore, entity: Entity): Promise<string | undefined> {
  switch (entity.kind) {
    case 'Service':
    case 'System':
      return entity.spec.owner;
    case 'SLO': {
      // An SLO belongs to the team that owns the service it measures, and pages that team.
      const service = await store.get('Service', entity.spec.service);
      return service?.entity.kind === 'Service' ? service.entity.spec.owner : undefined;
    }
    case 'Team':
      return entity.spec.parent;
  }
}

/**
 * Rights follow the change, not only the entry: changing an entry needs rights on the team
 * that owns it now, and moving it (a new owner, an SLO on another service, a team under
 * another parent) needs rights on where it goes too. A refusal names the right missing.
 */
export async function authorize(
  store: RegistryStore,
  identity: Identity,
  entity: Entity,
  current?: Entity,
  action: 'changing' | 'deleting' = 'changing'
): Promise<void> {
  const label = `${entity.kind === 'SLO' ? 'SLO' : entity.kind.toLowerCase()} "${entity.metadata.name}"`;
  const needed: Array<{ what: string; team: string | undefined }> = [];
  const after = await placement(store, entity);
  if (!current) {
    needed.push({ what: `creating ${label} ${destination(entity, after, 'for')}`, team: after });
  } else {
    const before = await placement(store, current);
    needed.push({ what: `${action} ${label}`, team: current.kind === 'Team' ? current.metadata.name : before });
    if (action === 'changing' && after !== before) {
      needed.push({ what: `moving ${label} ${destination(entity, after, 'to')}`, team: after });
    }
  }
  await requireRights(store, identity, needed);
}

/**
 * What happens to a service (a deploy, an incident) is told by its team: recording it needs
 * rights on the team that owns the service, as a member or through a CI token for that team.
 */
export async function authorizeForService(
  store: RegistryStore,
  identity: Identity,
  service: string,
  what: string
): Promise<void> {
  const stored = await store.get('Service', service);
  const team = stored?.entity.kind === 'Service' ? stored.entity.spec.owner : undefined;
  await requireRights(store, identity, [
    { what: `${what} of service "${service}"${stored ? '' : ' (not in the registry)'}`, team },
  ]);
}

async function requireRights(
  store: RegistryStore,
  identity: Identity,
  needed: Array<{ what: string; team: string | undefined }>
): Promise<void> {
  const [chains, memberOf] = await Promise.all([
    Promise.all(needed.map(({ team }) => (team ? store.ancestorsOf(team) : Promise.resolve([])))),
    store.teamsOf(identity.login),
  ]);
  const decision = mayChange(
    identity,
    needed.map(({ what }, i) => ({ what, chain: chains[i]! })),
    [...memberOf, ...(identity.teams ?? [])]
  );
  if (!decision.allowed) {
    throw new RegistryRefusal('forbidden', decision.reason);
  }
}

/** Where an entry goes, as a refusal says it: `for team b`, `to service s (team b)`, `under team b`. */
function destination(entity: Entity, team: string | undefined, preposition: 'for' | 'to'): string {
  const owner = team ? `team ${team}` : 'no team';
  switch (entity.kind) {
    case 'SLO':
      return `${preposition === 'for' ? 'on' : 'to'} service ${entity.spec.service} (${owner})`;
    case 'Team':
      return team ? `under team ${team}` : 'at the top level';
    default:
      return `${preposition} ${owner}`;
  }
}
