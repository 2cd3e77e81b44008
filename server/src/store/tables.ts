/** Row shapes of every table; timestamps are ISO-8601 UTC strings in both dialects. */
export interface Tables {
  events: EventsTable;
}

export interface EventsTable {
  id: string;
  service: string;
  kind: string;
  title: string;
  version: string | null;
  occurred_at: string;
  recorded_by: string;
  recorded_at: string;
}
