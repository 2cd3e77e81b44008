import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { lifecycle, startProcess, waitUntil, type ManagedProcess } from './child-process.js';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export interface RunningGate {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** nginx speaking TLS: its certificate, and the CA a client certificate must be signed by. */
export interface GateTls {
  certFile: string;
  keyFile: string;
  /** Demand a client certificate signed by this CA (`ssl_verify_client on`); none asked for when unset. */
  clientCaFile?: string;
}

/**
 * Debian's nginx in front of a backend, as a multi-tenant store's gateway is: every request must
 * carry `Authorization: Bearer <token>` (401 otherwise) and `X-Scope-OrgID: <tenant>` (403
 * otherwise), or is refused before it reaches the backend.
 */
export async function startAuthGate(upstream: string, demand: { token: string; tenant: string }): Promise<RunningGate> {
  return startGate(upstream, { demand });
}

/**
 * Debian's nginx serving https in front of a backend, as a TLS-terminating gateway does; with
 * `clientCaFile`, it refuses requests without a client certificate that CA signed (nginx answers
 * them 400, "No required SSL certificate was sent"). `demand` adds the auth gate's checks.
 */
export async function startTlsGate(
  upstream: string,
  tls: GateTls,
  demand?: { token: string; tenant: string }
): Promise<RunningGate> {
  return startGate(upstream, { tls, ...(demand ? { demand } : {}) });
}

async function startGate(
  upstream: string,
  { demand, tls }: { demand?: { token: string; tenant: string }; tls?: GateTls }
): Promise<RunningGate> {
  const work = tempDir('nginx');
  const port = await freePort();
  for (const dir of ['logs', 'tmp']) {
    mkdirSync(join(work.path, dir), { recursive: true });
  }
  const maps = demand
    ? `
  map $http_authorization $token_ok { "Bearer ${demand.token}" 1; default 0; }
  map $http_x_scope_orgid $tenant_ok { "${demand.tenant}" 1; default 0; }`
    : '';
  const checks = demand
    ? `
      if ($token_ok = 0) { return 401 "missing or wrong bearer token\\n"; }
      if ($tenant_ok = 0) { return 403 "missing or wrong tenant\\n"; }`
    : '';
  const ssl = tls
    ? `
    ssl_certificate ${tls.certFile};
    ssl_certificate_key ${tls.keyFile};${
      tls.clientCaFile
        ? `
    ssl_client_certificate ${tls.clientCaFile};
    ssl_verify_client on;`
        : ''
    }`
    : '';
  const config = `
daemon off;
worker_processes 1;
pid ${join(work.path, 'nginx.pid')};
error_log ${join(work.path, 'logs', 'error.log')} warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(work.path, 'tmp', 'body')};
  proxy_temp_path ${join(work.path, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(work.path, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(work.path, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(work.path, 'tmp', 'scgi')};
  client_max_body_size 0;${maps}
  server {
    listen 127.0.0.1:${port}${tls ? ' ssl' : ''};${ssl}
    location / {${checks}
      proxy_pass ${upstream};
      proxy_read_timeout 300s;
    }
  }
}
`;
  const file = join(work.path, 'nginx.conf');
  writeFileSync(file, config);
  const proc = startProcess('nginx', 'nginx', ['-p', work.path, '-c', file]);
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  if (tls) {
    // It listens when it completes a TLS handshake (the certificate is the test's to check).
    await waitUntil(proc, () => handshakes(port), 'listening');
  } else {
    // Any answer means it listens: without credentials, the gate's own 401.
    await waitUntil(proc, async () => (await fetch(url).catch(() => undefined))?.status === 401, 'listening');
  }
  const { stop } = lifecycle(url, proc, work);
  return { url, process: proc, stop };
}

function handshakes(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}
