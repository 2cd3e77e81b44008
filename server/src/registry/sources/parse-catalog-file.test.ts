import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../validation/issue.js';
import { checkReferences } from '../model/check-references.js';
import { composeFiles } from './compose-files.js';
import { parseCatalogFile } from './parse-catalog-file.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const parse = (path: string, text: string, max?: number) => parseCatalogFile(path, bytes(text), max);
const messages = (issues: Array<Parameters<typeof formatIssue>[0]>) => issues.map(formatIssue);

const TEAM = `apiVersion: steward.dev/v1
kind: Team
metadata:
  name: payments
  title: Payments
spec:
  parent: commerce
  members:
    - login: alice
`;
const SERVICE = `apiVersion: steward.dev/v1
kind: Service
metadata:
  name: checkout
spec:
  owner: payments
  tier: tier-1
  telemetry:
    - service="checkout"
`;

describe('parseCatalogFile: native documents', () => {
  it('reads teams and services with their lines', () => {
    const file = parse('teams.yaml', `${TEAM}---\n${SERVICE}`);
    expect(file.issues).toEqual([]);
    expect(file.entities.map((e) => [e.entity.kind, e.entity.metadata.name, e.line])).toEqual([
      ['Team', 'payments', 4],
      ['Service', 'checkout', 14],
    ]);
    expect(file.entities[1]!.fieldLines).toEqual({ 'spec.owner': 16 });
  });

  it('refuses an on-call shift of zero length, which would make every hand-off the same instant', () => {
    const zero = `apiVersion: steward.dev/v1
kind: Team
metadata:
  name: night-shift
spec:
  onCall:
    rotation: { members: [ann], start: 2026-01-05T09:00:00Z, shift: 0d }
`;
    const file = parse('teams.yaml', `${TEAM}---\n${zero}`);
    expect(file.entities.map((e) => e.entity.metadata.name)).toEqual(['payments']);
    expect(messages(file.issues)).toEqual([
      'teams.yaml:17:69: spec.onCall.rotation.shift: must match pattern "^[1-9]\\d*(m|h|d|w)$"',
    ]);
  });

  it('rejects an entry with wrong types, naming file, line and field, and keeps the others', () => {
    const bad = `apiVersion: steward.dev/v1
kind: Service
metadata:
  name: search
spec:
  owner: discovery
  tier: 7
  runbooks: "https://wiki/search"
  colour: blue
`;
    const file = parse('catalog/services.yaml', `${SERVICE}---\n${bad}`);
    expect(file.entities.map((e) => e.entity.metadata.name)).toEqual(['checkout']);
    expect(file.rejected).toEqual([{ kind: 'Service', name: 'search' }]);
    expect(messages(file.issues)).toEqual([
      'catalog/services.yaml:17:9: spec.tier: must be one of "tier-1", "tier-2", "tier-3", "tier-4"',
      'catalog/services.yaml:18:13: spec.runbooks: must be array',
      'catalog/services.yaml:19:11: spec.colour: is not a known field',
    ]);
  });

  it('reports an invalid telemetry matcher with the parser’s column', () => {
    const file = parse('s.yaml', SERVICE.replace('service="checkout"', 'service=checkout'));
    expect(messages(file.issues)).toEqual([
      's.yaml:9:7: spec.telemetry[0]: is not a PromQL label matcher (expected e.g. service="checkout") (at column 9)',
    ]);
  });

  it('reports a duplicate inside one file and keeps the first', () => {
    const file = parse('dup.yaml', `${SERVICE}---\n${SERVICE}`);
    expect(file.entities).toHaveLength(1);
    expect(messages(file.issues)).toEqual([
      'dup.yaml:14:1: metadata.name: Service "checkout" is already defined at line 4 of this file',
    ]);
  });

  it('names the allowed apiVersions and kinds', () => {
    const file = parse(
      'x.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: steward.dev/v1\nkind: Robot\nmetadata:\n  name: r\nspec: {}\n'
    );
    expect(messages(file.issues)).toEqual([
      'x.yaml:1:13: apiVersion: must be "steward.dev/v1", a Backstage apiVersion (backstage.io/v1alpha1, backstage.io/v1beta1), "openslo/v1" or "sloth.slok.dev/v1" (or a Sloth file with version: "prometheus/v1")',
      'x.yaml:7:7: kind: must be one of "Team", "Service", "System", "SLO"',
    ]);
  });
});

