import { annotationEvents, annotationsFrame } from './annotations';

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

describe('annotation events', () => {
  const frame = annotationsFrame([
    {
      time: 2000,
      kind: 'deploy',
      title: 'deploy: search 7.1.2',
      text: 'by ci <bot>',
      service: 'search',
      tags: ['deploy'],
    },
    {
      time: 1_796_000_000,
      kind: 'budget',
      title: 'Budget exhausted: search-availability',
      text: 'Search availability: -0.4% of the error budget left',
      service: 'search',
      slo: 'search-availability',
      tags: ['budget-exhausted', 'search-availability'],
    },
  ]);

  it('carry the SLO page at the event’s moment, as a column with a data link on the SLO', () => {
    const column = (name: string) => frame.fields.find((f) => f.name === name)!;
    expect(column('url').values).toEqual([
      '',
      '/a/steward-ownership-app/slos/search-availability?at=2026-11-30T00%3A53%3A20Z',
    ]);
    expect(column('slo').config.links).toEqual([
      { title: 'Open the SLO page at this moment', url: '${__data.fields.url:raw}' },
    ]);
  });

  it('are Grafana’s events with that link in their text (shown as sanitized HTML), the text itself escaped', () => {
    expect(annotationEvents([frame])).toEqual([
      {
        time: 2_000_000,
        timeEnd: 2_000_000,
        isRegion: false,
        title: 'deploy: search 7.1.2',
        text: 'by ci &lt;bot&gt;',
        tags: ['deploy'],
        color: expect.any(String),
      },
      {
        time: 1_796_000_000_000,
        timeEnd: 1_796_000_000_000,
        isRegion: false,
        title: 'Budget exhausted: search-availability',
        text: 'Search availability: -0.4% of the error budget left <a href="/a/steward-ownership-app/slos/search-availability?at=2026-11-30T00%3A53%3A20Z">Open the SLO page at this moment</a>',
        tags: ['budget-exhausted', 'search-availability'],
        color: expect.any(String),
      },
    ]);
  });
});
