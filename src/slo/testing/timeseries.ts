import type { SloTimeseries } from '../../api/stewardClient';

/** An SLO grouped by route, over a window from 1000 s to 2000 s, with its ideal line. */
export const routeTimeseries: SloTimeseries = {
  source: 'recorded',
  windowStart: 1000,
  windowEnd: 2000,
  series: [
    {
      group: { route: '/cart' },
      points: [
        [1000, 1],
        [1300, 0.9],
        [2000, 0.25],
      ],
    },
    {
      group: { route: '/pay' },
      points: [
        [1000, 1],
        [2000, 0.41],
      ],
    },
  ],
  ideal: [
    [1000, 1],
    [2000, 0],
  ],
};
