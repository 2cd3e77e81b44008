import { dependencyFrames } from './dependencyGraph';

describe('dependencyFrames', () => {
  const [nodes, edges] = dependencyFrames(
    {
      nodes: [
        {
          service: 'api',
          title: 'API',
          team: 'shop',
          known: true,
          slos: 2,
          worstState: 'burning',
          lowestBudget: 0.4,
          firingAlerts: 1,
          url: '/a/steward-ownership-app/services/api',
        },
        {
          service: 'db',
          title: 'db',
          team: 'data',
          known: true,
          slos: 0,
          lowestBudget: null,
          firingAlerts: 0,
          url: '/a/steward-ownership-app/services/db',
        },
        {
          service: 'ghost',
          title: 'ghost',
          team: '',
          known: false,
          slos: 0,
          lowestBudget: null,
          firingAlerts: 0,
          url: '/a/steward-ownership-app/services/ghost',
        },
      ],
      edges: [
        { source: 'api', target: 'db' },
        { source: 'api', target: 'ghost' },
      ],
    },
    'A'
  );
  const column = (frame: typeof nodes, name: string) => frame!.fields.find((f) => f.name === name)!.values;

  it('gives the node graph its nodes: id, title, owner, lowest budget, SLOs, colour by worst state', () => {
    expect(nodes!.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(column(nodes, 'id')).toEqual(['api', 'db', 'ghost']);
    expect(column(nodes, 'subtitle')).toEqual(['shop', 'data', 'not in the catalog']);
    expect(column(nodes, 'mainstat')).toEqual([0.4, null, null]);
    expect(column(nodes, 'secondarystat')).toEqual(['2 SLOs, burning', 'no SLO', 'no SLO']);
    expect(column(nodes, 'color')).toEqual(['orange', 'text', 'purple']);
  });

  it('and its edges, from dependent to dependency', () => {
    expect(column(edges, 'source')).toEqual(['api', 'api']);
    expect(column(edges, 'target')).toEqual(['db', 'ghost']);
    expect(column(edges, 'id')).toEqual(['api->db', 'api->ghost']);
  });
});
