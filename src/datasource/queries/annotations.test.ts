import { annotationsFrame } from './annotations';

describe('annotationsFrame', () => {
  it('has the fields Grafana maps to events: time, timeEnd, title, text, tags, color', () => {
    const frame = annotationsFrame([
      {
        time: 2000,
        kind: 'deploy',
        title: 'deploy: search 7.1.2',
        text: 'by ci',
        service: 'search',
        tags: ['deploy', 'search'],
      },
      {
        time: 1000,
        timeEnd: 1600,
        kind: 'alert',
        title: 'page alert',
        text: 'burning',
        service: 'search',
        slo: 'search-availability',
        team: 'discovery',
        tags: ['alert'],
      },
    ]);
    const column = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(column('time')).toEqual([1_000_000, 2_000_000]);
    expect(column('timeEnd')).toEqual([1_600_000, 2_000_000]);
    expect(column('title')).toEqual(['page alert', 'deploy: search 7.1.2']);
    expect(column('tags')).toEqual(['alert', 'deploy,search']);
    expect(column('slo')).toEqual(['search-availability', '']);
    expect(new Set(column('color')).size).toBe(2);
  });
});
