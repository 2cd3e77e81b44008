import { createHash } from 'node:crypto';
import type { SloEntity } from '@steward/contract/model/slo';

/**
 * How recorded counts are made; a change makes every SLO count again under new revisions.
 * 2: exact tiles between absolute marks (1: extrapolated 5-minute increases).
 */
const COUNTING_FORMAT = 2;

/**
 * Identifies what an SLO counts: its name, SLI and group-by. Objectives, alerting and owners
 * may change without it; a new revision means the recorded counts must be counted again.
 */
export function countingHash(slo: SloEntity): string {
  const counted = {
    name: slo.metadata.name,
    sli: slo.spec.sli,
    groupBy: slo.spec.groupBy ?? [],
    format: COUNTING_FORMAT,
  };
  return createHash('sha256').update(canonicalJson(counted)).digest('hex').slice(0, 12);
}

/** JSON with object keys sorted, so the same content always hashes the same whatever its source order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
