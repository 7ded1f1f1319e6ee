/**
 * One dedicated connection doing LISTEN on a gallery's channel (a pooled connection cannot: the
 * pool hands it to other queries). When the connection drops it reconnects, backing off, and then
 * reports a change of unknown kind, since notifications sent meanwhile are lost.
 */
import pg from 'pg';
import { quoteIdentifier } from './postgres-migrations.js';

/** Wait before the first reconnection attempt, in ms; doubled after each failure up to the maximum. */
const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export interface ChannelListenerOptions {
  readonly connectionString: string;
  readonly channel: string;
  /** A notification's payload. */
  readonly onNotification: (payload: string) => void;
  /** The connection came back after a drop: changes may have been missed. */
  readonly onReconnect: () => void;
  /** A reconnection attempt failed (it is retried). */
  readonly onError: (err: Error) => void;
}

export class ChannelListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private delay = RECONNECT_FIRST_MS;

  constructor(private readonly options: ChannelListenerOptions) {}

  /** Connects and listens; rejects when the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: 'maskface-listen' });
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.options.onNotification(message.payload ?? '');
    });
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.options.channel)}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.delay = RECONNECT_FIRST_MS;
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().then(
        () => {
          if (!this.stopped) this.options.onReconnect();
        },
        (err: Error) => {
          this.options.onError(err);
          this.delay = Math.min(2 * this.delay, RECONNECT_MAX_MS);
          if (!this.stopped) this.scheduleReconnect();
        },
      );
    }, this.delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    client.removeAllListeners('end');
    await client.end();
  }
}
