// SystemJS with the extras Grafana uses, before anything registers modules.
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';
import React, { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Router, Routes, useParams } from 'react-router';
import {
  dateTime,
  EventBusSrv,
  PluginContextProvider,
  ThemeContext,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  type AppPlugin,
  type PluginMeta,
} from '@grafana/data';
import {
  config,
  getBackendSrv,
  getDataSourceSrv,
  locationSearchToObject,
  locationService,
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { Alert, GlobalStyles, LoadingPlaceholder } from '@grafana/ui';
import { setPluginPage } from 'host-internal/plugin-page';
import { DashboardHost } from './dashboard-host';
import { createDataSourceSrv, type HostDataSource } from './datasource-srv';
import { PanelHost, type PanelSpec } from './panel-host';
import { APP_ID, importApp } from './plugin-loader';
import { createBackendSrv } from './services/backend-srv';
import { createTemplateSrv } from './services/template-srv';
import { runAnnotationQuery } from './annotations';
import { currentVariables, runVariableQuery } from './variables';
import { registerSharedModules } from './shared-modules';
import { runHostQuery } from './run-query';

declare global {
  interface Window {
    stewardHostConfig: { datasources: HostDataSource[]; orgId: number };
    stewardHost: {
      sharedModules: string[];
      testDatasource(uid: string): Promise<unknown>;
      /** A variable query through the datasource's variable support: the values Grafana would list. */
      runVariableQuery(uid: string, query: object, from: number, to: number): Promise<unknown>;
      /** A dashboard annotation through the datasource: the events Grafana would draw. */
      runAnnotations(uid: string, annotation: object, from: number, to: number): Promise<unknown>;
      /** The datasource's idea of the signed-in user's teams. */
      myTeams(uid: string): Promise<unknown>;
      /** A datasource query as a dashboard panel would run it: the frames, as plain data. */
      query(uid: string, targets: object[], from: number, to: number): Promise<unknown>;
    };
  }
}

const hostConfig = window.stewardHostConfig;

// Grafana core fills these registries at startup; the npm packages ship them empty.
const EDITORS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
];
const FIELD_CONFIG = [
  'unit',
  'min',
  'max',
  'fieldMinMax',
  'decimals',
  'displayName',
  'noValue',
  'color',
  'thresholds',
  'mappings',
  'links',
];
standardEditorsRegistry.setInit(() => EDITORS.map((id) => ({ id, name: id, editor: () => null })) as never);
standardFieldConfigEditorRegistry.setInit(
  () =>
    FIELD_CONFIG.map((id) => ({
      id,
      path: id,
      name: id,
      process: (value: unknown) => value,
      shouldApply: () => true,
      editor: () => null,
      override: () => null,
    })) as never
);

setBackendSrv(createBackendSrv(hostConfig.orgId));
// Dashboard variables: defined by the panel spec, selected through the URL (?var-team=a).
setTemplateSrv(createTemplateSrv(currentVariables));
setAppEvents(new EventBusSrv());
const dataSourceSrv = createDataSourceSrv(hostConfig.datasources);
setDataSourceSrv(dataSourceSrv);
setPluginPage(HostPluginPage);
const sharedModules = registerSharedModules();

const rangeOf = (from: number, to: number) => {
  const range = { from: dateTime(from), to: dateTime(to) };
  return { ...range, raw: range };
};

window.stewardHost = {
  sharedModules,
  testDatasource: async (uid: string) => (await getDataSourceSrv().get(uid)).testDatasource(),
  runVariableQuery: (uid, query, from, to) => runVariableQuery(uid, query as never, rangeOf(from, to)),
  runAnnotations: (uid, annotation, from, to) => runAnnotationQuery(uid, annotation, rangeOf(from, to)),
  query: async (uid, targets, from, to) => {
    const ds = await getDataSourceSrv().get(uid);
    const response = await runHostQuery((request) => ds.query(request), {
      requestId: 'host-query',
      targets: targets as never,
      range: rangeOf(from, to),
      interval: '5m',
      intervalMs: 300_000,
    });
    return {
      frames: response.data.map((f) => ({
        name: f.name,
        meta: f.meta,
        fields: f.fields.map((x) => ({ name: x.name, values: [...x.values], labels: x.labels, config: x.config })),
      })),
      errors: response.errors,
    };
  },
  myTeams: async (uid: string) => ((await getDataSourceSrv().get(uid)) as unknown as { myTeams(): unknown }).myTeams(),
};

