import type { Migration, MigrationProvider } from 'kysely';
import * as events from './0001-events.js';
import * as registry from './0002-registry.js';
import * as catalogIndex from './0003-catalog-index.js';
import * as slos from './0004-slos.js';
import * as orphans from './0005-orphans.js';
import * as tileSeams from './0006-tile-seams.js';

/** The one migration set both dialects run, in name order. Append; never edit a released one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-events': events,
  '0002-registry': registry,
  '0003-catalog-index': catalogIndex,
  '0004-slos': slos,
  '0005-orphans': orphans,
  '0006-tile-seams': tileSeams,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
