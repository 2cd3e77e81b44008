import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Identity, OrgRole } from '@steward/contract/identity';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

const HEADERS = {
  authorization: 'authorization',
  idToken: 'x-grafana-id',
  user: 'x-grafana-user',
  /** Set by the app's proxy route to the minimum org role Grafana enforced for that route (`reqRole`). */
  routeRole: 'x-steward-route-role',
  /** A CI token (auth.ciTokens), for deploy events of the teams it is configured for. */
  ciToken: 'x-steward-ci-token',
} as const;

const ROLE_RANK: Record<OrgRole, number> = { Viewer: 1, Editor: 2, Admin: 3 };

export interface AuthOptions {
  grafanaSecret: string;
  grafanaUrl?: string;
  grafanaIssuer?: string;
  grafanaOrgId: number;
  trustUserHeader: boolean;
  ciTokens?: Array<{ name: string; sha256: string; teams: string[] }>;
  /** Key source for X-Grafana-Id; defaults to Grafana's JWKS when grafanaUrl is set. */
  keys?: JWTVerifyGetKey;
}

/**
 * Authenticates requests that come through Grafana's proxy. Grafana proves itself with the
 * shared secret from the plugin's secureJsonData; the user is taken from the ID token
 * Grafana signs (verified against Grafana's JWKS) or, only where configured, the user header.
 *
 * Grafana's ID token (idForwarding) is ES256, audience `org:<id>`, subject `user:<uid>`, with
 * `username`, `email`, `name` and, in current versions, the org `role`. Where the token has no
 * role, the minimum role Grafana enforced for the proxy route stands in for it.
 */
export class Authenticator {
  private readonly secretDigest: Buffer;
  private readonly keys?: JWTVerifyGetKey;
  private readonly ciTokens: Map<string, { name: string; teams: string[] }>;

  constructor(private readonly options: AuthOptions) {
    this.secretDigest = digest(options.grafanaSecret);
    this.ciTokens = new Map((options.ciTokens ?? []).map((t) => [t.sha256, { name: t.name, teams: t.teams }]));
    this.keys =
      options.keys ??
      (options.grafanaUrl
        ? createRemoteJWKSet(new URL('/api/signing-keys/keys', options.grafanaUrl), { cacheMaxAge: 10 * 60_000 })
        : undefined);
  }

  hasValidSecret(request: FastifyRequest): boolean {
    const header = request.headers[HEADERS.authorization];
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      return false;
    }
    return timingSafeEqual(digest(header.slice('Bearer '.length)), this.secretDigest);
  }

  async identify(request: FastifyRequest): Promise<Identity | undefined> {
    const user = await this.user(request);
    const header = request.headers[HEADERS.ciToken];
    if (typeof header !== 'string' || header === '') {
      return user;
    }
    const token = this.ciTokens.get(digest(header).toString('hex'));
    if (!token) {
      throw new HttpError(401, 'unauthorized', 'the CI token (X-Steward-CI-Token) is not one steward-server knows');
    }
    const routeRole = parseRole(request.headers[HEADERS.routeRole]);
    return {
      ...(user ?? { login: `ci:${token.name}`, source: 'ci-token', ...(routeRole ? { role: routeRole } : {}) }),
      teams: token.teams,
      ciToken: token.name,
    };
  }

  private async user(request: FastifyRequest): Promise<Identity | undefined> {
    const routeRole = parseRole(request.headers[HEADERS.routeRole]);
    const token = request.headers[HEADERS.idToken];
    if (typeof token === 'string' && token !== '' && this.keys) {
      const claims = await this.verify(token);
      const login = stringClaim(claims, 'username') ?? stringClaim(claims, 'email') ?? stringClaim(claims, 'sub');
      if (!login) {
        throw new HttpError(401, 'unauthorized', 'the Grafana ID token names no user');
      }
      const role = parseRole(claims.role) ?? routeRole;
      return { login, source: 'id-token', ...(role ? { role } : {}) };
    }
    const user = request.headers[HEADERS.user];
    if (this.options.trustUserHeader && typeof user === 'string' && user !== '') {
      return { login: user, source: 'user-header', ...(routeRole ? { role: routeRole } : {}) };
    }
    return undefined;
  }

  private async verify(token: string): Promise<Record<string, unknown>> {
    try {
      // Grafana writes its root_url as the issuer, with a trailing slash.
      const issuer = (this.options.grafanaIssuer ?? this.options.grafanaUrl ?? '').replace(/\/+$/, '');
      const { payload } = await jwtVerify(token, this.keys!, {
        algorithms: ['ES256'],
        audience: `org:${this.options.grafanaOrgId}`,
        issuer: [issuer, `${issuer}/`],
        requiredClaims: ['exp'],
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      throw new HttpError(401, 'unauthorized', `the Grafana ID token was rejected: ${(error as Error).message}`);
    }
  }
}

/** preHandler: the caller must be a known user with at least `role`. */
export function requireRole(role: OrgRole) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const identity = request.identity;
    if (!identity) {
      throw new HttpError(
        401,
        'unauthorized',
        'this change needs a signed-in Grafana user; call it through Grafana (plugin proxy) with ID forwarding or the user header enabled'
      );
    }
    if (!identity.role || ROLE_RANK[identity.role] < ROLE_RANK[role]) {
      throw new HttpError(
        403,
        'forbidden',
        `this change needs the ${role} role or higher; ${identity.login} has ${identity.role ?? 'no role'}`
      );
    }
  };
}

function parseRole(value: unknown): OrgRole | undefined {
  return value === 'Viewer' || value === 'Editor' || value === 'Admin' ? value : undefined;
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
