import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EventInput, EventListQuery, ServiceEvent } from '@steward/contract/events';
import type { Tables } from './tables.js';

/** Deploys, rollbacks and other changes per service, recorded by CI or people. */
export class EventStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly now: () => Date = () => new Date()
  ) {}

  async record(input: EventInput, recordedBy: string): Promise<ServiceEvent> {
    const recordedAt = this.now().toISOString();
    const row = {
      id: randomUUID(),
      service: input.service,
      kind: input.kind,
      title: input.title,
      version: input.version ?? null,
      occurred_at: input.occurredAt ? new Date(input.occurredAt).toISOString() : recordedAt,
      recorded_by: recordedBy,
      recorded_at: recordedAt,
    };
    await this.db.insertInto('events').values(row).execute();
    return toEvent(row);
  }

  async list(query: EventListQuery): Promise<ServiceEvent[]> {
    let q = this.db.selectFrom('events').selectAll();
    if (query.service) {
      q = q.where('service', '=', query.service);
    }
    if (query.from) {
      q = q.where('occurred_at', '>=', new Date(query.from).toISOString());
    }
    if (query.to) {
      q = q.where('occurred_at', '<=', new Date(query.to).toISOString());
    }
    const rows = await q.orderBy('occurred_at', 'desc').orderBy('id').limit(query.limit).execute();
    return rows.map(toEvent);
  }
}

function toEvent(row: Tables['events']): ServiceEvent {
  return {
    id: row.id,
    service: row.service,
    kind: row.kind as ServiceEvent['kind'],
    title: row.title,
    ...(row.version === null ? {} : { version: row.version }),
    occurredAt: row.occurred_at,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}
