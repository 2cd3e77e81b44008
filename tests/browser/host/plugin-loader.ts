import type { AppPlugin, DataSourcePlugin, PanelPlugin, PluginMeta } from '@grafana/data';

export const APP_ID = 'steward-ownership-app';
const APP_BASE = `public/plugins/${APP_ID}`;

/** Where Grafana serves a plugin that is nested inside the app (relPath under the app's folder). */
export function nestedBase(relPath: string): string {
  return relPath === '' ? APP_BASE : `${APP_BASE}/${relPath}`;
}

async function importModule(base: string): Promise<Record<string, unknown>> {
  return window.System.import(`/${base}/module.js`);
}

async function pluginJson(base: string): Promise<PluginMeta> {
  const response = await fetch(`/${base}/plugin.json`);
  if (!response.ok) {
    throw new Error(`cannot load /${base}/plugin.json: HTTP ${response.status}`);
  }
  return response.json();
}

export async function metaFor(relPath: string, extra: Partial<PluginMeta> = {}): Promise<PluginMeta> {
  const base = nestedBase(relPath);
  return { ...(await pluginJson(base)), baseUrl: base, module: `/${base}/module.js`, ...extra };
}

/** Like Grafana's importApp: the module's `plugin`, initialised with the settings' meta. */
export async function importApp(meta: PluginMeta): Promise<AppPlugin> {
  const exports = await importModule(nestedBase(''));
  const plugin = exports.plugin as AppPlugin;
  plugin.init(meta as never);
  plugin.meta = meta as never;
  return plugin;
}

const cache = new Map<string, Promise<unknown>>();

export function importNested<T extends DataSourcePlugin<any> | PanelPlugin>(relPath: string): Promise<T> {
  if (!cache.has(relPath)) {
    cache.set(
      relPath,
      (async () => {
        const [exports, meta] = await Promise.all([importModule(nestedBase(relPath)), metaFor(relPath)]);
        const plugin = exports.plugin as T;
        plugin.meta = meta as never;
        return plugin;
      })()
    );
  }
  return cache.get(relPath) as Promise<T>;
}
