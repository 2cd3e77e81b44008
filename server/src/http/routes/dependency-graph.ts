import type { FastifyInstance } from 'fastify';
import { DependencyGraphAnswer, DependencyGraphQuery, SloStatusRow } from '@steward/contract/slo';
import { dependencyGraph } from '../../registry/dependency-graph.js';
import type { ServiceEntity } from '@steward/contract/model/service';
import type { ServerContext } from '../context.js';

/** The services around some along dependsOn, with their SLOs' health, for a node graph. */
export async function dependencyGraphRoutes(app: FastifyInstance, { registry, slo }: ServerContext) {
  app.get<{ Querystring: DependencyGraphQuery }>(
    '/api/v1/dependency-graph',
    {
      schema: {
        summary: 'Services around the chosen ones along dependsOn, each with the health of its SLOs',
        tags: ['slos'],
        querystring: DependencyGraphQuery,
        response: { 200: DependencyGraphAnswer },
      },
    },
    async (request) => {
      const q = request.query;
      const [services, page] = await Promise.all([registry.store.all('Service'), slo.status()]);
      const entities = services.map((s) => s.entity as ServiceEntity);
      const teams = q.team?.length
        ? new Set(q.includeSubteams ? await registry.store.withSubteams(q.team) : q.team)
        : undefined;
      const start =
        q.service?.length || teams
          ? [...(q.service ?? []), ...entities.filter((e) => teams?.has(e.spec.owner)).map((e) => e.metadata.name)]
          : undefined;
      const graph = dependencyGraph(entities, start, q.depth);
      const known = new Set(entities.map((e) => e.metadata.name));
      return {
        nodes: graph.nodes.map((node) => {
          const rows = page.rows.filter((r) => r.service === node.name && r.objective.index === 0);
          const budgets = rows.map((r) => r.budgetRemaining).filter((b): b is number => b !== null);
          return {
            service: node.name,
            title: node.title,
            team: node.team,
            ...(node.tier ? { tier: node.tier } : {}),
            known: known.has(node.name),
            slos: new Set(rows.map((r) => r.slo)).size,
            ...(rows.length ? { worstState: worstOf(rows.map((r) => r.state)) } : {}),
            lowestBudget: budgets.length ? Math.min(...budgets) : null,
            firingAlerts: rows.reduce((n, r) => n + r.alerts.filter((a) => a.state === 'firing').length, 0),
            url: `/a/steward-ownership-app/services/${encodeURIComponent(node.name)}`,
          };
        }),
        edges: graph.edges,
      };
    }
  );
}

/** Worst first: a broken SLO needs a look before a spent budget, before a burning one. */
const STATE_ORDER: Array<SloStatusRow['state']> = ['error', 'exhausted', 'burning', 'no-data', 'ok'];

function worstOf(states: Array<SloStatusRow['state']>): SloStatusRow['state'] {
  return STATE_ORDER.find((state) => states.includes(state)) ?? 'ok';
}
