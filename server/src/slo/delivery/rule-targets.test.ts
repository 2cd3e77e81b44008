import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RuleGroup } from '../rules.js';
import { RuleDirectoryTarget, RulerTarget } from './rule-targets.js';

const group = (name: string, expr = 'vector(1)'): RuleGroup => ({
  name,
  interval: '5m',
  rules: [{ record: 'steward:slo_events:increase5m', expr, labels: { slo: name } }],
});

/**
 * No Mimir or Cortex can run here, so the ruler is a stand-in that follows Mimir's ruler API:
 * GET <prefix>/config/v1/rules/<namespace> answers the namespace as YAML (404 when empty),
 * POST adds or replaces one group (YAML body), DELETE …/<namespace>/<group> removes one.
 */
function standInRuler() {
  const namespaces = new Map<string, Map<string, unknown>>();
  const requests: Array<{ method: string; path: string; tenant?: string; contentType?: string }> = [];
  const body = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => resolve(text));
    });
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url!, 'http://x').pathname);
    requests.push({
      method: request.method!,
      path,
      ...(request.headers['x-scope-orgid'] ? { tenant: String(request.headers['x-scope-orgid']) } : {}),
      ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
    });
    const match = /^\/prometheus\/config\/v1\/rules\/([^/]+)(?:\/(.+))?$/.exec(path);
    if (!match) {
      response.writeHead(404).end('not found');
      return;
    }
    const [, namespace, groupName] = match as unknown as [string, string, string | undefined];
    const groups = namespaces.get(namespace) ?? new Map<string, unknown>();
    namespaces.set(namespace, groups);
    if (request.method === 'GET') {
      if (groups.size === 0) {
        response.writeHead(404).end('no rule groups found');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'application/yaml' })
        .end(stringify({ [namespace]: [...groups.values()] }));
    } else if (request.method === 'POST') {
      const posted = parse(await body(request)) as { name: string; rules: unknown[] };
      if (!posted?.name || !Array.isArray(posted.rules)) {
        response.writeHead(400).end('invalid rule group');
        return;
      }
      groups.set(posted.name, posted);
      response.writeHead(202).end('{"status":"success"}');
    } else if (request.method === 'DELETE' && groupName) {
      groups.delete(groupName);
      response.writeHead(202).end('{"status":"success"}');
    } else {
      response.writeHead(405).end();
    }
  });
  return { server, namespaces, requests };
}

