import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TSchema } from 'typebox';
import { ApiErrorBody } from '@steward/contract/errors';
import {
  ApiService,
  ApiSlo,
  ApiSystem,
  ApiTeam,
  AuditPage,
  AuditQuery,
  CatalogQuery,
  CatalogStatus,
  CatalogStatusQuery,
  Me,
  ServiceEntity,
  ServiceOverview,
  ServicePage,
  SloEntity,
  SloPage,
  SystemEntity,
  SystemPage,
  TeamEntity,
  TeamOverview,
  TeamPage,
} from '@steward/contract/registry';
import type { EntityKind } from '@steward/contract/model/service';
import { me, serviceOverview, teamOverview, toApi } from '../../registry/overviews.js';
import type { StoredEntity } from '../../registry/store/stored-entity.js';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

const COLLECTIONS: Array<{ path: string; kind: EntityKind; entity: TSchema; item: TSchema; page: TSchema }> = [
  { path: 'services', kind: 'Service', entity: ServiceEntity, item: ApiService, page: ServicePage },
  { path: 'teams', kind: 'Team', entity: TeamEntity, item: ApiTeam, page: TeamPage },
  { path: 'systems', kind: 'System', entity: SystemEntity, item: ApiSystem, page: SystemPage },
  { path: 'slos', kind: 'SLO', entity: SloEntity, item: ApiSlo, page: SloPage },
];

const NameParams = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 63 } },
  required: ['name'],
} as const;
const errors = {
  400: ApiErrorBody,
  401: ApiErrorBody,
  403: ApiErrorBody,
  404: ApiErrorBody,
  409: ApiErrorBody,
  428: ApiErrorBody,
};

