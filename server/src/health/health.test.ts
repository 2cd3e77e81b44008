import { describe, expect, it } from 'vitest';
import type { ServiceEntity } from '@steward/contract/model/service';
import type { TeamEntity } from '@steward/contract/model/team';
import { findDrift } from './drift-rules.js';
import { silentSlosFrom, silentSlosOf } from './ownership-health.js';
import type { SloStatusRow } from '@steward/contract/slo';
import type { RegistrySnapshot } from './registry-snapshot.js';
import { scoreServices } from './scorecard.js';
import { findUnowned } from './unowned-telemetry.js';

const team = (name: string, spec: TeamEntity['spec'] = {}): TeamEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Team',
  metadata: { name },
  spec,
});
const service = (name: string, spec: Partial<ServiceEntity['spec']> & { owner: string }): ServiceEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Service',
  metadata: { name },
  spec,
});
const onCall = { rotation: { members: ['a'], start: '2026-01-01T00:00:00Z', shift: '7d' } };
const now = new Date('2026-11-23T12:00:00Z');

const snapshot = (
  services: ServiceEntity[],
  teams: TeamEntity[],
  slos: Record<string, number> = {}
): RegistrySnapshot => ({
  services,
  teams,
  sloCount: (s) => slos[s] ?? 0,
  now,
});

describe('drift', () => {
  it('finds each kind of drift once, most severe first', () => {
    const findings = findDrift(
      snapshot(
        [
          service('orphan', { owner: 'ghost-team', runbooks: [{ url: 'https://r/1', lastReviewed: '2026-11-01' }] }),
          service('stale', {
            owner: 'ops',
            // a fresh runbook does not excuse a stale one
            runbooks: [
              { url: 'https://r/2', title: 'Failover', lastReviewed: '2026-07-01' },
              { url: 'https://r/4', lastReviewed: '2026-11-20' },
            ],
          }),
          service('bare', { owner: 'ops' }),
          service('fine', { owner: 'ops', runbooks: [{ url: 'https://r/3', lastReviewed: '2026-11-20' }] }),
        ],
        [team('ops', { members: [{ login: 'a' }], onCall }), team('empty', { parent: 'gone' })],
        { fine: 1 }
      )
    );
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.name}: ${f.message}`)).toEqual([
      'high service-owner-missing orphan: owner team "ghost-team" does not exist',
      'high team-no-members empty: no members listed',
      'medium service-no-runbook bare: no runbook linked',
      'medium service-no-slo bare: no SLO defined',
      'medium service-no-slo orphan: no SLO defined',
      'medium service-no-slo stale: no SLO defined',
      'low service-runbook-stale stale: 1 of 2 runbook(s) not reviewed in 90 days: Failover (145 days ago)',
      'low team-parent-missing empty: parent "gone" does not exist',
    ]);
  });
});

describe('silent SLOs', () => {
  it('are high-severity drift on their service, with since when, from the status rows', () => {
    const rows = [
      { slo: 'pay-availability', service: 'pay', noDataSince: 1_796_000_000 },
      { slo: 'pay-availability', service: 'pay', noDataSince: 1_796_000_000 }, // a second objective
      { slo: 'pay-latency', service: 'pay' },
    ];
    const silent = silentSlosOf(rows);
    const findings = findDrift({
      ...snapshot(
        [service('pay', { owner: 'ops', runbooks: [{ url: 'https://r', lastReviewed: '2026-11-20' }] })],
        [team('ops', { members: [{ login: 'a' }], onCall })]
      ),
      sloCount: () => 2,
      silentSlos: (s) => silent.get(s) ?? [],
    });
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.name}: ${f.message}`)).toEqual([
      'high service-slo-no-data pay: pay-availability: no data since 2026-11-30T00:53:20.000Z',
    ]);
  });

  it('come from the last status computed when the current one is slow or fails, and from none before the first', async () => {
    const silentRow = { slo: 'pay-availability', service: 'pay', noDataSince: 1_796_000_000 } as SloStatusRow;
    const never = () => new Promise<{ rows: SloStatusRow[] }>(() => undefined);
    const slow = { status: never, lastStatus: () => ({ page: { rows: [silentRow] } }) };
    expect([...(await silentSlosFrom(slow, 20)).keys()]).toEqual(['pay']);
    expect((await silentSlosFrom({ status: never, lastStatus: () => undefined }, 20)).size).toBe(0);
    const down = { status: () => Promise.reject(new Error('down')), lastStatus: slow.lastStatus };
    expect([...(await silentSlosFrom(down, 20)).keys()]).toEqual(['pay']);
    const quick = { status: async () => ({ rows: [silentRow] }), lastStatus: () => undefined };
    expect([...(await silentSlosFrom(quick, 60_000)).keys()]).toEqual(['pay']);
  });
});

