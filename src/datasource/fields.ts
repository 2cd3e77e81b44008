import { FieldType, type DataFrame, type FieldConfig, type QueryResultMetaNotice } from '@grafana/data';
import { STATUS_FIELDS as F } from '../slo/statusFields';

/**
 * A data link to the row's page. Grafana interpolates data links in the `uriencode` format unless
 * the link says otherwise (getLinksSupplier in @grafana/data); the url field holds an already
 * encoded path, so `:raw`.
 */
export const pageLink = (title: string, field: string = F.url) => ({ title, url: `\${__data.fields.${field}:raw}` });

/** Kept in the frame for links and the panel, not shown in tables, legends or tooltips. */
export const hidden = { custom: { hidden: true, hideFrom: { viz: true, legend: true, tooltip: true } } };

export const string = (name: string, values: unknown[], config: FieldConfig = {}) => ({
  name,
  type: FieldType.string,
  values,
  config,
});

export const number = (name: string, values: unknown[], config: FieldConfig = {}) => ({
  name,
  type: FieldType.number,
  values,
  config,
});

/** Seconds since the epoch as a time field (Grafana shows it in the dashboard's time zone). */
export const time = (name: string, seconds: Array<number | null | undefined>, config: FieldConfig = {}) => ({
  name,
  type: FieldType.time,
  values: seconds.map((s) => (s === null || s === undefined ? null : s * 1000)),
  config,
});

/** A warning shown on the panel (the query still returns what it could). */
export function withNotices(frames: DataFrame[], notices: QueryResultMetaNotice[]): DataFrame[] {
  if (notices.length === 0 || frames.length === 0) {
    return frames;
  }
  const [first, ...rest] = frames;
  return [{ ...first!, meta: { ...first!.meta, notices: [...(first!.meta?.notices ?? []), ...notices] } }, ...rest];
}

/** Items with distinct keys, first one kept, order kept. */
export function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

/** Errors of SLOs that could not be computed, said once per distinct message. */
export function describeErrors(errors: Array<{ slo: string; error: string }>): string {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) {
    byMessage.set(e.error, [...(byMessage.get(e.error) ?? []), e.slo]);
  }
  return [...byMessage.entries()]
    .map(([message, slos]) => `${message} (${slos.length === 1 ? `SLO ${slos[0]}` : `${slos.length} SLOs`})`)
    .join('; ');
}