/** Teams, services and systems: search with facets, read, and (Editors in the owning team) write. */
export async function registryRoutes(app: FastifyInstance, { registry }: ServerContext) {
  for (const { path, kind, entity, item, page } of COLLECTIONS) {
    const tags = [path];
    const noun = kind.toLowerCase();

    app.get<{ Querystring: CatalogQuery }>(
      `/api/v1/${path}`,
      {
        schema: {
          summary: `Search ${path}, with facet counts and cursor paging`,
          tags,
          querystring: CatalogQuery,
          response: { 200: page, 400: ApiErrorBody },
        },
      },
      async (request) => {
        const q = request.query;
        const result = await registry.query(
          {
            kind,
            ...(q.q ? { q: q.q } : {}),
            ...(q.team ? { owner: q.team, includeSubteams: q.includeSubteams } : {}),
            ...(q.tier ? { tier: q.tier } : {}),
            ...(q.lifecycle ? { lifecycle: q.lifecycle } : {}),
            ...(q.system ? { system: q.system } : {}),
            ...(q.parent ? { parent: q.parent } : {}),
            ...(q.source ? { source: q.source } : {}),
            ...(q.service ? { service: q.service } : {}),
          },
          { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) }
        );
        return { ...result, items: result.items.map(toApi) };
      }
    );

    app.get<{ Params: { name: string } }>(
      `/api/v1/${path}/:name`,
      {
        schema: {
          summary: `One ${noun}; the ETag header is its version`,
          tags,
          params: NameParams,
          response: { 200: item, 404: ApiErrorBody },
        },
      },
      async (request, reply) => {
        const stored = await registry.get(kind, request.params.name);
        if (!stored) {
          throw new HttpError(404, 'not_found', `${kind} "${request.params.name}" does not exist`);
        }
        return withEtag(reply, stored);
      }
    );

    app.post(
      `/api/v1/${path}`,
      {
        preHandler: requireRole('Editor'),
        attachValidation: true, // the registry validates, with the same messages as for catalog files
        schema: {
          summary: `Create a ${noun} (Editor in an owning team, or Admin)`,
          tags,
          body: entity,
          response: { 201: item, ...errors },
        },
      },
      async (request, reply) => {
        const created = await registry.create(kind, request.body, request.identity!);
        reply.header('location', `/api/v1/${path}/${created.entity.metadata.name}`);
        return withEtag(reply.status(201), created);
      }
    );

    app.put<{ Params: { name: string } }>(
      `/api/v1/${path}/:name`,
      {
        preHandler: requireRole('Editor'),
        attachValidation: true,
        schema: {
          summary: `Replace a ${noun}; needs If-Match with its ETag (409 if it changed meanwhile)`,
          tags,
          params: NameParams,
          body: entity,
          response: { 200: item, ...errors },
        },
      },
      async (request, reply) => {
        const updated = await registry.update(
          kind,
          request.params.name,
          request.body,
          ifMatch(request.headers['if-match']),
          request.identity!
        );
        return withEtag(reply, updated);
      }
    );

    app.delete<{ Params: { name: string } }>(
      `/api/v1/${path}/:name`,
      {
        preHandler: requireRole('Editor'),
        schema: {
          summary: `Delete a ${noun}; needs If-Match with its ETag`,
          tags,
          params: NameParams,
          response: { 204: { type: 'null' }, ...errors },
        },
      },
      async (request, reply) => {
        await registry.remove(kind, request.params.name, ifMatch(request.headers['if-match']), request.identity!);
        return reply.status(204).send();
      }
    );

    app.post<{ Params: { name: string } }>(
      `/api/v1/${path}/:name/adopt`,
      {
        preHandler: requireRole('Admin'),
        schema: {
          summary: `Adopt an orphaned ${noun} (its catalog file is gone): it becomes editable here (Admin; If-Match)`,
          tags,
          params: NameParams,
          response: { 200: item, ...errors },
        },
      },
      async (request, reply) => {
        const adopted = await registry.adopt(
          kind,
          request.params.name,
          ifMatch(request.headers['if-match']),
          request.identity!
        );
        return withEtag(reply, adopted);
      }
    );
  }

  app.get<{ Params: { name: string } }>(
    '/api/v1/teams/:name/overview',
    {
      schema: {
        summary: 'A team with its sub-teams, services (direct and through sub-teams) and on-call',
        tags: ['teams'],
        params: NameParams,
        response: { 200: TeamOverview, 404: ApiErrorBody },
      },
    },
    async (request) => {
      const overview = await teamOverview(registry, request.params.name, new Date());
      if (!overview) {
        throw new HttpError(404, 'not_found', `Team "${request.params.name}" does not exist`);
      }
      return overview;
    }
  );

  app.get<{ Params: { name: string } }>(
    '/api/v1/services/:name/overview',
    {
      schema: {
        summary: 'A service with its owner, on-call, system and dependencies both ways',
        tags: ['services'],
        params: NameParams,
        response: { 200: ServiceOverview, 404: ApiErrorBody },
      },
    },
    async (request) => {
      const overview = await serviceOverview(registry, request.params.name, new Date());
      if (!overview) {
        throw new HttpError(404, 'not_found', `Service "${request.params.name}" does not exist`);
      }
      return overview;
    }
  );

  app.get<{ Querystring: CatalogStatusQuery }>(
    '/api/v1/catalog/status',
    {
      schema: {
        summary: 'Catalog files, last reload, counts of problems by severity and one page of them (errors first)',
        tags: ['catalog'],
        querystring: CatalogStatusQuery,
        response: { 200: CatalogStatus, 400: ApiErrorBody },
      },
    },
    async (request) => registry.catalogStatus(request.query)
  );

  app.post<{ Querystring: CatalogStatusQuery }>(
    '/api/v1/catalog/reload',
    {
      preHandler: requireRole('Admin'),
      schema: {
        summary: 'Re-read the catalog folder now (Admin)',
        tags: ['catalog'],
        querystring: CatalogStatusQuery,
        response: { 200: CatalogStatus, 401: ApiErrorBody, 403: ApiErrorBody },
      },
    },
    async (request) => {
      await registry.reloadCatalog();
      return registry.catalogStatus(request.query);
    }
  );

  app.get<{ Querystring: AuditQuery }>(
    '/api/v1/audit',
    {
      schema: {
        summary: 'Every change to the registry, newest first (append-only)',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => registry.store.auditPage(request.query)
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'The calling user and the teams that list them',
        tags: ['users'],
        response: { 200: Me, 401: ApiErrorBody },
      },
    },
    async (request) => {
      if (!request.identity) {
        throw new HttpError(401, 'unauthorized', 'no Grafana user was forwarded with this request');
      }
      return me(registry, request.identity);
    }
  );
}

function withEtag(reply: FastifyReply, stored: StoredEntity) {
  reply.header('etag', `"${stored.version}"`);
  return toApi(stored);
}

/** If-Match carries the ETag we sent: "3" (or W/"3"). */
function ifMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(Array.isArray(header) ? header[0]! : header);
  if (!match) {
    throw new HttpError(400, 'bad_request', 'If-Match must be the ETag from your last read, e.g. "3"');
  }
  return Number(match[1]);
}