describe('scorecards', () => {
  const owner = team('ops', { members: [{ login: 'a' }], onCall, escalation: [{ after: '5m', notify: ['oncall'] }] });
  const fresh = [{ url: 'https://r', lastReviewed: '2026-11-01' }];

  it('places a service on the highest level whose rules, and all below, pass', () => {
    const cards = scoreServices(
      snapshot(
        [
          service('none', { owner: 'ops' }),
          service('beginner', { owner: 'ops', tier: 'tier-2', lifecycle: 'production' }),
          service('intermediate', {
            owner: 'ops',
            tier: 'tier-2',
            lifecycle: 'production',
            runbooks: fresh,
            repo: 'https://git/x',
          }),
          service('advanced', {
            owner: 'ops',
            tier: 'tier-1',
            lifecycle: 'production',
            runbooks: fresh,
            repo: 'https://git/y',
            telemetry: ['service="advanced"'],
          }),
          // Meets advanced rules but misses an intermediate one: stays a beginner.
          service('gap', { owner: 'ops', tier: 'tier-1', lifecycle: 'production', telemetry: ['service="gap"'] }),
        ],
        [owner],
        { advanced: 2, gap: 1 }
      )
    );
    expect(Object.fromEntries(cards.map((c) => [c.service, c.level]))).toEqual({
      none: 'none',
      beginner: 'beginner',
      intermediate: 'intermediate',
      advanced: 'advanced',
      gap: 'beginner',
    });
    expect(cards.find((c) => c.service === 'gap')!.checks.filter((c) => !c.passed)).toEqual([
      { rule: 'runbook-fresh', passed: false, detail: 'no runbook' },
      { rule: 'repo-linked', passed: false, detail: 'no repository' },
    ]);
  });
});

describe('unowned telemetry', () => {
  it('claims by declared matchers, or by service="<name>" when none are declared', () => {
    const services = [service('api', { owner: 'o' }), service('edge', { owner: 'o', telemetry: ['job=~"edge-.*"'] })];
    const seen = [
      { label: 'service', value: 'api', series: 3 },
      { label: 'service', value: 'edge', series: 1 }, // edge declared job matchers, so service="edge" is not claimed
      { label: 'job', value: 'edge-eu', series: 2 },
      { label: 'job', value: 'node', series: 9 },
    ];
    expect(findUnowned(seen, services)).toEqual([
      { label: 'service', value: 'edge', series: 1 },
      { label: 'job', value: 'node', series: 9 },
    ]);
  });

  it('claims a service’s name under every configured identifier label when it declares no matchers', () => {
    const services = [service('api', { owner: 'o' })];
    const seen = [
      { label: 'service', value: 'api', series: 3 },
      { label: 'job', value: 'api', series: 2 },
      { label: 'job', value: 'batch', series: 1 },
    ];
    expect(findUnowned(seen, services, ['service', 'job'])).toEqual([{ label: 'job', value: 'batch', series: 1 }]);
    expect(findUnowned(seen, services)).toEqual([
      { label: 'job', value: 'api', series: 2 },
      { label: 'job', value: 'batch', series: 1 },
    ]);
  });
});
