import { VariableKind } from '../types';
import { normalizeVariableQuery } from './VariableQueryEditor';

describe('normalizeVariableQuery', () => {
  it('keeps an object query', () => {
    expect(normalizeVariableQuery({ refId: 'V', kind: VariableKind.Slos, service: ['$service'] })).toEqual({
      refId: 'V',
      kind: VariableKind.Slos,
      service: ['$service'],
    });
  });

  it('reads plain-text queries as provisioned dashboards may hold them', () => {
    expect(normalizeVariableQuery('teams')).toEqual({ kind: VariableKind.Teams });
    expect(normalizeVariableQuery('myteams')).toEqual({ kind: VariableKind.Teams, myTeams: true });
    expect(normalizeVariableQuery('teams($team)')).toEqual({ kind: VariableKind.Teams, team: ['$team'] });
    expect(normalizeVariableQuery({ refId: 'V', query: 'services($team, payments)' })).toEqual({
      kind: VariableKind.Services,
      team: ['$team', 'payments'],
    });
    expect(normalizeVariableQuery('slos(checkout-api)')).toEqual({
      kind: VariableKind.Slos,
      service: ['checkout-api'],
    });
    expect(normalizeVariableQuery('tiers')).toEqual({ kind: VariableKind.Tiers });
    expect(normalizeVariableQuery('nonsense')).toEqual({});
  });
});
