import type { SloStatusParams, SloStatusRow, StewardClient } from '../../api/stewardClient';
import { groupKey } from '../../slo/format';
import { unique } from '../fields';
import { serverFilterParams, splitFilters, type ResolvedFilters } from '../resolve';

/**
 * Status rows for the filters, in as many requests as the lists need, each row once; at a past
 * moment (seconds) when given.
 */
export async function statusRows(
  client: StewardClient,
  filters: ResolvedFilters,
  extra: Pick<SloStatusParams, 'state' | 'primary'> = {},
  at?: number
): Promise<{ rows: SloStatusRow[]; prometheusError?: string }> {
  const moment = at === undefined ? {} : { at: String(Math.floor(at)) };
  const pages = await Promise.all(
    splitFilters(filters).map((part) => client.sloStatus({ ...serverFilterParams(part), ...extra, ...moment }))
  );
  const prometheusError = pages.find((p) => p.prometheusError)?.prometheusError;
  return {
    rows: unique(
      pages.flatMap((p) => p.rows),
      (r) => `${r.slo}|${r.objective.index}|${groupKey(r.group)}`
    ),
    ...(prometheusError ? { prometheusError } : {}),
  };
}
