import Type from 'typebox';
import { API_VERSION, Duration, EntityName, Metadata, PositiveDuration, Url } from './common.js';

export const Member = Type.Object(
  {
    /** Grafana login; how Steward matches the signed-in user to teams. */
    login: Type.String({ minLength: 1, maxLength: 200 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    role: Type.Optional(Type.String({ maxLength: 100, description: 'free-form, e.g. lead, engineer' })),
  },
  { additionalProperties: false }
);
export type Member = Type.Static<typeof Member>;

export const Contacts = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    chat: Type.Optional(
      Type.Object(
        { channel: Type.String({ minLength: 1, maxLength: 200 }), url: Type.Optional(Url) },
        { additionalProperties: false }
      )
    ),
    /** Where Alertmanager should send this team's alerts, when generated (webhook). */
    webhook: Type.Optional(Url),
  },
  { additionalProperties: false }
);
export type Contacts = Type.Static<typeof Contacts>;

/** Who is on call: a rotation Steward computes, or a reference to an external schedule. */
export const OnCall = Type.Object(
  {
    rotation: Type.Optional(
      Type.Object(
        {
          /** Logins in hand-off order. */
          members: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 200 }),
          /** The first hand-off; shifts follow every `shift`. */
          start: Type.String({ format: 'date-time' }),
          shift: PositiveDuration,
        },
        { additionalProperties: false }
      )
    ),
    pagerduty: Type.Optional(
      Type.Object(
        { scheduleId: Type.String({ minLength: 1 }), url: Type.Optional(Url) },
        { additionalProperties: false }
      )
    ),
    grafanaIrm: Type.Optional(
      Type.Object(
        { scheduleId: Type.String({ minLength: 1 }), url: Type.Optional(Url) },
        { additionalProperties: false }
      )
    ),
  },
  { additionalProperties: false, minProperties: 1 }
);
export type OnCall = Type.Static<typeof OnCall>;

export const EscalationLevel = Type.Object(
  {
    /** How long an unacknowledged page waits before this level is notified. */
    after: Duration,
    /** `oncall`, a login, or `team:<name>`. */
    notify: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false }
);
export type EscalationLevel = Type.Static<typeof EscalationLevel>;

export const TeamSpec = Type.Object(
  {
    parent: Type.Optional(EntityName),
    members: Type.Optional(Type.Array(Member, { maxItems: 1000 })),
    contacts: Type.Optional(Contacts),
    onCall: Type.Optional(OnCall),
    escalation: Type.Optional(Type.Array(EscalationLevel, { maxItems: 10 })),
  },
  { additionalProperties: false }
);
export type TeamSpec = Type.Static<typeof TeamSpec>;

export const TeamEntity = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal('Team'),
    metadata: Metadata,
    spec: TeamSpec,
  },
  { additionalProperties: false }
);
export type TeamEntity = Type.Static<typeof TeamEntity>;
