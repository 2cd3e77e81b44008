import { DEFAULT_IDENTIFIER_LABEL } from '../conventions/metrics.js';
import { matcherMatches, parseLabelMatcher } from '../promql/parse-matcher.js';
import type { LabelMatcher } from '../promql/escape.js';
import type { ServiceEntity } from '@steward/contract/model/service';

export interface UnownedValue {
  label: string;
  value: string;
  series: number;
}

/**
 * What a service claims in Prometheus: its declared telemetry matchers, or by default its
 * name under every identifier label (`service="<name>"`, and `job="<name>"` if job is one).
 */
function claimsOf(
  service: ServiceEntity,
  identifierLabels: readonly string[] = [DEFAULT_IDENTIFIER_LABEL]
): LabelMatcher[] {
  const declared = (service.spec.telemetry ?? [])
    .map(parseLabelMatcher)
    .filter((p): p is Extract<ReturnType<typeof parseLabelMatcher>, { ok: true }> => p.ok)
    .map((p) => p.matcher);
  return declared.length > 0
    ? declared
    : identifierLabels.map((name) => ({ name, op: '=' as const, value: service.metadata.name }));
}

/** Label values seen in Prometheus that no registered service claims. Pure. */
export function findUnowned(
  seen: UnownedValue[],
  services: ServiceEntity[],
  identifierLabels: readonly string[] = [DEFAULT_IDENTIFIER_LABEL]
): UnownedValue[] {
  const claims = services.flatMap((service) => claimsOf(service, identifierLabels));
  return seen.filter(({ label, value }) => !claims.some((m) => m.name === label && matcherMatches(m, value)));
}
