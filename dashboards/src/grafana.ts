/**
 * Small typed builders over Grafana's dashboard model (the types of @grafana/schema, which the
 * plugin already depends on): panels, targets, variables and annotations, laid out on the
 * 24-column grid. The dashboards in this folder are written with them; `npm run dashboards`
 * writes the JSON Grafana loads.
 */
import type {
  AnnotationQuery,
  Dashboard,
  DashboardLink,
  DataQuery,
  DataSourceRef,
  FieldConfigSource,
  Panel,
  RowPanel,
  VariableModel,
} from '@grafana/schema';
import type { Options as NodeGraphOptions } from '@grafana/schema/dist/esm/raw/composable/nodegraph/panelcfg/x/NodeGraphPanelCfg_types.gen';
import type { Options as TableOptions } from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type { Options as TextOptions } from '@grafana/schema/dist/esm/raw/composable/text/panelcfg/x/TextPanelCfg_types.gen';
import type { Options as TimeSeriesOptions } from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import type { StewardQuery } from '../../src/datasource/types';
import type { SloPanelOptions } from '../../src/panels/slo/types';
import { DATASOURCE_TYPE, PANEL_ID } from '../../src/constants';

/**
 * The final schema version of Grafana's v1 dashboard JSON (Grafana 12.x and 13.x; @grafana/schema
 * 13 writes it too): Grafana 12.3+ runs no migration on these files.
 */
export const SCHEMA_VERSION = 42;

/** Datasources by the uids provisioning/datasources/steward.yaml gives them. */
export const DATASOURCES = {
  steward: { type: DATASOURCE_TYPE, uid: 'steward' },
  prometheus: { type: 'prometheus', uid: 'prometheus' },
} as const satisfies Record<string, { type: string; uid: string }>;

/** A Steward datasource query, typed as the datasource reads it. */
export type StewardTarget = StewardQuery & { datasource: DataSourceRef };

/** A Prometheus query as Grafana's Prometheus query editor saves it (code mode). */
export interface PrometheusTarget extends DataQuery {
  datasource: DataSourceRef;
  expr: string;
  legendFormat?: string;
  range: boolean;
  instant: boolean;
  format: 'time_series' | 'table';
  editorMode: 'code';
}

export type Target = StewardTarget | PrometheusTarget;

export function steward(refId: string, query: Omit<StewardQuery, 'refId' | 'datasource'>): StewardTarget {
  return { refId, datasource: DATASOURCES.steward, ...query };
}

export function prometheus(
  refId: string,
  expr: string,
  options: { legend?: string; instant?: boolean; format?: 'time_series' | 'table' } = {}
): PrometheusTarget {
  const instant = options.instant ?? false;
  return {
    refId,
    datasource: DATASOURCES.prometheus,
    editorMode: 'code',
    expr,
    ...(options.legend ? { legendFormat: options.legend } : {}),
    range: !instant,
    instant,
    format: options.format ?? (instant ? 'table' : 'time_series'),
  };
}

export function isPrometheusTarget(target: DataQuery): target is PrometheusTarget {
  return target.datasource?.uid === DATASOURCES.prometheus.uid;
}

/** A panel before it is placed: everything but its id and position. */
export type PanelSpec = Omit<Panel, 'id' | 'gridPos' | 'targets'> & { targets?: Target[] };

/** A panel link, as Grafana saves it (the schema types panel links as dashboard links). */
export interface PanelLink {
  title: string;
  url: string;
  targetBlank?: boolean;
}

interface CommonOptions {
  description?: string;
  fieldConfig?: FieldConfigSource;
  links?: PanelLink[];
  transparent?: boolean;
}

/** The datasource a panel's targets share (Grafana shows "-- Mixed --" otherwise). */
function datasourceOf(targets: Target[]): DataSourceRef | undefined {
  const uids = new Set(targets.map((t) => t.datasource.uid));
  if (uids.size === 1) {
    return targets[0]!.datasource;
  }
  return uids.size > 1 ? { type: 'datasource', uid: '-- Mixed --' } : undefined;
}

function panel(type: string, title: string, targets: Target[], options: object, common: CommonOptions): PanelSpec {
  const datasource = datasourceOf(targets);
  return {
    type,
    title,
    ...(common.description ? { description: common.description } : {}),
    ...(datasource ? { datasource } : {}),
    ...(targets.length ? { targets } : {}),
    options: options as Record<string, unknown>,
    fieldConfig: common.fieldConfig ?? { defaults: {}, overrides: [] },
    ...(common.links?.length ? { links: common.links as unknown as Panel['links'] } : {}),
    ...(common.transparent ? { transparent: true } : {}),
  };
}

