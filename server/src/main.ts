#!/usr/bin/env node
import { loadConfig } from './config/load-config.js';
import { startServer } from './server.js';
import { InvalidInputError } from './validation/issue.js';
import { SERVER_VERSION } from './version.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      process.stderr.write(`steward-server: invalid configuration\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const logger = {
    level: config.log.level,
    redact: ['req.headers.authorization', 'req.headers["x-grafana-id"]'],
  };
  const server = await startServer(config, logger);
  server.app.log.info(
    { url: server.url, version: SERVER_VERSION, store: config.database.url.split(':')[0] },
    'steward-server listening'
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      server.app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`steward-server: failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
