import Type from 'typebox';

export const OrgRole = Type.Enum(['Viewer', 'Editor', 'Admin']);
export type OrgRole = Type.Static<typeof OrgRole>;

/** Who is calling, as established from Grafana's forwarded identity. */
export const Identity = Type.Object({
  login: Type.String(),
  role: Type.Optional(OrgRole),
  source: Type.Enum(['id-token', 'user-header']),
});
export type Identity = Type.Static<typeof Identity>;
