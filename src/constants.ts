import pluginJson from './plugin.json';

export const APP_ID = pluginJson.id;
export const DATASOURCE_TYPE = 'steward-errorbudget-datasource';
export const PANEL_ID = 'steward-slo-panel';

export const PLUGIN_BASE_URL = `/a/${APP_ID}`;

/** Path segment of the proxy routes (plugin.json `routes`) that lead to steward-server. */
export const PROXY_ROUTE = 'steward';

/** Where the app's own pages reach steward-server: Grafana's plugin proxy. */
export const APP_PROXY_URL = `api/plugin-proxy/${APP_ID}/${PROXY_ROUTE}`;

export enum ROUTES {
  Home = 'home',
}
