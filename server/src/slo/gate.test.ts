import { describe, expect, it } from 'vitest';
import type { SloStatusRow } from '@steward/contract/slo';
import { decideGate, DEFAULT_EXEMPT } from './gate.js';

type Policy = { freezeBelow?: number; exempt?: string[]; whenUnknown?: 'allow' | 'deny' };

/** A status row as the status service makes it: the policy with its defaults filled in. */
const row = (
  slo: string,
  budgetRemaining: number | null,
  policy: Policy | undefined,
  group: Record<string, string> = {},
  error?: string
) =>
  ({
    slo,
    group,
    budgetRemaining,
    ...(policy
      ? {
          budgetPolicy: {
            freezeBelow: policy.freezeBelow ?? 0,
            exempt: policy.exempt ?? DEFAULT_EXEMPT,
            whenUnknown: policy.whenUnknown ?? 'allow',
          },
        }
      : {}),
    ...(error ? { error } : {}),
  }) as SloStatusRow;

describe('the release gate', () => {
  it('refuses all but exempt changes while a budget with a policy is at or below its freeze point', () => {
    const rows = [row('availability', -0.2, {}), row('latency', 0.6, undefined)];
    const feature = decideGate(rows, 'feature');
    expect(feature).toMatchObject({ allowed: false, decision: 'deny' });
    expect(feature.reasons).toEqual([
      'availability: -20% of the error budget left (frozen at ≤ 0%); only fix, revert changes may deploy, not feature',
    ]);
    expect(feature.slos.map((s) => s.verdict)).toEqual(['deny', 'no-policy']);
    expect(decideGate(rows, 'fix').allowed).toBe(true);
    expect(decideGate(rows, undefined).reasons[0]).toContain('(say which with change=…)');
  });

  it('freezes early with freezeBelow, per group, and honours custom exemptions', () => {
    const policy = { freezeBelow: 10, exempt: ['hotfix'] };
    const rows = [row('routes', 0.08, policy, { route: '/pay' }), row('routes', 0.5, policy, { route: '/cart' })];
    expect(decideGate(rows, 'fix').reasons).toEqual([
      'routes (route=/pay): 8% of the error budget left (frozen at ≤ 10%); only hotfix changes may deploy, not fix',
    ]);
    expect(decideGate(rows, 'hotfix').allowed).toBe(true);
  });

  it('decides an unknown budget as the policy says, allowing by default', () => {
    const unknown = (policy: Policy) => [row('availability', null, policy, {}, 'Prometheus unreachable')];
    expect(decideGate(unknown({}), 'feature').allowed).toBe(true);
    const strict = decideGate(unknown({ whenUnknown: 'deny' }), 'feature');
    expect(strict.allowed).toBe(false);
    expect(strict.reasons[0]).toBe(
      'availability: budget unknown (Prometheus unreachable); the policy says deny when unknown'
    );
  });

  it('allows a service without SLOs, and says so', () => {
    expect(decideGate([], 'feature')).toEqual({
      allowed: true,
      decision: 'allow',
      reasons: ['the service has no SLOs'],
      slos: [],
    });
  });
});
