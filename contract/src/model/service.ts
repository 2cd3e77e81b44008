import Type from 'typebox';
import { API_VERSION, EntityName, IsoDate, Link, Metadata, Url } from './common.js';

import { LIFECYCLES, TIERS } from './vocabulary.js';

export { LIFECYCLES, TIERS };

export const Tier = Type.Enum([...TIERS], { description: 'tier-1 is the most critical' });
export const Lifecycle = Type.Enum([...LIFECYCLES]);

export const Runbook = Type.Object(
  {
    url: Url,
    title: Type.Optional(Type.String({ maxLength: 200 })),
    lastReviewed: Type.Optional(IsoDate),
  },
  { additionalProperties: false }
);
export type Runbook = Type.Static<typeof Runbook>;

/** A label matcher in PromQL syntax that selects the service's series, e.g. `service="checkout"`. */
export const TelemetryMatcher = Type.String({ minLength: 3, maxLength: 1000 });

export const ServiceSpec = Type.Object(
  {
    owner: EntityName,
    contributors: Type.Optional(Type.Array(EntityName, { maxItems: 50 })),
    tier: Type.Optional(Tier),
    lifecycle: Type.Optional(Lifecycle),
    system: Type.Optional(EntityName),
    dependsOn: Type.Optional(Type.Array(EntityName, { maxItems: 200 })),
    runbooks: Type.Optional(Type.Array(Runbook, { maxItems: 50 })),
    links: Type.Optional(Type.Array(Link, { maxItems: 100 })),
    repo: Type.Optional(Url),
    costCentre: Type.Optional(Type.String({ maxLength: 100 })),
    telemetry: Type.Optional(Type.Array(TelemetryMatcher, { maxItems: 20 })),
  },
  { additionalProperties: false }
);
export type ServiceSpec = Type.Static<typeof ServiceSpec>;

export const ServiceEntity = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal('Service'),
    metadata: Metadata,
    spec: ServiceSpec,
  },
  { additionalProperties: false }
);
export type ServiceEntity = Type.Static<typeof ServiceEntity>;

/** A group of services with one owner, as Backstage's System. */
export const SystemSpec = Type.Object({ owner: Type.Optional(EntityName) }, { additionalProperties: false });
export const SystemEntity = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal('System'),
    metadata: Metadata,
    spec: SystemSpec,
  },
  { additionalProperties: false }
);
export type SystemEntity = Type.Static<typeof SystemEntity>;

export type Entity = import('./team.js').TeamEntity | ServiceEntity | SystemEntity | import('./slo.js').SloEntity;
export type EntityKind = Entity['kind'];
export const KINDS: readonly EntityKind[] = ['Team', 'Service', 'System', 'SLO'];