describe('parseCatalogFile: files that cannot be read keep their last good state', () => {
  it('marks malformed YAML unreadable with the line', () => {
    const file = parse('broken.yaml', `${TEAM}---\nkind: Service\nmetadata: [unclosed\n`);
    expect(file.unreadable).toBe(true);
    expect(file.entities).toEqual([]);
    expect(file.issues[0]).toMatchObject({ severity: 'error', source: 'broken.yaml', line: expect.any(Number) });
    expect(file.issues[0]!.message).toMatch(/^YAML: /);
  });

  it('marks non-UTF-8 files unreadable with the offset of the first bad byte', () => {
    const latin1 = Uint8Array.from([
      ...bytes('apiVersion: steward.dev/v1\nkind: Team\nmetadata:\n  name: caf'),
      0xe9,
      0x0a,
    ]);
    const file = parseCatalogFile('latin1.yaml', latin1);
    expect(file.unreadable).toBe(true);
    expect(messages(file.issues)).toEqual(['latin1.yaml:4:1: is not valid UTF-8 (byte 59, line 4); save it as UTF-8']);
  });

  it('refuses files over the size limit without parsing them', () => {
    const huge = `${SERVICE}# ${'x'.repeat(2000)}\n`;
    const file = parse('huge.yaml', huge, 1000);
    expect(file.unreadable).toBe(true);
    expect(messages(file.issues)[0]).toMatch(
      /^huge\.yaml: is \d+ bytes, over the 1000-byte limit for one catalog file; split it$/
    );
  });

  it('survives an alias bomb', () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    const file = parse('bomb.yaml', bomb);
    expect(file.unreadable).toBe(true);
    expect(file.issues[0]!.message).toMatch(/^YAML: Excessive alias count/);
  });
});

describe('Backstage catalog-info files', () => {
  const backstage = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: Payments
spec:
  type: team
  parent: group:default/commerce
  profile: { displayName: Payments Team, email: payments@example.com }
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  profile: { displayName: Alice A, email: alice@example.com }
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api
  description: Takes orders.
  annotations:
    github.com/project-slug: acme/checkout
    grafana/alert-label-selector: "service=checkout-api"
    steward.dev/tier: "1"
  links:
    - url: https://runbooks.example.com/checkout
      title: Checkout runbook
    - url: https://grafana.example.com/d/abc
      title: Dashboard
spec:
  type: service
  lifecycle: production
  owner: payments
  system: shop
  dependsOn: [component:payments-api, resource:default/orders-db]
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: shop
spec:
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: checkout-openapi
spec: {}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: side-project
spec:
  type: service
  lifecycle: experimental
  owner: user:bob
`;

  it('imports Group, User, Component and System as is, and counts the kinds it skips', () => {
    const file = parse('catalog-info.yaml', backstage);
    const composed = composeFiles([file]);
    const byName = Object.fromEntries(composed.entities.map((e) => [e.entity.metadata.name, e.entity]));
    expect(byName.payments).toEqual({
      apiVersion: 'steward.dev/v1',
      kind: 'Team',
      metadata: { name: 'payments', title: 'Payments Team' },
      spec: {
        parent: 'commerce',
        contacts: { email: 'payments@example.com' },
        members: [{ login: 'alice', name: 'Alice A', email: 'alice@example.com' }],
      },
    });
    expect(byName['checkout-api']).toMatchObject({
      kind: 'Service',
      metadata: { name: 'checkout-api', description: 'Takes orders.' },
      spec: {
        owner: 'payments',
        tier: 'tier-1',
        lifecycle: 'production',
        system: 'shop',
        dependsOn: ['payments-api'],
        runbooks: [{ url: 'https://runbooks.example.com/checkout', title: 'Checkout runbook' }],
        links: [{ url: 'https://grafana.example.com/d/abc', title: 'Dashboard' }],
        repo: 'https://github.com/acme/checkout',
        telemetry: ['service="checkout-api"'],
      },
    });
    expect(byName.shop).toMatchObject({ kind: 'System', spec: { owner: 'payments' } });
    expect(file.skipped).toEqual({ API: 1 });
    expect(messages(file.issues)).toEqual([
      'catalog-info.yaml:60:10: spec.owner: names a user (user:bob); Steward needs an owning team (a Backstage Group)',
    ]);
  });

  it('reports every fault of a document at its field, telling a wrong type from a missing field', () => {
    const file = parse(
      'catalog-info.yaml',
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: cart
  annotations:
    steward.dev/tier: gold
    steward.dev/telemetry: job=~"cart(-api"
  links: [{ title: no url }]
spec:
  type: service
  lifecycle: [production]
  owner: 5
  dependsOn: component:payments-api
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: shop
spec:
  type: team
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: basket
  annotations:
    steward.dev/telemetry: job=~"basket(-api"
spec:
  type: service
  lifecycle: beta
  owner: shop
`
    );
    expect(messages(file.issues)).toEqual([
      'catalog-info.yaml:6:23: metadata.annotations.steward.dev/tier: "gold" is not a tier: use 1 to 4 (or tier-1 … tier-4)',
      'catalog-info.yaml:8:11: metadata.links[0].url: is required',
      'catalog-info.yaml:11:14: spec.lifecycle: must be string',
      'catalog-info.yaml:12:10: spec.owner: must be string',
      'catalog-info.yaml:13:14: spec.dependsOn: must be array',
      'catalog-info.yaml:20:3: spec.children: is required',
      'catalog-info.yaml:27:28: metadata.annotations.steward.dev/telemetry: has an invalid regular expression in job=~"basket(-api": missing closing ): `basket(-api` (at column 7)',
      'catalog-info.yaml:30:14: spec.lifecycle: "beta" is not a lifecycle Steward knows (experimental, production, deprecated, retired); the service has none',
    ]);
    expect(file.issues.map((i) => i.severity)).toEqual([...Array(7).fill('error'), 'warning']);
    expect(file.rejected).toEqual(
      expect.arrayContaining([
        { kind: 'Service', name: 'cart' },
        { kind: 'Team', name: 'shop' },
      ])
    );
    expect(file.entities).toEqual([]);
  });
});

