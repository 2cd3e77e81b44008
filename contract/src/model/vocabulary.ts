/** Fixed vocabularies of the model, without dependencies so the frontend can import them too. */
export const TIERS = ['tier-1', 'tier-2', 'tier-3', 'tier-4'] as const;
export const LIFECYCLES = ['experimental', 'production', 'deprecated', 'retired'] as const;
export const SHIFT_LENGTHS = ['1d', '7d', '14d'] as const;
