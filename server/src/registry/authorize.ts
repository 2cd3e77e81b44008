import type { Identity } from '@steward/contract/identity';

export type Decision = { allowed: true } | { allowed: false; reason: string };

/** One right a change needs: to act for a team, named by its chain (the team, then the teams above it). */
export interface NeededRight {
  /** What needs it, for the refusal: `moving service "cart" to team b`. */
  what: string;
  /** The team and every team above it; empty when no team owns the entry (then only an Admin may). */
  chain: string[];
}

/**
 * Who may change an entry through the API: an Admin, or an Editor who is a member of a team
 * that owns it — the owning team itself or any team above it. A change may need several rights
 * (an entry moving from one team to another needs both teams'); the first one missing is named.
 * Pure; the caller looks up memberships and the owning chains.
 */
export function mayChange(identity: Identity, needed: NeededRight[], memberOf: readonly string[]): Decision {
  if (identity.role === 'Admin') {
    return { allowed: true };
  }
  for (const { what, chain } of needed) {
    if (identity.role !== 'Editor') {
      return { allowed: false, reason: `${what} needs the Editor role or higher` };
    }
    if (chain.length === 0) {
      return { allowed: false, reason: `${what} needs an Admin: no team owns it` };
    }
    if (!chain.some((team) => memberOf.includes(team))) {
      return {
        allowed: false,
        reason: `${what} needs rights on team ${chain[0]}: ${identity.login} is not a member of ${chain[0]}${chain.length > 1 ? ` or a team above it (${chain.slice(1).join(', ')})` : ''}`,
      };
    }
  }
  return { allowed: true };
}
