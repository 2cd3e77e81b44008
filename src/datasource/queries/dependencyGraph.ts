import { createDataFrame, type DataFrame } from '@grafana/data';
import type { DependencyGraphAnswer } from '../../api/stewardClient';
import { number, string, withNotices } from '../fields';
import type { QueryContext } from './context';

/** Services around the chosen ones along dependsOn, with their SLOs' health, for the node graph. */
export async function runDependencyGraph({ client, query, filters, refId }: QueryContext): Promise<DataFrame[]> {
  if (filters.none) {
    return withNotices(dependencyFrames({ nodes: [], edges: [] }, refId), [
      { severity: 'info', text: `No results: ${filters.none}.` },
    ]);
  }
  const graph = await client.dependencyGraph({
    ...(filters.team ? { team: filters.team, includeSubteams: filters.includeSubteams } : {}),
    ...(filters.service ? { service: filters.service } : {}),
    depth: Math.max(0, Math.min(6, Math.floor(query.depth ?? 1))),
  });
  return dependencyFrames(graph, refId);
}

/** Colours of SLO states in the node graph (Grafana theme colour names). */
const NODE_COLOURS: Record<string, string> = {
  ok: 'green',
  burning: 'orange',
  exhausted: 'red',
  error: 'purple',
  'no-data': 'text',
};

/**
 * The dependency graph as Grafana's node graph panel reads it: a nodes frame (id, title,
 * subtitle, main and secondary stats, colour, a link to the service page) and an edges frame
 * (id, source, target), both marked for the node graph.
 */
export function dependencyFrames(graph: DependencyGraphAnswer, refId?: string): DataFrame[] {
  const nodes = graph.nodes;
  const state = (n: (typeof nodes)[number]) => (n.known ? (n.worstState ?? 'no-data') : 'error');
  const link = { title: 'Service page', url: '${__data.fields.url:raw}' };
  return [
    createDataFrame({
      refId,
      name: 'nodes',
      meta: { preferredVisualisationType: 'nodeGraph' },
      fields: [
        string(
          'id',
          nodes.map((n) => n.service),
          { links: [link] }
        ),
        string(
          'title',
          nodes.map((n) => n.title)
        ),
        string(
          'subtitle',
          nodes.map((n) => (n.known ? n.team || 'no owner' : 'not in the catalog'))
        ),
        number(
          'mainstat',
          nodes.map((n) => n.lowestBudget),
          { displayName: 'Lowest budget', unit: 'percentunit', decimals: 1 }
        ),
        string(
          'secondarystat',
          nodes.map((n) => (n.slos ? `${n.slos} SLO${n.slos === 1 ? '' : 's'}, ${state(n)}` : 'no SLO'))
        ),
        string(
          'color',
          nodes.map((n) => NODE_COLOURS[state(n)] ?? 'text'),
          { color: { mode: 'fixed' } }
        ),
        number(
          'detail__firing_alerts',
          nodes.map((n) => n.firingAlerts),
          { displayName: 'Firing alerts' }
        ),
        string(
          'detail__tier',
          nodes.map((n) => n.tier ?? ''),
          { displayName: 'Tier' }
        ),
        string(
          'url',
          nodes.map((n) => n.url),
          { custom: { hidden: true } }
        ),
      ],
    }),
    createDataFrame({
      refId,
      name: 'edges',
      meta: { preferredVisualisationType: 'nodeGraph' },
      fields: [
        string(
          'id',
          graph.edges.map((e) => `${e.source}->${e.target}`)
        ),
        string(
          'source',
          graph.edges.map((e) => e.source)
        ),
        string(
          'target',
          graph.edges.map((e) => e.target)
        ),
      ],
    }),
  ];
}
