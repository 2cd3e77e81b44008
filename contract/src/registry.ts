import Type from 'typebox';
import { ServiceEntity, SystemEntity } from './model/service.js';
import { SloEntity } from './model/slo.js';
import { TeamEntity } from './model/team.js';

export { ServiceEntity, SloEntity, SystemEntity, TeamEntity };

export const Origin = Type.Object({
  source: Type.Enum(['api', 'file']),
  path: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  /** Its catalog file disappeared or emptied: kept, and still routing, until an Admin deletes or adopts it or a file declares it again. */
  orphaned: Type.Optional(Type.Object({ since: Type.String(), reason: Type.String() })),
});

const stored = <T extends Type.TSchema>(entity: T) =>
  Type.Object({
    entity,
    origin: Origin,
    /** Also the ETag; send it back as If-Match to change the entry. */
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    updatedBy: Type.String(),
    /** Entries from catalog files can only be changed in their file. */
    readOnly: Type.Boolean(),
  });

export const ApiService = stored(ServiceEntity);
export const ApiTeam = stored(TeamEntity);
export const ApiSystem = stored(SystemEntity);
export const ApiSlo = stored(SloEntity);
export const ApiEntity = Type.Union([ApiService, ApiTeam, ApiSystem, ApiSlo]);
export type ApiService = Type.Static<typeof ApiService>;
export type ApiTeam = Type.Static<typeof ApiTeam>;
export type ApiSystem = Type.Static<typeof ApiSystem>;
export type ApiSlo = Type.Static<typeof ApiSlo>;
export type ApiEntity = Type.Static<typeof ApiEntity>;

const values = (description?: string) =>
  Type.Optional(
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200, ...(description ? { description } : {}) })
  );

export const CatalogQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'words that must all appear in name, title or description' })
  ),
  team: values('owning team (services, systems); repeat for several'),
  includeSubteams: Type.Boolean({ default: true, description: 'with team: also teams below it' }),
  tier: values(),
  lifecycle: values(),
  system: values(),
  parent: values('parent team (teams)'),
  source: values('api or file'),
  service: values('service measured (SLOs)'),
  cursor: Type.Optional(Type.String({ maxLength: 4000 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
export type CatalogQuery = Type.Static<typeof CatalogQuery>;

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));

export const catalogPage = <T extends Type.TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    totalItems: Type.Integer(),
    facets: Type.Object({
      owner: Type.Optional(FacetCounts),
      tier: Type.Optional(FacetCounts),
      lifecycle: Type.Optional(FacetCounts),
      system: Type.Optional(FacetCounts),
      parent: Type.Optional(FacetCounts),
      source: Type.Optional(FacetCounts),
      service: Type.Optional(FacetCounts),
    }),
    nextCursor: Type.Optional(Type.String()),
  });
export const ServicePage = catalogPage(ApiService);
export const TeamPage = catalogPage(ApiTeam);
export const SystemPage = catalogPage(ApiSystem);
export const SloPage = catalogPage(ApiSlo);
export type ServicePage = Type.Static<typeof ServicePage>;
export type TeamPage = Type.Static<typeof TeamPage>;
export type SloPage = Type.Static<typeof SloPage>;

export const CatalogIssue = Type.Object({
  severity: Type.Enum(['error', 'warning']),
  source: Type.String(),
  field: Type.String(),
  message: Type.String(),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
  entity: Type.Optional(Type.Object({ kind: Type.String(), name: Type.String() })),
});
export type CatalogIssue = Type.Static<typeof CatalogIssue>;

export const CatalogStatusQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'issues per page' }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  severity: Type.Optional(Type.Enum(['error', 'warning'])),
});
export type CatalogStatusQuery = Type.Static<typeof CatalogStatusQuery>;

