import Fastify from 'fastify';
import Type from 'typebox';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, SerializedPages } from './serialized-pages.js';

const Page = Type.Object({ rows: Type.Array(Type.Object({ slo: Type.String(), budget: Type.Number() })) });

async function appServing(page: object) {
  const app = Fastify();
  const pages = new SerializedPages();
  let serializations = 0;
  app.get('/page', { schema: { response: { 200: Page } } }, async (request, reply) => {
    const original = reply.serialize.bind(reply);
    reply.serialize = (payload: unknown) => {
      serializations++;
      return original(payload);
    };
    return pages.send(request, reply, page);
  });
  await app.ready();
  return { app, serializations: () => serializations };
}

describe('SerializedPages', () => {
  const page = {
    rows: Array.from({ length: 2000 }, (_, i) => ({ slo: `svc-${i}-availability`, budget: i / 2000, internal: 'x' })),
  };

  it('serializes a page once through the response schema and serves the same JSON to every caller', async () => {
    const { app, serializations } = await appServing(page);
    const first = await app.inject({ url: '/page' });
    const second = await app.inject({ url: '/page' });
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(second.body).toBe(first.body);
    // The schema still shapes the answer: what it does not name stays out.
    expect(first.json()).toEqual({ rows: page.rows.map(({ slo, budget }) => ({ slo, budget })) });
    expect(serializations()).toBe(1);
  });

  it('gzips a large page for clients that accept it, once', async () => {
    const { app, serializations } = await appServing(page);
    const plain = await app.inject({ url: '/page' });
    const zipped = await app.inject({ url: '/page', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const again = await app.inject({ url: '/page', headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 5);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(again.rawPayload.equals(zipped.rawPayload)).toBe(true);
    expect(serializations()).toBe(1);
  });

  it('leaves small pages uncompressed', async () => {
    const { app } = await appServing({ rows: [{ slo: 'a', budget: 1 }] });
    const answer = await app.inject({ url: '/page', headers: { 'accept-encoding': 'gzip' } });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.json()).toEqual({ rows: [{ slo: 'a', budget: 1 }] });
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*;q=0', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('reads no header as no', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