export function sloPanel(
  title: string,
  targets: StewardTarget[],
  options: Partial<SloPanelOptions> & Pick<SloPanelOptions, 'mode'>,
  common: CommonOptions = {}
): PanelSpec {
  return panel(PANEL_ID, title, targets, options, common);
}

export function table(
  title: string,
  targets: Target[],
  options: Partial<TableOptions> = {},
  common: CommonOptions = {}
): PanelSpec {
  return panel('table', title, targets, { showHeader: true, cellHeight: 'sm', ...options }, common);
}

/** A time series legend: a list below the graph, or a table on the right with these values. */
export function legend(calcs: string[] = []): TimeSeriesOptions['legend'] {
  return (calcs.length
    ? { displayMode: 'table', placement: 'right', showLegend: true, calcs }
    : { displayMode: 'list', placement: 'bottom', showLegend: true, calcs }) as unknown as TimeSeriesOptions['legend'];
}

export function timeseries(
  title: string,
  targets: Target[],
  options: { legendCalcs?: string[] } = {},
  common: CommonOptions = {}
): PanelSpec {
  const timeSeriesOptions = {
    legend: legend(options.legendCalcs),
    tooltip: { mode: 'multi', sort: 'desc' },
  } as Partial<TimeSeriesOptions>;
  return panel('timeseries', title, targets, timeSeriesOptions, common);
}

export function nodeGraph(
  title: string,
  targets: Target[],
  options: Partial<NodeGraphOptions> = {},
  common: CommonOptions = {}
): PanelSpec {
  return panel('nodeGraph', title, targets, options, common);
}

export function text(title: string, content: string, common: CommonOptions = {}): PanelSpec {
  const options: TextOptions = { mode: 'markdown' as TextOptions['mode'], content };
  return panel('text', title, [], options, common);
}

/** Field defaults plus overrides by field name. */
export function fields(
  defaults: FieldConfigSource['defaults'],
  byName: Record<string, Array<{ id: string; value: unknown }>> = {}
): FieldConfigSource {
  return {
    defaults,
    overrides: Object.entries(byName).map(([name, properties]) => ({
      matcher: { id: 'byName', options: name },
      properties,
    })),
  };
}

/** Absolute thresholds: a base colour, then colours from values on. */
export function thresholds(
  base: string,
  steps: Array<[number, string]> = []
): FieldConfigSource['defaults']['thresholds'] {
  return {
    mode: 'absolute',
    // Grafana writes the base step's value as null (-Infinity).
    steps: [{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))],
  } as unknown as FieldConfigSource['defaults']['thresholds'];
}

/** Override properties that hide a table column (and keep it out of tooltips and legends). */
export const HIDDEN = [{ id: 'custom.hidden', value: true }];

/**
 * Lays panels out on Grafana's 24-column grid, row by row; `row` starts a (never collapsed)
 * dashboard row. Ids follow the order of the panels.
 */
export type LayoutItem = { row: string } | { h: number; panels: Array<[PanelSpec, number]> };

export function layout(items: LayoutItem[]): Array<Panel | RowPanel> {
  const placed: Array<Panel | RowPanel> = [];
  let y = 0;
  let id = 1;
  for (const item of items) {
    if ('row' in item) {
      placed.push({
        type: 'row',
        id: id++,
        title: item.row,
        collapsed: false,
        gridPos: { h: 1, w: 24, x: 0, y },
        panels: [],
      });
      y += 1;
      continue;
    }
    const width = item.panels.reduce((sum, [, w]) => sum + w, 0);
    if (width > 24) {
      throw new Error(`a layout row is ${width} columns wide: ${item.panels.map(([p]) => p.title).join(', ')}`);
    }
    let x = 0;
    for (const [spec, w] of item.panels) {
      placed.push({ ...spec, id: id++, gridPos: { h: item.h, w, x, y } } as Panel);
      x += w;
    }
    y += item.h;
  }
  return placed;
}

const ALL = { text: ['All'], value: ['$__all'] };

/** Steward's Teams variable: every team, several at once, with All (which means no team filter). */
export function teamVariable(): VariableModel {
  return {
    type: 'query',
    name: 'team',
    label: 'Team',
    description: 'Owning teams (with their sub-teams); All shows every team',
    datasource: DATASOURCES.steward,
    query: { refId: 'StewardVariable-team', kind: 'teams' },
    definition: 'teams',
    refresh: 1,
    multi: true,
    includeAll: true,
    // Steward reads `.*` as "no team filter"; in PromQL `team=~".*"` matches every owner.
    allValue: '.*',
    current: ALL,
    options: [],
    sort: 0,
  } as VariableModel;
}

