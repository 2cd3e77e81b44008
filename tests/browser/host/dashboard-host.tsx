import React, { useEffect, useState } from 'react';
import {
  applyFieldOverrides,
  dateMath,
  EventBusSrv,
  FieldType,
  getDisplayProcessor,
  getPanelOptionsWithDefaults,
  LoadingState,
  rangeUtil,
  renderMarkdown,
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type FieldConfigSource,
  type PanelData,
  type PanelPlugin,
  type ScopedVars,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv, getTemplateSrv, locationService } from '@grafana/runtime';
import { LegendDisplayMode, PanelChrome, Table, TimeSeries, TooltipDisplayMode, TooltipPlugin } from '@grafana/ui';
import { runAnnotationQuery } from './annotations';
import { APP_ID, importNested } from './plugin-loader';
import { backendTiming, runPrometheusTarget } from './prometheus';
import { currentVariables, defineVariables, type HostVariableSpec } from './variables';
import { runHostQuery } from './run-query';

/**
 * A Grafana dashboard as the host can show it: the app's shipped dashboard JSON (dist/dashboards),
 * its variables defined through the Steward datasource's variable support and selected from the
 * URL (`var-team=…`), every panel target run (Steward targets through the built datasource,
 * Prometheus targets as Grafana's Prometheus datasource would run them, see prometheus.ts), the
 * dashboard's annotations run, and the panels drawn on Grafana's grid:
 * - the SLO panel (steward-slo-panel) is the plugin itself, from dist/;
 * - table and time series panels are drawn with @grafana/ui's Table and TimeSeries, the
 *   components Grafana's core table and time series panels use, with byName overrides applied by
 *   the host; transformations are not supported (the dashboards use none);
 * - Grafana's node graph panel is a core panel not published on npm: its frames (nodes, edges)
 *   are shown as tables instead;
 * - text panels are rendered markdown with variables replaced.
 * `window.stewardDashboardReport` holds, per target, what ran and what came back.
 */

const GRID_CELL_HEIGHT = 30;
const GRID_MARGIN = 8;
const PROMETHEUS_SCRAPE_INTERVAL = '15s'; // provisioning/datasources: jsonData.timeInterval

interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<DataQuery & Record<string, any>>;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  links?: Array<{ title: string; url: string }>;
}

interface DashboardJson {
  uid: string;
  title: string;
  time: { from: string; to: string };
  panels: DashboardPanel[];
  templating: { list: Array<Record<string, any>> };
  annotations: { list: Array<Record<string, any>> };
}

export interface TargetReport {
  panelId: number;
  panel: string;
  panelType: string;
  refId: string;
  datasource: string;
  /** Prometheus: the expression as sent. Steward: the query with its variables applied. */
  query: string;
  frames: number;
  /** Rows of table frames plus series of time-series frames. */
  rows: number;
  error?: string;
  /** Warnings the datasource attached to its frames (Grafana shows them on the panel). */
  warnings: string[];
}

export interface DashboardReport {
  uid: string;
  title: string;
  from: number;
  to: number;
  variables: Record<string, { current: string | string[]; options: string[]; interpolated: string }>;
  targets: TargetReport[];
  annotations: Array<{ name: string; events: number; error?: string }>;
  /** Panel links with variables replaced, per panel title. */
  links: Record<string, string[]>;
}

declare global {
  interface Window {
    stewardDashboardReport?: DashboardReport;
  }
}

interface RunPanel {
  panel: DashboardPanel;
  frames: DataFrame[];
  errors: DataQueryError[];
}

function isTimeSeries(frame: DataFrame): boolean {
  return (
    frame.fields.some((f) => f.type === FieldType.time) &&
    frame.fields.filter((f) => f.type === FieldType.number).length === 1 &&
    frame.fields.length === 2
  );
}

/** Rows of a frame for the report: a time series counts once, a table by its rows. */
function warningsOf(frames: DataFrame[]): string[] {
  return frames.flatMap((f) => (f.meta?.notices ?? []).filter((n) => n.severity !== 'info').map((n) => n.text));
}

