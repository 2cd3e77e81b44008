import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';
import { StewardApiError, type SloStatusRow } from '../../api/stewardClient';
import { isFrozen } from '../../slo/gate';
import { describeErrors, withNotices } from '../fields';
import type { QueryContext } from './context';
import { statusFrame } from './statusFrame';
import { statusRows } from './statusRows';
import { teamRollupFrame } from './teamRollup';

/**
 * SLO status: one row per SLO objective and group, or one per owning team, at the dashboard's
 * range end (or now). A moment steward-server refuses (before any data, say) fails the query
 * with the server's own words, which Grafana shows on the panel.
 */
export async function runSloStatus({ client, query, filters, refId, at }: QueryContext): Promise<DataFrame[]> {
  const frameOf = (rows: SloStatusRow[]) =>
    query.groupBy === 'team' ? teamRollupFrame(rows, refId) : statusFrame(rows, refId, at);
  if (filters.none) {
    return withNotices([frameOf([])], [{ severity: 'info', text: `No results: ${filters.none}.` }]);
  }
  const answer = await statusRows(
    client,
    filters,
    {
      ...(query.states?.length ? { state: query.states } : {}),
      // The release gate reads first objectives only.
      ...(query.primaryOnly || query.frozen ? { primary: true } : {}),
    },
    at
  );
  failIfNothingComputed(answer.rows, answer.prometheusError);
  const rows = query.frozen ? answer.rows.filter(isFrozen) : answer.rows;
  // Said of every row asked for: a budget that could not be computed is left out of
  // "frozen only" (unless its policy denies when unknown), and the panel must say so.
  return withNotices([frameOf(rows)], brokenRowNotices(answer.rows));
}

/**
 * When not one row could be computed (Prometheus unreachable, say), the query fails with the
 * server's reason instead of drawing a table of errors; one broken SLO among good ones stays a row.
 */
function failIfNothingComputed(rows: SloStatusRow[], prometheusError?: string) {
  if (rows.length > 0 && rows.every((r) => r.state === 'error')) {
    throw new StewardApiError(
      `No SLO could be computed: ${describeErrors(rows.map((r) => ({ slo: r.slo, error: r.error ?? 'unknown error' })))}`,
      503
    );
  }
  if (rows.length === 0 && prometheusError) {
    throw new StewardApiError(`steward-server could not ask Prometheus: ${prometheusError}`, 503);
  }
}

function brokenRowNotices(rows: SloStatusRow[]): QueryResultMetaNotice[] {
  const broken = rows.filter((r) => r.state === 'error');
  return broken.length
    ? [
        {
          severity: 'warning',
          text: `${broken.length} of ${rows.length} rows could not be computed: ${describeErrors(broken.map((r) => ({ slo: r.slo, error: r.error ?? 'unknown error' })))}`,
        },
      ]
    : [];
}
