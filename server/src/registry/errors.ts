/** Why a registry operation was refused; the HTTP layer maps `reason` to a status code. */
export type RefusalReason = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'precondition_required';

export class RegistryRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly details?: Array<{ field: string; message: string }>
  ) {
    super(message);
    this.name = 'RegistryRefusal';
  }
}
