import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import {
  matchAppRoute,
  matchDatasourceRoute,
  roleAllows,
  interpolate,
  targetUrl,
  type MatchedRoute,
  type OrgRole,
  type PluginRoute,
  type TemplateData,
} from './proxy-routes.js';

/**
 * The part of Grafana's server a plugin's frontend talks to, standing in for a Grafana that
 * cannot run here: it serves the built plugin at public/plugins/<id>/, the host page, plugin
 * settings, and the plugin and datasource proxies, driven by the routes in the *built*
 * plugin.json files. Secrets stay on this side, as in Grafana.
 */
export interface StandinOptions {
  distDir: string;
  hostBuildDir: string;
  appId: string;
  app: { jsonData: Record<string, unknown>; secureJsonData: Record<string, string>; enabled?: boolean };
  datasources: Array<{
    uid: string;
    name: string;
    type: string;
    pluginPath: string;
    jsonData: Record<string, unknown>;
    secureJsonData: Record<string, string>;
  }>;
  user?: { login: string; role: OrgRole };
  /** Grafana teams per login, as `GET /api/user/teams` lists them for the signed-in user. */
  grafanaTeams?: Record<string, Array<{ id: number; name: string; email?: string }>>;
  /** Where Grafana's icon SVGs are (it serves them at public/build/img/icons/), e.g. @grafana/ui's copy. */
  iconsDir?: string;
  /** Grafana's [dataproxy] send_user_header. */
  sendUserHeader?: boolean;
  /**
   * Core datasources with access "proxy" and no plugin routes (Prometheus): Grafana's data proxy
   * forwards /api/datasources/proxy/uid/<uid>/<path> to <url>/<path>.
   */
  proxiedDatasources?: Array<{ uid: string; url: string }>;
}

export interface RunningStandin {
  url: string;
  server: Server;
  setUser(user: { login: string; role: OrgRole }): void;
  /** Every request the proxies forwarded: method, target URL and the headers sent. */
  forwarded: Array<{ method: string; url: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'content-length',
  'cookie',
  'authorization',
  'x-grafana-user',
  'x-grafana-id',
  'x-steward-route-role',
]);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.md': 'text/markdown',
};

