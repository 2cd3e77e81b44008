import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDemoCatalog, demoCatalogTruth } from '../harness/catalog-files.js';
import { startPostgres, type RunningPostgres } from '../harness/postgres.js';
import { startPrometheus, type RunningPrometheus } from '../harness/prometheus.js';
import { startSteward, type ApiInit, type RunningSteward } from '../harness/steward.js';
import type { TempDir } from '../harness/temp-dir.js';

let prometheus: RunningPrometheus;
let postgres: RunningPostgres;
beforeAll(async () => {
  [prometheus, postgres] = await Promise.all([startPrometheus(), startPostgres()]);
});
afterAll(async () => {
  await Promise.all([prometheus?.stop(), postgres?.stop()]);
});

const truth = demoCatalogTruth();
const editor = (user: string): ApiInit => ({ user, routeRole: 'Editor' });
const admin: ApiInit = { user: 'root', routeRole: 'Admin' };

const newService = (name: string, owner: string, extra: object = {}) => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Service',
  metadata: { name, title: `Service ${name}` },
  spec: { owner, tier: 'tier-2', lifecycle: 'production', ...extra },
});

describe.each(['sqlite', 'postgres'] as const)('registry API on %s', (dialect) => {
  let catalog: TempDir;
  let steward: RunningSteward;
  const json = async (path: string, init?: ApiInit) => {
    const response = await steward.api(path, init);
    return {
      status: response.status,
      etag: response.headers.get('etag'),
      body: await response.json().catch(() => undefined),
    };
  };

  beforeAll(async () => {
    catalog = copyDemoCatalog();
    steward = await startSteward({
      prometheusUrl: prometheus.url,
      ...(dialect === 'postgres' ? { databaseUrl: await postgres.createDatabase('registry_api') } : {}),
      env: { STEWARD_CATALOG_DIR: catalog.path, STEWARD_CATALOG_POLL_SECONDS: '1' },
    });
  });
  afterAll(async () => {
    await steward?.stop();
    catalog?.remove();
  });

  it('loads the whole demo catalog, native and Backstage files', async () => {
    const services = await json('/api/v1/services?limit=1');
    const teams = await json('/api/v1/teams?limit=1');
    expect(services.body.totalItems).toBe(truth.services.length);
    expect(teams.body.totalItems).toBe(truth.teams.length);
    const status = await json('/api/v1/catalog/status');
    expect(status.body.files.every((f: { unreadable: boolean }) => !f.unreadable)).toBe(true);
    expect(status.body.issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        source: 'services/legacy.yaml',
        line: 9,
        field: 'spec.owner',
        message: 'owner team "bi-team" does not exist',
      }),
    ]);
  });

  it('filters by team including sub-teams, with facet counts that match the catalog', async () => {
    const commerce = truth.subtree('commerce');
    const expected = truth.services.filter((s) => commerce.has(s.owner));
    const page = await json('/api/v1/services?team=commerce&limit=200');
    expect(page.body.items.map((i: any) => i.entity.metadata.name).sort()).toEqual(expected.map((s) => s.name).sort());
    const tierCounts = Object.fromEntries(
      page.body.facets.tier.map((f: { value: string; count: number }) => [f.value, f.count])
    );
    const expectedTiers: Record<string, number> = {};
    for (const s of expected) {
      expectedTiers[s.tier ?? ''] = (expectedTiers[s.tier ?? ''] ?? 0) + 1;
    }
    expect(tierCounts).toEqual(expectedTiers);
    // The owner facet ignores the owner filter itself, so it lists every team's count.
    expect(page.body.facets.owner.reduce((n: number, f: { count: number }) => n + f.count, 0)).toBe(
      truth.services.length
    );

    const direct = await json('/api/v1/services?team=commerce&includeSubteams=false');
    expect(direct.body.totalItems).toBe(0);
    const tier1Payments = await json('/api/v1/services?team=payments&tier=tier-1&lifecycle=production');
    expect(tier1Payments.body.totalItems).toBe(
      truth.services.filter((s) => s.owner === 'payments' && s.tier === 'tier-1').length
    );
  });

  it('searches name, title and description, all words required', async () => {
    const page = await json('/api/v1/services?q=PAYMENTS%20api');
    expect(page.body.items.map((i: any) => i.entity.metadata.name)).toEqual(['payments-api']);
    const literal = await json('/api/v1/services?q=%25');
    expect(literal.body.totalItems).toBe(0); // "%" is a character to find, not a wildcard
  });

  it('pages with cursors through every service exactly once, in name order', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await json(`/api/v1/services?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      names.push(...page.body.items.map((i: any) => i.entity.metadata.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(truth.services.length / 7));
    expect(names).toEqual(truth.services.map((s) => s.name).sort());
    expect((await json('/api/v1/services?cursor=garbage')).status).toBe(400);
    const teamsCursor = (await json('/api/v1/teams?limit=2')).body.nextCursor;
    const mixed = await json(`/api/v1/services?cursor=${encodeURIComponent(teamsCursor)}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toBe(
      'the cursor pages through Team entries, not Service; start from the first page'
    );
    const oddTypes = Buffer.from(JSON.stringify({ filter: { kind: 'Service', q: 5 }, after: 'a' })).toString(
      'base64url'
    );
    expect((await json(`/api/v1/services?cursor=${oddTypes}`)).status).toBe(400);
  });

  it('creates, updates and deletes with ETag / If-Match, refusing stale and blind writes', async () => {
    const created = await json('/api/v1/services', {
      method: 'POST',
      json: newService('gift-cards', 'checkout'),
      ...editor('alice'),
    });
    expect(created.status).toBe(201);
    expect(created.etag).toBe('"1"');
    expect(created.body).toMatchObject({ origin: { source: 'api' }, version: 1, updatedBy: 'alice', readOnly: false });

    const changed = newService('gift-cards', 'checkout', { tier: 'tier-1' });
    const blind = await json('/api/v1/services/gift-cards', { method: 'PUT', json: changed, ...editor('alice') });
    expect(blind.status).toBe(428);
    const first = await json('/api/v1/services/gift-cards', {
      method: 'PUT',
      json: changed,
      headers: { 'if-match': '"1"' },
      ...editor('bruno'),
    });
    expect(first.status).toBe(200);
    expect(first.etag).toBe('"2"');
    const stale = await json('/api/v1/services/gift-cards', {
      method: 'PUT',
      json: newService('gift-cards', 'checkout'),
      headers: { 'if-match': '"1"' },
      ...editor('alice'),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('changed since you read it (now version 2, by bruno');

    const removed = await steward.api('/api/v1/services/gift-cards', {
      method: 'DELETE',
      headers: { 'if-match': '"2"' },
      ...editor('chen'),
    });
    expect(removed.status).toBe(204);
    expect((await json('/api/v1/services/gift-cards')).status).toBe(404);

    // Created again, the name must not reuse a version: an ETag read before the delete is stale.
    const again = await json('/api/v1/services', {
      method: 'POST',
      json: newService('gift-cards', 'checkout'),
      ...editor('alice'),
    });
    expect(again.status).toBe(201);
    expect(again.etag).toBe('"4"');
    for (const old of ['"1"', '"2"']) {
      const fromBefore = await json('/api/v1/services/gift-cards', {
        method: 'PUT',
        json: changed,
        headers: { 'if-match': old },
        ...editor('bruno'),
      });
      expect(fromBefore.status).toBe(409);
    }
    const cleanup = await steward.api('/api/v1/services/gift-cards', {
      method: 'DELETE',
      headers: { 'if-match': again.etag! },
      ...admin,
    });
    expect(cleanup.status).toBe(204);
  });

  it('answers two creates of one name at once with one 201 and one 409, never a 500', async () => {
    const [a, b] = await Promise.all(
      ['alice', 'bruno'].map((user) =>
        json('/api/v1/services', { method: 'POST', json: newService('race-card', 'checkout'), ...editor(user) })
      )
    );
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    const created = a!.status === 201 ? a! : b!;
    const cleanup = await steward.api('/api/v1/services/race-card', {
      method: 'DELETE',
      headers: { 'if-match': created.etag! },
      ...admin,
    });
    expect(cleanup.status).toBe(204);
  });

  it('lets only members of an owning team (or Admins) change a service', async () => {
    const stranger = await json('/api/v1/services', {
      method: 'POST',
      json: newService('fx-rates', 'payments'),
      ...editor('alice'),
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe(
      'creating service "fx-rates" for team payments needs rights on team payments: alice is not a member of payments or a team above it (commerce, engineering)'
    );
    const viewer = await json('/api/v1/services', {
      method: 'POST',
      json: newService('fx-rates', 'payments'),
      user: 'dana',
      routeRole: 'Viewer',
    });
    expect(viewer.status).toBe(403);
    const parentMember = await json('/api/v1/services', {
      method: 'POST',
      json: newService('fx-rates', 'payments'),
      ...editor('hana'),
    }); // commerce
    expect(parentMember.status).toBe(201);
    const asAdmin = await steward.api('/api/v1/services/fx-rates', {
      method: 'DELETE',
      headers: { 'if-match': '"1"' },
      ...admin,
    });
    expect(asAdmin.status).toBe(204);
    const anonymous = await json('/api/v1/services', {
      method: 'POST',
      json: newService('x', 'payments'),
      routeRole: 'Editor',
    });
    expect(anonymous.status).toBe(401);
  });

  it('takes SLOs from their service’s owners: they clear its "no SLO" drift, and the service cannot go while they exist', async () => {
    const noSlo = async () =>
      (await json('/api/v1/ownership/health?team=payments')).body.findings.filter(
        (f: { rule: string; name: string }) => f.rule === 'service-no-slo' && f.name === 'refunds'
      );
    expect(await noSlo()).toHaveLength(1);
    const definition = {
      apiVersion: 'steward.dev/v1',
      kind: 'SLO',
      metadata: { name: 'refunds-availability' },
      spec: {
        service: 'refunds',
        sli: {
          ratio: {
            bad: 'http_requests_total{service="refunds",code=~"5.."}',
            total: 'http_requests_total{service="refunds"}',
          },
        },
        objectives: [{ target: 99.5 }],
      },
    };
    const stranger = await json('/api/v1/slos', { method: 'POST', json: definition, ...editor('alice') });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toContain(
      'creating SLO "refunds-availability" on service refunds (team payments) needs rights on team payments'
    );
    const created = await json('/api/v1/slos', { method: 'POST', json: definition, ...editor('dana') });
    expect(created.status).toBe(201);
    expect(await noSlo()).toEqual([]);
    const bySlo = await json('/api/v1/slos?service=refunds');
    expect(bySlo.body.items.map((i: any) => i.entity.metadata.name)).toEqual(['refunds-availability']);
    const byTeam = await json('/api/v1/slos?team=commerce');
    expect(byTeam.body.items.map((i: any) => i.entity.metadata.name)).toContain('refunds-availability');
    expect((await json('/api/v1/slos?team=growth')).body.totalItems).toBe(0);

    const service = await json('/api/v1/services/refunds');
    expect(service.body.readOnly).toBe(true); // a file entry; the API refuses before anything else
    const removed = await steward.api('/api/v1/slos/refunds-availability', {
      method: 'DELETE',
      headers: { 'if-match': created.etag! },
      ...editor('dana'),
    });
    expect(removed.status).toBe(204);
    expect(await noSlo()).toHaveLength(1);
  });

  it('refuses to delete a service that still has SLOs', async () => {
    const service = newService('loyalty', 'checkout');
    const created = await json('/api/v1/services', { method: 'POST', json: service, ...admin });
    const slo = await json('/api/v1/slos', {
      method: 'POST',
      json: {
        apiVersion: 'steward.dev/v1',
        kind: 'SLO',
        metadata: { name: 'loyalty-up' },
        spec: {
          service: 'loyalty',
          sli: { probe: { metric: 'probe_success{instance="loyalty"}' } },
          objectives: [{ target: 99 }],
        },
      },
      ...admin,
    });
    expect(slo.status).toBe(201);
    const refused = await json('/api/v1/services/loyalty', {
      method: 'DELETE',
      headers: { 'if-match': created.etag! },
      ...admin,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('service "loyalty" still has 1 SLO(s); delete or move them first');
    await steward.api('/api/v1/slos/loyalty-up', { method: 'DELETE', headers: { 'if-match': slo.etag! }, ...admin });
    const gone = await steward.api('/api/v1/services/loyalty', {
      method: 'DELETE',
      headers: { 'if-match': created.etag! },
      ...admin,
    });
    expect(gone.status).toBe(204);
  });

  it('draws the services around one along dependsOn, both ways, with each one’s SLO health', async () => {
    const graph = (await json('/api/v1/dependency-graph?service=payments-api&depth=1')).body;
    const payments = truth.services.find((s) => s.name === 'payments-api')!;
    const dependents = truth.services.filter((s) => s.dependsOn.includes('payments-api')).map((s) => s.name);
    expect(graph.nodes.map((n: { service: string }) => n.service).sort()).toEqual(
      [...new Set(['payments-api', ...payments.dependsOn, ...dependents])].sort()
    );
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        ...payments.dependsOn.map((target) => ({ source: 'payments-api', target })),
        ...dependents.map((source) => ({ source, target: 'payments-api' })),
      ])
    );
    const node = graph.nodes.find((n: { service: string }) => n.service === 'payments-api');
    expect(node).toMatchObject({
      team: 'payments',
      known: true,
      url: '/a/steward-ownership-app/services/payments-api',
    });
    expect(node.slos).toBeGreaterThan(0); // the demo catalog's SLO files
    const team = (await json('/api/v1/dependency-graph?team=payments&depth=0')).body;
    expect(team.nodes.map((n: { service: string }) => n.service).sort()).toEqual(
      truth.services
        .filter((s) => s.owner === 'payments')
        .map((s) => s.name)
        .sort()
    );
  });

  it('keeps catalog-file entries read-only and says which file to change', async () => {
    const current = await json('/api/v1/services/payments-api');
    expect(current.body.readOnly).toBe(true);
    const attempt = await json('/api/v1/services/payments-api', {
      method: 'PUT',
      json: current.body.entity,
      headers: { 'if-match': current.etag! },
      ...editor('dana'),
    });
    expect(attempt.status).toBe(409);
    expect(attempt.body.error.message).toBe(
      `Service "payments-api" is defined in the catalog file services/payments.yaml:${current.body.origin.line}; change it there`
    );
  });

  it('refuses wrong types in a body instead of converting them, as for catalog files', async () => {
    const body = newService('typo', 'checkout', { dependsOn: 'cart' });
    const wrong = await json('/api/v1/services', {
      method: 'POST',
      json: { ...body, metadata: { ...body.metadata, title: 5 } },
      ...editor('alice'),
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      { field: 'metadata.title', message: 'must be string' },
      { field: 'spec.dependsOn', message: 'must be array' },
    ]);
    expect((await json('/api/v1/services/typo')).status).toBe(404);
  });

  it('validates API writes strictly, naming every field', async () => {
    const bad = await json('/api/v1/services', {
      method: 'POST',
      json: newService('NOT OK', 'nobody', { tier: 'gold', dependsOn: ['ghost'] }),
      ...editor('alice'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'metadata.name',
      'spec.tier',
    ]);
    const dangling = await json('/api/v1/services', {
      method: 'POST',
      json: newService('orphan', 'nobody', { dependsOn: ['ghost'] }),
      ...admin,
    });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.details).toEqual([
      { field: 'spec.owner', message: 'team "nobody" does not exist' },
      { field: 'spec.dependsOn', message: 'services do not exist: ghost' },
    ]);
    const cycle = await json('/api/v1/teams', {
      method: 'POST',
      json: { apiVersion: 'steward.dev/v1', kind: 'Team', metadata: { name: 'loop' }, spec: { parent: 'loop' } },
      ...admin,
    });
    expect(cycle.status).toBe(400);
  });

  it('records every change in the audit log: who, when, what, before and after', async () => {
    const created = await json('/api/v1/services', {
      method: 'POST',
      json: newService('audited', 'checkout'),
      ...editor('chen'),
    });
    await json('/api/v1/services/audited', {
      method: 'PUT',
      json: newService('audited', 'checkout', { tier: 'tier-4' }),
      headers: { 'if-match': created.etag! },
      ...editor('chen'),
    });
    const log = await json('/api/v1/audit?kind=Service&name=audited');
    expect(log.body.items.map((e: any) => [e.action, e.actor, e.source])).toEqual([
      ['update', 'chen', 'api'],
      ['create', 'chen', 'api'],
    ]);
    expect(log.body.items[0].before.spec.tier).toBe('tier-2');
    expect(log.body.items[0].after.spec.tier).toBe('tier-4');
    const fileLoads = await json('/api/v1/audit?kind=Service&name=payments-api');
    expect(fileLoads.body.items[0]).toMatchObject({
      action: 'create',
      actor: 'file:services/payments.yaml',
      source: 'file',
    });
    const removed = await steward.api('/api/v1/services/audited', {
      method: 'DELETE',
      headers: { 'if-match': '"2"' },
      ...editor('chen'),
    });
    expect(removed.status).toBe(204);
    const deletion = (await json('/api/v1/audit?name=audited')).body.items[0];
    expect(deletion).toMatchObject({ action: 'delete', actor: 'chen', before: { metadata: { name: 'audited' } } });
    expect(deletion).not.toHaveProperty('after');
  });

  const fileUpdatesOf = async (name: string) =>
    ((await json(`/api/v1/audit?name=${name}`)).body.items as Array<{ action: string; actor: string }>).filter(
      (i) => i.action === 'update' && i.actor.startsWith('file:')
    ).length;

  it('applies file edits on reload, and keeps the last good state of a file that breaks', async () => {
    const file = join(catalog.path, 'services/payments.yaml');
    const original = readFileSync(file, 'utf8');
    const updatesBefore = await fileUpdatesOf('refunds');
    try {
      writeFileSync(
        file,
        original.replace('name: refunds\n  title: Refunds', 'name: refunds\n  title: Refunds and chargebacks')
      );
      let status = await json('/api/v1/catalog/reload', { method: 'POST', ...admin });
      // The folder is also followed every second, so the poll may have applied the edit just
      // before this reload (which then finds nothing to do): either way it is applied once.
      expect(status.body.lastReload).toMatchObject({ created: 0, deleted: 0 });
      expect(status.body.lastReload.updated).toBeLessThanOrEqual(1);
      expect((await json('/api/v1/services/refunds')).body.entity.metadata.title).toBe('Refunds and chargebacks');
      expect(await fileUpdatesOf('refunds')).toBe(updatesBefore + 1);
      const audit = await json('/api/v1/audit?name=refunds');
      expect(audit.body.items[0]).toMatchObject({ action: 'update', actor: 'file:services/payments.yaml' });

      // Break the file: nothing it defined goes away, and the error says where.
      writeFileSync(file, `${original}\n---\nkind: Service\nmetadata: [broken\n`);
      status = await json('/api/v1/catalog/reload', { method: 'POST', ...admin });
      expect(status.body.lastReload).toMatchObject({ updated: 0, created: 0, deleted: 0 });
      const problem = status.body.issues.find((i: any) => i.source === 'services/payments.yaml');
      expect(problem).toMatchObject({ severity: 'error', line: expect.any(Number) });
      expect((await json('/api/v1/services/refunds')).body.entity.metadata.title).toBe('Refunds and chargebacks');
      expect((await json('/api/v1/services?team=payments')).body.totalItems).toBe(
        truth.services.filter((s) => s.owner === 'payments').length
      );

      // An invalid entry keeps its last good version; its neighbours still update.
      writeFileSync(
        file,
        original.replace(
          'name: ledger\n  title: Ledger\n  description: Ledger for the Acme shop.\nspec:\n  owner: payments\n  tier: tier-1',
          'name: ledger\n  title: Ledger\n  description: Ledger for the Acme shop.\nspec:\n  owner: payments\n  tier: platinum'
        )
      );
      status = await json('/api/v1/catalog/reload', { method: 'POST', ...admin });
      expect(status.body.issues.find((i: any) => i.entity?.name === 'ledger')).toMatchObject({
        field: 'spec.tier',
        severity: 'error',
      });
      expect((await json('/api/v1/services/ledger')).body.entity.spec.tier).toBe('tier-1');
      expect((await json('/api/v1/services/refunds')).body.entity.metadata.title).toBe('Refunds'); // back to the original text
    } finally {
      writeFileSync(file, original);
      await json('/api/v1/catalog/reload', { method: 'POST', ...admin });
    }
  });

  it('reports an oversized file and a non-UTF-8 file by name, and loses nothing else', async () => {
    const huge = join(catalog.path, 'services/huge.yaml');
    const latin1 = join(catalog.path, 'services/latin1.yaml');
    const before = (await json('/api/v1/services?limit=1')).body.totalItems;
    const hugeText = `# ${'x'.repeat(9 * 1024 * 1024)}\n`;
    const latin1Prefix = Buffer.from('apiVersion: steward.dev/v1\nkind: Service\nmetadata:\n  name: caf');
    writeFileSync(huge, hugeText);
    writeFileSync(latin1, Buffer.concat([latin1Prefix, Buffer.from([0xe9, 0x0a])]));
    try {
      const status = await json('/api/v1/catalog/reload', { method: 'POST', ...admin });
      const messages = status.body.issues.map((i: any) => `${i.source}${i.line ? `:${i.line}` : ''}: ${i.message}`);
      expect(messages).toContain(
        `services/huge.yaml: is ${Buffer.byteLength(hugeText)} bytes, over the 8388608-byte limit for one catalog file; split it`
      );
      expect(messages).toContain(
        `services/latin1.yaml:4: is not valid UTF-8 (byte ${latin1Prefix.length}, line 4); save it as UTF-8`
      );
      expect((await json('/api/v1/services?limit=1')).body.totalItems).toBe(before);
    } finally {
      rmSync(huge);
      rmSync(latin1);
      await json('/api/v1/catalog/reload', { method: 'POST', ...admin });
    }
  });

  it('follows the folder by itself: a new file appears; a removed file leaves an orphan an Admin deletes', async () => {
    const extra = join(catalog.path, 'services/extra.yaml');
    writeFileSync(
      extra,
      'apiVersion: steward.dev/v1\nkind: Service\nmetadata:\n  name: watched\nspec:\n  owner: sre\n'
    );
    const deadline = Date.now() + 15_000;
    while ((await json('/api/v1/services/watched')).status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await json('/api/v1/services/watched')).body.origin).toEqual({
      source: 'file',
      path: 'services/extra.yaml',
      line: 4,
    });
    rmSync(extra);
    while (!(await json('/api/v1/services/watched')).body.origin.orphaned && Date.now() < deadline + 15_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const orphan = await json('/api/v1/services/watched');
    expect(orphan.body.origin.orphaned.reason).toBe('its catalog file services/extra.yaml is gone');
    const byEditor = await json('/api/v1/services/watched', {
      method: 'DELETE',
      headers: { 'if-match': orphan.etag! },
      ...editor('sam'),
    });
    expect(byEditor.status).toBe(409);
    const removed = await steward.api('/api/v1/services/watched', {
      method: 'DELETE',
      headers: { 'if-match': orphan.etag! },
      ...admin,
    });
    expect(removed.status).toBe(204);
    expect((await json('/api/v1/audit?name=watched')).body.items.map((e: any) => e.action)).toEqual([
      'delete',
      'orphan',
      'create',
    ]);
  });

  it('shows a team with its sub-teams, services through sub-teams, on-call and escalation', async () => {
    const overview = await json('/api/v1/teams/commerce/overview');
    expect(overview.body.children.map((c: { name: string }) => c.name)).toEqual(['checkout', 'discovery', 'payments']);
    expect(overview.body.ancestors.map((a: { name: string }) => a.name)).toEqual(['engineering']);
    expect(overview.body.services.direct).toEqual([]);
    expect(overview.body.services.throughSubteams).toHaveLength(
      truth.services.filter((s) => truth.subtree('commerce').has(s.owner)).length
    );
    const checkout = await json('/api/v1/teams/checkout/overview');
    expect(checkout.body.onCall.rotation).toEqual(
      expect.objectContaining({ current: expect.any(String), next: expect.any(String) })
    );
    expect(checkout.body.team.entity.spec.escalation).toHaveLength(3);
    const service = await json('/api/v1/services/ledger/overview');
    expect(service.body.dependents.map((d: { name: string }) => d.name).sort()).toEqual(['payments-api', 'refunds']);
    expect(service.body.owner.team.entity.metadata.name).toBe('payments');
  });

  it('tells a user which teams they are in', async () => {
    expect((await json('/api/v1/me', editor('editor'))).body).toEqual({
      login: 'editor',
      role: 'Editor',
      teams: ['checkout'],
    });
  });
});
