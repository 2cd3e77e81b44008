import { IDEAL_NAME } from '../../slo/frames';
import { routeTimeseries as timeseries } from '../../slo/testing/timeseries';
import { burndownFrames } from './burndown';

describe('burndownFrames', () => {
  it('draws a line per group and the dashed ideal line, with the window and SLO page in the meta', () => {
    const frames = burndownFrames(
      timeseries,
      { name: 'checkout-route-success', title: 'Checkout', objective: 0 },
      false
    );
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual([
      'route="/cart"',
      'route="/pay"',
      IDEAL_NAME,
    ]);
    expect(frames[2]!.fields[1]!.config.custom.lineStyle).toEqual({ fill: 'dash', dash: [8, 6] });
    expect(frames[2]!.fields[1]!.labels!.series).toBe('ideal');
    expect(frames[0]!.meta!.custom).toEqual({
      windowStart: 1_000_000,
      windowEnd: 2_000_000,
      title: 'Checkout',
      url: '/a/steward-ownership-app/slos/checkout-route-success?group.route=%2Fcart',
    });
  });

  it('names lines by SLO when several SLOs share the chart', () => {
    const frames = burndownFrames(
      { ...timeseries, series: [{ group: {}, points: [[1000, 1]] }] },
      { name: 'a', title: 'A', objective: 0 },
      true
    );
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual(['A', `${IDEAL_NAME} · A`]);
  });
});