describe('composeFiles and checkReferences across files', () => {
  it('between two new files keeps the entry from the one that sorts first, and reports the other in its file', () => {
    const composed = composeFiles([parse('b.yaml', SERVICE), parse('a.yaml', SERVICE)]);
    expect(composed.entities.map((e) => e.path)).toEqual(['a.yaml']);
    expect(messages(composed.issues)).toEqual([
      'b.yaml:4:1: metadata.name: Service "checkout" is already defined in a.yaml:4 (owner payments), which keeps it; this one is ignored. Rename it, or remove it from a.yaml first',
    ]);
  });

  it('keeps the entry with the file it is stored from, however the newcomer’s file sorts', () => {
    const taker = SERVICE.replace('owner: payments', 'owner: mallory');
    const composed = composeFiles([parse('b.yaml', SERVICE), parse('0-new.yaml', taker)], (key) =>
      key === 'Service/checkout' ? 'b.yaml' : undefined
    );
    expect(composed.entities.map((e) => [e.path, (e.entity.spec as { owner: string }).owner])).toEqual([
      ['b.yaml', 'payments'],
    ]);
    expect(messages(composed.issues)).toEqual([
      '0-new.yaml:4:1: metadata.name: Service "checkout" is already defined in b.yaml:4 (owner payments), which keeps it; this one is ignored. Rename it, or remove it from b.yaml first',
    ]);
  });

  it('loads a service whose owner does not exist, and says so at the owner field', () => {
    const composed = composeFiles([parse('svc.yaml', SERVICE)]);
    expect(composed.entities).toHaveLength(1);
    expect(messages(checkReferences(composed.entities))).toEqual([
      'svc.yaml:6:1: spec.owner: owner team "payments" does not exist',
    ]);
  });

  it('reports each team in a parent cycle, and nothing is dropped', () => {
    const team = (name: string, parent: string) =>
      `apiVersion: steward.dev/v1\nkind: Team\nmetadata:\n  name: ${name}\nspec:\n  parent: ${parent}\n`;
    const composed = composeFiles([
      parse('teams.yaml', [team('a', 'b'), team('b', 'c'), team('c', 'a'), team('d', 'a')].join('---\n')),
    ]);
    expect(composed.entities).toHaveLength(4);
    expect(messages(checkReferences(composed.entities))).toEqual([
      'teams.yaml:6:1: spec.parent: team parents form a cycle: a → b → c → a',
      'teams.yaml:13:1: spec.parent: team parents form a cycle: a → b → c → a',
      'teams.yaml:20:1: spec.parent: team parents form a cycle: a → b → c → a',
    ]);
  });
});
