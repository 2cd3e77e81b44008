import Type from 'typebox';

export const TelemetryInventoryQuery = Type.Object({
  label: Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', default: 'service', description: 'identifier label' }),
  time: Type.Optional(Type.Number({ description: 'evaluation time, seconds since the epoch (default: now)' })),
});

/** Values of an identifier label seen in Prometheus, with how many series carry each. */
export const TelemetryInventory = Type.Object({
  label: Type.String(),
  time: Type.Number(),
  values: Type.Array(Type.Object({ value: Type.String(), series: Type.Integer() })),
});
export type TelemetryInventory = Type.Static<typeof TelemetryInventory>;
