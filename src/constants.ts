import pluginJson from './plugin.json';

export const APP_ID = pluginJson.id;
export const DATASOURCE_TYPE = 'steward-errorbudget-datasource';
export const PANEL_ID = 'steward-slo-panel';

const PLUGIN_BASE_URL = `/a/${APP_ID}`;

/** Path segment of the proxy routes (plugin.json `routes`) that lead to steward-server. */
export const PROXY_ROUTE = 'steward';
/** The same, for Admins: Grafana checks the Admin role and tells steward-server so. */
const ADMIN_PROXY_ROUTE = 'steward-admin';

/** Where the app's own pages reach steward-server: Grafana's plugin proxy. */
export const APP_PROXY_URL = `api/plugin-proxy/${APP_ID}/${PROXY_ROUTE}`;
export const APP_ADMIN_PROXY_URL = `api/plugin-proxy/${APP_ID}/${ADMIN_PROXY_ROUTE}`;

export enum ROUTES {
  Home = 'home',
  Catalog = 'catalog',
  Teams = 'teams',
  Services = 'services',
  Health = 'health',
  Slos = 'slos',
}

/** Absolute link to a page of the app, e.g. appUrl(ROUTES.Services, 'checkout'). */
export function appUrl(...segments: string[]): string {
  return [PLUGIN_BASE_URL, ...segments.map(encodeURIComponent)].join('/');
}
