import { templateSrvStub } from '../testing/templateSrvStub';
import { expandEntry, expandList } from './expand';

const srv = templateSrvStub([
  { name: 'team', options: ['checkout', 'discovery', 'payments'], current: 'checkout' },
  { name: 'teams', options: ['checkout', 'discovery', 'payments'], current: ['checkout', 'payments'] },
  { name: 'everyTeam', options: ['checkout', 'discovery'], current: '$__all' },
  { name: 'anyTeam', options: ['checkout', 'discovery'], current: '$__all', allValue: '*' },
  { name: 'regexAll', options: ['a'], current: ['$__all'], allValue: '.*' },
  { name: 'nothing', options: [], current: '$__all' },
  { name: 'route', options: ['/cart', '/pay'], current: ['/cart', '/pay'] },
]);

describe('template variables in filter lists', () => {
  it('keeps names as they are', () => {
    expect(expandList(['checkout', ' payments '], srv)).toEqual(['checkout', 'payments']);
    expect(expandList(undefined, srv)).toBeUndefined();
    expect(expandList(['', '  '], srv)).toBeUndefined();
  });

  it('expands single and multi-value variables in every syntax Grafana accepts', () => {
    expect(expandList(['$team'], srv)).toEqual(['checkout']);
    expect(expandList(['${teams}'], srv)).toEqual(['checkout', 'payments']);
    expect(expandList(['[[teams]]'], srv)).toEqual(['checkout', 'payments']);
    expect(expandList(['${teams:csv}'], srv)).toEqual(['checkout', 'payments']);
    // Values from several entries are merged, each once.
    expect(expandList(['$teams', 'checkout', 'discovery'], srv)).toEqual(['checkout', 'payments', 'discovery']);
  });

  it('expands All to every option, as Grafana does without a custom All value', () => {
    expect(expandList(['$everyTeam'], srv)).toEqual(['checkout', 'discovery']);
  });

  it('reads a custom All value of *, .* or $__all as no filter', () => {
    expect(expandEntry('$anyTeam', srv)).toEqual({ all: true });
    expect(expandList(['$anyTeam', 'checkout'], srv)).toBeUndefined();
    expect(expandList(['$regexAll'], srv)).toBeUndefined();
  });

  it('matches nothing when All covers no options', () => {
    expect(expandList(['$nothing'], srv)).toEqual([]);
  });

  it('expands a variable inside an entry to every combination', () => {
    expect(expandList(['route=$route'], srv)).toEqual(['route=/cart', 'route=/pay']);
  });

  it('leaves an undefined variable as written, as Grafana does', () => {
    expect(expandList(['$missing'], srv)).toEqual(['$missing']);
  });

  it('uses scoped variables first (repeated panels)', () => {
    expect(expandList(['$team'], srv, { team: { text: 'discovery', value: 'discovery' } })).toEqual(['discovery']);
  });
});
