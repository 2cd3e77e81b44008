import Type from 'typebox';

/** steward-server configuration: a YAML file (STEWARD_CONFIG) overlaid by STEWARD_* variables. */
export const ConfigSchema = Type.Object(
  {
    listen: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
      },
      { additionalProperties: false, default: {} }
    ),
    database: Type.Object(
      {
        /** `sqlite:<path>` (relative to the working directory), `sqlite::memory:`, or `postgres://…`. */
        url: Type.String({ pattern: '^(sqlite:|postgres(ql)?://)', default: 'sqlite:data/steward.db' }),
      },
      { additionalProperties: false, default: {} }
    ),
    prometheus: Type.Object(
      {
        url: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:9090' }),
        timeoutMs: Type.Integer({ minimum: 100, default: 10000 }),
      },
      { additionalProperties: false, default: {} }
    ),
    auth: Type.Object(
      {
        /** Shared secret Grafana sends as `Authorization: Bearer …` (from the plugin's secureJsonData). */
        grafanaSecret: Type.String({ minLength: 16 }),
        /** Grafana's root URL; enables verification of `X-Grafana-Id` tokens against its JWKS. */
        grafanaUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
        /** Grafana organisation whose ID tokens are accepted (token audience `org:<id>`). */
        grafanaOrgId: Type.Integer({ minimum: 1, default: 1 }),
        /** Accept `X-Grafana-User` as the user's login; only safe when only Grafana can reach the server. */
        trustUserHeader: Type.Boolean({ default: false }),
      },
      { additionalProperties: false, default: {} }
    ),
    log: Type.Object(
      { level: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }) },
      { additionalProperties: false, default: {} }
    ),
    catalog: Type.Object(
      {
        /** Folder of catalog files (native YAML and Backstage catalog-info), watched and reloaded. */
        directory: Type.Optional(Type.String({ minLength: 1 })),
        maxFileBytes: Type.Integer({ minimum: 1024, default: 8 * 1024 * 1024 }),
        pollSeconds: Type.Integer({ minimum: 1, default: 30 }),
      },
      { additionalProperties: false, default: {} }
    ),
    telemetry: Type.Object(
      {
        /** Labels whose values identify services in Prometheus (unowned-telemetry detection). */
        identifierLabels: Type.Array(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), {
          minItems: 1,
          default: ['service'],
        }),
      },
      { additionalProperties: false, default: {} }
    ),
    shutdownTimeoutMs: Type.Integer({ minimum: 0, default: 10000 }),
  },
  { additionalProperties: false }
);

export type Config = Type.Static<typeof ConfigSchema>;

/** Which environment variable sets which field; the table is also the documentation. */
export const ENVIRONMENT: Record<
  string,
  { path: [string, ...string[]]; kind: 'string' | 'integer' | 'boolean' | 'list' }
> = {
  STEWARD_HOST: { path: ['listen', 'host'], kind: 'string' },
  STEWARD_PORT: { path: ['listen', 'port'], kind: 'integer' },
  STEWARD_DATABASE_URL: { path: ['database', 'url'], kind: 'string' },
  STEWARD_PROMETHEUS_URL: { path: ['prometheus', 'url'], kind: 'string' },
  STEWARD_PROMETHEUS_TIMEOUT_MS: { path: ['prometheus', 'timeoutMs'], kind: 'integer' },
  STEWARD_GRAFANA_SECRET: { path: ['auth', 'grafanaSecret'], kind: 'string' },
  STEWARD_GRAFANA_URL: { path: ['auth', 'grafanaUrl'], kind: 'string' },
  STEWARD_GRAFANA_ORG_ID: { path: ['auth', 'grafanaOrgId'], kind: 'integer' },
  STEWARD_TRUST_USER_HEADER: { path: ['auth', 'trustUserHeader'], kind: 'boolean' },
  STEWARD_LOG_LEVEL: { path: ['log', 'level'], kind: 'string' },
  STEWARD_SHUTDOWN_TIMEOUT_MS: { path: ['shutdownTimeoutMs'], kind: 'integer' },
  STEWARD_CATALOG_DIR: { path: ['catalog', 'directory'], kind: 'string' },
  STEWARD_CATALOG_POLL_SECONDS: { path: ['catalog', 'pollSeconds'], kind: 'integer' },
  STEWARD_IDENTIFIER_LABELS: { path: ['telemetry', 'identifierLabels'], kind: 'list' },
};
