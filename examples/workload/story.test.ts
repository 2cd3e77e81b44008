import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from './story.js';
import { createWorkload } from './workload.js';

const CATALOG = fileURLToPath(new URL('../catalog', import.meta.url));
const storyAt = (iso: string) => createWorkload(CATALOG, Date.parse(iso) / 1000, 0).story;
const weekday = (t: number) => new Date(t * 1000).getUTCDay();

/**
 * The clock is the story's anchor: these run the story as if it were started on a Saturday, late
 * on a Sunday, at 00:30 on a Monday, and at every hour of a whole week, which is what the tests
 * that start the workload with a short history rely on whatever day CI runs.
 */
describe('the demo story, started on any day', () => {
  it.each([
    ['a Saturday', '2026-12-05T12:00:00Z'],
    ['a Sunday evening', '2026-12-06T21:09:00Z'],
    ['a Monday at 00:30 UTC', '2026-12-07T00:30:00Z'],
    ['a Tuesday morning', '2026-12-08T08:00:00Z'],
  ])('sizes a short history on %s so that it holds routine deploys', (_, iso) => {
    const story = storyAt(iso);
    const days = story.historyDaysHolding(4, 2);
    const events = story.events(story.anchor - days * DAY, story.anchor);
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.some((e) => e.title.endsWith('routine release'))).toBe(true);
    // The search-indexer deploy that starts the slow burn is always in it.
    expect(events).toContainEqual(expect.objectContaining({ service: 'search-indexer', kind: 'deploy' }));
    expect(days).toBeLessThanOrEqual(5);
  });

  it('needs at most five days for four events, and two for one, at every hour of a week', () => {
    const monday = Date.parse('2026-11-30T00:00:00Z') / 1000;
    for (let t = monday; t < monday + 7 * DAY; t += HOUR) {
      const story = createWorkload(CATALOG, t, 0).story;
      expect(story.historyDaysHolding(4, 2), new Date(t * 1000).toISOString()).toBeLessThanOrEqual(5);
      expect(story.historyDaysHolding(1, 1), new Date(t * 1000).toISOString()).toBeLessThanOrEqual(2);
    }
  });

  it('deploys routinely on weekdays during office hours (UTC) only', () => {
    const story = storyAt('2026-12-06T21:09:00Z');
    const routine = story
      .events(story.anchor - 35 * DAY, story.anchor)
      .filter((e) => e.title.endsWith('routine release'));
    expect(routine.length).toBeGreaterThan(50);
    for (const e of routine) {
      expect([1, 2, 3, 4, 5]).toContain(weekday(e.at));
      expect(new Date(e.at * 1000).getUTCHours()).toBeGreaterThanOrEqual(9);
      expect(new Date(e.at * 1000).getUTCHours()).toBeLessThan(17);
    }
  });
});
