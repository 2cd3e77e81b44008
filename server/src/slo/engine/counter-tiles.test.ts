import { describe, expect, it } from 'vitest';
import type { MatrixSeries } from '../../prometheus/client.js';
import { counterTiles, eventTiles, type GroupTiles } from './counter-tiles.js';

const marks = { from: 0, to: 300, step: 100 };
const series = (labels: Record<string, string>, points: Array<[number, number]>): MatrixSeries => ({
  metric: labels,
  points,
});
const values = (tiles: Map<string, GroupTiles>) =>
  Object.fromEntries([...tiles.values()].map((g) => [JSON.stringify(g.labels), Object.fromEntries(g.points)]));

describe('tiles from readings at marks', () => {
  it('count B − A per series and sum them by group', () => {
    const a = { route: '/a', instance: '1' };
    const b = { route: '/a', instance: '2' };
    const tiles = counterTiles(
      {
        last: [
          series(a, [
            [0, 10],
            [100, 15],
            [200, 15],
            [300, 40],
          ]),
          series(b, [
            [0, 1],
            [100, 2],
            [200, 3],
            [300, 4],
          ]),
        ],
        resets: [
          series(a, [
            [100, 0],
            [200, 0],
            [300, 0],
          ]),
          series(b, [
            [100, 0],
            [200, 0],
            [300, 0],
          ]),
        ],
        max: [],
        min: [],
      },
      ['route'],
      marks
    );
    expect(values(tiles)).toEqual({ '{"route":"/a"}': { 100: 6, 200: 1, 300: 26 } });
  });

  it('count the growth before a reset and after it, and a new series from its least sample', () => {
    const tiles = counterTiles(
      {
        // last_over_time keeps the metric name, resets() and the others drop it.
        last: [
          series({ __name__: 'x_total', i: '1' }, [
            [0, 50],
            [100, 70],
            [200, 5],
            [300, 9],
          ]),
          series({ __name__: 'x_total', i: '2' }, [
            [200, 12],
            [300, 20],
          ]),
        ],
        // The reset at 200: a drop with the peak (80) before it; the new series starts at 200.
        resets: [
          series({ i: '1' }, [
            [100, 0],
            [200, 1],
            [300, 0],
          ]),
          series({ i: '2' }, [
            [200, 0],
            [300, 0],
          ]),
        ],
        max: [
          series({ i: '1' }, [
            [100, 70],
            [200, 80],
            [300, 9],
          ]),
          series({ __name__: 'x_total', i: '2' }, [
            [200, 12],
            [300, 20],
          ]),
        ],
        min: [
          series({ i: '1' }, [
            [100, 55],
            [200, 5],
            [300, 5],
          ]),
          series({ i: '2' }, [
            [200, 4],
            [300, 12],
          ]),
        ],
      },
      undefined,
      marks
    );
    // 200: series 1 grew 80 − 70 before its reset and 5 after; series 2 counted from 4.
    expect(values(tiles)).toEqual({ '{}': { 100: 20, 200: 15 + 8, 300: 4 + 8 } });
  });

  it('make bad events from a bad counter (0 where it has none) or as total − good', () => {
    const group = (labels: Record<string, string>, points: Array<[number, number]>): [string, GroupTiles] => [
      JSON.stringify(labels),
      { labels, points: new Map(points) },
    ];
    const total = new Map([
      group({ route: '/a' }, [
        [100, 10],
        [200, 10],
      ]),
      group({ route: '/b' }, [[100, 5]]),
    ]);
    const some = new Map([group({ route: '/a' }, [[200, 3]])]);
    expect(values(eventTiles({ total: 't', bad: 'b' }, { total, bad: some }).bad)).toEqual({
      '{"route":"/a"}': { 100: 0, 200: 3 },
      '{"route":"/b"}': { 100: 0 },
    });
    expect(values(eventTiles({ total: 't', good: 'g' }, { total, good: some }).bad)).toEqual({
      '{"route":"/a"}': { 100: 10, 200: 7 },
      '{"route":"/b"}': { 100: 5 },
    });
  });
});
