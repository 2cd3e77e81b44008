import React, { useEffect, useState } from 'react';
import { from, lastValueFrom } from 'rxjs';
import {
  applyFieldOverrides,
  dateTime,
  EventBusSrv,
  getPanelOptionsWithDefaults,
  LoadingState,
  type DataQuery,
  type DataQueryRequest,
  type FieldConfigSource,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { importNested } from './plugin-loader';

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
}

/**
 * Does what Grafana's query runner and PanelRenderer do for one panel: run the queries through
 * the datasource instance, apply option defaults and field overrides, render the panel.
 */
export function PanelHost({ spec }: { spec: PanelSpec }) {
  const [state, setState] = useState<{
    plugin: PanelPlugin;
    data: PanelData;
    options: any;
    fieldConfig: FieldConfigSource;
  }>();
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
      const ds = await getDataSourceSrv().get(spec.datasource);
      getTemplateSrv().updateTimeRange(range);
      const request: DataQueryRequest = {
        app: 'dashboard',
        requestId: 'host-panel',
        interval: '1m',
        intervalMs: 60_000,
        maxDataPoints: 500,
        range,
        scopedVars: {},
        targets: spec.targets,
        timezone: 'utc',
        startTime: Date.now(),
      };
      const response = await lastValueFrom(from(ds.query(request) as any)).catch((error: Error) => ({
        data: [],
        errors: [{ message: error.message }],
      }));
      const errors = (response as any).errors ?? ((response as any).error ? [(response as any).error] : undefined);
      const { options, fieldConfig } = getPanelOptionsWithDefaults({
        plugin,
        currentOptions: spec.options ?? {},
        currentFieldConfig: spec.fieldConfig ?? { defaults: {}, overrides: [] },
        isAfterPluginChange: false,
      });
      const series = applyFieldOverrides({
        data: (response as any).data ?? [],
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
        setState({ plugin, data, options, fieldConfig });
      }
    })().catch((error: Error) => live && setFailure(error.stack ?? error.message));
    return () => {
      live = false;
    };
  }, [spec]);

  if (failure) {
    return <pre data-testid="host-panel-failure">{failure}</pre>;
  }
  if (!state?.plugin.panel) {
    return <div data-testid="host-panel-loading">loading panel…</div>;
  }
  const Panel = state.plugin.panel;
  const width = spec.width ?? 800;
  const height = spec.height ?? 300;
  return (
    <div
      data-testid="host-panel"
      data-state={state.data.state}
      style={{ width, height, padding: 8, boxSizing: 'content-box' }}
    >
      <Panel
        id={1}
        title={spec.title ?? ''}
        data={state.data}
        timeRange={state.data.timeRange}
        timeZone="utc"
        options={state.options}
        fieldConfig={state.fieldConfig}
        transparent={false}
        width={width}
        height={height}
        renderCounter={0}
        eventBus={new EventBusSrv()}
        onOptionsChange={() => undefined}
        onFieldConfigChange={() => undefined}
        replaceVariables={(value: string) => getTemplateSrv().replace(value)}
        onChangeTimeRange={() => undefined}
      />
    </div>
  );
}