export async function startStandin(options: StandinOptions): Promise<RunningStandin> {
  let user = options.user ?? { login: 'admin', role: 'Admin' as OrgRole };
  const app = { enabled: true, ...options.app, secureJsonData: { ...options.app.secureJsonData } };
  const forwarded: RunningStandin['forwarded'] = [];
  const builtRoutes = (relPath: string): PluginRoute[] =>
    JSON.parse(readFileSync(join(options.distDir, relPath, 'plugin.json'), 'utf8')).routes ?? [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => sendJson(res, 500, { message: error.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://standin');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/__standin/user' && method === 'POST') {
      user = JSON.parse((await readBody(req)).toString());
      return sendJson(res, 200, user);
    }
    const pluginAsset = `/public/plugins/${options.appId}/`;
    if (path.startsWith(pluginAsset)) {
      return sendFile(res, options.distDir, path.slice(pluginAsset.length));
    }
    if (options.iconsDir && path.startsWith('/public/build/img/icons/')) {
      return sendFile(res, options.iconsDir, path.slice('/public/build/img/icons/'.length));
    }
    if (path.startsWith('/public/host/')) {
      return sendFile(res, options.hostBuildDir, path.slice('/public/host/'.length));
    }
    const settings = new RegExp(`^/api/plugins/${options.appId}/settings$`).exec(path);
    if (settings) {
      if (method === 'GET') {
        return sendJson(res, 200, appSettings());
      }
      if (user.role !== 'Admin') {
        return sendJson(res, 403, { message: 'Permission denied' });
      }
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      app.jsonData = body.jsonData ?? app.jsonData;
      Object.assign(app.secureJsonData, body.secureJsonData ?? {});
      if (typeof body.enabled === 'boolean') {
        app.enabled = body.enabled;
      }
      return sendJson(res, 200, { message: 'Plugin settings updated' });
    }
    const appProxy = new RegExp(`^/api/plugin-proxy/${options.appId}/(.*)$`).exec(path);
    if (appProxy) {
      if (!app.enabled) {
        return sendJson(res, 404, { message: 'Plugin not found' });
      }
      const match = matchAppRoute(builtRoutes(''), method, appProxy[1]!);
      return proxy(req, res, match, url.search, { JsonData: app.jsonData, SecureJsonData: app.secureJsonData });
    }
    const dsProxy = /^\/api\/datasources\/proxy\/uid\/([^/]+)\/(.*)$/.exec(path);
    const core = dsProxy && options.proxiedDatasources?.find((d) => d.uid === dsProxy[1]);
    if (dsProxy && core) {
      const route = { path: '', url: core.url };
      return proxy(req, res, { route, rest: dsProxy[2]! }, url.search, { JsonData: {}, SecureJsonData: {} });
    }
    if (dsProxy) {
      const ds = options.datasources.find((d) => d.uid === dsProxy[1]);
      if (!ds) {
        return sendJson(res, 404, { message: 'Data source not found' });
      }
      const match = matchDatasourceRoute(builtRoutes(ds.pluginPath), method, dsProxy[2]!);
      return proxy(req, res, match, url.search, { JsonData: ds.jsonData, SecureJsonData: ds.secureJsonData });
    }
    if (path === '/api/user/teams' && method === 'GET') {
      // Grafana's GetSignedInUserTeamList: the signed-in user's teams in the current org (TeamDTO).
      const teams = options.grafanaTeams?.[user.login] ?? [];
      return sendJson(
        res,
        200,
        teams.map((t) => ({
          id: t.id,
          uid: `team-${t.id}`,
          orgId: 1,
          name: t.name,
          email: t.email ?? '',
          avatarUrl: `/avatar/${t.id}`,
          memberCount: 1,
          permission: 0,
        }))
      );
    }
    if (path.startsWith('/api/') || path.startsWith('/public/')) {
      return sendJson(res, 404, { message: 'Not found' });
    }
    return sendIndex(res, url.searchParams.get('theme'));
  }

  function appSettings() {
    return {
      id: options.appId,
      type: 'app',
      name: 'Steward',
      enabled: app.enabled,
      pinned: true,
      jsonData: app.jsonData,
      // Grafana tells the browser which secrets are set, never their values.
      secureJsonFields: Object.fromEntries(Object.entries(app.secureJsonData).map(([k, v]) => [k, v !== ''])),
    };
  }

  async function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    match: MatchedRoute | undefined,
    search: string,
    data: TemplateData
  ) {
    if (!match) {
      return sendJson(res, 404, { message: 'Plugin route not found' });
    }
    if (!roleAllows(match.route, user.role)) {
      return sendJson(res, 403, { message: 'plugin proxy route access denied' });
    }
    const target = targetUrl(match.route, match.rest, search, data);
    // The browser's headers pass through (If-Match, Accept, …), except hop-by-hop ones, cookies,
    // credentials, and the identity headers only Grafana itself may set.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !HOP_BY_HOP.has(name) && !DROPPED_REQUEST_HEADERS.has(name)) {
        headers[name] = value;
      }
    }
    // Route headers replace anything the browser sent under the same name.
    for (const header of match.route.headers ?? []) {
      headers[header.name.toLowerCase()] = interpolate(header.content, data);
    }
    if (options.sendUserHeader !== false) {
      headers['x-grafana-user'] = user.login;
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    forwarded.push({ method: req.method ?? 'GET', url: target, headers });
    let upstream: Response;
    try {
      upstream = await fetch(target, {
        method: req.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return sendJson(res, 502, { message: `Bad Gateway: ${(error as Error).message}` });
    }
    // Like Grafana's reverse proxy: upstream headers pass through, except hop-by-hop ones and cookies.
    const passed: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'set-cookie' && name !== 'content-length' && name !== 'content-encoding') {
        passed[name] = value;
      }
    });
    res.writeHead(upstream.status, passed);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  /** Grafana's index page; `?theme=light|dark` overrides the user's theme, as Grafana's index handler allows. */
  function sendIndex(res: ServerResponse, themeParam: string | null) {
    const theme = themeParam === 'light' || themeParam === 'dark' ? themeParam : 'dark';
    const bootData = {
      settings: {
        appSubUrl: '',
        buildInfo: { version: '13.1.1', env: 'production' },
        featureToggles: {},
        datasources: {},
        panels: {},
        apps: {},
      },
      user: {
        id: 1,
        uid: 'u1',
        login: user.login,
        isSignedIn: true,
        orgId: 1,
        orgRole: user.role,
        isGrafanaAdmin: user.role === 'Admin',
        theme,
        lightTheme: theme === 'light',
        timezone: 'utc',
        weekStart: 'monday',
        language: 'en-US',
        permissions: {},
      },
      navTree: [],
      assets: { dark: '', light: '' },
    };
    const hostConfig = {
      orgId: 1,
      datasources: options.datasources.map(({ secureJsonData: _secret, ...ds }) => ds),
    };
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><base href="/"><title>Steward host</title>
<link rel="stylesheet" href="/public/host/host.css">
<script>window.grafanaBootData = ${JSON.stringify(bootData)}; window.stewardHostConfig = ${JSON.stringify(hostConfig)};</script>
</head>
<body><div id="root"></div><div id="grafana-portal-container"></div>
<script type="module" src="/public/host/host.js"></script>
</body>
</html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    forwarded,
    setUser: (next) => {
      user = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendFile(res: ServerResponse, dir: string, relative: string) {
  const file = normalize(join(dir, decodeURIComponent(relative)));
  if (!file.startsWith(normalize(dir)) || !existsSync(file) || statSync(file).isDirectory()) {
    return sendJson(res, 404, { message: 'Not found' });
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
