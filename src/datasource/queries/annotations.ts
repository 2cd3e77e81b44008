import {
  createDataFrame,
  FieldType,
  locationUtil,
  textUtil,
  type AnnotationEvent,
  type DataFrame,
} from '@grafana/data';
import type { Annotation } from '../../api/stewardClient';
import { sloLink } from '../../slo/links';
import { STATUS_FIELDS as F } from '../../slo/statusFields';
import { hidden, pageLink, string, unique, withNotices } from '../fields';
import { serverFilterParams, splitFilters } from '../resolve';
import { ANNOTATION_KINDS, type AnnotationKind } from '../types';
import type { QueryContext } from './context';

/** Deploys, SLO alert spans and budget exhausted/recovered within the dashboard's range. */
export async function runAnnotations({ client, query, filters, refId, from, to }: QueryContext): Promise<DataFrame[]> {
  if (filters.none) {
    return [annotationsFrame([], refId)];
  }
  const kinds = query.kinds?.length ? query.kinds : ANNOTATION_KINDS;
  const answers = await Promise.all(
    splitFilters(filters).map((part) => client.annotations({ from, to, kind: kinds, ...serverFilterParams(part) }))
  );
  return withNotices(
    [
      annotationsFrame(
        unique(
          answers.flatMap((a) => a.items),
          (item) => JSON.stringify(item)
        ),
        refId
      ),
    ],
    [...new Set(answers.flatMap((a) => a.errors))].map((text) => ({ severity: 'warning', text }))
  );
}

/** Annotation colours per kind: deploys blue, alerts red, budget events orange. */
const ANNOTATION_COLOURS: Record<AnnotationKind, string> = {
  deploy: '#5794F2',
  alert: '#F2495C',
  budget: '#FF9830',
};

/**
 * The SLO page at the moment an SLO event happened (an alert began firing, a budget ran out or
 * came back), so the page shows the numbers of that moment; none for deploys.
 */
function eventLink(item: Annotation): string {
  return item.slo ? sloLink({ slo: item.slo, group: {}, objective: { index: 0 } }, item.time) : '';
}

/**
 * Annotation events as one frame with the fields Grafana's standard annotation support maps by
 * name (standardAnnotationSupport.ts, getAnnotationsFromData): time, timeEnd (spans), title,
 * text, tags (comma-separated, split by Grafana) and color; plus kind, service, slo, team, and
 * the SLO page at the event's moment (`url`, a data link on the SLO in a table).
 */
export function annotationsFrame(items: Annotation[], refId?: string): DataFrame {
  const sorted = [...items].sort((a, b) => a.time - b.time);
  return createDataFrame({
    refId,
    name: 'Steward events',
    fields: [
      { name: 'time', type: FieldType.time, values: sorted.map((a) => a.time * 1000) },
      { name: 'timeEnd', type: FieldType.time, values: sorted.map((a) => (a.timeEnd ?? a.time) * 1000) },
      string(
        'title',
        sorted.map((a) => a.title)
      ),
      string(
        'text',
        sorted.map((a) => a.text)
      ),
      string(
        'tags',
        sorted.map((a) => a.tags.join(','))
      ),
      string(
        'color',
        sorted.map((a) => ANNOTATION_COLOURS[a.kind])
      ),
      string(
        'kind',
        sorted.map((a) => a.kind)
      ),
      string(
        F.service,
        sorted.map((a) => a.service)
      ),
      string(
        F.slo,
        sorted.map((a) => a.slo ?? ''),
        { links: [pageLink('Open the SLO page at this moment')] }
      ),
      string(
        F.team,
        sorted.map((a) => a.team ?? '')
      ),
      string(F.url, sorted.map(eventLink), { displayName: 'SLO page', ...hidden }),
    ],
  });
}

/**
 * The frame's rows as annotation events, as Grafana's standard mapping would make them, with the
 * SLO page at the event's moment added to the text as a link: Grafana shows an annotation's text
 * as sanitized HTML (AnnotationTooltipBody), and has no link field for events.
 */
export function annotationEvents(frames: DataFrame[]): AnnotationEvent[] {
  return frames.flatMap((frame) => {
    const column = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
    const [time, timeEnd, title, text, tags, color, url] = [
      'time',
      'timeEnd',
      'title',
      'text',
      'tags',
      'color',
      F.url,
    ].map(column);
    return Array.from({ length: frame.length }, (_, i) => {
      const link = url[i]
        ? ` <a href="${locationUtil.assureBaseUrl(url[i])}">Open the SLO page at this moment</a>`
        : '';
      return {
        time: time[i],
        timeEnd: timeEnd[i],
        isRegion: timeEnd[i] !== time[i],
        title: title[i],
        text: `${textUtil.escapeHtml(String(text[i] ?? ''))}${link}`,
        tags: String(tags[i] ?? '')
          .split(',')
          .filter((t) => t !== ''),
        color: color[i],
      };
    });
  });
}
