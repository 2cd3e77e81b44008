import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpOk, startProcess, waitUntil, type ManagedProcess } from './child-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface StewardOptions {
  prometheusUrl: string;
  /** Defaults to a SQLite file in a fresh temporary directory. */
  databaseUrl?: string;
  secret?: string;
  port?: number;
  /** `source` runs server/src through tsx; `dist` runs the built server/dist/main.js. */
  entry?: 'source' | 'dist';
  env?: Record<string, string>;
}

export interface RunningSteward {
  url: string;
  secret: string;
  databaseUrl: string;
  process: ManagedProcess;
  /** Calls the API as Grafana's proxy would: shared secret plus the user's headers. */
  api(path: string, init?: ApiInit): Promise<Response>;
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export interface ApiInit extends RequestInit {
  user?: string;
  routeRole?: 'Viewer' | 'Editor' | 'Admin';
  json?: unknown;
  /** Leave out the shared secret. */
  anonymous?: boolean;
}

export const TEST_SECRET = 'steward-test-secret-0123456789';

/** Starts steward-server as its own process, the way it runs in production. */
export async function startSteward(options: StewardOptions): Promise<RunningSteward> {
  const work = options.databaseUrl ? undefined : tempDir('steward');
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(work!.path, 'steward.db')}`;
  const port = options.port ?? (await freePort());
  const secret = options.secret ?? TEST_SECRET;
  const args =
    options.entry === 'dist'
      ? [join(REPO_ROOT, 'server/dist/main.js')]
      : ['--import', 'tsx', join(REPO_ROOT, 'server/src/main.ts')];
  const proc = startProcess('steward-server', process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      STEWARD_HOST: '127.0.0.1',
      STEWARD_PORT: String(port),
      STEWARD_DATABASE_URL: databaseUrl,
      STEWARD_PROMETHEUS_URL: options.prometheusUrl,
      STEWARD_GRAFANA_SECRET: secret,
      STEWARD_TRUST_USER_HEADER: 'true',
      STEWARD_LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(proc, () => httpOk(`${url}/healthz`), 'serving /healthz');
  return {
    url,
    secret,
    databaseUrl,
    process: proc,
    api: (path, init = {}) => callApi(url, secret, path, init),
    stop: async () => {
      const code = await proc.stop();
      work?.remove();
      return code;
    },
    kill: () => proc.kill(),
  };
}

/** Creates (POSTs) an entry as an Admin would, e.g. an SLO through `/api/v1/slos`. */
export function postAsAdmin(server: Pick<RunningSteward, 'api'>, path: string, json: unknown): Promise<Response> {
  return server.api(path, { method: 'POST', user: 'root', routeRole: 'Admin', json });
}

export function callApi(baseUrl: string, secret: string, path: string, init: ApiInit = {}): Promise<Response> {
  const { user, routeRole, json, anonymous, headers, ...rest } = init;
  const all = new Headers(headers);
  if (!anonymous) {
    all.set('authorization', `Bearer ${secret}`);
  }
  if (user) {
    all.set('x-grafana-user', user);
  }
  if (routeRole) {
    all.set('x-steward-route-role', routeRole);
  }
  if (json !== undefined) {
    all.set('content-type', 'application/json');
  }
  return fetch(`${baseUrl}${path}`, {
    ...rest,
    headers: all,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
}
