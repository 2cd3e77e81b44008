import {
  createDataFrame,
  FieldType,
  MappingType,
  ThresholdsMode,
  type DataFrame,
  type FieldConfig,
  type QueryResultMetaNotice,
  type ValueMapping,
} from '@grafana/data';
import type {
  DependencyGraphAnswer,
  Annotation,
  OwnershipHealth,
  OwnershipRow,
  SloSeriesAnswer,
  SloState,
  SloStatusRow,
  SloTimeseries,
  TelemetryInventory,
  UnownedTelemetry,
} from '../api/stewardClient';
import { groupLabel, objectiveLabel, STATE_TEXT } from '../slo/format';
import { budgetLineConfig, IDEAL_NAME, idealLineConfig } from '../slo/frames';
import { serviceLink, sloLink, teamLink } from '../slo/links';
import {
  SERIES_LABELS,
  stateRank,
  worstState,
  STATUS_FIELDS as F,
  TEAM_FIELDS as T,
  type BurndownMeta,
} from '../slo/statusFields';
import { SERIES_WINDOWS, type AnnotationKind } from './types';

/** State colours as theme colour names, so both themes resolve them. */
const STATE_COLOURS: Record<SloState, string> = {
  ok: 'green',
  burning: 'orange',
  exhausted: 'red',
  'no-data': '#8e8e8e',
  error: 'red',
};

const stateMappings: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: Object.fromEntries(
      (Object.keys(STATE_TEXT) as SloState[]).map((state, index) => [
        state,
        { text: STATE_TEXT[state], color: STATE_COLOURS[state], index },
      ])
    ),
  },
];

/** Budget remaining: red when spent, orange in the last quarter, green otherwise (the panel uses the policy). */
const budgetThresholds = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: 'red' },
    { value: 0, color: 'orange' },
    { value: 0.25, color: 'green' },
  ],
};

/**
 * A data link to the row's page. Grafana interpolates data links in the `uriencode` format unless
 * the link says otherwise (getLinksSupplier in @grafana/data); the url field holds an already
 * encoded path, so `:raw`.
 */
const pageLink = (title: string, field: string = F.url) => ({ title, url: `\${__data.fields.${field}:raw}` });
const hidden = { custom: { hidden: true, hideFrom: { viz: true, legend: true, tooltip: true } } };

const string = (name: string, values: unknown[], config: FieldConfig = {}) => ({
  name,
  type: FieldType.string,
  values,
  config,
});
const number = (name: string, values: unknown[], config: FieldConfig = {}) => ({
  name,
  type: FieldType.number,
  values,
  config,
});

/** Firing and pending alerts of a row, in words: "page firing (1h), ticket pending (1d)". */
function alertSummary(row: Pick<SloStatusRow, 'alerts'>): string {
  return row.alerts.map((a) => `${a.tier} ${a.state} (${a.longWindow})`).join(', ');
}

/**
 * The SLO status table: one row per SLO objective and group, with the owner, the numbers, the
 * alert state and a link to the SLO page (opened on that objective and group), and the release
 * gate's freeze point from the SLO's budget policy (the panel's gauge draws it).
 */
