import React, { useEffect, useState } from 'react';
import {
  applyFieldOverrides,
  CoreApp,
  dateTime,
  EventBusSrv,
  getPanelOptionsWithDefaults,
  LoadingState,
  type DataQuery,
  type DataSourceApi,
  type FieldConfigSource,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { PanelChrome } from '@grafana/ui';
import { importNested } from './plugin-loader';
import { defineVariables, type HostVariableSpec } from './variables';
import { runHostQuery } from './run-query';

/** One dashboard panel: which plugin, which datasource queries, options and size. */
export interface PanelSpec {
  pluginPath: string;
  datasource: string;
  targets: DataQuery[];
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  /** Milliseconds since the epoch. */
  from: number;
  to: number;
  width?: number;
  height?: number;
  title?: string;
  /** The dashboard's variables; their selection comes from the URL (`var-team=…`, `var-team=$__all`). */
  variables?: HostVariableSpec[];
  /** Show the datasource's query editor above the panel, as Grafana's panel editor does. */
  editor?: boolean;
}

interface Rendered {
  plugin: PanelPlugin;
  data: PanelData;
  options: any;
  fieldConfig: FieldConfigSource;
  ds: DataSourceApi;
}

/**
 * Does what Grafana's query runner and PanelRenderer do for one panel: define the dashboard's
 * variables, run the queries through the datasource instance, apply option defaults and field
 * overrides, render the panel; with `editor`, the datasource's query editor above it, whose
 * changes run the queries again (as the panel editor's "run query" does). Mount it with a key
 * per spec: the targets it starts from are the spec's.
 */
export function PanelHost({ spec }: { spec: PanelSpec }) {
  const [targets, setTargets] = useState<DataQuery[]>(spec.targets);
  const [runs, setRuns] = useState(0);
  const [state, setState] = useState<Rendered>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    let live = true;
    (async () => {
      const plugin = await importNested<PanelPlugin>(spec.pluginPath);
      const range: TimeRange = {
        from: dateTime(spec.from),
        to: dateTime(spec.to),
        raw: { from: dateTime(spec.from), to: dateTime(spec.to) },
      };
      getTemplateSrv().updateTimeRange(range);
      await defineVariables(spec.variables ?? [], range);
      const ds = await getDataSourceSrv().get(spec.datasource);
      const {
        request,
        data: frames,
        errors,
      } = await runHostQuery((r) => ds.query(r), {
        requestId: 'host-panel',
        range,
        targets,
      });
      const { options, fieldConfig } = getPanelOptionsWithDefaults({
        plugin,
        currentOptions: spec.options ?? {},
        currentFieldConfig: spec.fieldConfig ?? { defaults: {}, overrides: [] },
        isAfterPluginChange: false,
      });
      const series = applyFieldOverrides({
        data: frames,
        fieldConfig,
        fieldConfigRegistry: plugin.fieldConfigRegistry,
        replaceVariables: (value: string) => getTemplateSrv().replace(value),
        theme: config.theme2,
        timeZone: 'utc',
      });
      const data: PanelData = {
        state: errors?.length ? LoadingState.Error : LoadingState.Done,
        series,
        errors,
        timeRange: range,
        request,
      };
      if (live) {
        setState({ plugin, data, options, fieldConfig, ds });
      }
    })().catch((error: Error) => live && setFailure(error.stack ?? error.message));
    return () => {
      live = false;
    };
  }, [spec, targets, runs]);

  if (failure) {
    return <pre data-testid="host-panel-failure">{failure}</pre>;
  }
  if (!state?.plugin.panel) {
    return <div data-testid="host-panel-loading">loading panel…</div>;
  }
  const Panel = state.plugin.panel;
  const width = spec.width ?? 800;
  const height = spec.height ?? 300;
  const QueryEditor = spec.editor ? state.ds.components?.QueryEditor : undefined;
  return (
    <>
      {QueryEditor && (
        <div data-testid="host-query-editor" style={{ width: width + 16, marginBottom: 16 }}>
          {targets.map((target, index) => (
            <QueryEditor
              key={target.refId}
              datasource={state.ds}
              query={target}
              app={CoreApp.PanelEditor}
              data={state.data}
              range={state.data.timeRange}
              onChange={(next: DataQuery) => setTargets((all) => all.map((t, i) => (i === index ? next : t)))}
              onRunQuery={() => setRuns((n) => n + 1)}
            />
          ))}
        </div>
      )}
      <div data-testid="host-panel" data-state={state.data.state} style={{ width, height }}>
        {/* Grafana's panel chrome: title in the header, errors in its corner, the plugin below. */}
        <PanelChrome
          width={width}
          height={height}
          title={spec.title ?? ''}
          loadingState={state.data.state}
          statusMessage={state.data.errors?.[0]?.message}
        >
          {(innerWidth, innerHeight) => (
            <Panel
              id={1}
              title={spec.title ?? ''}
              data={state.data}
              timeRange={state.data.timeRange}
              timeZone="utc"
              options={state.options}
              fieldConfig={state.fieldConfig}
              transparent={false}
              width={innerWidth}
              height={innerHeight}
              renderCounter={0}
              eventBus={new EventBusSrv()}
              onOptionsChange={() => undefined}
              onFieldConfigChange={() => undefined}
              replaceVariables={(value: string) => getTemplateSrv().replace(value)}
              onChangeTimeRange={() => undefined}
            />
          )}
        </PanelChrome>
      </div>
    </>
  );
}