describe('RulerTarget (Mimir/Cortex ruler API)', () => {
  const ruler = standInRuler();
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => ruler.server.listen(0, '127.0.0.1', resolve));
    const address = ruler.server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}/prometheus/config/v1/rules`;
  });
  afterAll(() => ruler.server.close());

  it('pushes each group into the namespace with the tenant, changes only what changed, and deletes groups no SLO makes', async () => {
    const target = new RulerTarget({ url, namespace: 'steward', tenant: 'acme', timeoutMs: 2000 });
    const first = await target.deliver(
      new Map([['steward-checkout.yml', [group('steward-slo:a:record'), group('steward-slo:b:record')]]])
    );
    expect(first).toMatchObject({
      applied: true,
      written: ['steward-slo:a:record', 'steward-slo:b:record'],
      removed: [],
    });
    expect([...ruler.namespaces.get('steward')!.keys()]).toEqual(['steward-slo:a:record', 'steward-slo:b:record']);
    const posts = ruler.requests.filter((r) => r.method === 'POST');
    expect(posts.every((r) => r.tenant === 'acme' && r.contentType === 'application/yaml')).toBe(true);

    ruler.requests.length = 0;
    const again = await target.deliver(
      new Map([['steward-checkout.yml', [group('steward-slo:a:record'), group('steward-slo:b:record')]]])
    );
    expect(again).toMatchObject({ applied: true, written: [], removed: [] });
    expect(ruler.requests.map((r) => r.method)).toEqual(['GET']);

    const changed = await target.deliver(
      new Map([['steward-checkout.yml', [group('steward-slo:a:record', 'vector(2)')]]])
    );
    expect(changed).toMatchObject({ written: ['steward-slo:a:record'], removed: ['steward-slo:b:record'] });
    expect([...ruler.namespaces.get('steward')!.keys()]).toEqual(['steward-slo:a:record']);

    const kept = await target.deliver(new Map(), { files: new Set(), groups: new Set(['steward-slo:a:record']) });
    expect(kept).toMatchObject({ applied: true, removed: [] });
    expect([...ruler.namespaces.get('steward')!.keys()]).toEqual(['steward-slo:a:record']);
  });

  it('reports a ruler that refuses or cannot be reached, with what it said', async () => {
    const refusing = await new RulerTarget({ url: `${url}/../../nowhere`, namespace: 'x', timeoutMs: 2000 }).deliver(
      new Map([['f.yml', [group('g')]]])
    );
    expect(refusing.applied).toBe(false);
    expect(refusing.error).toMatch(/the ruler refused POST .* \(HTTP 404\): not found/);
    const down = await new RulerTarget({ url: 'http://127.0.0.1:9/rules', namespace: 'x', timeoutMs: 2000 }).deliver(
      new Map([['f.yml', [group('g')]]])
    );
    expect(down.error).toMatch(/cannot reach the ruler/);
  });
});

describe('RuleDirectoryTarget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one file per service, reloads only on change, removes its own stale files and leaves others alone', async () => {
    let reloads = 0;
    const target = new RuleDirectoryTarget(dir, async () => {
      reloads++;
    });
    writeFileSync(join(dir, 'team-owned.yml'), 'groups: []\n');
    await target.deliver(
      new Map([
        ['steward-a.yml', [group('g1')]],
        ['steward-b.yml', [group('g2')]],
      ])
    );
    expect(readdirSync(dir).sort()).toEqual(['steward-a.yml', 'steward-b.yml', 'team-owned.yml']);
    expect(readFileSync(join(dir, 'steward-a.yml'), 'utf8')).toContain('# Generated by steward-server');
    expect(reloads).toBe(1);
    expect(
      (
        await target.deliver(
          new Map([
            ['steward-a.yml', [group('g1')]],
            ['steward-b.yml', [group('g2')]],
          ])
        )
      ).written
    ).toEqual([]);
    expect(reloads).toBe(1);
    const result = await target.deliver(new Map([['steward-a.yml', [group('g1')]]]));
    expect(result).toMatchObject({ written: [], removed: ['steward-b.yml'], applied: true });
    expect(readdirSync(dir).sort()).toEqual(['steward-a.yml', 'team-owned.yml']);
    expect(reloads).toBe(2);
  });

  it('leaves kept files (the last good rules of an SLO whose new ones would not load) in place', async () => {
    const target = new RuleDirectoryTarget(dir, async () => undefined);
    await target.deliver(new Map([['steward-slo-x.yml', [group('gx')]]]));
    const kept = { files: new Set(['steward-slo-x.yml']), groups: new Set<string>() };
    const result = await target.deliver(new Map(), kept);
    expect(result.removed).not.toContain('steward-slo-x.yml');
    expect(readFileSync(join(dir, 'steward-slo-x.yml'), 'utf8')).toContain('gx');
    expect((await target.deliver(new Map())).removed).toContain('steward-slo-x.yml');
  });

  it('retries a failed reload on the next delivery even when nothing changed', async () => {
    let fail = true;
    const target = new RuleDirectoryTarget(dir, async () => {
      if (fail) {
        throw new Error('Prometheus said no');
      }
    });
    const failed = await target.deliver(new Map([['steward-c.yml', [group('g3')]]]));
    expect(failed).toMatchObject({
      applied: false,
      error: 'rule files written, but Prometheus did not reload: Prometheus said no',
    });
    fail = false;
    expect(await target.deliver(new Map([['steward-c.yml', [group('g3')]]]))).toMatchObject({
      applied: true,
      written: [],
    });
  });
});