export const CatalogStatus = Type.Object({
  directory: Type.Optional(Type.String()),
  lastReload: Type.Optional(
    Type.Object({
      at: Type.String(),
      durationMs: Type.Number(),
      created: Type.Integer(),
      updated: Type.Integer(),
      deleted: Type.Integer(),
      orphaned: Type.Integer(),
      error: Type.Optional(Type.String()),
    })
  ),
  files: Type.Array(
    Type.Object({
      path: Type.String(),
      entries: Type.Integer(),
      unreadable: Type.Boolean(),
      empty: Type.Boolean(),
      skipped: Type.Record(Type.String(), Type.Integer()),
    })
  ),
  /** One page of problems, errors first, then by file and line. */
  issues: Type.Array(CatalogIssue),
  /** Problems by severity, on every page. */
  counts: Type.Object({ error: Type.Integer(), warning: Type.Integer() }),
  /** Problems of the chosen severity (all when none is chosen), across pages. */
  totalIssues: Type.Integer(),
  nextCursor: Type.Optional(Type.String()),
  /** Entries kept although their catalog file is gone or empty. */
  orphans: Type.Integer(),
});
export type CatalogStatus = Type.Static<typeof CatalogStatus>;

const Summary = Type.Object({ name: Type.String(), title: Type.String() });

export const OnCallNow = Type.Object({
  rotation: Type.Optional(
    Type.Union([
      Type.Object({ current: Type.String(), next: Type.String(), handoffAt: Type.String() }),
      Type.Object({ startsAt: Type.String(), first: Type.String() }),
    ])
  ),
  references: Type.Array(
    Type.Object({
      system: Type.Enum(['pagerduty', 'grafanaIrm']),
      scheduleId: Type.String(),
      url: Type.Optional(Type.String()),
    })
  ),
});
export type OnCallNow = Type.Static<typeof OnCallNow>;

export const TeamOverview = Type.Object({
  team: ApiTeam,
  /** Teams from the root down to this team's parent. */
  ancestors: Type.Array(Summary),
  children: Type.Array(Summary),
  onCall: Type.Optional(OnCallNow),
  services: Type.Object({
    direct: Type.Array(ApiService),
    /** Owned by teams below this one, with the owning team on each service. */
    throughSubteams: Type.Array(ApiService),
  }),
});
export type TeamOverview = Type.Static<typeof TeamOverview>;

export const ServiceOverview = Type.Object({
  service: ApiService,
  owner: Type.Optional(Type.Object({ team: ApiTeam, onCall: Type.Optional(OnCallNow) })),
  system: Type.Optional(ApiSystem),
  dependsOn: Type.Array(
    Type.Object({
      name: Type.String(),
      title: Type.Optional(Type.String()),
      owner: Type.Optional(Type.String()),
      exists: Type.Boolean(),
    })
  ),
  dependents: Type.Array(
    Type.Object({ name: Type.String(), title: Type.String(), owner: Type.Optional(Type.String()) })
  ),
  issues: Type.Array(CatalogIssue),
});
export type ServiceOverview = Type.Static<typeof ServiceOverview>;

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.Enum(['create', 'update', 'delete', 'orphan', 'adopt']),
  kind: Type.String(),
  name: Type.String(),
  source: Type.Enum(['api', 'file']),
  sourcePath: Type.Optional(Type.String()),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
});
export type AuditEntry = Type.Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  kind: Type.Optional(Type.Enum(['Team', 'Service', 'System'])),
  name: Type.Optional(Type.String({ maxLength: 63 })),
  actor: Type.Optional(Type.String({ maxLength: 300 })),
  /** Entries older than this sequence number (the previous page's nextCursor). */
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export type AuditQuery = Type.Static<typeof AuditQuery>;

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Optional(Type.Integer()) });
export type AuditPage = Type.Static<typeof AuditPage>;

export const Me = Type.Object({
  login: Type.String(),
  role: Type.Optional(Type.String()),
  /** Teams listing this login as a member. */
  teams: Type.Array(Type.String()),
});
export type Me = Type.Static<typeof Me>;
