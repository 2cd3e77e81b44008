import type { ServiceEntity } from '@steward/contract/model/service';

export interface GraphService {
  name: string;
  title: string;
  team: string;
  tier?: string;
  dependsOn: string[];
}

export interface DependencyGraph {
  nodes: GraphService[];
  /** `source` depends on `target`. */
  edges: Array<{ source: string; target: string }>;
}

/**
 * The services around the chosen ones, following `dependsOn` both ways up to `depth` hops
 * (every service when none is chosen). Edges to services the catalog does not have are kept
 * with a node named after them, so a dangling dependency shows. Pure.
 */
export function dependencyGraph(
  services: ServiceEntity[],
  start: string[] | undefined,
  depth: number
): DependencyGraph {
  const byName = new Map(services.map((s) => [s.metadata.name, s]));
  const dependents = new Map<string, string[]>();
  for (const service of services) {
    for (const target of service.spec.dependsOn ?? []) {
      dependents.set(target, [...(dependents.get(target) ?? []), service.metadata.name]);
    }
  }
  let included: Set<string>;
  if (!start?.length) {
    included = new Set(services.map((s) => s.metadata.name));
  } else {
    included = new Set(start);
    let frontier = [...start];
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const name of frontier) {
        for (const neighbour of [...(byName.get(name)?.spec.dependsOn ?? []), ...(dependents.get(name) ?? [])]) {
          if (!included.has(neighbour)) {
            included.add(neighbour);
            next.push(neighbour);
          }
        }
      }
      frontier = next;
    }
  }
  const nodes = [...included].sort().map((name): GraphService => {
    const service = byName.get(name);
    return {
      name,
      title: service?.metadata.title ?? name,
      team: service?.spec.owner ?? '',
      ...(service?.spec.tier ? { tier: service.spec.tier } : {}),
      dependsOn: service?.spec.dependsOn ?? [],
    };
  });
  const edges = nodes.flatMap((node) =>
    node.dependsOn.filter((target) => included.has(target)).map((target) => ({ source: node.name, target }))
  );
  return { nodes, edges };
}
