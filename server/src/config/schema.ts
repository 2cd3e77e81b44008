import Type from 'typebox';

/**
 * How steward-server authenticates to a backend (see backends/credentials.ts): a bearer token or
 * basic auth, each from a file or the environment, and a tenant.
 */
const BackendAuthSchema = Type.Object(
  {
    /** Prefer bearerTokenFile; this one is for the environment (STEWARD_*_BEARER_TOKEN). */
    bearerToken: Type.Optional(Type.String({ minLength: 1 })),
    /** A file holding the token, read on every request (rotated secrets take effect at once). */
    bearerTokenFile: Type.Optional(Type.String({ minLength: 1 })),
    basicAuth: Type.Optional(
      Type.Object(
        {
          username: Type.String({ minLength: 1 }),
          password: Type.Optional(Type.String({ minLength: 1 })),
          passwordFile: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false }
      )
    ),
    /** Sent as `X-Scope-OrgID` on every request (Mimir, Cortex). */
    tenant: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false, default: {} }
);

/**
 * How steward-server speaks TLS to a backend (see backends/credentials.ts): the CA to trust, a
 * client certificate, the name to verify. The files are read at start.
 */
const BackendTlsSchema = Type.Object(
  {
    /** PEM file of the CA(s) that sign the backend's certificate; replaces Node's own roots for it. */
    caFile: Type.Optional(Type.String({ minLength: 1 })),
    /** PEM file of Steward's client certificate, for a backend that demands one (needs keyFile). */
    certFile: Type.Optional(Type.String({ minLength: 1 })),
    /** PEM file of the client certificate's private key, unencrypted (needs certFile). */
    keyFile: Type.Optional(Type.String({ minLength: 1 })),
    /** Name sent in SNI and verified against the backend's certificate, instead of the URL's host. */
    serverName: Type.Optional(Type.String({ minLength: 1 })),
    /** Accept any certificate the backend shows: for tests only. */
    insecureSkipVerify: Type.Boolean({ default: false }),
  },
  { additionalProperties: false, default: {} }
);

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
        /** Credentials for queries, and for the ruler, remote write and reloads of the same backend. */
        auth: BackendAuthSchema,
        /** TLS towards the same backend: queries, the ruler, remote write and reloads. */
        tls: BackendTlsSchema,
      },
      { additionalProperties: false, default: {} }
    ),
    auth: Type.Object(
      {
        /** Shared secret Grafana sends as `Authorization: Bearer …` (from the plugin's secureJsonData). */
        grafanaSecret: Type.String({ minLength: 16 }),
        /** Grafana's root URL; enables verification of `X-Grafana-Id` tokens against its JWKS. */
        grafanaUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
        /**
         * The `iss` Grafana writes into ID tokens: its root_url. Defaults to grafanaUrl; set it
         * when Steward reaches Grafana at another address than Grafana's root_url.
         */
        grafanaIssuer: Type.Optional(Type.String({ pattern: '^https?://' })),
        /** Grafana organisation whose ID tokens are accepted (token audience `org:<id>`). */
        grafanaOrgId: Type.Integer({ minimum: 1, default: 1 }),
        /** Accept `X-Grafana-User` as the user's login; only safe when only Grafana can reach the server. */
        trustUserHeader: Type.Boolean({ default: false }),
        /**
         * Tokens CI sends as `X-Steward-CI-Token` to record deploy events, each allowed for some
         * teams (and the teams below them). Only the SHA-256 of each token is configured.
         */
        ciTokens: Type.Array(
          Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100 }),
              sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the token' }),
              teams: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
            },
            { additionalProperties: false }
          ),
          { default: [] }
        ),
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
    slo: Type.Object(
      {
        /** Write rule files here (Prometheus loads `steward-*.yml` from it), then reload Prometheus. */
        rulesDirectory: Type.Optional(Type.String({ minLength: 1 })),
        /** Where to POST after writing rule files; `<prometheus.url>/-/reload` when unset. */
        reloadUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
        /** A Mimir/Cortex-compatible ruler (e.g. http://mimir:8080/prometheus), instead of a rules directory. */
        rulerUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
        /** Ruler namespace Steward owns. */
        rulerNamespace: Type.String({ minLength: 1, default: 'steward' }),
        /** Tenant for Mimir/Cortex (X-Scope-OrgID) on ruler and remote-write requests; prometheus.auth.tenant when unset. */
        tenant: Type.Optional(Type.String({ minLength: 1 })),
        /** Remote-write endpoint for filling in recorded history; `<prometheus.url>/api/v1/write` when unset. */
        remoteWriteUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
        /** Fill in recorded history from raw series when an SLO (or what it counts) is new. */
        backfill: Type.Boolean({ default: true }),
        /** How long a computed SLO status is served before it is computed again. */
        statusCacheSeconds: Type.Integer({ minimum: 0, default: 30 }),
        /**
         * Timeout of the engine's own queries (status of all SLOs, history filling), which run in
         * the background and read much more than one page's query does.
         */
        queryTimeoutMs: Type.Integer({ minimum: 1000, default: 120000 }),
        /**
         * How long a request for SLO status may take before it is answered with a 504 (the
         * computation goes on for the cache): under Grafana's 30 s data proxy timeout, so a
         * panel shows Steward's reason rather than Grafana's.
         */
        statusDeadlineMs: Type.Integer({ minimum: 100, default: 20000 }),
        /** Grafana's public URL, for links to SLO pages in alerts. */
        grafanaPublicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
      },
      { additionalProperties: false, default: {} }
    ),
    alertmanager: Type.Object(
      {
        /** Write the generated Alertmanager configuration here (routes per owning team). */
        configFile: Type.Optional(Type.String({ minLength: 1 })),
        /** The operator's own configuration (global settings, receivers, inhibit rules) to build on. */
        baseConfigFile: Type.Optional(Type.String({ minLength: 1 })),
        /** Reloaded (POST /-/reload) after the file changes. */
        url: Type.Optional(Type.String({ pattern: '^https?://' })),
        auth: BackendAuthSchema,
        tls: BackendTlsSchema,
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
  STEWARD_PROMETHEUS_BEARER_TOKEN: { path: ['prometheus', 'auth', 'bearerToken'], kind: 'string' },
  STEWARD_PROMETHEUS_BEARER_TOKEN_FILE: { path: ['prometheus', 'auth', 'bearerTokenFile'], kind: 'string' },
  STEWARD_PROMETHEUS_BASIC_AUTH_USER: { path: ['prometheus', 'auth', 'basicAuth', 'username'], kind: 'string' },
  STEWARD_PROMETHEUS_BASIC_AUTH_PASSWORD: { path: ['prometheus', 'auth', 'basicAuth', 'password'], kind: 'string' },
  STEWARD_PROMETHEUS_BASIC_AUTH_PASSWORD_FILE: {
    path: ['prometheus', 'auth', 'basicAuth', 'passwordFile'],
    kind: 'string',
  },
  STEWARD_PROMETHEUS_TENANT: { path: ['prometheus', 'auth', 'tenant'], kind: 'string' },
  STEWARD_PROMETHEUS_TLS_CA_FILE: { path: ['prometheus', 'tls', 'caFile'], kind: 'string' },
  STEWARD_PROMETHEUS_TLS_CERT_FILE: { path: ['prometheus', 'tls', 'certFile'], kind: 'string' },
  STEWARD_PROMETHEUS_TLS_KEY_FILE: { path: ['prometheus', 'tls', 'keyFile'], kind: 'string' },
  STEWARD_PROMETHEUS_TLS_SERVER_NAME: { path: ['prometheus', 'tls', 'serverName'], kind: 'string' },
  STEWARD_PROMETHEUS_TLS_INSECURE_SKIP_VERIFY: { path: ['prometheus', 'tls', 'insecureSkipVerify'], kind: 'boolean' },
  STEWARD_GRAFANA_SECRET: { path: ['auth', 'grafanaSecret'], kind: 'string' },
  STEWARD_GRAFANA_URL: { path: ['auth', 'grafanaUrl'], kind: 'string' },
  STEWARD_GRAFANA_ISSUER: { path: ['auth', 'grafanaIssuer'], kind: 'string' },
  STEWARD_GRAFANA_ORG_ID: { path: ['auth', 'grafanaOrgId'], kind: 'integer' },
  STEWARD_TRUST_USER_HEADER: { path: ['auth', 'trustUserHeader'], kind: 'boolean' },
  STEWARD_LOG_LEVEL: { path: ['log', 'level'], kind: 'string' },
  STEWARD_SHUTDOWN_TIMEOUT_MS: { path: ['shutdownTimeoutMs'], kind: 'integer' },
  STEWARD_CATALOG_DIR: { path: ['catalog', 'directory'], kind: 'string' },
  STEWARD_CATALOG_POLL_SECONDS: { path: ['catalog', 'pollSeconds'], kind: 'integer' },
  STEWARD_IDENTIFIER_LABELS: { path: ['telemetry', 'identifierLabels'], kind: 'list' },
  STEWARD_RULES_DIR: { path: ['slo', 'rulesDirectory'], kind: 'string' },
  STEWARD_PROMETHEUS_RELOAD_URL: { path: ['slo', 'reloadUrl'], kind: 'string' },
  STEWARD_RULER_URL: { path: ['slo', 'rulerUrl'], kind: 'string' },
  STEWARD_RULER_NAMESPACE: { path: ['slo', 'rulerNamespace'], kind: 'string' },
  STEWARD_TENANT: { path: ['slo', 'tenant'], kind: 'string' },
  STEWARD_REMOTE_WRITE_URL: { path: ['slo', 'remoteWriteUrl'], kind: 'string' },
  STEWARD_BACKFILL: { path: ['slo', 'backfill'], kind: 'boolean' },
  STEWARD_STATUS_CACHE_SECONDS: { path: ['slo', 'statusCacheSeconds'], kind: 'integer' },
  STEWARD_SLO_QUERY_TIMEOUT_MS: { path: ['slo', 'queryTimeoutMs'], kind: 'integer' },
  STEWARD_STATUS_DEADLINE_MS: { path: ['slo', 'statusDeadlineMs'], kind: 'integer' },
  STEWARD_GRAFANA_PUBLIC_URL: { path: ['slo', 'grafanaPublicUrl'], kind: 'string' },
  STEWARD_ALERTMANAGER_CONFIG_FILE: { path: ['alertmanager', 'configFile'], kind: 'string' },
  STEWARD_ALERTMANAGER_BASE_CONFIG: { path: ['alertmanager', 'baseConfigFile'], kind: 'string' },
  STEWARD_ALERTMANAGER_URL: { path: ['alertmanager', 'url'], kind: 'string' },
  STEWARD_ALERTMANAGER_BEARER_TOKEN: { path: ['alertmanager', 'auth', 'bearerToken'], kind: 'string' },
  STEWARD_ALERTMANAGER_BEARER_TOKEN_FILE: { path: ['alertmanager', 'auth', 'bearerTokenFile'], kind: 'string' },
  STEWARD_ALERTMANAGER_BASIC_AUTH_USER: {
    path: ['alertmanager', 'auth', 'basicAuth', 'username'],
    kind: 'string',
  },
  STEWARD_ALERTMANAGER_BASIC_AUTH_PASSWORD_FILE: {
    path: ['alertmanager', 'auth', 'basicAuth', 'passwordFile'],
    kind: 'string',
  },
  STEWARD_ALERTMANAGER_TENANT: { path: ['alertmanager', 'auth', 'tenant'], kind: 'string' },
  STEWARD_ALERTMANAGER_TLS_CA_FILE: { path: ['alertmanager', 'tls', 'caFile'], kind: 'string' },
  STEWARD_ALERTMANAGER_TLS_CERT_FILE: { path: ['alertmanager', 'tls', 'certFile'], kind: 'string' },
  STEWARD_ALERTMANAGER_TLS_KEY_FILE: { path: ['alertmanager', 'tls', 'keyFile'], kind: 'string' },
  STEWARD_ALERTMANAGER_TLS_SERVER_NAME: { path: ['alertmanager', 'tls', 'serverName'], kind: 'string' },
  STEWARD_ALERTMANAGER_TLS_INSECURE_SKIP_VERIFY: {
    path: ['alertmanager', 'tls', 'insecureSkipVerify'],
    kind: 'boolean',
  },
};
