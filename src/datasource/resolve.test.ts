import { templateSrvStub } from './testing/templateSrvStub';
import { groupLabelFilters, matchesLabels, resolveFilters, serverFilterParams, splitFilters } from './resolve';

const srv = templateSrvStub([
  { name: 'team', options: ['checkout', 'discovery'], current: ['checkout', 'discovery'] },
  { name: 'route', options: ['/cart', '/pay'], current: ['/cart', '/pay'] },
  { name: 'region', options: ['eu'], current: 'eu' },
  { name: 'none', options: [], current: '$__all' },
]);

describe('resolveFilters', () => {
  it('expands lists, and sends every value of every label (the server takes any value of one label)', () => {
    const resolved = resolveFilters(
      { team: ['$team'], labels: ['route=$route', 'region=$region'], includeSubteams: false },
      srv
    );
    expect(resolved).toMatchObject({
      team: ['checkout', 'discovery'],
      includeSubteams: false,
      labels: [
        { name: 'route', values: ['/cart', '/pay'] },
        { name: 'region', values: ['eu'] },
      ],
    });
    expect(resolved.none).toBeUndefined();
    expect(serverFilterParams(resolved)).toEqual({
      team: ['checkout', 'discovery'],
      includeSubteams: false,
      label: ['route=/cart', 'route=/pay', 'region=eu'],
    });
  });

  it('says why a query matches nothing when a filter expands to no values', () => {
    expect(resolveFilters({ service: ['$none'] }, srv).none).toBe('the service filter has no values');
  });

  it('groups label entries by label', () => {
    expect(groupLabelFilters(['route=/a', 'route=/b', 'region=eu', 'route=/a', 'odd'])).toEqual([
      { name: 'route', values: ['/a', '/b'] },
      { name: 'region', values: ['eu'] },
      { name: 'odd', values: [''] },
    ]);
  });

  it('matches groups with any of a label’s values, every label required', () => {
    const filters = [{ name: 'route', values: ['/a', '/b'] }];
    expect(matchesLabels({ route: '/b' }, filters)).toBe(true);
    expect(matchesLabels({ route: '/c' }, filters)).toBe(false);
    expect(matchesLabels({}, filters)).toBe(false);
    expect(matchesLabels({}, [])).toBe(true);
  });

  it('splits long lists into requests of at most 100 values', () => {
    const service = Array.from({ length: 250 }, (_, i) => `s${i}`);
    const parts = splitFilters({
      service,
      team: ['a'],
      includeSubteams: true,
      myTeams: false,
      labels: [],
    });
    expect(parts.map((p) => p.service!.length)).toEqual([100, 100, 50]);
    expect(parts.flatMap((p) => p.service)).toEqual(service);
    expect(parts.every((p) => p.team![0] === 'a')).toBe(true);
  });
});