export function statusFrame(rows: SloStatusRow[], refId?: string): DataFrame {
  const col = <T>(pick: (row: SloStatusRow) => T) => rows.map(pick);
  const windows = [
    ...SERIES_WINDOWS.filter((w) => rows.some((r) => w in r.burnRates)),
    ...new Set(
      rows.flatMap((r) => Object.keys(r.burnRates)).filter((w) => !(SERIES_WINDOWS as readonly string[]).includes(w))
    ),
  ];
  const burnRateConfig: FieldConfig = {
    unit: 'suffix:×',
    decimals: 2,
    thresholds: {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'text' },
        { value: 1, color: 'orange' },
      ],
    },
  };
  return createDataFrame({
    refId,
    name: 'SLO status',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        F.title,
        col((r) => r.title),
        { displayName: 'SLO', links: [pageLink('Open the SLO page')] }
      ),
      string(
        F.service,
        col((r) => r.service),
        { displayName: 'Service' }
      ),
      string(
        F.team,
        col((r) => r.team ?? ''),
        { displayName: 'Team' }
      ),
      string(
        F.teamTitle,
        col((r) => r.teamTitle ?? r.team ?? ''),
        { displayName: 'Team name', ...hidden }
      ),
      string(
        F.tier,
        col((r) => r.tier ?? ''),
        { displayName: 'Tier' }
      ),
      string(
        F.objective,
        col((r) => objectiveLabel(r.objective)),
        { displayName: 'Objective' }
      ),
      string(
        F.group,
        col((r) => (Object.keys(r.group).length ? groupLabel(r.group) : '')),
        { displayName: 'Group' }
      ),
      number(
        F.sli,
        col((r) => r.sli),
        { displayName: 'SLI', unit: 'percentunit', decimals: 3 }
      ),
      number(
        F.budget,
        col((r) => r.budgetRemaining),
        {
          displayName: 'Budget remaining',
          unit: 'percentunit',
          decimals: 1,
          thresholds: budgetThresholds,
          color: { mode: 'thresholds' },
          custom: { cellOptions: { type: 'color-text' } },
        }
      ),
      ...windows.map((w) =>
        number(
          F.burnRate(w),
          col((r) => r.burnRates[w] ?? null),
          { ...burnRateConfig, displayName: `Burn rate ${w}` }
        )
      ),
      number(
        F.timeToExhaustion,
        col((r) => r.timeToExhaustionSeconds),
        {
          displayName: 'Time to exhaustion',
          unit: 's',
          decimals: 0,
        }
      ),
      string(F.alerts, col(alertSummary), { displayName: 'Alerts' }),
      number(
        F.firing,
        col((r) => r.alerts.filter((a) => a.state === 'firing').length),
        {
          displayName: 'Firing alerts',
          decimals: 0,
        }
      ),
      string(
        F.state,
        col((r) => r.state),
        {
          displayName: 'State',
          mappings: stateMappings,
          custom: { cellOptions: { type: 'color-text' } },
        }
      ),
      string(
        F.slo,
        col((r) => r.slo),
        { displayName: 'SLO name', ...hidden }
      ),
      number(
        F.objectiveIndex,
        col((r) => r.objective.index),
        { displayName: 'Objective index', ...hidden }
      ),
      number(
        F.target,
        col((r) => r.objective.target / 100),
        {
          displayName: 'Target',
          unit: 'percentunit',
          ...hidden,
        }
      ),
      string(
        F.window,
        col((r) => r.objective.window),
        { displayName: 'Window', ...hidden }
      ),
      number(
        F.freezeBelow,
        col((r) => (r.budgetPolicy ? r.budgetPolicy.freezeBelow / 100 : null)),
        { displayName: 'Freeze below', unit: 'percentunit', ...hidden }
      ),
      string(F.url, col(sloLink), { displayName: 'SLO page', ...hidden }),
      string(
        F.error,
        col((r) => r.error ?? ''),
        { displayName: 'Error' }
      ),
    ],
  });
}

export interface TeamRollup {
  team: string;
  slos: number;
  lowestBudget: number | null;
  worstState: SloState;
  firing: number;
}

/** Status rows rolled up per owning team: SLO count, lowest budget, worst state, firing alerts. */
export function rollupByTeam(rows: SloStatusRow[]): TeamRollup[] {
  const byTeam = new Map<string, SloStatusRow[]>();
  for (const row of rows) {
    const team = row.team ?? '';
    byTeam.set(team, [...(byTeam.get(team) ?? []), row]);
  }
  return [...byTeam.entries()]
    .map(([team, teamRows]) => {
      const budgets = teamRows.map((r) => r.budgetRemaining).filter((b): b is number => b !== null);
      return {
        team,
        slos: new Set(teamRows.map((r) => r.slo)).size,
        lowestBudget: budgets.length ? Math.min(...budgets) : null,
        worstState: worstState(teamRows.map((r) => r.state)),
        firing: teamRows.reduce((n, r) => n + r.alerts.filter((a) => a.state === 'firing').length, 0),
      };
    })
    .sort((a, b) => stateRank(b.worstState) - stateRank(a.worstState) || a.team.localeCompare(b.team));
}

