import { ownershipFrame } from './ownership';

describe('ownershipFrame', () => {
  it('lists services with owner, on-call and runbook, linking to their pages', () => {
    const frame = ownershipFrame(
      [{ service: 'cart', title: 'Cart', team: 'checkout', onCallNow: 'alice', runbook: 'https://rb/cart', slos: 2 }],
      'A',
      (team) => (team === 'checkout' ? '5m oncall → 30m team:commerce' : '')
    );
    const column = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(column('on_call_now')).toEqual(['alice']);
    expect(column('escalation')).toEqual(['5m oncall → 30m team:commerce']);
    expect(column('runbook')).toEqual(['https://rb/cart']);
    expect(column('service_url')).toEqual(['/a/steward-ownership-app/services/cart']);
    expect(column('team_url')).toEqual(['/a/steward-ownership-app/teams/checkout']);
  });
});