function rowsOf(frames: DataFrame[]): number {
  return frames.reduce((n, f) => n + (isTimeSeries(f) ? (f.length > 0 ? 1 : 0) : f.length), 0);
}

function parseRange(raw: { from: string; to: string }): TimeRange {
  const fromTime = dateMath.toDateTime(raw.from, { roundUp: false })!;
  const toTime = dateMath.toDateTime(raw.to, { roundUp: true })!;
  return { from: fromTime, to: toTime, raw };
}

function variableSpecs(list: Array<Record<string, any>>): HostVariableSpec[] {
  return list.map((v) => {
    const saved = v.current?.value;
    if (v.type === 'query') {
      return {
        name: v.name,
        datasource: v.datasource?.uid,
        query: v.query,
        multi: v.multi,
        includeAll: v.includeAll,
        ...(v.allValue ? { allValue: v.allValue } : {}),
        ...(saved !== undefined ? { saved } : {}),
      };
    }
    // textbox and constant: one value, the saved one
    return { name: v.name, options: [String(v.query ?? '')] };
  });
}

/**
 * Byname overrides applied to the fields (what Grafana's field config registry would do for these
 * properties). Time series panels default to the classic palette, one colour per series in order,
 * as Grafana's time series panel does (its color option's default).
 */
function applyOverrides(
  frames: DataFrame[],
  fieldConfig: FieldConfigSource | undefined,
  panelType: string
): DataFrame[] {
  const panelDefaults = panelType === 'timeseries' ? { color: { mode: 'palette-classic' } } : {};
  const defaults = { ...panelDefaults, ...(fieldConfig?.defaults ?? {}) };
  const overrides = fieldConfig?.overrides ?? [];
  let seriesIndex = 0;
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => {
      const state = field.type === FieldType.number ? { ...field.state, seriesIndex: seriesIndex++ } : field.state;
      const fieldConfigNow: Record<string, any> = {
        ...defaults,
        ...field.config,
        custom: { ...(defaults.custom ?? {}), ...(field.config.custom ?? {}) },
      };
      const name = field.config.displayName ?? field.config.displayNameFromDS ?? field.name;
      for (const override of overrides) {
        if (
          override.matcher.id === 'byName' &&
          (override.matcher.options === name || override.matcher.options === field.name)
        ) {
          for (const property of override.properties) {
            const [head, tail] = property.id.split('.');
            if (tail) {
              fieldConfigNow[head!] = { ...(fieldConfigNow[head!] ?? {}), [tail]: property.value };
            } else {
              fieldConfigNow[head!] = property.value;
            }
          }
        }
      }
      const withConfig = { ...field, config: fieldConfigNow, state };
      return { ...withConfig, display: getDisplayProcessor({ field: withConfig, theme: config.theme2 }) };
    }),
  }));
}

