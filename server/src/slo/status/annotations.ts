import { ALERT_LABELS, NO_DATA_TIER } from '../../conventions/slo.js';
import type { Annotation } from '@steward/contract/slo';
import type { EventStore } from '../../store/event-store.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { exactAlternation, selector } from '../../promql/escape.js';
import type { ActiveSlo } from '../delivery/rule-set.js';
import { batchedSeries } from './batched-series.js';

export type AnnotationKind = Annotation['kind'];

export interface AnnotationSources {
  prometheus: PrometheusClient;
  events: EventStore;
}

/**
 * What happened to these SLOs' services between `from` and `to`: deploys and other recorded
 * changes, SLO alerts while they fired (spans), and the moments a budget ran out or came back.
 * Each kind fails on its own: the others are still returned, with the error.
 */
export async function sloAnnotations(
  sources: AnnotationSources,
  slos: Array<{ slo: ActiveSlo; source: 'recorded' | 'raw' }>,
  eventServices: (service: string) => { team?: string } | undefined,
  range: { from: number; to: number },
  kinds: AnnotationKind[],
  groupMatches: (group: Record<string, string>) => boolean = () => true
): Promise<{ items: Annotation[]; errors: string[] }> {
  const items: Annotation[] = [];
  const errors: string[] = [];
  const attempt = async (kind: AnnotationKind, work: () => Promise<Annotation[]>) => {
    if (!kinds.includes(kind)) {
      return;
    }
    try {
      items.push(...(await work()));
    } catch (error) {
      errors.push(`${kind} annotations: ${(error as Error).message}`);
    }
  };
  await attempt('deploy', () => deploys(sources.events, eventServices, range));
  await attempt('alert', () => alertSpans(sources.prometheus, slos, range, groupMatches));
  await attempt('budget', () => budgetTransitions(sources.prometheus, slos, range, groupMatches));
  return { items: items.sort((a, b) => a.time - b.time), errors };
}

async function deploys(
  events: EventStore,
  servicesInScope: (service: string) => { team?: string } | undefined,
  range: { from: number; to: number }
): Promise<Annotation[]> {
  const list = await events.list({
    from: new Date(range.from * 1000).toISOString(),
    to: new Date(range.to * 1000).toISOString(),
    limit: 1000,
  });
  return list.flatMap((event) => {
    const service = servicesInScope(event.service);
    if (!service) {
      return [];
    }
    return [
      {
        time: Date.parse(event.occurredAt) / 1000,
        kind: 'deploy' as const,
        title: `${event.kind}: ${event.service}${event.version ? ` ${event.version}` : ''}`,
        text: `${event.title} (recorded by ${event.recordedBy})`,
        service: event.service,
        ...(service.team ? { team: service.team } : {}),
        tags: [event.kind, event.service, ...(service.team ? [service.team] : [])],
      },
    ];
  });
}

