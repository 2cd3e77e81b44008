import { describe, expect, it } from 'vitest';
import type { SloStatusRow } from '../contract/slo.js';
import { decideGate } from './gate.js';

const row = (slo: string, budgetRemaining: number | null, group: Record<string, string> = {}, error?: string) =>
  ({ slo, group, budgetRemaining, ...(error ? { error } : {}) }) as SloStatusRow;

describe('the release gate', () => {
  it('refuses all but exempt changes while a budget with a policy is at or below its freeze point', () => {
    const rows = [row('availability', -0.2), row('latency', 0.6)];
    const policies = new Map([
      ['availability', {}],
      ['latency', undefined],
    ]);
    const feature = decideGate(rows, policies, 'feature');
    expect(feature).toMatchObject({ allowed: false, decision: 'deny' });
    expect(feature.reasons).toEqual([
      'availability: -20% of the error budget left (frozen at ≤ 0%); only fix, revert changes may deploy, not feature',
    ]);
    expect(feature.slos.map((s) => s.verdict)).toEqual(['deny', 'no-policy']);
    expect(decideGate(rows, policies, 'fix').allowed).toBe(true);
    expect(decideGate(rows, policies, undefined).reasons[0]).toContain('(say which with change=…)');
  });

  it('freezes early with freezeBelow, per group, and honours custom exemptions', () => {
    const rows = [row('routes', 0.08, { route: '/pay' }), row('routes', 0.5, { route: '/cart' })];
    const policies = new Map([['routes', { freezeBelow: 10, exempt: ['hotfix'] }]]);
    expect(decideGate(rows, policies, 'fix').reasons).toEqual([
      'routes (route=/pay): 8% of the error budget left (frozen at ≤ 10%); only hotfix changes may deploy, not fix',
    ]);
    expect(decideGate(rows, policies, 'hotfix').allowed).toBe(true);
  });

  it('decides an unknown budget as the policy says, allowing by default', () => {
    const rows = [row('availability', null, {}, 'Prometheus unreachable')];
    expect(decideGate(rows, new Map([['availability', {}]]), 'feature').allowed).toBe(true);
    const strict = decideGate(rows, new Map([['availability', { whenUnknown: 'deny' as const }]]), 'feature');
    expect(strict.allowed).toBe(false);
    expect(strict.reasons[0]).toBe(
      'availability: budget unknown (Prometheus unreachable); the policy says deny when unknown'
    );
  });

  it('allows a service without SLOs, and says so', () => {
    expect(decideGate([], new Map(), 'feature')).toEqual({
      allowed: true,
      decision: 'allow',
      reasons: ['the service has no SLOs'],
      slos: [],
    });
  });
});
