import { freezesReleases } from '@steward/contract/budget-freeze';
import type { SloStatusRow } from '@steward/contract/slo';

export const DEFAULT_EXEMPT = ['fix', 'revert'];

export interface GateVerdict {
  slo: string;
  group: Record<string, string>;
  budgetRemaining: number | null;
  verdict: 'allow' | 'deny' | 'no-policy';
  reason: string;
}

export interface GateDecision {
  allowed: boolean;
  decision: 'allow' | 'deny';
  reasons: string[];
  slos: GateVerdict[];
}

/**
 * The release gate for one service: each SLO's first objective (per group) against its budget
 * policy. A deploy is refused while any budget with a policy is at or below its freeze point,
 * unless the change is of an exempt kind (fix and revert by default). SLOs without a policy
 * never refuse. Pure; `rows` are the service's status rows for first objectives, which carry
 * their SLO's policy with its defaults filled in.
 */
export function decideGate(rows: SloStatusRow[], change: string | undefined): GateDecision {
  const slos = rows.map((row): GateVerdict => {
    const policy = row.budgetPolicy;
    const base = { slo: row.slo, group: row.group, budgetRemaining: row.budgetRemaining };
    const what = `${row.slo}${groupText(row.group)}`;
    if (!policy) {
      return { ...base, verdict: 'no-policy', reason: `${what} has no budget policy` };
    }
    if (row.budgetRemaining === null) {
      const allow = !freezesReleases(null, policy);
      return {
        ...base,
        verdict: allow ? 'allow' : 'deny',
        reason: `${what}: budget unknown (${row.error ?? 'no data'}); the policy says ${allow ? 'allow' : 'deny'} when unknown`,
      };
    }
    const floor = policy.freezeBelow;
    const left = row.budgetRemaining * 100;
    if (!freezesReleases(row.budgetRemaining, policy)) {
      return { ...base, verdict: 'allow', reason: `${what}: ${format(left)}% of the error budget left` };
    }
    const exempt = policy.exempt;
    if (change && exempt.includes(change)) {
      return {
        ...base,
        verdict: 'allow',
        reason: `${what}: ${format(left)}% of the error budget left (frozen at ≤ ${floor}%), but ${change} changes may deploy`,
      };
    }
    return {
      ...base,
      verdict: 'deny',
      reason: `${what}: ${format(left)}% of the error budget left (frozen at ≤ ${floor}%); only ${exempt.join(', ')} changes may deploy${change ? `, not ${change}` : ' (say which with change=…)'}`,
    };
  });
  const denied = slos.filter((s) => s.verdict === 'deny');
  const reasons =
    slos.length === 0 ? ['the service has no SLOs'] : (denied.length > 0 ? denied : slos).map((s) => s.reason);
  return { allowed: denied.length === 0, decision: denied.length === 0 ? 'allow' : 'deny', reasons, slos };
}

function groupText(group: Record<string, string>): string {
  const entries = Object.entries(group);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}

function format(percent: number): string {
  return Number(percent.toFixed(2)).toString();
}
