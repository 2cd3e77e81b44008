/**
 * Grafana's proxy-route semantics for plugin.json `routes`, as read from Grafana's source
 * (pkg/api/pluginproxy): routes are tried in order; a route with a `method` other than `*`
 * only takes that method; app routes match as web-tree patterns (`x/*` captures the rest,
 * no wildcard = exact path), datasource routes match as plain string prefixes; `reqRole`
 * is checked against the user's org role; url and header templates see .JsonData and
 * .SecureJsonData. This module exists because no Grafana server can run in this sandbox.
 */

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';

export interface PluginRoute {
  path: string;
  method?: string;
  url?: string;
  reqRole?: OrgRole;
  headers?: Array<{ name: string; content: string }>;
}

export interface TemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

export interface MatchedRoute {
  route: PluginRoute;
  /** What the request path has after the route's own path. */
  rest: string;
}

const RANK: Record<OrgRole, number> = { Viewer: 1, Editor: 2, Admin: 3 };

function methodMatches(route: PluginRoute, method: string): boolean {
  return !route.method || route.method === '*' || route.method.toUpperCase() === method.toUpperCase();
}

function clean(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** App plugin proxy: `/api/plugin-proxy/<id>/<proxyPath>`. */
export function matchAppRoute(routes: PluginRoute[], method: string, proxyPath: string): MatchedRoute | undefined {
  const path = clean(proxyPath);
  for (const route of routes) {
    if (!methodMatches(route, method)) {
      continue;
    }
    const pattern = clean(route.path);
    if (pattern.endsWith('/*')) {
      const prefix = pattern.slice(0, -2);
      if (path.startsWith(`${prefix}/`)) {
        return { route, rest: path.slice(prefix.length + 1) };
      }
    } else if (path === pattern) {
      return { route, rest: '' };
    }
  }
  return undefined;
}

/** Datasource proxy: `/api/datasources/proxy/uid/<uid>/<proxyPath>`. */
export function matchDatasourceRoute(
  routes: PluginRoute[],
  method: string,
  proxyPath: string
): MatchedRoute | undefined {
  const path = clean(proxyPath);
  for (const route of routes) {
    if (methodMatches(route, method) && path.startsWith(clean(route.path))) {
      return { route, rest: path.slice(clean(route.path).length) };
    }
  }
  return undefined;
}

export function roleAllows(route: PluginRoute, role: OrgRole): boolean {
  return !route.reqRole || RANK[role] >= RANK[route.reqRole];
}

/** `{{ .JsonData.x }}` / `{{ .SecureJsonData.x }}`; anything else is refused rather than guessed. */
export function interpolate(template: string, data: TemplateData): string {
  return template.replace(/{{\s*(.*?)\s*}}/g, (_, expression: string) => {
    const match = /^\.(JsonData|SecureJsonData)\.([A-Za-z0-9_]+)$/.exec(expression);
    if (!match) {
      throw new Error(`unsupported route template {{ ${expression} }}`);
    }
    const value = data[match[1] as keyof TemplateData][match[2]!];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** The URL the request is forwarded to: the route's URL with the rest of the path joined on. */
export function targetUrl(route: PluginRoute, rest: string, search: string, data: TemplateData): string {
  const base = interpolate(route.url ?? '', data);
  if (!/^https?:\/\//.test(base)) {
    throw new Error(`route ${route.path} has no usable url (got "${base}"); is the URL configured?`);
  }
  const url = new URL(base);
  const restPath = rest.replace(/^\/+/, '');
  if (restPath !== '') {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${restPath}`;
  }
  url.search = search;
  return url.toString();
}