async function runPanel(
  panel: DashboardPanel,
  range: TimeRange,
  scopedVars: ScopedVars,
  reports: TargetReport[]
): Promise<RunPanel> {
  const targets = (panel.targets ?? []).filter((t) => !t.hide);
  const frames: DataFrame[] = [];
  const errors: DataQueryError[] = [];
  const stewardTargets = targets.filter((t) => t.datasource?.uid !== 'prometheus');
  const promTargets = targets.filter((t) => t.datasource?.uid === 'prometheus');
  // Grafana's interval: the range over the panel's width in pixels (max data points).
  const maxDataPoints = Math.round((panel.gridPos.w / 24) * 1200);
  if (stewardTargets.length) {
    const ds = await getDataSourceSrv().get(stewardTargets[0]!.datasource!.uid);
    const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints);
    const response = await runHostQuery((request) => ds.query(request), {
      requestId: `panel-${panel.id}`,
      panelId: panel.id,
      interval,
      intervalMs,
      maxDataPoints,
      range,
      scopedVars,
      targets: stewardTargets,
    });
    frames.push(...response.data);
    errors.push(...(response.errors ?? []));
    for (const target of stewardTargets) {
      const own = response.data.filter((f) => f.refId === target.refId);
      const error = response.errors?.find((e) => e.refId === target.refId || !e.refId);
      // What the datasource sends for the target (Grafana's query inspector shows the same).
      const apply = (ds as { applyTemplateVariables?: (q: DataQuery, v: ScopedVars) => DataQuery })
        .applyTemplateVariables;
      const applied = apply ? apply.call(ds, target, scopedVars) : target;
      const { datasource: _ds, refId: _refId, ...query } = applied as unknown as Record<string, unknown>;
      reports.push({
        panelId: panel.id,
        panel: panel.title,
        panelType: panel.type,
        refId: target.refId,
        datasource: 'steward',
        query: JSON.stringify(query),
        frames: own.length,
        rows: rowsOf(own),
        warnings: warningsOf(own),
        ...(error ? { error: error.message } : {}),
      });
    }
  }
  const timing = backendTiming(range, maxDataPoints, PROMETHEUS_SCRAPE_INTERVAL);
  for (const target of promTargets) {
    const about = {
      panelId: panel.id,
      panel: panel.title,
      panelType: panel.type,
      refId: target.refId,
      datasource: 'prometheus',
    };
    try {
      const run = await runPrometheusTarget(target.datasource!.uid!, target as never, range, timing, scopedVars);
      frames.push(...run.frames);
      reports.push({
        ...about,
        query: run.expr,
        frames: run.frames.length,
        rows: run.series,
        warnings: warningsOf(run.frames),
      });
    } catch (error) {
      errors.push({ refId: target.refId, message: (error as Error).message });
      reports.push({ ...about, query: target.expr, frames: 0, rows: 0, warnings: [], error: (error as Error).message });
    }
  }
  return { panel, frames, errors };
}

function FrameTable({ frame, width, height }: { frame: DataFrame; width: number; height: number }) {
  return <Table data={frame} width={width} height={height} cellHeight={'sm' as never} />;
}

