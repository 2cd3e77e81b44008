import {
  createDataFrame,
  FieldType,
  type DataFrame,
  type FieldConfig,
  type QueryResultMetaNotice,
} from '@grafana/data';
import { StewardApiError, type SloSeriesAnswer } from '../../api/stewardClient';
import { groupKey, groupLabel } from '../../slo/format';
import { sloLink } from '../../slo/links';
import { SERIES_LABELS } from '../../slo/statusFields';
import { describeErrors, unique, withNotices } from '../fields';
import { serverFilterParams, splitFilters } from '../resolve';
import { QueryType } from '../types';
import { expandScalar } from '../variables/expand';
import type { QueryContext } from './context';

type Series = SloSeriesAnswer['series'][number];
export type SeriesKind = 'budget' | 'burnrate' | 'sli';

const KIND_OF: Partial<Record<QueryType, SeriesKind>> = {
  [QueryType.Budget]: 'budget',
  [QueryType.BurnRate]: 'burnrate',
  [QueryType.Sli]: 'sli',
};

/** Budget remaining, burn rate or SLI over the dashboard's range, every matching SLO. */
export async function runSeries(ctx: QueryContext, type: QueryType): Promise<DataFrame[]> {
  const { client, query, filters, refId } = ctx;
  const kind = KIND_OF[type]!;
  if (filters.none) {
    return [];
  }
  const window = expandScalar(query.window || '1h', ctx.templateSrv, ctx.scopedVars);
  const step = ctx.intervalMs ? Math.max(60, Math.ceil(ctx.intervalMs / 60_000) * 60) : undefined;
  const answers = await Promise.all(
    splitFilters(filters).map((part) =>
      client.sloSeries({
        series: kind,
        ...(kind === 'budget' ? {} : { window }),
        from: ctx.from,
        to: ctx.to,
        ...(step ? { step } : {}),
        ...serverFilterParams(part),
      })
    )
  );
  const answer = {
    series: unique(
      answers.flatMap((a) => a.series),
      (s) => `${s.slo}|${s.objective.index}|${groupKey(s.group)}`
    ),
    errors: unique(
      answers.flatMap((a) => a.errors),
      (e) => e.slo
    ),
    prometheusRequests: answers.reduce((n, a) => n + a.prometheusRequests, 0),
  };
  const series = answer.series.filter((s) => !query.primaryOnly || s.objective.index === 0);
  if (series.length === 0 && answer.errors.length > 0) {
    throw new StewardApiError(describeErrors(answer.errors), 503);
  }
  const notices: QueryResultMetaNotice[] = answer.errors.map((e) => ({
    severity: 'warning',
    text: `SLO ${e.slo}: ${e.error}`,
  }));
  return withNotices(seriesFrames({ ...answer, series }, kind, refId), notices);
}

const SERIES_CONFIG: Record<SeriesKind, FieldConfig> = {
  budget: {
    unit: 'percentunit',
    decimals: 1,
    custom: { axisLabel: 'budget remaining', axisSoftMin: 0, axisSoftMax: 1, spanNulls: true },
  },
  burnrate: { unit: 'suffix:×', decimals: 2, min: 0, custom: { axisLabel: 'burn rate', axisSoftMin: 0 } },
  sli: { unit: 'percentunit', decimals: 3, custom: { axisLabel: 'SLI' } },
};

/** "Checkout availability", plus the objective when an SLO has several, plus the group. */
function seriesName(s: Pick<Series, 'title' | 'objective' | 'group'>, objectives: number): string {
  const parts = [s.title];
  if (objectives > 1) {
    parts.push(`${s.objective.target}% / ${s.objective.window}`);
  }
  if (Object.keys(s.group).length) {
    parts.push(groupLabel(s.group));
  }
  return parts.join(' · ');
}

/**
 * Burn rate, SLI or rolling budget over time: one frame per SLO, objective and group, in
 * Grafana's multi-frame time-series form (a time field and a number field with labels).
 */
export function seriesFrames(answer: SloSeriesAnswer, kind: SeriesKind, refId?: string): DataFrame[] {
  const objectives = new Map<string, Set<number>>();
  for (const s of answer.series) {
    objectives.set(s.slo, (objectives.get(s.slo) ?? new Set()).add(s.objective.index));
  }
  return answer.series.map((s) => {
    const name = seriesName(s, objectives.get(s.slo)?.size ?? 1);
    return createDataFrame({
      refId,
      name,
      fields: [
        { name: 'Time', type: FieldType.time, values: s.points.map(([t]) => t * 1000), config: {} },
        {
          name: kind,
          type: FieldType.number,
          values: s.points.map(([, v]) => v),
          labels: {
            [SERIES_LABELS.slo]: s.slo,
            [SERIES_LABELS.service]: s.service,
            ...(s.team ? { [SERIES_LABELS.team]: s.team } : {}),
            [SERIES_LABELS.objective]: String(s.objective.index),
            [SERIES_LABELS.series]: kind,
            ...s.group,
          },
          config: {
            ...SERIES_CONFIG[kind],
            displayNameFromDS: name,
            links: [
              { title: 'Open the SLO page', url: sloLink({ slo: s.slo, group: s.group, objective: s.objective }) },
            ],
          },
        },
      ],
    });
  });
}
