import { describe, expect, it } from 'vitest';
import type { ServiceEntity } from '@steward/contract/model/service';
import { dependencyGraph } from './dependency-graph.js';

const service = (name: string, owner: string, dependsOn: string[] = []): ServiceEntity => ({
  apiVersion: 'steward.dev/v1',
  kind: 'Service',
  metadata: { name },
  spec: { owner, dependsOn },
});
// web → api → (db, cache); worker → db; api → ghost (not in the catalog)
const services = [
  service('web', 'shop', ['api']),
  service('api', 'shop', ['db', 'cache', 'ghost']),
  service('db', 'data'),
  service('cache', 'data'),
  service('worker', 'ops', ['db']),
];

describe('dependencyGraph', () => {
  it('follows dependsOn both ways up to the depth asked', () => {
    const one = dependencyGraph(services, ['api'], 1);
    expect(one.nodes.map((n) => n.name)).toEqual(['api', 'cache', 'db', 'ghost', 'web']);
    expect(one.edges).toEqual([
      { source: 'api', target: 'db' },
      { source: 'api', target: 'cache' },
      { source: 'api', target: 'ghost' },
      { source: 'web', target: 'api' },
    ]);
    expect(dependencyGraph(services, ['api'], 2).nodes.map((n) => n.name)).toContain('worker');
  });

  it('shows a dependency the catalog does not have as a node of its own, owned by nobody', () => {
    expect(dependencyGraph(services, ['api'], 1).nodes.find((n) => n.name === 'ghost')).toEqual({
      name: 'ghost',
      title: 'ghost',
      team: '',
      dependsOn: [],
    });
  });

  it('is every service when none is chosen', () => {
    expect(dependencyGraph(services, undefined, 1).nodes).toHaveLength(5);
  });
});
