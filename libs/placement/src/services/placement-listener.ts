import type { Logger } from '@nestjs/common';
import { Client } from 'pg';
import {
  clientConfigOf,
  connectionOptionsOf,
  LATENCY_CHANNEL,
  PLACEMENT_CHANNEL,
  type DatabaseOptions,
} from '@landfall/persistence';

/**
 * LISTENs for placement and latency changes on its own connection, for the life of the placement state: a change
 * on PLACEMENT_CHANNEL calls `onPlacementChange`, one on LATENCY_CHANNEL `onLatencyChange`; after a reconnect the
 * placement is rebuilt too (changes made while nobody listened were not announced).
 */
export class PlacementChangeListener {
  private listener?: Client;
  private closed = false;
  private wake?: () => void;

  constructor(
    private readonly database: DatabaseOptions,
    private readonly logger: Logger,
    private readonly onPlacementChange: () => Promise<void>,
    private readonly onLatencyChange: () => Promise<void>,
  ) {}

  /** Stops listening and ends the connection; the loop ends at its next turn. */
  async stop(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * One LISTEN connection at a time, for the life of the service: connect, LISTEN, wait until the connection is
   * lost (pg reports a drop with an `'error'` and an `'end'`, sometimes two errors), end that client, back off,
   * and go round again. Resolves once the first attempt has either listened or failed, so start-up is not held.
   */
  listen(): Promise<void> {
    return new Promise((firstAttempt) => {
      void this.listenLoop(() => firstAttempt());
    });
  }

  private async listenLoop(settled: () => void): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const client = new Client(
        clientConfigOf({ ...connectionOptionsOf(this.database), applicationName: LISTENER_APPLICATION_NAME }),
      );
      const lost = new Promise<unknown>((resolve) => {
        client.on('error', resolve);
        client.on('end', () => resolve(new Error('connection ended')));
      });
      client.on(
        'notification',
        (message) =>
          void (message.channel === LATENCY_CHANNEL ? this.onLatencyChange() : this.onPlacementChange()),
      );
      try {
        await client.connect();
        await client.query(`LISTEN ${PLACEMENT_CHANNEL}`);
        await client.query(`LISTEN ${LATENCY_CHANNEL}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        failures += 1;
        this.logger.warn({ err: error, failures }, 'cannot listen for placement changes; retrying');
        settled();
        await this.pause(listenBackoffMs(failures));
        continue;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        break;
      }
      this.listener = client;
      // Changes made while nobody listened were not announced to us: catch up.
      if (failures > 0) void this.onPlacementChange();
      settled();
      const reason = await lost;
      this.listener = undefined;
      await client.end().catch(() => undefined);
      if (this.closed) break;
      failures = 1; // counts from here: the backoff restarts after a connection that worked
      this.logger.warn({ err: reason }, 'placement change listener lost its connection; reconnecting');
      await this.pause(listenBackoffMs(failures));
    }
    settled();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

const LISTENER_APPLICATION_NAME = 'landfall-placement-listener';

/** 0.5 s, 1 s, 2 s … up to 15 s, with ±20 % jitter so replicas do not reconnect in step. */
export function listenBackoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