export function teamRollupFrame(rows: SloStatusRow[], refId?: string): DataFrame {
  const teams = rollupByTeam(rows);
  return createDataFrame({
    refId,
    name: 'SLO status by team',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        T.team,
        teams.map((t) => t.team || '(no owner)'),
        { displayName: 'Team', links: [pageLink('Open the team page', T.url)] }
      ),
      number(
        T.slos,
        teams.map((t) => t.slos),
        { displayName: 'SLOs', decimals: 0 }
      ),
      number(
        T.lowestBudget,
        teams.map((t) => t.lowestBudget),
        {
          displayName: 'Lowest budget',
          unit: 'percentunit',
          decimals: 1,
          thresholds: budgetThresholds,
          color: { mode: 'thresholds' },
          custom: { cellOptions: { type: 'color-text' } },
        }
      ),
      string(
        T.worstState,
        teams.map((t) => t.worstState),
        { displayName: 'Worst state', mappings: stateMappings, custom: { cellOptions: { type: 'color-text' } } }
      ),
      number(
        T.firing,
        teams.map((t) => t.firing),
        { displayName: 'Firing alerts', decimals: 0 }
      ),
      string(
        T.url,
        teams.map((t) => (t.team ? teamLink(t.team) : '')),
        { displayName: 'Team page', ...hidden }
      ),
    ],
  });
}

type Series = SloSeriesAnswer['series'][number];
export type SeriesKind = 'budget' | 'burnrate' | 'sli';

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

/** Services with owner, on-call and runbook; service, team and runbook link to their pages. */
export function ownershipFrame(
  rows: OwnershipRow[],
  refId?: string,
  escalation: (team: string) => string = () => ''
): DataFrame {
  const col = <T>(pick: (row: OwnershipRow) => T) => rows.map(pick);
  return createDataFrame({
    refId,
    name: 'Ownership',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        F.service,
        col((r) => r.service),
        {
          displayName: 'Service',
          links: [pageLink('Open the service page', 'service_url')],
        }
      ),
      string(
        'service_title',
        col((r) => r.title),
        { displayName: 'Title' }
      ),
      string(
        F.team,
        col((r) => r.team),
        { displayName: 'Team', links: [pageLink('Open the team page', 'team_url')] }
      ),
      string(
        F.tier,
        col((r) => r.tier ?? ''),
        { displayName: 'Tier' }
      ),
      string(
        'lifecycle',
        col((r) => r.lifecycle ?? ''),
        { displayName: 'Lifecycle' }
      ),
      string(
        'on_call_now',
        col((r) => r.onCallNow ?? ''),
        { displayName: 'On call now' }
      ),
      string(
        'on_call_next',
        col((r) => r.onCallNext ?? ''),
        { displayName: 'On call next' }
      ),
      string(
        'on_call_schedule',
        col((r) => r.onCallSchedule ?? ''),
        { displayName: 'Schedule' }
      ),
      string(
        'escalation',
        col((r) => escalation(r.team)),
        { displayName: 'Escalation' }
      ),
      string(
        'runbook',
        col((r) => r.runbook ?? ''),
        {
          displayName: 'Runbook',
          links: [{ title: 'Open the runbook', url: '${__value.raw}', targetBlank: true }],
        }
      ),
      string(
        'runbook_reviewed',
        col((r) => r.runbookReviewed ?? ''),
        { displayName: 'Runbook reviewed' }
      ),
      number(
        'slos',
        col((r) => r.slos),
        { displayName: 'SLOs', decimals: 0 }
      ),
      string(
        'service_url',
        col((r) => serviceLink(r.service)),
        { displayName: 'Service page', ...hidden }
      ),
      string(
        'team_url',
        col((r) => teamLink(r.team)),
        { displayName: 'Team page', ...hidden }
      ),
    ],
  });
}

