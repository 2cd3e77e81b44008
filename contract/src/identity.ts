import Type from 'typebox';

export const OrgRole = Type.Enum(['Viewer', 'Editor', 'Admin']);
export type OrgRole = Type.Static<typeof OrgRole>;

/** Who is calling, as established from Grafana's forwarded identity. */
export const Identity = Type.Object({
  login: Type.String(),
  role: Type.Optional(OrgRole),
  source: Type.Enum(['id-token', 'user-header', 'ci-token']),
  /** Teams a CI token (X-Steward-CI-Token) may act for, besides the teams that list the login. */
  teams: Type.Optional(Type.Array(Type.String())),
  /** The name of that CI token. */
  ciToken: Type.Optional(Type.String()),
});
export type Identity = Type.Static<typeof Identity>;
