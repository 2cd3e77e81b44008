import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import { OWNERSHIP_LABELS as L, OWNERSHIP_METRICS } from '../conventions/metrics.js';
import type { Tables } from '../store/tables.js';

/**
 * steward_service_owner_info and steward_team_info, read from the store at each scrape so
 * they follow every change. A value left empty (no tier, no parent) is exported as "".
 */
export function registerOwnershipMetrics(registry: Registry, db: Kysely<Tables>): void {
  new Gauge({
    name: OWNERSHIP_METRICS.serviceOwnerInfo,
    help: 'One series per registered service, labelled with its owning team; always 1',
    labelNames: [L.service, L.team, L.tier, L.lifecycle, L.system],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db
        .selectFrom('entities')
        .select(['name', 'owner', 'tier', 'lifecycle', 'system'])
        .where('kind', '=', 'Service')
        .execute();
      for (const row of rows) {
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
      const rows = await db
        .selectFrom('entities')
        .select(['name', 'parent', 'title'])
        .where('kind', '=', 'Team')
        .execute();
      for (const row of rows) {
        this.set({ [L.team]: row.name, [L.parentTeam]: row.parent ?? '', [L.title]: row.title }, 1);
      }
    },
  });
}
