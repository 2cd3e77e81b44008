import { lastValueFrom, of } from 'rxjs';
import {
  getFieldDisplayName,
  FieldType,
  type AnnotationEvent,
  type AnnotationQuery,
  type DataFrame,
  type DataQuery,
  type Field,
  type TimeRange,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { framesOrThrow, runHostQuery } from './run-query';

/**
 * Grafana's standard frame → event mapping (public/app/features/annotations/standardAnnotationSupport.ts,
 * getAnnotationsFromData): fields found by name (time, timeEnd, title, text, tags, id, color),
 * time and text falling back to the first time and string field; tags split on commas; a row
 * whose timeEnd differs from its time is a region.
 */
export function getAnnotationsFromData(data: DataFrame[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of data) {
    if (!frame.length) {
      continue;
    }
    const byName: Record<string, Field> = {};
    for (const f of frame.fields) {
      byName[getFieldDisplayName(f, frame).toLowerCase()] = f;
    }
    const fields: Array<{ key: keyof AnnotationEvent; field: Field; split?: string }> = [];
    const add = (key: keyof AnnotationEvent, fallback?: (frame: DataFrame) => Field | undefined, split?: string) => {
      const field = byName[key.toLowerCase()] ?? fallback?.(frame);
      if (field) {
        fields.push({ key, field, ...(split ? { split } : {}) });
      }
    };
    add('time', (f) => f.fields.find((x) => x.type === FieldType.time));
    add('timeEnd');
    add('title');
    add('text', (f) => f.fields.find((x) => x.type === FieldType.string));
    add('tags', undefined, ',');
    add('id');
    add('color');
    if (!fields.some((f) => f.key === 'time') || !fields.some((f) => f.key === 'text')) {
      continue;
    }
    for (let i = 0; i < frame.length; i++) {
      const anno: AnnotationEvent = { type: 'default', color: 'red' };
      for (const f of fields) {
        let v: unknown = f.field.values[i];
        if (v !== undefined && v !== null) {
          if (f.split && typeof v === 'string') {
            v = v.split(f.split).filter((t) => t !== '');
          }
          (anno as Record<string, unknown>)[f.key] = v;
        }
      }
      anno.isRegion = Boolean(anno.timeEnd && anno.time !== anno.timeEnd);
      events.push(anno);
    }
  }
  return events;
}

/**
 * Runs one dashboard annotation like Grafana's executeAnnotationQuery
 * (public/app/features/annotations/executeAnnotationQuery.ts): the datasource's
 * prepareAnnotation and prepareQuery, a query over the dashboard's range, then its
 * processEvents or the standard mapping.
 */
export async function runAnnotationQuery(
  datasourceUid: string,
  saved: Partial<AnnotationQuery>,
  range: TimeRange
): Promise<AnnotationEvent[]> {
  const ds = await getDataSourceSrv().get(datasourceUid);
  const support = ds.annotations;
  if (!support) {
    throw new Error(`datasource ${datasourceUid} has no annotation support`);
  }
  const annotation = (support.prepareAnnotation?.(saved) ?? saved) as AnnotationQuery;
  const query = (support.prepareQuery ? support.prepareQuery(annotation) : annotation.target) as DataQuery | undefined;
  if (!query) {
    return [];
  }
  const frames = framesOrThrow(
    await runHostQuery((request) => ds.query(request), {
      requestId: 'host-annotation',
      targets: [{ ...query, refId: query.refId ?? 'Anno' }],
      range,
    })
  );
  if (support.processEvents) {
    return (await lastValueFrom(support.processEvents(annotation, frames) ?? of([]))) ?? [];
  }
  return getAnnotationsFromData(frames);
}
