import { parseVectorSelector } from '../../../promql/parse-selector.js';
import { child, isRecord, type Node } from './node.js';
import type { SloContext } from './slo-context.js';

type RatioField = 'good' | 'bad' | 'total';

/** A good, bad or total metric of a ratioMetric as the Prometheus series selector Steward counts. */
export function metricSelector(metric: Node, field: RatioField, ctx: SloContext): string | undefined {
  if (!isRecord(metric.value)) {
    return ctx.reject(metric, 'is required');
  }
  const source = prometheusSource(child(metric, 'metricSource'), ctx);
  return source && seriesSelector(child(source, 'spec', 'query'), field, ctx);
}

/** The metric source, if its type (or that of the DataSource it refers to) is Prometheus. */
function prometheusSource(source: Node, ctx: SloContext): Node | undefined {
  const type = sourceType(source, ctx);
  if (!type) {
    return undefined;
  }
  if (typeof type.value !== 'string') {
    return ctx.reject(source, 'needs type: Prometheus, or a metricSourceRef to a DataSource of type Prometheus');
  }
  if (type.value.toLowerCase() !== 'prometheus') {
    return ctx.reject(type, `is "${type.value}": Steward reads Prometheus only`);
  }
  return source;
}

/** The source's own type, else that of the DataSource it refers to; undefined if that is not defined. */
function sourceType(source: Node, ctx: SloContext): Node | undefined {
  const type = child(source, 'type');
  const ref = child(source, 'metricSourceRef');
  if (ref.value === undefined) {
    return type;
  }
  const dataSource = ctx.deref('DataSource', ref);
  return dataSource && (type.value === undefined ? child(dataSource, 'spec', 'type') : type);
}

/** The query, if it is a plain series selector: Steward applies increase() to it itself. */
function seriesSelector(query: Node, field: RatioField, ctx: SloContext): string | undefined {
  if (typeof query.value !== 'string' || query.value.trim() === '') {
    return ctx.reject(query, 'is required: a series selector of the counter, e.g. http_requests_total{job="api"}');
  }
  const parsed = parseVectorSelector(query.value.trim());
  if (!parsed.ok) {
    return ctx.reject(
      query,
      `${parsed.message} (column ${parsed.column}): Steward takes the counter's increase over each window itself; for other PromQL, write a Steward SLO with a freeform SLI`
    );
  }
  ctx.recordOrigins([['spec', 'sli', 'ratio', field], query]);
  return query.value.trim();
}