const SEVERITY_MAPPINGS: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: {
      high: { text: 'High', color: 'red', index: 0 },
      medium: { text: 'Medium', color: 'orange', index: 1 },
      low: { text: 'Low', color: 'blue', index: 2 },
    },
  },
];

/** Ownership drift: one row per finding, with the rule's title. */
export function ownershipHealthFrame(health: OwnershipHealth, refId?: string): DataFrame {
  const titles = new Map(health.rules.map((r) => [r.id, r.title]));
  const rows = health.findings;
  return createDataFrame({
    refId,
    name: 'Ownership drift',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        'severity',
        rows.map((r) => r.severity),
        { displayName: 'Severity', mappings: SEVERITY_MAPPINGS, custom: { cellOptions: { type: 'color-text' } } }
      ),
      string(
        'rule',
        rows.map((r) => titles.get(r.rule) ?? r.rule),
        { displayName: 'Rule' }
      ),
      string(
        'kind',
        rows.map((r) => r.kind),
        { displayName: 'Kind' }
      ),
      string(
        'name',
        rows.map((r) => r.name),
        { displayName: 'Name', links: [pageLink('Open its page', 'entity_url')] }
      ),
      string(
        F.team,
        rows.map((r) => r.team),
        { displayName: 'Team' }
      ),
      string(
        'message',
        rows.map((r) => r.message),
        { displayName: 'Finding' }
      ),
      string(
        'rule_id',
        rows.map((r) => r.rule),
        { displayName: 'Rule id', ...hidden }
      ),
      string(
        'entity_url',
        rows.map((r) => (r.kind === 'Team' ? teamLink(r.name) : serviceLink(r.name))),
        { displayName: 'Page', ...hidden }
      ),
    ],
  });
}

export function unownedFrame(unowned: UnownedTelemetry, refId?: string): DataFrame {
  return createDataFrame({
    refId,
    name: 'Unowned telemetry',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      string(
        'label',
        unowned.values.map((v) => v.label),
        { displayName: 'Label' }
      ),
      string(
        'value',
        unowned.values.map((v) => v.value),
        { displayName: 'Value' }
      ),
      number(
        'series',
        unowned.values.map((v) => v.series),
        { displayName: 'Series', decimals: 0 }
      ),
    ],
  });
}

export function inventoryFrame(label: string, inventory: TelemetryInventory, refId?: string): DataFrame {
  return createDataFrame({
    refId,
    name: `Telemetry by ${label}`,
    fields: [
      { name: label, type: FieldType.string, values: inventory.values.map((v) => v.value) },
      { name: 'series', type: FieldType.number, values: inventory.values.map((v) => v.series) },
    ],
  });
}

/** Annotation colours per kind: deploys blue, alerts red, budget events orange. */
const ANNOTATION_COLOURS: Record<AnnotationKind, string> = {
  deploy: '#5794F2',
  alert: '#F2495C',
  budget: '#FF9830',
};

/**
 * Annotation events as one frame with the fields Grafana's standard annotation support maps by
 * name (standardAnnotationSupport.ts, getAnnotationsFromData): time, timeEnd (spans), title,
 * text, tags (comma-separated, split by Grafana) and color; plus kind, service, slo and team.
 */
export function annotationsFrame(items: Annotation[], refId?: string): DataFrame {
  const sorted = [...items].sort((a, b) => a.time - b.time);
  return createDataFrame({
    refId,
    name: 'Steward events',
    fields: [
      { name: 'time', type: FieldType.time, values: sorted.map((a) => a.time * 1000) },
      { name: 'timeEnd', type: FieldType.time, values: sorted.map((a) => (a.timeEnd ?? a.time) * 1000) },
      string(
        'title',
        sorted.map((a) => a.title)
      ),
      string(
        'text',
        sorted.map((a) => a.text)
      ),
      string(
        'tags',
        sorted.map((a) => a.tags.join(','))
      ),
      string(
        'color',
        sorted.map((a) => ANNOTATION_COLOURS[a.kind])
      ),
      string(
        'kind',
        sorted.map((a) => a.kind)
      ),
      string(
        F.service,
        sorted.map((a) => a.service)
      ),
      string(
        F.slo,
        sorted.map((a) => a.slo ?? '')
      ),
      string(
        F.team,
        sorted.map((a) => a.team ?? '')
      ),
    ],
  });
}

