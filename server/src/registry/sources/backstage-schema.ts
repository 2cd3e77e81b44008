import Type, { type TSchema } from 'typebox';

/**
 * The Backstage entity shapes Steward imports, as Backstage's own JSON schemas define them
 * (catalog-model's Entity, Component, Group, User and System v1alpha1): the fields Backstage
 * requires, and the type of every field Steward reads. Other fields pass as Backstage allows.
 * A wrong type is reported as one, never dropped or mistaken for a missing field.
 */
const Text = Type.String({ minLength: 1 });
const Refs = Type.Array(Text);

const Metadata = Type.Object({
  name: Text,
  namespace: Type.Optional(Text),
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
  tags: Type.Optional(Type.Array(Type.String())),
  links: Type.Optional(
    Type.Array(
      Type.Object({
        url: Text,
        title: Type.Optional(Type.String()),
        icon: Type.Optional(Type.String()),
        type: Type.Optional(Type.String()),
      })
    )
  ),
});

const Profile = Type.Object({
  displayName: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  picture: Type.Optional(Type.String()),
});

const SPECS: Record<string, TSchema> = {
  Component: Type.Object({
    type: Text,
    lifecycle: Text,
    owner: Text,
    system: Type.Optional(Text),
    subcomponentOf: Type.Optional(Text),
    providesApis: Type.Optional(Refs),
    consumesApis: Type.Optional(Refs),
    dependsOn: Type.Optional(Refs),
    dependencyOf: Type.Optional(Refs),
  }),
  Group: Type.Object({
    type: Text,
    profile: Type.Optional(Profile),
    parent: Type.Optional(Text),
    children: Refs,
    members: Type.Optional(Refs),
  }),
  User: Type.Object({ profile: Type.Optional(Profile), memberOf: Type.Optional(Refs) }),
  System: Type.Object({ owner: Text, domain: Type.Optional(Text), type: Type.Optional(Text) }),
};

/** The schema of a Backstage kind Steward imports, or undefined for kinds it skips. */
export function backstageSchema(kind: string): TSchema | undefined {
  const spec = SPECS[kind];
  return spec ? Type.Object({ apiVersion: Text, kind: Type.Literal(kind), metadata: Metadata, spec }) : undefined;
}
