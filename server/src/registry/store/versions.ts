import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../store/tables.js';
import type { Entity } from '@steward/contract/model/service';

type Db = Kysely<Tables> | Transaction<Tables>;

/**
 * The version a new entry starts at: one more than the changes ever audited under its name.
 * Every write appends an audit row, so a name that is deleted and created again never reuses
 * a version, and an ETag read before the delete cannot match the new entry.
 */
export async function firstVersions(db: Db, entities: Entity[]): Promise<number[]> {
  const kinds = [...new Set(entities.map((e) => e.kind))];
  const names = [...new Set(entities.map((e) => e.metadata.name))];
  const rows = await db
    .selectFrom('audit_log')
    .select(['kind', 'name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', 'in', kinds) // the audit_log_entity index leads with kind
    .where('name', 'in', names)
    .groupBy(['kind', 'name'])
    .execute();
  const counts = new Map(rows.map((r) => [`${r.kind}/${r.name}`, Number(r.n)]));
  return entities.map((e) => (counts.get(`${e.kind}/${e.metadata.name}`) ?? 0) + 1);
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