function PanelBody({
  run,
  slo,
  range,
  width,
  height,
}: {
  run: RunPanel;
  slo?: PanelPlugin;
  range: TimeRange;
  width: number;
  height: number;
}) {
  const { panel, frames, errors } = run;
  const replace = (value: string) => getTemplateSrv().replace(value, timeScopedVars(range));
  if (panel.type === 'text') {
    const html = renderMarkdown(replace(String(panel.options?.content ?? '')));
    return <div className="markdown-html" style={{ padding: 8 }} dangerouslySetInnerHTML={{ __html: html }} />;
  }
  if (panel.type === 'steward-slo-panel' && slo?.panel) {
    const { options, fieldConfig } = getPanelOptionsWithDefaults({
      plugin: slo,
      currentOptions: panel.options ?? {},
      currentFieldConfig: panel.fieldConfig ?? { defaults: {}, overrides: [] },
      isAfterPluginChange: false,
    });
    const data: PanelData = {
      state: errors.length ? LoadingState.Error : LoadingState.Done,
      series: applyFieldOverrides({
        data: frames,
        fieldConfig,
        fieldConfigRegistry: slo.fieldConfigRegistry,
        replaceVariables: replace,
        theme: config.theme2,
        timeZone: 'utc',
      }),
      errors,
      timeRange: range,
    };
    const Panel = slo.panel;
    return (
      <Panel
        id={panel.id}
        title={panel.title}
        data={data}
        timeRange={range}
        timeZone="utc"
        options={options}
        fieldConfig={fieldConfig}
        transparent={false}
        width={width}
        height={height}
        renderCounter={0}
        eventBus={new EventBusSrv()}
        onOptionsChange={() => undefined}
        onFieldConfigChange={() => undefined}
        replaceVariables={replace}
        onChangeTimeRange={() => undefined}
      />
    );
  }
  const prepared = applyOverrides(frames, panel.fieldConfig, panel.type);
  if (prepared.length === 0 || prepared.every((f) => f.length === 0)) {
    return <div style={{ padding: 8, color: config.theme2.colors.text.secondary }}>No data</div>;
  }
  if (panel.type === 'table') {
    return <FrameTable frame={prepared[0]!} width={width} height={height} />;
  }
  if (panel.type === 'nodeGraph') {
    // Grafana's node graph panel is a core panel that is not on npm: show its frames.
    const half = Math.floor(height / 2) - 14;
    return (
      <div data-testid="host-node-graph-frames" style={{ width, height, overflow: 'hidden' }}>
        <div style={{ fontSize: 12, padding: '2px 4px' }}>
          Node graph frames (the host cannot draw Grafana’s node graph): nodes
        </div>
        <FrameTable frame={prepared.find((f) => f.name === 'nodes') ?? prepared[0]!} width={width} height={half} />
        <div style={{ fontSize: 12, padding: '2px 4px' }}>edges</div>
        <FrameTable frame={prepared.find((f) => f.name === 'edges') ?? prepared[1]!} width={width} height={half} />
      </div>
    );
  }
  if (panel.type === 'timeseries') {
    const calcs = ((panel.options?.legend as { calcs?: string[] })?.calcs ?? []) as string[];
    return (
      <TimeSeries
        frames={prepared}
        width={width}
        height={height}
        timeRange={range}
        timeZone="utc"
        legend={{
          showLegend: true,
          displayMode: calcs.length ? LegendDisplayMode.Table : LegendDisplayMode.List,
          placement: calcs.length ? 'right' : 'bottom',
          calcs,
        }}
      >
        {(uplot, alignedFrame) => (
          <TooltipPlugin config={uplot} data={alignedFrame} mode={TooltipDisplayMode.Multi} timeZone="utc" />
        )}
      </TimeSeries>
    );
  }
  return <div>panel type {panel.type} is not drawn by the host</div>;
}

/** `__from` and `__to` as Grafana's template service provides them (ms since the epoch). */
function timeScopedVars(range: TimeRange): ScopedVars {
  const fromMs = range.from.valueOf();
  const toMs = range.to.valueOf();
  return { __from: { text: String(fromMs), value: fromMs }, __to: { text: String(toMs), value: toMs } };
}

