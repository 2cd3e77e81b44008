import {
  GRAFANA_TEAM_ANNOTATION,
  matchGrafanaTeams,
  normalizeTeamName,
  restrictToMyTeams,
  withSubteams,
} from './teams';

const teams = [
  { name: 'engineering', title: 'Engineering' },
  { name: 'commerce', title: 'Commerce', parent: 'engineering' },
  { name: 'checkout', title: 'Checkout', parent: 'commerce' },
  { name: 'payments', title: 'Payments', parent: 'commerce' },
  { name: 'data-platform', title: 'Data Platform' },
  {
    name: 'sre',
    title: 'Site Reliability',
    annotations: { [GRAFANA_TEAM_ANNOTATION]: 'SRE On-Call, Reliability Guild' },
  },
];

describe('matching Grafana teams to Steward teams', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normalizeTeamName('  Data Platform ')).toBe('data-platform');
    expect(normalizeTeamName('Équipe_Paiements!')).toBe('equipe-paiements');
    expect(normalizeTeamName('---')).toBe('');
  });

  it('matches by name, by normalised name and by title', () => {
    expect(
      matchGrafanaTeams(
        [{ name: 'checkout' }, { name: 'Payments' }, { name: 'data platform' }, { name: 'Site Reliability' }],
        teams
      )
    ).toEqual(['checkout', 'data-platform', 'payments', 'sre']);
  });

  it('matches through the grafana-team annotation', () => {
    expect(matchGrafanaTeams([{ name: 'SRE on-call' }], teams)).toEqual(['sre']);
    expect(matchGrafanaTeams([{ name: 'reliability guild' }], teams)).toEqual(['sre']);
  });

  it('never matches by accident: no prefixes, no substrings', () => {
    expect(
      matchGrafanaTeams([{ name: 'Checkout Squad' }, { name: 'Pay' }, { name: 'Search & Discovery' }], teams)
    ).toEqual([]);
  });
});

describe('my teams', () => {
  it('expands teams to the teams below them', () => {
    expect(withSubteams(['commerce'], teams).sort()).toEqual(['checkout', 'commerce', 'payments']);
    expect(withSubteams(['checkout'], teams)).toEqual(['checkout']);
  });

  it('is the user’s teams (with sub-teams) within the chosen teams', () => {
    expect(restrictToMyTeams(undefined, ['commerce'], teams, true)).toEqual(['checkout', 'commerce', 'payments']);
    expect(restrictToMyTeams(undefined, ['commerce'], teams, false)).toEqual(['commerce']);
    // Chosen a parent, member of a child: the child.
    expect(restrictToMyTeams(['engineering'], ['checkout'], teams, true)).toEqual(['checkout']);
    // Chosen a team the user is not in: nothing.
    expect(restrictToMyTeams(['payments'], ['checkout'], teams, true)).toEqual([]);
  });
});
