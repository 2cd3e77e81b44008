import pg from 'pg';

export type Role = 'leader' | 'follower';

/**
 * Which steward-server writes: rules, Alertmanager routes, filled history and catalog files go
 * out from one server at a time; every server serves reads and API writes (those are
 * transactions in the shared store).
 */
export interface Leadership {
  /** `single`: this server is the only one its store allows (SQLite); `elected`: PostgreSQL decides. */
  readonly mode: 'single' | 'elected';
  isLeader(): boolean;
  /** Called with the new role whenever it changes. */
  onChange(listener: (role: Role) => void): () => void;
  describe(): { mode: 'single' | 'elected'; role: Role; since: string; lastError?: string };
  /** Takes part in the election; the first attempt is made before this resolves. */
  start(): Promise<void>;
  /** Hands leadership over at once (the lock is released), then stops taking part. */
  stop(): Promise<void>;
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A store only one server opens (a SQLite file) has one writer: that server. */
export function soleLeader(now: () => Date = () => new Date()): Leadership {
  const since = now().toISOString();
  return {
    mode: 'single',
    isLeader: () => true,
    onChange: () => () => undefined,
    describe: () => ({ mode: 'single', role: 'leader', since }),
    start: async () => undefined,
    stop: async () => undefined,
  };
}

/**
 * The advisory lock the leader holds, in the store's database. Advisory locks belong to a
 * database, so two Steward installations sharing one PostgreSQL server (each with its own
 * database) do not contend.
 */
export const LEADER_LOCK_KEY = '6004561263728301901';

export interface AdvisoryLeadershipOptions {
  url: string;
  /** How often a follower tries to take the lock, and the leader checks it still holds it. */
  pollMs?: number;
  log?: Logger;
  now?: () => Date;
}

/**
 * Leader election through a PostgreSQL session-level advisory lock, held on a connection of its
 * own. PostgreSQL releases the lock when that session ends — a crash or SIGKILL closes the
 * socket, so a follower's next attempt (every `pollMs`) succeeds. A leader that cannot reach
 * the database any more steps down at once: its lock may already be someone else's.
 */
export class AdvisoryLeadership implements Leadership {
  readonly mode = 'elected' as const;
  private client?: pg.Client;
  private leader = false;
  private since: string;
  private lastError?: string;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(role: Role) => void>();
  private readonly pollMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: AdvisoryLeadershipOptions) {
    this.pollMs = options.pollMs ?? 2000;
    this.now = options.now ?? (() => new Date());
    this.since = this.now().toISOString();
  }

  isLeader(): boolean {
    return this.leader;
  }

  onChange(listener: (role: Role) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  describe() {
    return {
      mode: this.mode,
      role: this.role(),
      since: this.since,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  async start(): Promise<void> {
    await this.attempt();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    const client = this.client;
    this.client = undefined;
    if (client && this.leader) {
      await client.query('select pg_advisory_unlock($1::bigint)', [LEADER_LOCK_KEY]).catch(() => undefined);
    }
    this.setRole(false);
    await client?.end().catch(() => undefined);
  }

  private role(): Role {
    return this.leader ? 'leader' : 'follower';
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      void this.attempt().finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  /** Leader: is the session (and so the lock) still there? Follower: take the lock if it is free. */
  private attempt(): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped) {
        return;
      }
      try {
        const client = this.client ?? (await this.connect());
        if (this.leader) {
          await client.query('select 1');
          return;
        }
        const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [
          LEADER_LOCK_KEY,
        ]);
        this.lastError = undefined;
        if (result.rows[0]?.locked) {
          this.setRole(true);
        }
      } catch (error) {
        this.lastError = (error as Error).message;
        this.drop();
      }
    });
    return this.running;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: Math.max(this.pollMs, 2000),
      // A leader whose network path to PostgreSQL dies must notice before a follower takes over.
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      application_name: 'steward-server leader election',
    });
    client.on('error', (error) => {
      this.lastError = error.message;
      if (this.client === client) {
        this.drop();
      }
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** The session is gone, and the lock with it. */
  private drop(): void {
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    if (this.leader) {
      this.options.log?.warn({ error: this.lastError }, 'lost the database session holding leadership; now a follower');
    }
    this.setRole(false);
  }

  private setRole(leader: boolean): void {
    if (leader === this.leader) {
      return;
    }
    this.leader = leader;
    this.since = this.now().toISOString();
    if (leader) {
      this.options.log?.info({}, 'leadership taken: this server writes rules, routes, history and catalog files');
    }
    for (const listener of this.listeners) {
      listener(this.role());
    }
  }
}
