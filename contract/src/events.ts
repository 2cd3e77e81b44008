import Type from 'typebox';

const ServiceName = Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const Timestamp = Type.String({ format: 'date-time' });

export const EventKind = Type.Enum(['deploy', 'rollback', 'incident', 'change']);

export const EventInput = Type.Object(
  {
    service: ServiceName,
    kind: EventKind,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    version: Type.Optional(Type.String({ maxLength: 200 })),
    occurredAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false }
);
export type EventInput = Type.Static<typeof EventInput>;

export const ServiceEvent = Type.Object({
  id: Type.String(),
  service: Type.String(),
  kind: EventKind,
  title: Type.String(),
  version: Type.Optional(Type.String()),
  occurredAt: Timestamp,
  recordedBy: Type.String(),
  recordedAt: Timestamp,
});
export type ServiceEvent = Type.Static<typeof ServiceEvent>;

export const EventListQuery = Type.Object({
  service: Type.Optional(ServiceName),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
export type EventListQuery = Type.Static<typeof EventListQuery>;

export const EventList = Type.Object({ items: Type.Array(ServiceEvent) });
export type EventList = Type.Static<typeof EventList>;