export function DashboardHost() {
  const [state, setState] = useState<{
    dashboard: DashboardJson;
    runs: RunPanel[];
    range: TimeRange;
    slo?: PanelPlugin;
  }>();
  const [failure, setFailure] = useState<string>();
  const search = locationService.getLocation().search;

  useEffect(() => {
    let live = true;
    (async () => {
      const params = new URLSearchParams(search);
      const file = params.get('file') ?? 'executive.json';
      const response = await fetch(`/public/plugins/${APP_ID}/dashboards/${file}`);
      if (!response.ok) {
        throw new Error(`dashboards/${file}: HTTP ${response.status}`);
      }
      const dashboard = (await response.json()) as DashboardJson;
      const range = parseRange({
        from: params.get('from') ?? dashboard.time.from,
        to: params.get('to') ?? dashboard.time.to,
      });
      getTemplateSrv().updateTimeRange(range);
      await defineVariables(variableSpecs(dashboard.templating.list), range);
      const scopedVars = {};
      const reports: TargetReport[] = [];
      const panels = dashboard.panels.filter((p) => p.type !== 'row');
      const runs = await Promise.all(panels.map((p) => runPanel(p, range, scopedVars, reports)));
      const annotations = await Promise.all(
        dashboard.annotations.list
          .filter((a) => !a.builtIn)
          .map(async (a) => {
            try {
              const events = await runAnnotationQuery(a.datasource.uid, a, range);
              return { name: String(a.name), events: events.length };
            } catch (error) {
              return { name: String(a.name), events: 0, error: (error as Error).message };
            }
          })
      );
      const links: Record<string, string[]> = {};
      for (const panel of panels) {
        if (panel.links?.length) {
          links[panel.title] = panel.links.map((l) => getTemplateSrv().replace(l.url, timeScopedVars(range)));
        }
      }
      const variables: DashboardReport['variables'] = {};
      for (const v of currentVariables()) {
        variables[v.name] = {
          current: v.current,
          options: v.options.map((o) => o.value),
          interpolated: getTemplateSrv().replace(`$${v.name}`),
        };
      }
      const slo = panels.some((p) => p.type === 'steward-slo-panel')
        ? await importNested<PanelPlugin>('panels/slo')
        : undefined;
      reports.sort((a, b) => a.panelId - b.panelId || a.refId.localeCompare(b.refId));
      window.stewardDashboardReport = {
        uid: dashboard.uid,
        title: dashboard.title,
        from: range.from.valueOf(),
        to: range.to.valueOf(),
        variables,
        targets: reports,
        annotations,
        links,
      };
      if (live) {
        setState({ dashboard, runs: panels.map((p) => runs.find((r) => r.panel === p)!), range, slo });
      }
    })().catch((error: Error) => live && setFailure(error.stack ?? error.message));
    return () => {
      live = false;
    };
  }, [search]);

  if (failure) {
    return <pre data-testid="host-dashboard-failure">{failure}</pre>;
  }
  if (!state) {
    return <div data-testid="host-dashboard-loading">loading dashboard…</div>;
  }
  const width = Math.min(window.innerWidth, 1600) - 32;
  const column = (width - GRID_MARGIN * 23) / 24;
  const rows = state.dashboard.panels;
  const bottom = Math.max(...rows.map((p) => p.gridPos.y + p.gridPos.h));
  return (
    <main style={{ padding: 16 }}>
      <h2 data-testid="host-dashboard-title">
        {state.dashboard.title}{' '}
        <small style={{ fontSize: 13, color: config.theme2.colors.text.secondary }}>
          {Object.entries(window.stewardDashboardReport!.variables)
            .filter(([name]) => name === 'team' || name === 'service')
            .map(
              ([name, v]) =>
                `${name}: ${Array.isArray(v.current) ? v.current.join(', ') : v.current === '$__all' ? 'All' : v.current}`
            )
            .join(' · ')}
        </small>
      </h2>
      <div
        data-testid="host-dashboard"
        data-ready="true"
        style={{ position: 'relative', width, height: bottom * (GRID_CELL_HEIGHT + GRID_MARGIN) }}
      >
        {rows.map((panel) => {
          const left = panel.gridPos.x * (column + GRID_MARGIN);
          const top = panel.gridPos.y * (GRID_CELL_HEIGHT + GRID_MARGIN);
          const w = panel.gridPos.w * column + (panel.gridPos.w - 1) * GRID_MARGIN;
          const h = panel.gridPos.h * GRID_CELL_HEIGHT + (panel.gridPos.h - 1) * GRID_MARGIN;
          if (panel.type === 'row') {
            return (
              <h3 key={panel.id} style={{ position: 'absolute', left, top, width: w, margin: 0, fontSize: 16 }}>
                {panel.title}
              </h3>
            );
          }
          const run = state.runs.find((r) => r.panel.id === panel.id)!;
          return (
            <div
              key={panel.id}
              data-testid="host-dashboard-panel"
              data-panel-id={panel.id}
              data-panel-title={panel.title}
              style={{ position: 'absolute', left, top, width: w, height: h }}
            >
              <PanelChrome
                width={w}
                height={h}
                title={panel.title}
                loadingState={run.errors.length ? LoadingState.Error : LoadingState.Done}
                statusMessage={run.errors[0]?.message}
              >
                {(innerWidth, innerHeight) => (
                  <PanelBody run={run} slo={state.slo} range={state.range} width={innerWidth} height={innerHeight} />
                )}
              </PanelChrome>
            </div>
          );
        })}
      </div>
    </main>
  );
}
