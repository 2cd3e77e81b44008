import Type from 'typebox';

/** Names are lowercase so uniqueness needs no case folding (Backstage names are case-insensitive). */
export const EntityName = Type.String({
  pattern: '^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$',
  description:
    'lowercase letters, digits, ".", "_" and "-"; 1 to 63 characters; starts and ends with a letter or digit',
});

export const Url = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2048, description: 'http(s) URL' });

/** A calendar date, as a runbook's last review. */
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** A duration such as 30m, 12h, 7d or 2w. */
export const Duration = Type.String({ pattern: '^\\d+(m|h|d|w)$', description: 'e.g. 30m, 12h, 7d, 2w' });

/** A duration that must be longer than zero, such as an on-call shift. */
export const PositiveDuration = Type.String({
  pattern: '^[1-9]\\d*(m|h|d|w)$',
  description: 'longer than zero, e.g. 12h, 7d, 2w',
});

export const Metadata = Type.Object(
  {
    name: EntityName,
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    annotations: Type.Optional(Type.Record(Type.String({ maxLength: 253 }), Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false }
);
export type Metadata = Type.Static<typeof Metadata>;

export const Link = Type.Object(
  {
    url: Url,
    title: Type.Optional(Type.String({ maxLength: 200 })),
    type: Type.Optional(Type.String({ maxLength: 50, description: 'free-form, e.g. dashboard, docs, chat' })),
  },
  { additionalProperties: false }
);
export type Link = Type.Static<typeof Link>;

export const API_VERSION = 'steward.dev/v1';

const DURATION_UNITS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

export function durationSeconds(duration: string): number {
  const match = /^(\d+)(m|h|d|w)$/.exec(duration);
  if (!match) {
    throw new Error(`not a duration: ${duration}`);
  }
  return Number(match[1]) * DURATION_UNITS[match[2]!]!;
}
