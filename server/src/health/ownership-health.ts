import type { OwnershipHealth, UnownedTelemetry } from '@steward/contract/health';
import type { SloStatusRow } from '@steward/contract/slo';
import type { PrometheusClient } from '../prometheus/client.js';
import type { ServiceEntity } from '@steward/contract/model/service';
import type { SloEntity } from '@steward/contract/model/slo';
import type { TeamEntity } from '@steward/contract/model/team';
import type { RegistryService } from '../registry/registry-service.js';
import { telemetryInventory } from '../telemetry/inventory.js';
import { DRIFT_RULES, findDrift } from './drift-rules.js';
import type { RegistrySnapshot } from './registry-snapshot.js';
import { LEVELS, SCORECARD_RULES, scoreServices } from './scorecard.js';
import { findUnowned } from './unowned-telemetry.js';

/** SLOs whose series have gone silent, per service, from their status rows. */
export type SilentSlos = Map<string, Array<{ slo: string; since: number }>>;

export function silentSlosOf(rows: Array<{ slo: string; service: string; noDataSince?: number }>): SilentSlos {
  const silent: SilentSlos = new Map();
  for (const row of rows) {
    const list = silent.get(row.service) ?? [];
    if (row.noDataSince !== undefined && !list.some((x) => x.slo === row.slo)) {
      list.push({ slo: row.slo, since: row.noDataSince });
      silent.set(row.service, list);
    }
  }
  return silent;
}

/**
 * Silent SLOs from the status (cached, or computed within `waitMs`). When that is slow or
 * fails, from the last status computed, however old: a service silent a minute ago is still
 * worth the finding. Before any status, none: health then answers from the registry alone.
 */
export async function silentSlosFrom(
  status: { status(): Promise<{ rows: SloStatusRow[] }>; lastStatus(): { page: { rows: SloStatusRow[] } } | undefined },
  waitMs: number
): Promise<SilentSlos> {
  const last = () => status.lastStatus()?.page.rows ?? [];
  let timer: NodeJS.Timeout | undefined;
  const rows = await Promise.race([
    status.status().then((page) => page.rows),
    new Promise<SloStatusRow[]>((resolve) => {
      timer = setTimeout(() => resolve(last()), waitMs);
    }),
  ])
    .catch(last)
    .finally(() => clearTimeout(timer));
  return silentSlosOf(rows);
}

async function snapshot(registry: RegistryService, now: Date, silent: SilentSlos): Promise<RegistrySnapshot> {
  const [services, teams, slos] = await Promise.all([
    registry.store.all('Service'),
    registry.store.all('Team'),
    registry.store.all('SLO'),
  ]);
  const perService = new Map<string, number>();
  for (const { entity } of slos) {
    const service = (entity as SloEntity).spec.service;
    perService.set(service, (perService.get(service) ?? 0) + 1);
  }
  const orphans = new Map(
    [...services, ...teams]
      .filter((s) => s.origin.orphaned)
      .map((s) => [`${s.entity.kind}/${s.entity.metadata.name}`, s.origin.orphaned!.reason])
  );
  return {
    services: services.map((s) => s.entity as ServiceEntity),
    teams: teams.map((t) => t.entity as TeamEntity),
    sloCount: (service) => perService.get(service) ?? 0,
    orphaned: (kind, name) => orphans.get(`${kind}/${name}`),
    silentSlos: (service) => silent.get(service) ?? [],
    now,
  };
}

/** Drift findings and scorecards, for everything or for some teams and the teams below them. */
export async function ownershipHealth(
  registry: RegistryService,
  filter: { team?: string[]; includeSubteams: boolean },
  now = new Date(),
  silent: SilentSlos = new Map()
): Promise<OwnershipHealth> {
  const full = await snapshot(registry, now, silent);
  const inScope = filter.team?.length
    ? new Set(filter.includeSubteams ? await registry.store.withSubteams(filter.team) : filter.team)
    : undefined;
  // Checks look at the whole registry (an owner elsewhere still exists); results are then scoped.
  const findings = findDrift(full).filter((f) => !inScope || inScope.has(f.team));
  const scorecards = scoreServices(full).filter((s) => !inScope || inScope.has(s.owner));
  const byRule: Record<string, number> = {};
  for (const f of findings) {
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  }
  const distribution: Record<string, number> = { none: 0, beginner: 0, intermediate: 0, advanced: 0 };
  for (const s of scorecards) {
    distribution[s.level] = (distribution[s.level] ?? 0) + 1;
  }
  return {
    generatedAt: now.toISOString(),
    rules: DRIFT_RULES,
    findings,
    summary: {
      services: full.services.filter((s) => !inScope || inScope.has(s.spec.owner)).length,
      teams: full.teams.filter((t) => !inScope || inScope.has(t.metadata.name)).length,
      findings: findings.length,
      byRule,
    },
    scorecard: { levels: [...LEVELS], rules: SCORECARD_RULES, services: scorecards, distribution },
  };
}

/** Values of the identifier labels in Prometheus that no registered service claims. */
export async function unownedTelemetry(
  registry: RegistryService,
  prometheus: PrometheusClient,
  labels: string[],
  time: number
): Promise<UnownedTelemetry> {
  const [inventories, services] = await Promise.all([
    Promise.all(labels.map((label) => telemetryInventory(prometheus, label, time))),
    registry.store.all('Service'),
  ]);
  const seen = inventories.flatMap((inv) =>
    inv.values.map((v) => ({ label: inv.label, value: v.value, series: v.series }))
  );
  return {
    labels,
    time,
    values: findUnowned(
      seen,
      services.map((s) => s.entity as ServiceEntity),
      labels
    ),
  };
}