/**
 * The chosen teams with every team below them, hidden, for the PromQL ownership join: the
 * owner info series names a service's direct owner, while Steward's team filter includes
 * sub-teams. All (every option, no custom All value) so it follows `$team`.
 */
export function ownersVariable(): VariableModel {
  return {
    type: 'query',
    name: 'owners',
    label: 'Owning teams',
    description: 'The chosen teams and the teams below them (for the PromQL ownership join)',
    datasource: DATASOURCES.steward,
    query: { refId: 'StewardVariable-owners', kind: 'teams', team: ['$team'] },
    definition: 'teams($team)',
    refresh: 1,
    hide: 2,
    multi: true,
    includeAll: true,
    current: ALL,
    options: [],
    sort: 0,
  } as VariableModel;
}

/** Services of the chosen teams: several with All (no service filter), or exactly one. */
export function serviceVariable(options: { multi: boolean; current?: string }): VariableModel {
  return {
    type: 'query',
    name: 'service',
    label: 'Service',
    description: options.multi ? 'Services of the chosen teams; All shows every one' : 'A service of the chosen teams',
    datasource: DATASOURCES.steward,
    query: { refId: 'StewardVariable-service', kind: 'services', team: ['$team'] },
    definition: 'services($team)',
    refresh: 1,
    multi: options.multi,
    includeAll: options.multi,
    ...(options.multi ? { allValue: '.*', current: ALL } : {}),
    ...(options.current ? { current: { text: options.current, value: options.current } } : {}),
    options: [],
    sort: 1,
  } as VariableModel;
}

export function textboxVariable(name: string, label: string, value: string, description: string): VariableModel {
  return {
    type: 'textbox',
    name,
    label,
    description,
    query: value,
    current: { text: value, value },
    options: [{ selected: true, text: value, value }],
    hide: 0,
  } as VariableModel;
}

/** Grafana's own annotations (dashboard annotations and alerts), as every new dashboard has. */
const BUILT_IN_ANNOTATION: AnnotationQuery = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

/** Steward events on every time series: deploys, SLO alert spans, budget exhausted/recovered. */
export function stewardAnnotation(
  name: string,
  iconColor: string,
  query: Omit<StewardQuery, 'refId' | 'queryType'>
): AnnotationQuery<StewardQuery> {
  return {
    name,
    enable: true,
    iconColor,
    datasource: DATASOURCES.steward,
    target: { refId: 'Anno', queryType: 'annotations' as StewardQuery['queryType'], ...query },
  };
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  /** Relative time, e.g. now-7d. */
  from: string;
  refresh: string;
  variables: VariableModel[];
  annotations: Array<AnnotationQuery<StewardQuery>>;
  links?: DashboardLink[];
  panels: LayoutItem[];
}

/** Bumped when a dashboard changes, so Grafana re-imports the app's copy on upgrade. */
export const REVISION = 1;

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: true,
    graphTooltip: 1,
    fiscalYearStartMonth: 0,
    liveNow: false,
    refresh: spec.refresh,
    revision: REVISION,
    schemaVersion: SCHEMA_VERSION,
    time: { from: spec.from, to: 'now' },
    timepicker: {},
    timezone: 'browser',
    weekStart: '',
    version: 1,
    annotations: { list: [BUILT_IN_ANNOTATION, ...(spec.annotations as AnnotationQuery[])] },
    templating: { list: spec.variables },
    links: spec.links ?? [],
    panels: layout(spec.panels),
  } as Dashboard;
}

/** Links to the other Steward dashboards (by tag) and to the app's SLO list, keeping time and variables. */
export const STEWARD_LINKS: DashboardLink[] = [
  {
    title: 'Steward dashboards',
    type: 'dashboards',
    tags: ['steward'],
    asDropdown: true,
    includeVars: true,
    keepTime: true,
    icon: 'external link',
    targetBlank: false,
    tooltip: '',
    url: '',
  },
  {
    title: 'SLOs in Steward',
    type: 'link',
    url: '/a/steward-ownership-app/slos',
    tags: [],
    asDropdown: false,
    includeVars: false,
    keepTime: false,
    icon: 'dashboard',
    targetBlank: false,
    tooltip: 'Every SLO, lowest budget first',
  },
];
