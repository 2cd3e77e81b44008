import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { httpOk, lifecycle, startProcess, waitUntil, type ManagedProcess } from './child-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export interface RunningAlertmanager {
  url: string;
  port: number;
  configFile: string;
  process: ManagedProcess;
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** A routing tree that accepts everything and sends nowhere, until Steward generates one. */
export const DEFAULT_ALERTMANAGER_CONFIG = {
  route: { receiver: 'default', group_by: ['alertname', 'team'] },
  receivers: [{ name: 'default' }],
};

/** Starts Debian's Alertmanager on loopback, clustering off, with its own temporary storage. */
export interface AlertmanagerOptions {
  port?: number;
  /** Notification log and silences; a temporary folder when not given. */
  storageDir?: string;
}

export async function startAlertmanager(
  config: object = DEFAULT_ALERTMANAGER_CONFIG,
  options: AlertmanagerOptions = {}
): Promise<RunningAlertmanager> {
  const work = tempDir('alertmanager');
  const port = options.port ?? (await freePort());
  const configFile = join(work.path, 'alertmanager.yml');
  writeFileSync(configFile, stringify(config));
  const proc = startProcess('alertmanager', 'prometheus-alertmanager', [
    `--config.file=${configFile}`,
    `--storage.path=${options.storageDir ?? join(work.path, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(proc, () => httpOk(`${url}/-/ready`), 'ready');
  return {
    url,
    port,
    configFile,
    process: proc,
    ...lifecycle(url, proc, work),
  };
}
