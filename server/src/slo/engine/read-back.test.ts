import { describe, expect, it } from 'vitest';
import { awaitReadable, readBackPlan } from './read-back.js';

const labels = (metric: string, event: string, route?: string) => ({
  __name__: metric,
  slo: 'checkout-availability',
  slo_revision: 'abc123',
  event,
  ...(route ? { route } : {}),
});

describe('readBackPlan', () => {
  it('counts each metric once, between its oldest and newest written sample, under the shared labels', () => {
    const plan = readBackPlan(
      [
        {
          labels: labels('steward:slo_events:tile5m', 'total', 'a'),
          samples: [
            [1015, 1],
            [1315, 2],
            [1615, 3],
          ],
        },
        { labels: labels('steward:slo_events:tile5m', 'bad', 'b'), samples: [[715, 0]] },
        {
          labels: labels('steward:slo_events:tile30s', 'total'),
          samples: [
            [1045.5, 1],
            [1075.5, 1],
          ],
        },
        { labels: labels('steward:slo_events:tile30s', 'bad'), samples: [] },
      ],
      ['slo', 'slo_revision']
    );
    expect(plan).toEqual([
      {
        query:
          'sum(count_over_time(steward:slo_events:tile5m{slo="checkout-availability",slo_revision="abc123"}[901s]))',
        time: 1615,
        written: 4,
      },
      {
        query:
          'sum(count_over_time(steward:slo_events:tile30s{slo="checkout-availability",slo_revision="abc123"}[31s]))',
        time: 1075.5,
        written: 2,
      },
    ]);
  });

  it('asks nothing when nothing was written', () => {
    expect(readBackPlan([{ labels: labels('m', 'bad'), samples: [] }], ['slo'])).toEqual([]);
  });
});

describe('awaitReadable', () => {
  const plan = [{ query: 'q', time: 1, written: 10 }];

  it('returns once the store answers with every sample', async () => {
    const answers = [0, 4, 10];
    let asked = 0;
    await awaitReadable(plan, async () => answers[asked++]!, { timeoutMs: 5000, intervalMs: 1 });
    expect(asked).toBe(3);
  });

  it('fails, naming the cure, when the store holds duplicates', async () => {
    await expect(awaitReadable(plan, async () => 20, { timeoutMs: 5000, intervalMs: 1 })).rejects.toThrow(
      /holds 20 samples of the history where 10 were written: it keeps duplicate samples.*-dedup.minScrapeInterval=1ms/
    );
  });

  it('fails after the timeout when samples stay missing', async () => {
    await expect(awaitReadable(plan, async () => 7, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      '3 of 10 samples of the history written were still not readable after 0.02 s'
    );
  });
});
