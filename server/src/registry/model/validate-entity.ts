import type { TSchema } from 'typebox';
import { parseLabelMatcher } from '../../promql/parse-matcher.js';
import { checkAgainstSchema, pathToField } from '../../validation/schema-check.js';
import { hasHalfSurrogate } from '../../validation/unicode.js';
import { API_VERSION } from '@steward/contract/model/common';
import { checkSlo } from '../../slo/check-slo.js';
import { ServiceEntity, SystemEntity, type Entity, type EntityKind } from '@steward/contract/model/service';
import { SloEntity } from '@steward/contract/model/slo';
import { TeamEntity } from '@steward/contract/model/team';

const SCHEMAS: Record<EntityKind, TSchema> = {
  Team: TeamEntity,
  Service: ServiceEntity,
  System: SystemEntity,
  SLO: SloEntity,
};

export interface EntityProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * Pure structural validation of one entity document: the JSON schema of its kind, then what
 * a schema cannot say (telemetry matchers parse as PromQL). Returns every problem found.
 */
export function validateEntity(value: unknown): { entity?: Entity; problems: EntityProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ path: [], message: 'must be a mapping with apiVersion, kind, metadata and spec' }] };
  }
  const doc = value as Record<string, unknown>;
  if (doc.apiVersion !== API_VERSION) {
    return { problems: [{ path: ['apiVersion'], message: `must be "${API_VERSION}"` }] };
  }
  const kind = doc.kind as EntityKind;
  const schema = SCHEMAS[kind];
  if (!schema) {
    return {
      problems: [
        {
          path: ['kind'],
          message: `must be one of ${Object.keys(SCHEMAS)
            .map((k) => `"${k}"`)
            .join(', ')}`,
        },
      ],
    };
  }
  const problems: EntityProblem[] = [
    ...checkAgainstSchema(schema, value).map((e) => ({ path: e.path, message: e.message })),
    ...halfSurrogates(value, []),
  ];
  if (kind === 'Service') {
    const telemetry = (doc.spec as { telemetry?: unknown })?.telemetry;
    if (Array.isArray(telemetry)) {
      telemetry.forEach((matcher, index) => {
        if (typeof matcher === 'string') {
          const parsed = parseLabelMatcher(matcher);
          if (!parsed.ok) {
            problems.push({
              path: ['spec', 'telemetry', index],
              message: `${parsed.message} (at column ${parsed.column})`,
            });
          }
        }
      });
    }
  }
  if (kind === 'SLO' && problems.length === 0) {
    problems.push(...checkSlo((value as SloEntity).spec).problems);
  }
  return problems.length === 0 ? { entity: value as Entity, problems } : { problems };
}

/** Text that cannot be written as UTF-8 is refused where it enters, at its field. */
function halfSurrogates(value: unknown, path: Array<string | number>): EntityProblem[] {
  if (typeof value === 'string') {
    return hasHalfSurrogate(value)
      ? [{ path, message: 'is not valid Unicode (it holds half of a surrogate pair)' }]
      : [];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => [
      ...halfSurrogates(key, path),
      ...halfSurrogates(inner, [...path, Array.isArray(value) ? Number(key) : key]),
    ]);
  }
  return [];
}

export { pathToField };
