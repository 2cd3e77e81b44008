import { burndownFrames, burnRateFrames, IDEAL_NAME, thresholdLegend } from './frames';
import { routeTimeseries as timeseries } from './testing/timeseries';

describe('burndownFrames', () => {
  it('makes one frame per group, named by its labels, and the ideal line on the same axis', () => {
    const frames = burndownFrames(timeseries);
    expect(frames.map((f) => f.fields[1]!.config.displayName)).toEqual(['route="/cart"', 'route="/pay"', IDEAL_NAME]);
    expect(frames[0]!.fields[0]!.values).toEqual([1_000_000, 1_300_000, 2_000_000]); // milliseconds
    expect(frames[0]!.fields[1]!.values).toEqual([1, 0.9, 0.25]);
    // One y axis: the same unit, soft range and label on every field (uPlot scales are keyed by them).
    const axes = frames.map((f) => {
      const { unit, custom } = f.fields[1]!.config;
      return [unit, custom.axisSoftMin, custom.axisSoftMax, custom.axisLabel];
    });
    expect(new Set(axes.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(frames[2]!.fields[1]!.config.custom.lineStyle).toEqual({ fill: 'dash', dash: [8, 6] });
  });

  it('names the single series of an SLO without groups', () => {
    const frames = burndownFrames({ ...timeseries, series: [{ group: {}, points: [[1000, 1]] }] });
    expect(frames[0]!.fields[1]!.config.displayName).toBe('Budget remaining');
  });
});

describe('burnRateFrames', () => {
  // The conditions the server sends whose long or short window is 6h, for a 30-day window.
  const sixHours = [
    { tier: 'page', severity: 'critical', longWindow: '6h', shortWindow: '30m', factor: 6, budgetShare: 0.05 },
    { tier: 'ticket', severity: 'warning', longWindow: '3d', shortWindow: '6h', factor: 1, budgetShare: 0.1 },
  ];

  it('draws the alert thresholds of the window as dashed steps, lowest first, and keeps them in view', () => {
    const [frame] = burnRateFrames(timeseries, sixHours);
    const config = frame!.fields[1]!.config;
    expect(config.thresholds!.steps.map((s) => [s.value, s.color])).toEqual([
      [-Infinity, 'transparent'],
      [1, 'orange'],
      [6, 'red'],
    ]);
    expect(config.custom.thresholdsStyle).toEqual({ mode: 'dashed' });
    expect(config.custom.axisSoftMax).toBeCloseTo(1.15);
    expect(thresholdLegend(sixHours)).toBe('page 6× (6h & 30m) · ticket 1× (3d & 6h)');
  });

  it('draws no thresholds where no alert watches the window', () => {
    const [frame] = burnRateFrames(timeseries, []);
    expect(frame!.fields[1]!.config.custom.thresholdsStyle).toEqual({ mode: 'off' });
    expect(frame!.fields[1]!.config.custom.axisSoftMax).toBeUndefined();
  });
});