/** Stands in for Grafana's page chrome around app pages: title from the nav item, then the content. */
function HostPluginPage({ children, pageNav }: { children: React.ReactNode; pageNav?: { text?: string } }) {
  return (
    <main data-testid="host-plugin-page" style={{ padding: 24 }}>
      <h1 style={{ marginBottom: 16 }}>Steward{pageNav?.text ? ` / ${pageNav.text}` : ''}</h1>
      {children}
    </main>
  );
}

/** react-router v6 driven by Grafana's locationService (history v4), as Grafana's CompatRouter is. */
function LocationServiceRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [state, setState] = useState({ location: history.location, action: history.action });
  useLayoutEffect(() => history.listen((location: any, action: any) => setState({ location, action })), [history]);
  return (
    <Router location={state.location} navigationType={state.action as never} navigator={history as never}>
      {children}
    </Router>
  );
}

function useAppPlugin(pluginId: string) {
  const [state, setState] = useState<{ plugin?: AppPlugin; meta?: PluginMeta; error?: string }>({});
  useEffect(() => {
    // Like Grafana's AppRootPage: settings from the API, then the module.
    getBackendSrv()
      .get<PluginMeta>(`/api/plugins/${pluginId}/settings`)
      .then(async (meta) => {
        if (!meta.enabled) {
          throw new Error(`app ${pluginId} is not enabled`);
        }
        const fullMeta = {
          ...meta,
          baseUrl: `public/plugins/${pluginId}`,
          module: `/public/plugins/${pluginId}/module.js`,
        };
        setState({ plugin: await importApp(fullMeta as PluginMeta), meta: fullMeta as PluginMeta });
      })
      .catch((error: Error) => setState({ error: error.message ?? String(error) }));
  }, [pluginId]);
  return state;
}

function AppRootPage() {
  const { pluginId = APP_ID } = useParams();
  const { plugin, meta, error } = useAppPlugin(pluginId);
  if (error) {
    return <Alert title="App failed to load">{error}</Alert>;
  }
  if (!plugin?.root || !meta) {
    return <LoadingPlaceholder text="Loading app…" />;
  }
  const Root = plugin.root;
  const location = locationService.getLocation();
  return (
    <PluginContextProvider meta={meta}>
      <Root
        meta={meta as never}
        basename={location.pathname}
        path={location.pathname}
        query={locationSearchToObject(location.search) as never}
        onNavChanged={() => undefined}
      />
    </PluginContextProvider>
  );
}

function AppConfigPage() {
  const { pluginId = APP_ID } = useParams();
  const { plugin, meta, error } = useAppPlugin(pluginId);
  if (error) {
    return <Alert title="App failed to load">{error}</Alert>;
  }
  const page = plugin?.configPages?.[0];
  if (!page || !meta) {
    return <LoadingPlaceholder text="Loading configuration…" />;
  }
  const Body = page.body;
  return (
    <main style={{ padding: 24 }}>
      <PluginContextProvider meta={meta}>
        <Body plugin={plugin as never} query={{}} />
      </PluginContextProvider>
    </main>
  );
}

function PanelFromUrl() {
  const search = locationService.getLocation().search;
  const spec = useMemo(() => JSON.parse(new URLSearchParams(search).get('panel') ?? '{}') as PanelSpec, [search]);
  return (
    <main style={{ padding: 16 }}>
      <PanelHost key={search} spec={spec} />
    </main>
  );
}

function HostApp() {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceRouter>
        <Routes>
          <Route path="/a/:pluginId/*" element={<AppRootPage />} />
          <Route path="/plugins/:pluginId" element={<AppConfigPage />} />
          <Route path="/host/panel" element={<PanelFromUrl />} />
          <Route path="/host/dashboard" element={<DashboardHost />} />
        </Routes>
      </LocationServiceRouter>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<HostApp />);
