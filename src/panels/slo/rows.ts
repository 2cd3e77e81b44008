import { FieldType, getFieldDisplayName, reduceField, ReducerID, type DataFrame, type Field } from '@grafana/data';
import type { SloState } from '../../api/stewardClient';
import { formatPercent } from '../../slo/format';
import { STATE_ORDER, STATUS_FIELDS as F, SERIES_LABELS, stateRank, worstState } from '../../slo/statusFields';
import { freezesReleases } from '@steward/contract/budget-freeze';

/** One SLO objective (and group) as the panel draws it: a grid cell or a gauge. */
export interface SloItem {
  key: string;
  slo: string;
  title: string;
  service: string;
  team: string;
  /** The team's title (its name when it has none). */
  teamTitle: string;
  tier: string;
  /** "99.9% over 30 days" */
  objective: string;
  objectiveIndex: number;
  /** `route="/cart"`, empty without groups. */
  group: string;
  budget: number | null;
  /** The budget as the field's display processor formats it (unit, decimals), e.g. "93.2%". */
  budgetText: string;
  state: SloState;
  /** Since when the SLO's series have been silent (ms since the epoch), or null. */
  noDataSince: number | null;
  /** The SLO's budget policy: releases freeze at or below this budget (0…1), if it has one. */
  freezeBelow: number | null;
  burnRate1h: number | null;
  alerts: string;
  firing: number;
  /** The SLO page, relative to Grafana's root. */
  url?: string;
  error?: string;
}

const STATES = new Set<string>(STATE_ORDER);

/** Whether a frame is the datasource's SLO status table (one row per SLO objective and group). */
function isStatusFrame(frame: DataFrame | undefined): frame is DataFrame {
  const names = new Set(frame?.fields.map((f) => f.name));
  return names.has(F.slo) && names.has(F.budget) && names.has(F.state);
}

function displayText(field: Field | undefined, value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
    return '—';
  }
  if (field?.display) {
    const shown = field.display(value);
    return `${shown.prefix ?? ''}${shown.text}${shown.suffix ?? ''}`;
  }
  return formatPercent(value as number);
}

/** The rows of a status frame as panel items; field names are the datasource's (statusFields.ts). */
function itemsFromStatusFrame(frame: DataFrame): SloItem[] {
  const byName = new Map(frame.fields.map((f) => [f.name, f] as const));
  const get = (name: string, row: number) => byName.get(name)?.values[row];
  const text = (name: string, row: number) => {
    const v = get(name, row);
    return v === null || v === undefined ? '' : String(v);
  };
  const num = (name: string, row: number): number | null => {
    const v = get(name, row);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const items: SloItem[] = [];
  for (let row = 0; row < frame.length; row++) {
    const state = text(F.state, row);
    const budget = num(F.budget, row);
    const noDataSince = num(F.noDataSince, row);
    items.push({
      key: `${text(F.slo, row)}|${num(F.objectiveIndex, row) ?? 0}|${text(F.group, row)}`,
      slo: text(F.slo, row),
      title: text(F.title, row) || text(F.slo, row),
      service: text(F.service, row),
      team: text(F.team, row),
      teamTitle: text(F.teamTitle, row) || text(F.team, row),
      tier: text(F.tier, row),
      objective: text(F.objective, row),
      objectiveIndex: num(F.objectiveIndex, row) ?? 0,
      group: text(F.group, row),
      budget,
      budgetText: displayText(byName.get(F.budget), budget),
      // Silent series are never shown as a healthy budget, whatever state the row carries.
      state: (noDataSince !== null ? 'no-data' : STATES.has(state) ? state : 'no-data') as SloState,
      noDataSince,
      freezeBelow: num(F.freezeBelow, row),
      burnRate1h: num(F.burnRate('1h'), row),
      alerts: text(F.alerts, row),
      firing: num(F.firing, row) ?? 0,
      ...(text(F.url, row) ? { url: text(F.url, row) } : {}),
      ...(text(F.error, row) ? { error: text(F.error, row) } : {}),
    });
  }
  return items;
}

/**
 * Budget-over-time frames (the datasource's budget or burn-down series) as items: each series'
 * last value, so the gauge and grid also work on a time-series query. The ideal line is skipped.
 */
function itemsFromSeriesFrames(frames: DataFrame[]): SloItem[] {
  const items: SloItem[] = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number || field.labels?.[SERIES_LABELS.series] === 'ideal') {
        continue;
      }
      const last = reduceField({ field, reducers: [ReducerID.lastNotNull] })[ReducerID.lastNotNull];
      const budget = typeof last === 'number' && Number.isFinite(last) ? last : null;
      const labels = field.labels ?? {};
      const title = getFieldDisplayName(field, frame);
      const link = field.config.links?.[0]?.url;
      items.push({
        key: `${frame.refId ?? ''}|${title}`,
        slo: labels[SERIES_LABELS.slo] ?? title,
        title,
        service: labels[SERIES_LABELS.service] ?? '',
        team: labels[SERIES_LABELS.team] ?? '',
        teamTitle: labels[SERIES_LABELS.team] ?? '',
        tier: '',
        objective: '',
        objectiveIndex: Number(labels[SERIES_LABELS.objective] ?? 0),
        group: '',
        budget,
        budgetText: displayText(field, budget),
        state: budget === null ? 'no-data' : budget <= 0 ? 'exhausted' : 'ok',
        noDataSince: null,
        freezeBelow: null,
        burnRate1h: null,
        alerts: '',
        firing: 0,
        ...(link && !link.includes('${') ? { url: link } : {}),
      });
    }
  }
  return items;
}

