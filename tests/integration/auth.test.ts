import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service, team, writeDocs } from '../harness/catalog-docs.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type RunningSteward } from '../harness/steward.js';
import { tempDir } from '../harness/temp-dir.js';

/**
 * Grafana is not available here, so this test plays its part in the ID-token exchange: it
 * serves a JWKS at /api/signing-keys/keys and signs ES256 tokens, as Grafana's idForwarding does.
 */
let prometheus: RunningPrometheus;
let steward: RunningSteward;
let jwksServer: Server;
let grafanaUrl: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

async function idToken(
  claims: Record<string, unknown>,
  key = signingKey,
  expiresIn: string | null = '5m',
  issuer = `${grafanaUrl}/` // Grafana's root_url, with its trailing slash
): Promise<string> {
  const { aud, ...rest } = claims;
  const jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .setIssuedAt()
    .setIssuer(issuer)
    .setAudience(typeof aud === 'string' ? aud : 'org:1');
  return (expiresIn === null ? jwt : jwt.setExpirationTime(expiresIn)).sign(key);
}

const catalog = tempDir('auth-catalog');

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  jwksServer = createServer((req, res) => {
    if (req.url === '/api/signing-keys/keys') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const address = jwksServer.address();
  grafanaUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  prometheus = await startPrometheus();
  writeDocs(catalog.path, 'catalog.yaml', [team('checkout', ['alice']), service('checkout', 'checkout')]);
  steward = await startSteward({
    prometheusUrl: prometheus.url,
    env: { STEWARD_GRAFANA_URL: grafanaUrl, STEWARD_TRUST_USER_HEADER: 'false', STEWARD_CATALOG_DIR: catalog.path },
  });
});

afterAll(async () => {
  await steward?.stop();
  await prometheus?.stop();
  jwksServer?.close();
  catalog.remove();
});

const API_CALLS: Array<[string, string]> = [
  ['GET', '/api/v1/status'],
  ['GET', '/api/v1/telemetry/inventory'],
  ['GET', '/api/v1/events'],
  ['POST', '/api/v1/events'],
  ['GET', '/api/v1/no-such-route'],
];

describe('shared secret', () => {
  it.each(API_CALLS)('refuses %s %s without the shared secret', async (method, path) => {
    const response = await steward.api(path, { method, anonymous: true, json: method === 'POST' ? {} : undefined });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toEqual({
      code: 'unauthorized',
      message: 'missing or wrong shared secret; set the Steward token in the app configuration in Grafana',
    });
  });

  it('refuses a wrong secret, even one that shares a prefix with the right one', async () => {
    for (const secret of ['wrong', steward.secret.slice(0, -1), `${steward.secret}x`, '']) {
      const response = await steward.api('/api/v1/status', {
        anonymous: true,
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(response.status).toBe(401);
    }
  });

  it('keeps health, readiness, metrics and the API description public', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/v1/openapi.json']) {
      expect((await fetch(`${steward.url}${path}`)).status).toBe(200);
    }
  });
});

describe('user identity', () => {
  it('takes the user from a Grafana ID token verified against Grafana’s JWKS', async () => {
    const token = await idToken({ sub: 'user:ab12', username: 'alice', email: 'alice@example.com', type: 'user' });
    const status = await (await steward.api('/api/v1/status', { headers: { 'x-grafana-id': token } })).json();
    expect(status.user).toEqual({ login: 'alice', source: 'id-token' });
  });

  it('rejects ID tokens that are forged, expired, for another org, from another issuer or without expiry', async () => {
    const forged = await idToken({ sub: 'user:1', username: 'mallory' }, strangerKey);
    const expired = await idToken({ sub: 'user:1', username: 'alice' }, signingKey, '-1m');
    const otherOrg = await idToken({ sub: 'user:1', username: 'alice', aud: 'org:2' });
    const otherIssuer = await idToken({ sub: 'user:1', username: 'alice' }, signingKey, '5m', 'https://grafana.evil/');
    const forever = await idToken({ sub: 'user:1', username: 'alice' }, signingKey, null);
    const rejected = [];
    for (const token of [forged, expired, otherOrg, otherIssuer, forever, 'not-a-jwt']) {
      const response = await steward.api('/api/v1/status', { headers: { 'x-grafana-id': token } });
      expect(response.status).toBe(401);
      rejected.push((await response.json()).error.message);
    }
    expect(rejected.every((m) => m.startsWith('the Grafana ID token was rejected'))).toBe(true);
    expect(rejected[3]).toContain('"iss"');
    expect(rejected[4]).toContain('"exp"');
  });

  it('ignores X-Grafana-User unless the server is configured to trust it', async () => {
    const response = await steward.api('/api/v1/events', {
      method: 'POST',
      user: 'alice',
      routeRole: 'Editor',
      json: { service: 'checkout', kind: 'deploy', title: 'x' },
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toContain('needs a signed-in Grafana user');
  });

  it('lets writes through only on Grafana’s Editor route, and records the verified user', async () => {
    const token = await idToken({ sub: 'user:ab12', username: 'alice' });
    const body = { service: 'checkout', kind: 'deploy', title: 'release 7' };
    const asViewer = await steward.api('/api/v1/events', {
      method: 'POST',
      routeRole: 'Viewer',
      json: body,
      headers: { 'x-grafana-id': token },
    });
    expect(asViewer.status).toBe(403);
    expect((await asViewer.json()).error.message).toContain('needs the Editor role');

    const asEditor = await steward.api('/api/v1/events', {
      method: 'POST',
      routeRole: 'Editor',
      json: body,
      headers: { 'x-grafana-id': token },
    });
    expect(asEditor.status).toBe(201);
    expect((await asEditor.json()).recordedBy).toBe('alice');
  });

  it('takes the org role from the token when Grafana puts it there', async () => {
    const admin = await idToken({ sub: 'user:cd34', username: 'ada', role: 'Admin' });
    const status = await (
      await steward.api('/api/v1/status', { routeRole: 'Viewer', headers: { 'x-grafana-id': admin } })
    ).json();
    expect(status.user).toEqual({ login: 'ada', role: 'Admin', source: 'id-token' });
  });
});
