import { describe, expect, it } from 'vitest';
import { onCallAt } from './on-call.js';

const rotation = { members: ['ann', 'bob', 'cy'], start: '2026-11-02T09:00:00Z', shift: '7d' };

describe('onCallAt', () => {
  it('hands off every shift, in member order, wrapping around', () => {
    expect(onCallAt({ rotation }, new Date('2026-11-02T09:00:00Z'))?.rotation).toEqual({
      current: 'ann',
      next: 'bob',
      handoffAt: '2026-11-09T09:00:00.000Z',
    });
    expect(onCallAt({ rotation }, new Date('2026-11-23T08:59:59Z'))?.rotation).toMatchObject({
      current: 'cy',
      next: 'ann',
    });
    expect(onCallAt({ rotation }, new Date('2026-11-23T09:00:00Z'))?.rotation).toMatchObject({
      current: 'ann',
      next: 'bob',
    });
  });

  it('says when a rotation has not started yet, and lists external schedules', () => {
    const result = onCallAt({ rotation, pagerduty: { scheduleId: 'P123' } }, new Date('2026-11-01T00:00:00Z'));
    expect(result).toEqual({
      references: [{ system: 'pagerduty', scheduleId: 'P123' }],
      rotation: { startsAt: '2026-11-02T09:00:00.000Z', first: 'ann' },
    });
  });
});
