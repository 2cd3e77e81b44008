import type { Identity } from '../contract/identity.js';

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * Who may change an entry through the API: an Admin, or an Editor who is a member of a team
 * that owns it — the owning team itself or any team above it. Pure; the caller looks up
 * memberships and the owning chain.
 */
export function mayChange(
  identity: Identity,
  what: string,
  owningChain: string[],
  memberOf: readonly string[]
): Decision {
  if (identity.role === 'Admin') {
    return { allowed: true };
  }
  if (identity.role !== 'Editor') {
    return { allowed: false, reason: `changing ${what} needs the Editor role or higher` };
  }
  if (owningChain.length === 0) {
    return { allowed: false, reason: `only an Admin can change ${what}: no team owns it` };
  }
  const shared = owningChain.find((team) => memberOf.includes(team));
  if (shared) {
    return { allowed: true };
  }
  return {
    allowed: false,
    reason: `${identity.login} is not a member of ${owningChain[0]}${owningChain.length > 1 ? ` or a team above it (${owningChain.slice(1).join(', ')})` : ''}, which owns ${what}`,
  };
}