/** Items from whatever the query returned: a status table, or budget series. */
export function itemsFromData(series: DataFrame[]): SloItem[] | undefined {
  const status = series.find(isStatusFrame);
  if (status) {
    return itemsFromStatusFrame(status);
  }
  const timeSeries = series.filter(
    (f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number)
  );
  return timeSeries.length ? itemsFromSeriesFrames(timeSeries) : undefined;
}

/** How a gauge or cell is coloured: by state, and below the policy's freeze line at least "frozen". */
export type Severity = 'ok' | 'frozen' | 'burning' | 'exhausted' | 'unknown';

export function severityOf(item: Pick<SloItem, 'state' | 'budget' | 'freezeBelow'>): Severity {
  if (item.state === 'exhausted' || item.state === 'error' || (item.budget !== null && item.budget <= 0)) {
    return 'exhausted';
  }
  if (item.state === 'no-data' || item.budget === null) {
    return 'unknown';
  }
  if (item.state === 'burning') {
    return 'burning';
  }
  // freeze_below is a share of the budget; the gate's rule takes percent.
  if (item.freezeBelow !== null && freezesReleases(item.budget, { freezeBelow: item.freezeBelow * 100 })) {
    return 'frozen';
  }
  return 'ok';
}

export interface ServiceRow {
  service: string;
  items: SloItem[];
}

export interface TeamSection {
  team: string;
  teamTitle: string;
  worst: SloState;
  firing: number;
  services: ServiceRow[];
}

/**
 * The status grid: teams (worst state first, then by name), each with its services (by name),
 * each with its SLO cells (by SLO title, objective, group).
 */
export function gridSections(items: SloItem[]): TeamSection[] {
  const teams = new Map<string, Map<string, SloItem[]>>();
  for (const item of items) {
    const services = teams.get(item.team) ?? new Map<string, SloItem[]>();
    services.set(item.service, [...(services.get(item.service) ?? []), item]);
    teams.set(item.team, services);
  }
  return [...teams.entries()]
    .map(([team, services]) => {
      const all = [...services.values()].flat();
      return {
        team,
        teamTitle: all[0]?.teamTitle || team,
        worst: worstState(all.map((i) => i.state)),
        firing: all.reduce((n, i) => n + i.firing, 0),
        services: [...services.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([service, cells]) => ({
            service,
            items: [...cells].sort(
              (a, b) =>
                a.title.localeCompare(b.title) || a.objectiveIndex - b.objectiveIndex || a.group.localeCompare(b.group)
            ),
          })),
      };
    })
    .sort((a, b) => stateRank(b.worst) - stateRank(a.worst) || a.team.localeCompare(b.team));
}

/**
 * How to lay out `count` gauges in a width × height area: the column count giving the largest
 * gauge (a gauge `size` wide is `size × aspect` tall and needs `textHeight` px below it for its
 * title), never below `minSize` (then the panel scrolls).
 */
export function gaugeLayout(
  count: number,
  width: number,
  height: number,
  minSize: number,
  textHeight: number,
  aspect = 1
): { columns: number; size: number } {
  let best = { columns: 1, size: 0 };
  for (let columns = 1; columns <= Math.max(1, count); columns++) {
    const rows = Math.ceil(count / columns);
    const size = Math.floor(Math.min(width / columns, (height / rows - textHeight) / aspect));
    if (size > best.size) {
      best = { columns, size };
    }
  }
  if (best.size < minSize) {
    const columns = Math.max(1, Math.min(count, Math.floor(width / minSize)));
    return { columns, size: Math.floor(Math.min(width / columns, Math.max(minSize, best.size))) };
  }
  return best;
}
