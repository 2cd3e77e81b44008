import { describe, expect, it } from 'vitest';
import { PrometheusClient, PrometheusError } from './client.js';

const answering = (status: number, body: unknown) =>
  (async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    })) as unknown as typeof fetch;

const client = (fetchImpl: typeof fetch) =>
  new PrometheusClient({ url: 'http://prometheus.test/', timeoutMs: 1000, fetch: fetchImpl });

describe('PrometheusClient errors', () => {
  it("passes on Prometheus's own explanation of a bad query", async () => {
    const error = await client(
      answering(400, { status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end of input' })
    )
      .instantQuery('sum(')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect(error).toMatchObject({ kind: 'query', status: 400, message: 'parse error: unexpected end of input' });
  });

  it('says so when the URL answers, but not as Prometheus does (a wrong URL pointing at another server)', async () => {
    const error = await client(answering(404, { error: { code: 'not_found', message: 'no such page' } }))
      .instantQuery('up')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'http',
      status: 404,
      message: 'HTTP 404 from http://prometheus.test, which does not answer as Prometheus’s API does',
    });
  });

  it('says the backend refused Steward’s credentials, in the backend’s words, and what to check', async () => {
    const error = await client(answering(401, { error: { code: 'unauthenticated', message: 'no token' } }))
      .instantQuery('up')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'http',
      status: 401,
      message:
        'http://prometheus.test refused Steward\'s credentials (HTTP 401: {"error":{"code":"unauthenticated","message":"no token"}}): check prometheus.auth (bearer token or basic auth, and the tenant, X-Scope-OrgID)',
    });
  });
});
