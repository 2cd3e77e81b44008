import { describe, expect, it } from 'vitest';
import { burnAlertsHeld, type RevisionRecord } from './revisions.js';

const record = (patch: Partial<RevisionRecord>): RevisionRecord => ({
  slo: 'checkout-availability',
  revision: 'abc',
  recordFrom: 1_700_000_100,
  createdAt: '2026-12-07T00:00:00Z',
  historyState: 'pending',
  historyAttempts: 0,
  updatedAt: '2026-12-07T00:00:00Z',
  ...patch,
});

describe('burn-rate alerts of a revision', () => {
  it('wait for history to be filled and joined to the live tiles their windows read', () => {
    expect(burnAlertsHeld(record({ historyState: 'pending' }), true)).toBe(true);
    expect(burnAlertsHeld(record({ historyState: 'filling' }), true)).toBe(true);
    expect(burnAlertsHeld(record({ historyState: 'filled' }), true)).toBe(true);
    // Fine windows wait for the fine seam; coarse-only SLIs (freeform) for the coarse one.
    expect(burnAlertsHeld(record({ historyState: 'filled', liveFrom: 1 }), true)).toBe(true);
    expect(burnAlertsHeld(record({ historyState: 'filled', fineLiveFrom: 1 }), true)).toBe(false);
    expect(burnAlertsHeld(record({ historyState: 'filled', fineLiveFrom: 1 }), false)).toBe(true);
    expect(burnAlertsHeld(record({ historyState: 'filled', liveFrom: 1 }), false)).toBe(false);
  });

  it('are not held when history is not filled by Steward, or could not be', () => {
    expect(burnAlertsHeld(record({ historyState: 'off' }), true)).toBe(false);
    expect(burnAlertsHeld(record({ historyState: 'failed', historyError: 'no remote write' }), true)).toBe(false);
  });
});
