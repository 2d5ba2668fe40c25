import type { RedisBlockingClient, RedisStreamClient } from '../client.js';
import type { RedisStreamEntry } from '../entry.js';
import type { StreamOptions } from './options.js';
import { claimedEntries, deliveryCounts, readEntries } from './replies.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * One run of `fromRedisStream`: its blocking connection, the IDs it handed out and not yet acknowledged,
 * and the acknowledgements under way. It never holds the iterator the host holds (see `StreamBatches`),
 * so an iterator dropped without being closed can be collected while this stays reachable from its
 * connection; the iterator's finalizer then abandons it.
 */
export class StreamReader {
  /** The source's own connection, for `XREADGROUP … BLOCK`; everything else goes through the user's client. */
  private connection: RedisBlockingClient | undefined;
  private connected: Promise<unknown> | undefined;
  /**
   * IDs handed out, in order, from `ids[head]` not yet acknowledged: `ids[head]` is input number `acked`
   * (0-based), and `ids.length - head` are in flight.
   */
  private ids: string[] = [];
  private head = 0;
  private acked = 0;
  /** Settles once every acknowledgement sent so far has. */
  private acks: Promise<unknown> = Promise.resolve();
  /** An acknowledgement or a command failed: the next `next()` throws it. */
  private failure: { error: unknown } | undefined;
  private closed = false;
  private groupReady: boolean;
  private nextClaimAt = 0;
  private cursor = '0-0';
  /** Wakes a read waiting for room under `maxInFlight`. */
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => this.stop();

  constructor(
    private readonly client: RedisStreamClient,
    private readonly options: StreamOptions,
  ) {
    this.groupReady = !options.createGroup;
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  async next(): Promise<IteratorResult<readonly RedisStreamEntry[], undefined>> {
    const options = this.options;
    for (;;) {
      this.throwFailure();
      if (this.closed || options.signal?.aborted === true) return DONE;
      if (!this.groupReady) await this.createGroup();
      const room = options.maxInFlight - (this.ids.length - this.head);
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (options.claimIdleMs !== Infinity && Date.now() >= this.nextClaimAt) {
        const claimed = await this.claim(room);
        if (claimed.length > 0) return this.handOut(claimed);
        continue;
      }
      const entries = await this.read(Math.min(options.count, room));
      if (entries.length > 0) return this.handOut(entries);
    }
  }

  /** The host's report: every output derived from the first `count` entries handed out was consumed. */
  consumed(count: number): void {
    const n = Math.min(count - this.acked, this.ids.length - this.head);
    if (n <= 0) return;
    const ids = this.ids.slice(this.head, this.head + n);
    this.head += n;
    this.acked += n;
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
    const { stream, group } = this.options;
    const ack = this.client.sendCommand(['XACK', stream, group, ...ids]).catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.acks = Promise.all([this.acks, ack]);
    this.wakeUp();
  }

  /** The iterator's `return()`: no more reads; the acknowledgements already sent are awaited. */
  async close(): Promise<void> {
    this.stop();
    // An acknowledgement may still be sent while this waits (the host's last report).
    for (let acks; acks !== this.acks;) await (acks = this.acks);
    this.throwFailure();
  }

  /** The iterator was collected without being closed: its entries stay pending for redelivery. */
  abandon(): void {
    this.stop();
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    // A blocking read in flight would hold the connection for up to blockMs: drop it. Entries its reply
    // carried stay in this consumer's pending list, to be claimed after claimIdleMs.
    this.connection?.destroy();
    this.connection = undefined;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private throwFailure(): void {
    const failure = this.failure;
    this.failure = undefined;
    if (failure !== undefined) throw failure.error;
  }

  private handOut(entries: RedisStreamEntry[]): IteratorResult<readonly RedisStreamEntry[], undefined> {
    if (this.closed) return DONE; // closed while the command was under way: the entries stay pending
    for (const entry of entries) this.ids.push(entry.id);
    return { value: entries, done: false };
  }

  private async createGroup(): Promise<void> {
    const { stream, group } = this.options;
    try {
      await this.client.sendCommand(['XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM']);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
    this.groupReady = true;
  }

  private async read(count: number): Promise<RedisStreamEntry[]> {
    const { stream, group, consumer, blockMs } = this.options;
    try {
      if (this.connected === undefined) {
        const connection = (this.connection = this.client.duplicate());
        // Without a listener an 'error' event would crash the process; the failed command reports it.
        connection.on('error', () => {});
        this.connected = connection.connect();
      }
      await this.connected;
      if (this.closed) return [];
      const reply = await this.connection!.sendCommand([
        'XREADGROUP',
        'GROUP',
        group,
        consumer,
        'COUNT',
        String(count),
        'BLOCK',
        String(blockMs),
        'STREAMS',
        stream,
        '>',
      ]);
      return readEntries(reply);
    } catch (error) {
      if (this.closed) return []; // the connection was dropped on purpose
      throw error;
    }
  }

  /**
   * Takes over entries idle for claimIdleMs in any consumer's pending list, with their delivery counts;
   * those past maxDeliveries go to the dead-letter stream instead. One `XAUTOCLAIM` per call, resuming
   * where the last one stopped; once it has gone round the whole pending list, the next waits
   * claimIdleMs.
   */
  private async claim(room: number): Promise<RedisStreamEntry[]> {
    const { stream, group, consumer, claimIdleMs, maxDeliveries, deadLetter } = this.options;
    const client = this.client;
    const reply = await client.sendCommand([
      'XAUTOCLAIM',
      stream,
      group,
      consumer,
      String(claimIdleMs),
      this.cursor,
      'COUNT',
      String(room),
    ]);
    const { cursor, entries: claimed } = claimedEntries(reply);
    this.cursor = cursor;
    if (cursor === '0-0') this.nextClaimAt = Date.now() + claimIdleMs;
    // Entries of this run still in the pipeline are idle too, when it holds them long: never twice.
    const own = new Set(this.ids.slice(this.head));
    const fresh = claimed.filter((entry) => !own.has(entry.id));
    if (fresh.length === 0) return [];
    const counts = deliveryCounts(
      await client.sendCommand([
        'XPENDING',
        stream,
        group,
        fresh[0]!.id,
        fresh[fresh.length - 1]!.id,
        String(fresh.length + own.size),
        consumer,
      ]),
    );
    const out: RedisStreamEntry[] = [];
    const dead: RedisStreamEntry[] = [];
    for (const entry of fresh) {
      const deliveries = counts.get(entry.id) ?? 1;
      if (deliveries > maxDeliveries) dead.push(entry);
      else out.push({ ...entry, deliveries });
    }
    if (dead.length > 0) {
      // XADD first, XACK after: a crash in between leaves the entry pending, to be dead-lettered again.
      for (const entry of dead) {
        await client.sendCommand(['XADD', deadLetter!, '*', ...Object.entries(entry.message).flat()]);
      }
      await client.sendCommand(['XACK', stream, group, ...dead.map((entry) => entry.id)]);
    }
    return out;
  }
}
