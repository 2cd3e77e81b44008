import Type from 'typebox';

export const ErrorCode = Type.Enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_required',
  'prometheus_unavailable',
  'store_unavailable',
  'deadline_exceeded',
  'internal',
]);

/** Every non-2xx answer has this body, so clients can show `message` as is. */
export const ApiErrorBody = Type.Object({
  error: Type.Object({
    code: ErrorCode,
    message: Type.String(),
    details: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), { description: 'per-field problems' })
    ),
  }),
});

export type ApiErrorBody = Type.Static<typeof ApiErrorBody>;
export type ErrorCode = Type.Static<typeof ErrorCode>;
