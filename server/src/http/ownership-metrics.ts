import { Gauge, type Registry } from 'prom-client';
import { OWNERSHIP_LABELS as L, OWNERSHIP_METRICS } from '../conventions/metrics.js';
import type { RegistryStore } from '../registry/store/registry-store.js';

/**
 * steward_service_owner_info and steward_team_info, read from the store at each scrape so
 * they follow every change. A value left empty (no tier, no parent) is exported as "".
 */
export function registerOwnershipMetrics(
  registry: Registry,
  store: Pick<RegistryStore, 'serviceOwnership' | 'teamInfo'>
): void {
  new Gauge({
    name: OWNERSHIP_METRICS.serviceOwnerInfo,
    help: 'One series per registered service, labelled with its owning team; always 1',
    labelNames: [L.service, L.team, L.tier, L.lifecycle, L.system],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.serviceOwnership()) {
        this.set(
          {
            [L.service]: row.name,
            [L.team]: row.owner ?? '',
            [L.tier]: row.tier ?? '',
            [L.lifecycle]: row.lifecycle ?? '',
            [L.system]: row.system ?? '',
          },
          1
        );
      }
    },
  });
  new Gauge({
    name: OWNERSHIP_METRICS.teamInfo,
    help: 'One series per registered team, labelled with its parent team; always 1',
    labelNames: [L.team, L.parentTeam, L.title],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.teamInfo()) {
        this.set({ [L.team]: row.name, [L.parentTeam]: row.parent ?? '', [L.title]: row.title }, 1);
      }
    },
  });
}
