import Type from 'typebox';

const Severity = Type.Enum(['high', 'medium', 'low']);
const Level = Type.Enum(['beginner', 'intermediate', 'advanced']);

export const OwnershipHealthQuery = Type.Object({
  team: Type.Optional(Type.Array(Type.String({ maxLength: 63 }), { maxItems: 100 })),
  includeSubteams: Type.Boolean({ default: true }),
});
export type OwnershipHealthQuery = Type.Static<typeof OwnershipHealthQuery>;

export const OwnershipHealth = Type.Object({
  generatedAt: Type.String(),
  rules: Type.Array(
    Type.Object({
      id: Type.String(),
      appliesTo: Type.Enum(['Service', 'Team']),
      severity: Severity,
      title: Type.String(),
      why: Type.String(),
    })
  ),
  findings: Type.Array(
    Type.Object({
      rule: Type.String(),
      severity: Severity,
      kind: Type.Enum(['Service', 'Team']),
      name: Type.String(),
      team: Type.String(),
      message: Type.String(),
    })
  ),
  summary: Type.Object({
    services: Type.Integer(),
    teams: Type.Integer(),
    findings: Type.Integer(),
    byRule: Type.Record(Type.String(), Type.Integer()),
  }),
  scorecard: Type.Object({
    levels: Type.Array(Level),
    rules: Type.Array(Type.Object({ id: Type.String(), level: Level, title: Type.String() })),
    services: Type.Array(
      Type.Object({
        service: Type.String(),
        owner: Type.String(),
        level: Type.Enum(['none', 'beginner', 'intermediate', 'advanced']),
        checks: Type.Array(
          Type.Object({ rule: Type.String(), passed: Type.Boolean(), detail: Type.Optional(Type.String()) })
        ),
      })
    ),
    distribution: Type.Record(Type.String(), Type.Integer()),
  }),
});
export type OwnershipHealth = Type.Static<typeof OwnershipHealth>;

export const UnownedTelemetryQuery = Type.Object({
  label: Type.Optional(Type.Array(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), { maxItems: 10 })),
  time: Type.Optional(Type.Number()),
});
export type UnownedTelemetryQuery = Type.Static<typeof UnownedTelemetryQuery>;

export const UnownedTelemetry = Type.Object({
  labels: Type.Array(Type.String()),
  time: Type.Number(),
  /** Values no registered service claims, with their series counts. */
  values: Type.Array(Type.Object({ label: Type.String(), value: Type.String(), series: Type.Integer() })),
});
export type UnownedTelemetry = Type.Static<typeof UnownedTelemetry>;

export const OwnershipTableQuery = Type.Object({
  team: Type.Optional(Type.Array(Type.String({ maxLength: 63 }), { maxItems: 200 })),
  includeSubteams: Type.Boolean({ default: true }),
  service: Type.Optional(Type.Array(Type.String({ maxLength: 63 }), { maxItems: 1000 })),
  tier: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
  lifecycle: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })),
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }),
});
export type OwnershipTableQuery = Type.Static<typeof OwnershipTableQuery>;

/** One service with who owns it, who is on call for it now, and where its runbook is. */
export const OwnershipRow = Type.Object({
  service: Type.String(),
  title: Type.String(),
  team: Type.String(),
  teamTitle: Type.Optional(Type.String()),
  tier: Type.Optional(Type.String()),
  lifecycle: Type.Optional(Type.String()),
  system: Type.Optional(Type.String()),
  onCallNow: Type.Optional(Type.String()),
  onCallNext: Type.Optional(Type.String()),
  /** External schedules (PagerDuty, Grafana IRM) when the team uses one. */
  onCallSchedule: Type.Optional(Type.String()),
  runbook: Type.Optional(Type.String()),
  runbookReviewed: Type.Optional(Type.String()),
  slos: Type.Integer(),
});
export type OwnershipRow = Type.Static<typeof OwnershipRow>;

export const OwnershipTable = Type.Object({ rows: Type.Array(OwnershipRow), totalItems: Type.Integer() });
export type OwnershipTable = Type.Static<typeof OwnershipTable>;