/** Values of a query variable: `text` shown in the picker, `value` interpolated. */
export function variableFrame(options: Array<{ text: string; value: string }>, refId?: string): DataFrame {
  return createDataFrame({
    refId,
    fields: [
      string(
        'text',
        options.map((o) => o.text)
      ),
      string(
        'value',
        options.map((o) => o.value)
      ),
    ],
  });
}

/** A warning shown on the panel (the query still returns what it could). */
export function withNotices(frames: DataFrame[], notices: QueryResultMetaNotice[]): DataFrame[] {
  if (notices.length === 0 || frames.length === 0) {
    return frames;
  }
  const [first, ...rest] = frames;
  return [{ ...first!, meta: { ...first!.meta, notices: [...(first!.meta?.notices ?? []), ...notices] } }, ...rest];
}

/** Colours of SLO states in the node graph (Grafana theme colour names). */
const NODE_COLOURS: Record<string, string> = {
  ok: 'green',
  burning: 'orange',
  exhausted: 'red',
  error: 'purple',
  'no-data': 'text',
};

/**
 * The dependency graph as Grafana's node graph panel reads it: a nodes frame (id, title,
 * subtitle, main and secondary stats, colour, a link to the service page) and an edges frame
 * (id, source, target), both marked for the node graph.
 */
export function dependencyFrames(graph: DependencyGraphAnswer, refId?: string): DataFrame[] {
  const nodes = graph.nodes;
  const state = (n: (typeof nodes)[number]) => (n.known ? (n.worstState ?? 'no-data') : 'error');
  const link = { title: 'Service page', url: '${__data.fields.url:raw}' };
  return [
    createDataFrame({
      refId,
      name: 'nodes',
      meta: { preferredVisualisationType: 'nodeGraph' },
      fields: [
        string(
          'id',
          nodes.map((n) => n.service),
          { links: [link] }
        ),
        string(
          'title',
          nodes.map((n) => n.title)
        ),
        string(
          'subtitle',
          nodes.map((n) => (n.known ? n.team || 'no owner' : 'not in the catalog'))
        ),
        number(
          'mainstat',
          nodes.map((n) => n.lowestBudget),
          { displayName: 'Lowest budget', unit: 'percentunit', decimals: 1 }
        ),
        string(
          'secondarystat',
          nodes.map((n) => (n.slos ? `${n.slos} SLO${n.slos === 1 ? '' : 's'}, ${state(n)}` : 'no SLO'))
        ),
        string(
          'color',
          nodes.map((n) => NODE_COLOURS[state(n)] ?? 'text'),
          { color: { mode: 'fixed' } }
        ),
        number(
          'detail__firing_alerts',
          nodes.map((n) => n.firingAlerts),
          { displayName: 'Firing alerts' }
        ),
        string(
          'detail__tier',
          nodes.map((n) => n.tier ?? ''),
          { displayName: 'Tier' }
        ),
        string(
          'url',
          nodes.map((n) => n.url),
          { custom: { hidden: true } }
        ),
      ],
    }),
    createDataFrame({
      refId,
      name: 'edges',
      meta: { preferredVisualisationType: 'nodeGraph' },
      fields: [
        string(
          'id',
          graph.edges.map((e) => `${e.source}->${e.target}`)
        ),
        string(
          'source',
          graph.edges.map((e) => e.source)
        ),
        string(
          'target',
          graph.edges.map((e) => e.target)
        ),
      ],
    }),
  ];
}
