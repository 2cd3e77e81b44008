import Type from 'typebox';
import { Identity } from './identity.js';

export const ServerStatus = Type.Object({
  version: Type.String(),
  store: Type.Object({
    dialect: Type.Enum(['sqlite', 'postgres']),
    ok: Type.Boolean(),
    error: Type.Optional(Type.String()),
  }),
  prometheus: Type.Object({
    ok: Type.Boolean(),
    version: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
  }),
  user: Type.Optional(Identity),
});
export type ServerStatus = Type.Static<typeof ServerStatus>;
