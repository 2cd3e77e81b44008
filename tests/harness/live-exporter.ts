import { createServer, type Server } from 'node:http';
import { freePort } from './ports.js';

/** One service's traffic from a moment on: requests per second and the share that fail. */
interface Traffic {
  since: number;
  good: number;
  bad: number;
  perSecond: number;
  errorShare: number;
}

/**
 * A scrape target whose request counters follow rates a test sets while it runs: an outage is
 * `set(service, { errorShare: 1 })` at a moment the test knows. Counters are exact functions of
 * time, so a test can also write their history up to the first scrape.
 */
export class LiveExporter {
  private readonly services = new Map<string, Traffic & { metric: string }>();
  private server?: Server;
  port = 0;

  /** Adds a service, or changes its rates from `at` on (default now); its counters carry on. */
  set(
    service: string,
    rates: { perSecond?: number; errorShare?: number; metric?: string },
    at = Date.now() / 1000
  ): void {
    const current = this.services.get(service);
    const counts = current ? this.countsAt(current, at) : { good: 0, bad: 0 };
    this.services.set(service, {
      since: at,
      ...counts,
      perSecond: rates.perSecond ?? current?.perSecond ?? 100,
      errorShare: rates.errorShare ?? current?.errorShare ?? 0,
      metric: rates.metric ?? current?.metric ?? 'http_requests_total',
    });
  }

  /** Good and bad requests of a service up to `t` (after its last change). */
  counts(service: string, t: number): { good: number; bad: number } {
    return this.countsAt(this.services.get(service)!, t);
  }

  private countsAt(traffic: Traffic, t: number): { good: number; bad: number } {
    const elapsed = Math.max(0, t - traffic.since);
    return {
      good: traffic.good + elapsed * traffic.perSecond * (1 - traffic.errorShare),
      bad: traffic.bad + elapsed * traffic.perSecond * traffic.errorShare,
    };
  }

  async start(): Promise<string> {
    this.port = await freePort();
    this.server = createServer((_, response) => {
      const t = Date.now() / 1000;
      const lines: string[] = [];
      for (const [service, traffic] of this.services) {
        const { good, bad } = this.countsAt(traffic, t);
        lines.push(
          `${traffic.metric}{service="${service}",code="200"} ${Math.floor(good)}`,
          `${traffic.metric}{service="${service}",code="500"} ${Math.floor(bad)}`
        );
      }
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(`${lines.join('\n')}\n`);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return `127.0.0.1:${this.port}`;
  }

  stop(): void {
    this.server?.close();
  }
}
