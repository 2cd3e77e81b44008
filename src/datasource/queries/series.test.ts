import { FieldType } from '@grafana/data';
import { seriesFrames } from './series';

describe('seriesFrames', () => {
  const answer = {
    series: [
      {
        slo: 'search-availability',
        title: 'Search availability',
        service: 'search',
        team: 'discovery',
        objective: { index: 0, target: 99.9, window: '7d' },
        group: {},
        points: [
          [1000, 0.5],
          [1300, 0.4],
        ] as Array<[number, number]>,
      },
      {
        slo: 'search-availability',
        title: 'Search availability',
        service: 'search',
        team: 'discovery',
        objective: { index: 1, target: 99, window: '30d' },
        group: {},
        points: [[1000, 0.9]] as Array<[number, number]>,
      },
    ],
    errors: [],
    prometheusRequests: 1,
  };

  it('makes one time series per SLO objective and group, with labels and milliseconds', () => {
    const frames = seriesFrames(answer, 'burnrate', 'B');
    expect(frames).toHaveLength(2);
    expect(frames[0]!.fields[0]!.type).toBe(FieldType.time);
    expect(frames[0]!.fields[0]!.values).toEqual([1_000_000, 1_300_000]);
    expect(frames[0]!.fields[1]!.values).toEqual([0.5, 0.4]);
    expect(frames[0]!.fields[1]!.labels).toEqual({
      slo: 'search-availability',
      service: 'search',
      team: 'discovery',
      objective: '0',
      series: 'burnrate',
    });
    // Two objectives of one SLO: the name says which.
    expect(frames.map((f) => f.fields[1]!.config.displayNameFromDS)).toEqual([
      'Search availability · 99.9% / 7d',
      'Search availability · 99% / 30d',
    ]);
    expect(frames[0]!.fields[1]!.config.unit).toBe('suffix:×');
  });
});
