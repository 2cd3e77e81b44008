import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  interpolate,
  matchAppRoute,
  matchDatasourceRoute,
  roleAllows,
  targetUrl,
  type PluginRoute,
} from './proxy-routes.js';

const routes: PluginRoute[] = [
  { path: 'steward/*', method: 'GET', reqRole: 'Viewer', url: '{{ .JsonData.stewardUrl }}/' },
  { path: 'steward/*', method: '*', reqRole: 'Editor', url: '{{ .JsonData.stewardUrl }}/' },
];
const data = { JsonData: { stewardUrl: 'http://127.0.0.1:8080' }, SecureJsonData: { stewardToken: 's3cret' } };

describe('Grafana proxy route semantics (stand-in)', () => {
  it('matches app routes by method in order, capturing the rest after a wildcard', () => {
    expect(matchAppRoute(routes, 'GET', 'steward/api/v1/status')).toEqual({ route: routes[0], rest: 'api/v1/status' });
    expect(matchAppRoute(routes, 'POST', 'steward/api/v1/events')?.route).toBe(routes[1]);
    expect(matchAppRoute(routes, 'GET', 'steward')).toBeUndefined();
    expect(matchAppRoute(routes, 'GET', 'other/api')).toBeUndefined();
  });

  it('matches datasource routes as string prefixes', () => {
    const ds: PluginRoute[] = [{ path: 'steward', url: '{{ .JsonData.stewardUrl }}' }];
    expect(matchDatasourceRoute(ds, 'GET', 'steward/api/v1/status')).toEqual({ route: ds[0], rest: '/api/v1/status' });
    expect(matchDatasourceRoute(ds, 'GET', 'nope')).toBeUndefined();
  });

  it('reaches every route of the datasource plugin.json, the Admin one included', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../src/datasource/plugin.json', import.meta.url), 'utf8'));
    const ds = manifest.routes as PluginRoute[];
    const roleOf = (method: string, path: string) => matchDatasourceRoute(ds, method, path)?.route.reqRole;
    expect(roleOf('GET', 'steward/api/v1/status')).toBe('Viewer');
    expect(roleOf('POST', 'steward/api/v1/events')).toBe('Editor');
    expect(roleOf('GET', 'steward-admin/api/v1/catalog/status')).toBe('Admin');
    expect(roleOf('POST', 'steward-admin/api/v1/catalog/reload')).toBe('Admin');
  });

  it('checks reqRole against the org role', () => {
    expect(roleAllows(routes[1]!, 'Viewer')).toBe(false);
    expect(roleAllows(routes[1]!, 'Editor')).toBe(true);
    expect(roleAllows(routes[0]!, 'Viewer')).toBe(true);
  });

  it('interpolates only JsonData and SecureJsonData', () => {
    expect(interpolate('Bearer {{ .SecureJsonData.stewardToken }}', data)).toBe('Bearer s3cret');
    expect(() => interpolate('{{ .User.Login }}', data)).toThrow(/unsupported/);
  });

  it('joins the rest onto the route url and keeps the query string', () => {
    expect(targetUrl(routes[0]!, 'api/v1/events', '?service=a', data)).toBe(
      'http://127.0.0.1:8080/api/v1/events?service=a'
    );
    expect(() => targetUrl(routes[0]!, 'x', '', { JsonData: {}, SecureJsonData: {} })).toThrow(/no usable url/);
  });
});
