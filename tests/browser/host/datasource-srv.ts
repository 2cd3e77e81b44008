import type { DataSourceApi, DataSourceInstanceSettings, DataSourcePlugin, DataSourceRef } from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';
import { importNested, metaFor } from './plugin-loader';

/** A datasource as Grafana's frontend settings describe it (secrets never included). */
export interface HostDataSource {
  uid: string;
  name: string;
  type: string;
  /** Folder of the nested datasource plugin inside the app, e.g. `datasource`. */
  pluginPath: string;
  jsonData: Record<string, unknown>;
}

/** Builds datasource instances the way Grafana's runtime loader does. */
export function createDataSourceSrv(configured: HostDataSource[]): DataSourceSrv & {
  instanceSettings(uid: string): Promise<DataSourceInstanceSettings>;
} {
  const instances = new Map<string, Promise<DataSourceApi>>();
  const find = (ref?: DataSourceRef | string | null) => {
    const key = typeof ref === 'string' ? ref : ref?.uid;
    return configured.find((ds) => ds.uid === key || ds.name === key) ?? configured[0];
  };
  const instanceSettings = async (uid: string): Promise<DataSourceInstanceSettings> => {
    const ds = find(uid);
    if (!ds) {
      throw new Error(`no datasource ${uid}`);
    }
    return {
      uid: ds.uid,
      name: ds.name,
      type: ds.type,
      url: `/api/datasources/proxy/uid/${ds.uid}`,
      access: 'proxy',
      jsonData: ds.jsonData,
      readOnly: false,
      isDefault: false,
      meta: (await metaFor(ds.pluginPath)) as never,
    };
  };
  const get = (ref?: DataSourceRef | string | null): Promise<DataSourceApi> => {
    const ds = find(ref);
    if (!ds) {
      return Promise.reject(new Error(`no datasource ${JSON.stringify(ref)}`));
    }
    if (!instances.has(ds.uid)) {
      instances.set(
        ds.uid,
        (async () => {
          const [plugin, settings] = await Promise.all([
            importNested<DataSourcePlugin<any>>(ds.pluginPath),
            instanceSettings(ds.uid),
          ]);
          const instance = new plugin.DataSourceClass(settings);
          instance.components = plugin.components;
          return instance;
        })()
      );
    }
    return instances.get(ds.uid)!;
  };
  return {
    get,
    instanceSettings,
    getList: () => [],
    getInstanceSettings: () => undefined,
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as unknown as DataSourceSrv & { instanceSettings(uid: string): Promise<DataSourceInstanceSettings> };
}
