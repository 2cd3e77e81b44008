import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/ports.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';

/**
 * What an operator relies on when running steward-server: it finishes requests in flight on
 * SIGTERM, logs one JSON line per request, and publishes its API contract.
 */
describe('steward-server as a process', () => {
  // A real Prometheus cannot be made slow on purpose; this socket accepts and never answers,
  // so a Prometheus-backed request stays in flight until the configured timeout.
  let hanging: Server;
  let prometheusUrl: string;
  beforeAll(async () => {
    hanging = createServer(() => undefined);
    const port = await freePort();
    await new Promise<void>((resolve) => hanging.listen(port, '127.0.0.1', resolve));
    prometheusUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    hanging.closeAllConnections();
    hanging.close();
  });

  it('answers a request in flight before it exits on SIGTERM, then refuses new connections', async () => {
    const steward = await startSteward({ prometheusUrl, env: { STEWARD_PROMETHEUS_TIMEOUT_MS: '1500' } });
    const inFlight = steward.api('/api/v1/telemetry/inventory');
    await new Promise((r) => setTimeout(r, 300));
    const exit = steward.stop();
    const response = await inFlight;
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toContain('did not answer within 1500 ms');
    expect(await exit).toBe(0);
    await expect(fetch(`${steward.url}/healthz`)).rejects.toThrow();
  });

  describe('while running', () => {
    let steward: RunningSteward;
    beforeAll(async () => {
      steward = await startSteward({ prometheusUrl, env: { STEWARD_LOG_LEVEL: 'info' } });
    });
    afterAll(async () => {
      await steward?.stop();
    });

    it('logs one JSON line per request with route, status, duration and user, and no secret', async () => {
      await steward.api('/api/v1/teams?limit=1', { user: 'dana', routeRole: 'Viewer' });
      await new Promise((r) => setTimeout(r, 200));
      const lines = steward.process
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      const request = lines.find((l) => l.msg === 'request' && l.route === '/api/v1/teams');
      expect(request).toMatchObject({ level: 30, method: 'GET', status: 200, user: 'dana' });
      expect(typeof request.ms).toBe('number');
      expect(steward.process.output()).not.toContain(steward.secret);
    });

    it('publishes an OpenAPI document generated from the same schemas that validate requests', async () => {
      const response = await fetch(`${steward.url}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
      const doc = await response.json();
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of ['/api/v1/services', '/api/v1/teams/{name}', '/api/v1/audit', '/api/v1/events']) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      const create = doc.paths['/api/v1/services'].post;
      const spec = create.requestBody.content['application/json'].schema.properties.spec;
      expect(spec.required).toContain('owner');
      expect(spec.properties.tier.enum).toEqual(['tier-1', 'tier-2', 'tier-3', 'tier-4']);
      expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '409']));
      expect(doc.security).toEqual([{ grafana: [] }]);
    });
  });
});
