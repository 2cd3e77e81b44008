import type { Sli } from '@steward/contract/model/slo';
import { metricSelector } from './metric-source.js';
import { asList, child, isRecord, type Node } from './node.js';
import type { SloContext } from './slo-context.js';

const REASONS = {
  composite:
    'is not supported: composite SLOs (an indicator per objective) cannot be imported; write one SLO per indicator',
  threshold:
    'is not supported: Steward SLIs count good or bad events against all events; use ratioMetric with counters',
  raw: 'is not supported: a precomputed ratio has no event counts, so its budget could only be a time-weighted average of ratios. Give good (or bad) and total as counters',
  counter:
    'must be true: Steward counts events as the increase of counters; a gauge (counter: false) has no event counts',
};

/** The SLO's indicator, inline or by indicatorRef, as a Steward ratio SLI. */
export function mapIndicator(spec: Node, ctx: SloContext): Sli | undefined {
  const composite = compositeIndicator(spec);
  if (composite) {
    return ctx.reject(composite, REASONS.composite);
  }
  const sli = indicatorDocument(spec, ctx);
  return sli && ratioSli(sli, ctx);
}

/** An indicator given in an objective rather than the SLO. */
function compositeIndicator(spec: Node): Node | undefined {
  const objective = asList(child(spec, 'objectives')).find(
    (o) => o.value?.indicator !== undefined || o.value?.indicatorRef !== undefined
  );
  return objective && child(objective, objective.value.indicator !== undefined ? 'indicator' : 'indicatorRef');
}

function indicatorDocument(spec: Node, ctx: SloContext): Node | undefined {
  const inline = child(spec, 'indicator');
  const ref = child(spec, 'indicatorRef');
  if (inline.value !== undefined && ref.value !== undefined) {
    return ctx.reject(ref, 'cannot be given with indicator; give one');
  }
  if (inline.value !== undefined) {
    return inline;
  }
  return ref.value !== undefined ? ctx.deref('SLI', ref) : ctx.reject(spec, 'needs indicator or indicatorRef');
}

function ratioSli(sli: Node, ctx: SloContext): Sli | undefined {
  ctx.recordOrigins([['spec', 'sli'], sli]);
  const ratio = countedRatio(child(sli, 'spec'), ctx);
  if (!ratio) {
    return undefined;
  }
  const which = ratio.value.good !== undefined ? 'good' : 'bad';
  const events = metricSelector(child(ratio, which), which, ctx);
  const total = metricSelector(child(ratio, 'total'), 'total', ctx);
  return events && total ? { ratio: { [which]: events, total } } : undefined;
}

/** The SLI's ratioMetric, if it counts events: good or bad, and total, as counters. */
function countedRatio(sliSpec: Node, ctx: SloContext): Node | undefined {
  if (sliSpec.value?.thresholdMetric !== undefined) {
    return ctx.reject(child(sliSpec, 'thresholdMetric'), REASONS.threshold);
  }
  const ratio = child(sliSpec, 'ratioMetric');
  if (!isRecord(ratio.value)) {
    return ctx.reject(sliSpec, 'needs ratioMetric: good or bad events, and total events, as counters');
  }
  const raw = ['raw', 'rawType'].find((key) => ratio.value[key] !== undefined);
  if (raw) {
    return ctx.reject(child(ratio, raw), REASONS.raw);
  }
  if (ratio.value.counter !== true) {
    return ctx.reject(child(ratio, 'counter'), REASONS.counter);
  }
  if ((ratio.value.good === undefined) === (ratio.value.bad === undefined)) {
    return ctx.reject(ratio, 'needs either good or bad (not both), and total');
  }
  return ratio;
}
