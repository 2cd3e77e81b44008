import { createDataFrame, FieldType, type DataFrame, type QueryResultMetaNotice } from '@grafana/data';
import { StewardApiError, toApiError, type SloStatusRow, type SloTimeseries } from '../../api/stewardClient';
import { groupLabel } from '../../slo/format';
import { budgetLineConfig, IDEAL_NAME, idealLineConfig } from '../../slo/frames';
import { sloLink } from '../../slo/links';
import { SERIES_LABELS, type BurndownMeta } from '../../slo/statusFields';
import { describeErrors, withNotices } from '../fields';
import { matchesLabels } from '../resolve';
import type { QueryContext } from './context';
import { statusRows } from './statusRows';

/** Burn-down asks once per SLO; more than this many is a dashboard mistake, not a chart. */
const MAX_BURNDOWN_SLOS = 12;

/** Burn-down of each chosen SLO (or of the SLOs the filters match, up to a limit), with the ideal line. */
export async function runBurndown({ client, query, filters }: QueryContext): Promise<DataFrame[]> {
  if (filters.none) {
    return [];
  }
  const objective = Math.max(0, Math.floor(query.objective ?? 0));
  const slos = new Map<string, SloStatusRow>();
  // The burn-down endpoint answers every group of one SLO; the label filter applies here.
  for (const row of (await statusRows(client, { ...filters, labels: [] })).rows) {
    if (row.objective.index === objective && !slos.has(row.slo)) {
      slos.set(row.slo, row);
    }
  }
  const notices: QueryResultMetaNotice[] = [];
  const chosen = [...slos.values()].slice(0, MAX_BURNDOWN_SLOS);
  if (slos.size > MAX_BURNDOWN_SLOS) {
    notices.push({
      severity: 'warning',
      text: `Burn-down shows the first ${MAX_BURNDOWN_SLOS} of ${slos.size} SLOs; choose SLOs to see others.`,
    });
  }
  const several = chosen.length > 1;
  const labels = filters.labels;
  const results = await Promise.allSettled(
    chosen.map((row) => client.sloTimeseries(row.slo, { series: 'burndown', objective }))
  );
  const frames: DataFrame[] = [];
  const failures: Array<{ slo: string; error: string }> = [];
  results.forEach((result, i) => {
    const row = chosen[i]!;
    if (result.status === 'rejected') {
      failures.push({ slo: row.slo, error: toApiError(result.reason).message });
      return;
    }
    const series = result.value.series.filter((s) => matchesLabels(s.group, labels));
    frames.push(
      ...burndownFrames(
        { ...result.value, series },
        {
          name: row.slo,
          title: row.title,
          objective,
          service: row.service,
          ...(row.team ? { team: row.team } : {}),
        },
        several,
        query.refId
      )
    );
  });
  if (frames.length === 0 && failures.length > 0) {
    throw new StewardApiError(describeErrors(failures), 503);
  }
  failures.forEach((f) => notices.push({ severity: 'warning', text: `SLO ${f.slo}: ${f.error}` }));
  return withNotices(frames, notices);
}

/**
 * Burn-down of one SLO objective: budget remaining through the current window, one frame per
 * group, and the ideal line (even spend from 100% to 0%), dashed, on the same axis.
 */
export function burndownFrames(
  timeseries: SloTimeseries,
  slo: { name: string; title: string; objective: number; service?: string; team?: string },
  several: boolean,
  refId?: string
): DataFrame[] {
  const meta: BurndownMeta = {
    ...(timeseries.windowStart !== undefined ? { windowStart: timeseries.windowStart * 1000 } : {}),
    ...(timeseries.windowEnd !== undefined ? { windowEnd: timeseries.windowEnd * 1000 } : {}),
    title: slo.title,
  };
  const labels = {
    [SERIES_LABELS.slo]: slo.name,
    [SERIES_LABELS.objective]: String(slo.objective),
    ...(slo.service ? { [SERIES_LABELS.service]: slo.service } : {}),
    ...(slo.team ? { [SERIES_LABELS.team]: slo.team } : {}),
  };
  const frames = timeseries.series.map((series) => {
    const grouped = Object.keys(series.group).length > 0;
    const name = [several || !grouped ? slo.title : undefined, grouped ? groupLabel(series.group) : undefined]
      .filter(Boolean)
      .join(' · ');
    const url = sloLink({ slo: slo.name, group: series.group, objective: { index: slo.objective } });
    return createDataFrame({
      refId,
      name,
      meta: { custom: { ...meta, url } },
      fields: [
        { name: 'Time', type: FieldType.time, values: series.points.map(([t]) => t * 1000), config: {} },
        {
          name: 'budget',
          type: FieldType.number,
          values: series.points.map(([, v]) => v),
          labels: { ...labels, ...series.group, [SERIES_LABELS.series]: 'burndown' },
          config: {
            ...budgetLineConfig(!several && timeseries.series.length === 1),
            displayNameFromDS: name,
            links: [{ title: 'Open the SLO page', url }],
          },
        },
      ],
    });
  });
  if (timeseries.ideal?.length) {
    const name = several ? `${IDEAL_NAME} · ${slo.title}` : IDEAL_NAME;
    frames.push(
      createDataFrame({
        refId,
        name,
        meta: { custom: meta },
        fields: [
          { name: 'Time', type: FieldType.time, values: timeseries.ideal.map(([t]) => t * 1000), config: {} },
          {
            name: 'ideal',
            type: FieldType.number,
            values: timeseries.ideal.map(([, v]) => v),
            labels: { ...labels, [SERIES_LABELS.series]: 'ideal' },
            config: { ...idealLineConfig(), displayNameFromDS: name },
          },
        ],
      })
    );
  }
  return frames;
}
