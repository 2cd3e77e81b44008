import type { Story, StoryEvent } from './story.js';

/**
 * Posts the story's deploys (and its incident and rollbacks) to steward-server's
 * /api/v1/events as they fall due, past ones with their `occurredAt`. Idempotent: it first
 * reads what steward-server already has and posts only what is missing, so restarts post no
 * duplicates. Retries until steward-server answers.
 */

export interface EventsReport {
  state: 'off' | 'pending' | 'synced' | 'failing';
  /** Events this process posted. */
  posted: number;
  /** Due events steward-server holds (posted now or earlier). */
  known: number;
  /** The moment (seconds) the last sync covered: every event due by then is in steward-server. */
  syncedUntil?: number;
  lastError?: string;
}

export interface EventOptions {
  stewardUrl: string;
  secret?: string;
  user: string;
  story: Story;
  /** Post events from here on (seconds): where history begins. */
  from: number;
  log: (line: string) => void;
}

interface ExistingEvent {
  service: string;
  kind: string;
  occurredAt: string;
}

const keyOf = (service: string, kind: string, at: number) => `${service}|${kind}|${Math.round(at)}`;

export class EventPoster {
  readonly report: EventsReport = { state: 'pending', posted: 0, known: 0 };
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: EventOptions) {}

  private headers(json = false): Record<string, string> {
    return {
      ...(this.options.secret ? { authorization: `Bearer ${this.options.secret}` } : {}),
      'x-grafana-user': this.options.user,
      // It posts for every team's services, as CI with an Admin's service account would.
      'x-steward-route-role': 'Admin',
      ...(json ? { 'content-type': 'application/json' } : {}),
    };
  }

  /** Keys of the events steward-server holds since `from`. */
  private async existing(): Promise<Set<string>> {
    const keys = new Set<string>();
    let to: string | undefined;
    for (;;) {
      const params = new URLSearchParams({ from: iso(this.options.from), limit: '1000', ...(to ? { to } : {}) });
      const response = await fetch(`${this.options.stewardUrl}/api/v1/events?${params}`, {
        headers: this.headers(),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) {
        throw new Error(`GET /api/v1/events: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
      }
      const { items } = (await response.json()) as { items: ExistingEvent[] };
      for (const e of items) {
        keys.add(keyOf(e.service, e.kind, Date.parse(e.occurredAt) / 1000));
      }
      if (items.length < 1000 || items.at(-1)!.occurredAt === to) {
        return keys;
      }
      to = items.at(-1)!.occurredAt; // newest first: page towards older ones
    }
  }

  private async post(event: StoryEvent): Promise<void> {
    const response = await fetch(`${this.options.stewardUrl}/api/v1/events`, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify({
        service: event.service,
        kind: event.kind,
        title: event.title,
        ...(event.version ? { version: event.version } : {}),
        occurredAt: iso(event.at),
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 201) {
      throw new Error(`POST /api/v1/events: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    }
  }

  /** Posts what is due and missing; returns how many were posted. */
  async syncOnce(now = Date.now() / 1000): Promise<number> {
    const due = this.options.story.events(this.options.from, now);
    const known = await this.existing();
    let posted = 0;
    for (const event of due) {
      const key = keyOf(event.service, event.kind, event.at);
      if (!known.has(key)) {
        await this.post(event);
        known.add(key);
        posted++;
      }
    }
    this.report.posted += posted;
    this.report.known = due.length;
    this.report.syncedUntil = now;
    this.report.state = 'synced';
    delete this.report.lastError;
    return posted;
  }

  /** Syncs now and then every minute; after a failure, again in 5 s. */
  start(): void {
    const run = async () => {
      if (this.stopped) {
        return;
      }
      let delay = 60_000;
      try {
        const posted = await this.syncOnce();
        if (posted > 0) {
          this.options.log(
            `events: posted ${posted} event(s) to steward-server (${this.report.known} in the story so far)`
          );
        }
      } catch (error) {
        const message = (error as Error).message;
        if (this.report.lastError !== message) {
          this.options.log(`events: steward-server not reachable yet (${message}); retrying`);
        }
        this.report.state = 'failing';
        this.report.lastError = message;
        delay = 5000;
      }
      if (!this.stopped) {
        this.timer = setTimeout(() => void run(), delay);
      }
    };
    void run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

function iso(t: number): string {
  return new Date(Math.round(t) * 1000).toISOString();
}