/** Each firing SLO alert as a span, from Prometheus's ALERTS series. */
async function alertSpans(
  prometheus: PrometheusClient,
  slos: Array<{ slo: ActiveSlo }>,
  range: { from: number; to: number },
  groupMatches: (group: Record<string, string>) => boolean
): Promise<Annotation[]> {
  if (slos.length === 0) {
    return [];
  }
  // ALERTS is written at every evaluation of the (1-minute) alerting groups; a coarser step
  // would miss short alerts.
  const step = 60;
  const query = selector('ALERTS', [
    { name: 'alertstate', op: '=', value: 'firing' },
    { name: ALERT_LABELS.slo, op: '=~', value: exactAlternation(slos.map((s) => s.slo.definition.slo.metadata.name)) },
  ]);
  const results = await prometheus.rangeQuery(query, stepsEndingAt(range, step));
  const groupBy = new Map(
    slos.map((s) => [s.slo.definition.slo.metadata.name, s.slo.definition.slo.spec.groupBy ?? []])
  );
  return results.flatMap(({ metric, points }) => {
    const group = Object.fromEntries(
      (groupBy.get(metric[ALERT_LABELS.slo] ?? '') ?? []).map((l) => [l, metric[l] ?? ''])
    );
    if (!groupMatches(group)) {
      return [];
    }
    const spans: Array<[number, number]> = [];
    for (const [t] of points) {
      const last = spans[spans.length - 1];
      if (last && t - last[1] <= step * 1.5) {
        last[1] = t;
      } else {
        spans.push([t, t]);
      }
    }
    const slo = metric[ALERT_LABELS.slo] ?? '';
    const groups = Object.entries(metric)
      .filter(([name]) => !['__name__', 'alertname', 'alertstate', ...Object.values(ALERT_LABELS)].includes(name))
      .map(([name, value]) => `${name}=${value}`);
    // Each sample stands for the minute until the next evaluation: a span ends one step later.
    return spans.map(([start, end]) => ({
      time: start,
      timeEnd: Math.min(end + step, range.to),
      kind: 'alert' as const,
      title: `${metric[ALERT_LABELS.severity] ?? ''} ${metric[ALERT_LABELS.burnTier] ?? ''} alert: ${slo}`.trim(),
      text: `${
        metric[ALERT_LABELS.burnTier] === NO_DATA_TIER
          ? `No data: its series had no sample for over ${metric[ALERT_LABELS.longWindow] ?? '?'}`
          : `Error budget burning over ${metric[ALERT_LABELS.longWindow] ?? '?'}`
      }${groups.length ? ` (${groups.join(', ')})` : ''}`,
      service: metric[ALERT_LABELS.service] ?? '',
      slo,
      ...(metric[ALERT_LABELS.team] ? { team: metric[ALERT_LABELS.team] } : {}),
      tags: ['slo-alert', metric[ALERT_LABELS.severity] ?? '', slo].filter(Boolean),
    }));
  });
}

/**
 * A range whose last step is `to` itself. Prometheus steps from `start`, so with `start = from`
 * the last step can fall up to a step before `to`, and an alert that began, or a budget that ran
 * out, in that last stretch (a moment ago) would not be seen at all.
 */
export function stepsEndingAt(range: { from: number; to: number }, step: number) {
  const steps = Math.max(0, Math.floor((range.to - range.from) / step));
  return { start: range.to - steps * step, end: range.to, step };
}

/** The moments the first objective's budget ran out, and came back. */
async function budgetTransitions(
  prometheus: PrometheusClient,
  slos: Array<{ slo: ActiveSlo; source: 'recorded' | 'raw' }>,
  range: { from: number; to: number },
  groupMatches: (group: Record<string, string>) => boolean
): Promise<Annotation[]> {
  const step = Math.max(300, Math.ceil((range.to - range.from) / 1000 / 300) * 300);
  const { series, errors } = await batchedSeries(prometheus, slos, 'budget', stepsEndingAt(range, step));
  if (errors.length > 0 && series.length === 0) {
    throw new Error(errors.map((e) => `${e.slo}: ${e.error}`).join('; '));
  }
  const byName = new Map(slos.map((s) => [s.slo.definition.slo.metadata.name, s.slo]));
  return series
    .filter((s) => s.objective === 0 && groupMatches(s.group))
    .flatMap((s) => {
      const slo = byName.get(s.slo)!;
      const groups = Object.entries(s.group).map(([name, value]) => `${name}=${value}`);
      const found: Annotation[] = [];
      for (let i = 1; i < s.points.length; i++) {
        const [, before] = s.points[i - 1]!;
        const [t, now] = s.points[i]!;
        if (before > 0 === now > 0) {
          continue;
        }
        const exhausted = now <= 0;
        found.push({
          time: t,
          kind: 'budget',
          title: `${exhausted ? 'Budget exhausted' : 'Budget recovered'}: ${s.slo}`,
          text: `${slo.definition.slo.metadata.title ?? s.slo}${groups.length ? ` (${groups.join(', ')})` : ''}: ${Math.round(now * 1000) / 10}% of the error budget left`,
          service: slo.definition.slo.spec.service,
          slo: s.slo,
          ...(slo.definition.team ? { team: slo.definition.team } : {}),
          tags: [exhausted ? 'budget-exhausted' : 'budget-recovered', s.slo],
        });
      }
      return found;
    });
}
