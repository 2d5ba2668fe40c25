import type { RedisBlockingClient, RedisStreamClient } from '../client.js';
import type { RedisStreamEntry } from '../entry.js';
import type { StreamOptions } from './options.js';
import { claimedEntries, deliveryCounts, readEntries } from './replies.js';

type Read = IteratorResult<readonly RedisStreamEntry[], undefined>;

/** The end of an iteration, shared: it is never written to. */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * One run of `fromRedisStream`: its blocking connection, the IDs it handed out and not yet acknowledged,
 * and the acknowledgements under way. It never holds the iterator the host holds (see `streamReads`),
 * so an iterator dropped without being closed can be collected while this stays reachable from its
 * connection; the iterator's finalizer then abandons it.
 */
export interface StreamReader {
  // Functions, not methods: they need no `this`, so the iterator can hand them on as they are.
  readonly next: () => Promise<Read>;
  /** The host's report: every output derived from the first `count` entries handed out was consumed. */
  readonly consumed: (count: number) => void;
  /** The iterator's `return()`: no more reads; the acknowledgements already sent are awaited. */
  readonly close: () => Promise<void>;
  /** The iterator was collected without being closed: its entries stay pending for redelivery. */
  readonly abandon: () => void;
}

// A closure, not a class: its state is local variables, which a minifier shortens, where a class's field
// names stay whole in every `this.` access (minified, 3.1 KB as a class, 2.0 KB as this closure).
export function streamReader(client: RedisStreamClient, options: StreamOptions): StreamReader {
  const { stream, group, consumer, count, blockMs, maxInFlight, claimIdleMs, maxDeliveries, deadLetter, signal } =
    options;
  /** The source's own connection, for `XREADGROUP … BLOCK`; everything else goes through the user's client. */
  let connection: RedisBlockingClient | undefined;
  let connected: Promise<unknown> | undefined;
  /**
   * IDs handed out, in order, from `ids[head]` not yet acknowledged: `ids[head]` is input number `acked`
   * (0-based), and `ids.length - head` are in flight.
   */
  let ids: string[] = [];
  let head = 0;
  let acked = 0;
  /** Settles once every acknowledgement sent so far has. */
  let acks: Promise<unknown> = Promise.resolve();
  /** An acknowledgement or a command failed: the next `next()` throws it. */
  let failure: { error: unknown } | undefined;
  let closed = false;
  let groupReady = !options.createGroup;
  let nextClaimAt = 0;
  let cursor = '0-0';
  /** Wakes a read waiting for room under `maxInFlight`. */
  let wake: (() => void) | undefined;

  /** A command on the user's client, which carries everything but the blocking reads. */
  const command = (args: string[]): Promise<unknown> => client.sendCommand(args);

  const wakeUp = (): void => {
    const woken = wake;
    wake = undefined;
    woken?.();
  };

  const stop = (): void => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', stop);
    // A blocking read in flight would hold the connection for up to blockMs: drop it. Entries its reply
    // carried stay in this consumer's pending list, to be claimed after claimIdleMs.
    connection?.destroy();
    connection = undefined;
    wakeUp();
  };

  const throwFailure = (): void => {
    const failed = failure;
    failure = undefined;
    if (failed !== undefined) throw failed.error;
  };

  const handOut = (entries: RedisStreamEntry[]): Read => {
    if (closed) return DONE; // closed while the command was under way: the entries stay pending
    for (const entry of entries) ids.push(entry.id);
    return { value: entries, done: false };
  };

  const createGroup = async (): Promise<void> => {
    try {
      await command(['XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM']);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
    groupReady = true;
  };

  const read = async (room: number): Promise<RedisStreamEntry[]> => {
    try {
      if (connected === undefined) {
        const own = (connection = client.duplicate());
        // Without a listener an 'error' event would crash the process; the failed command reports it.
        own.on('error', () => {});
        connected = own.connect();
      }
      await connected;
      if (closed) return [];
      const reply = await connection!.sendCommand([
        'XREADGROUP',
        'GROUP',
        group,
        consumer,
        'COUNT',
        String(room),
        'BLOCK',
        String(blockMs),
        'STREAMS',
        stream,
        '>',
      ]);
      return readEntries(reply);
    } catch (error) {
      if (closed) return []; // the connection was dropped on purpose
      throw error;
    }
  };

  /**
   * Takes over entries idle for claimIdleMs in any consumer's pending list, with their delivery counts;
   * those past maxDeliveries go to the dead-letter stream instead. One `XAUTOCLAIM` per call, resuming
   * where the last one stopped; once it has gone round the whole pending list, the next waits
   * claimIdleMs.
   */
  const claim = async (room: number): Promise<RedisStreamEntry[]> => {
    const reply = await command([
      'XAUTOCLAIM',
      stream,
      group,
      consumer,
      String(claimIdleMs),
      cursor,
      'COUNT',
      String(room),
    ]);
    const claimed = claimedEntries(reply);
    cursor = claimed.cursor;
    if (cursor === '0-0') nextClaimAt = Date.now() + claimIdleMs;
    // Entries of this run still in the pipeline are idle too, when it holds them long: never twice.
    const own = new Set(ids.slice(head));
    const fresh = claimed.entries.filter((entry) => !own.has(entry.id));
    if (fresh.length === 0) return [];
    const counts = deliveryCounts(
      await command([
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
        await command(['XADD', deadLetter!, '*', ...Object.entries(entry.message).flat()]);
      }
      await command(['XACK', stream, group, ...dead.map((entry) => entry.id)]);
    }
    return out;
  };

  signal?.addEventListener('abort', stop, { once: true });
  return {
    async next() {
      for (;;) {
        throwFailure();
        if (closed || signal?.aborted === true) return DONE;
        if (!groupReady) await createGroup();
        const room = maxInFlight - (ids.length - head);
        if (room <= 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (claimIdleMs !== Infinity && Date.now() >= nextClaimAt) {
          const claimed = await claim(room);
          if (claimed.length > 0) return handOut(claimed);
          continue;
        }
        const entries = await read(Math.min(count, room));
        if (entries.length > 0) return handOut(entries);
      }
    },

    consumed(upTo) {
      const n = Math.min(upTo - acked, ids.length - head);
      if (n <= 0) return;
      const done = ids.slice(head, head + n);
      head += n;
      acked += n;
      if (head > 1024 && head * 2 > ids.length) {
        ids = ids.slice(head);
        head = 0;
      }
      const ack = command(['XACK', stream, group, ...done]).catch((error: unknown) => {
        failure ??= { error };
      });
      acks = Promise.all([acks, ack]);
      wakeUp();
    },

    async close() {
      stop();
      // An acknowledgement may still be sent while this waits (the host's last report).
      for (let sent; sent !== acks;) await (sent = acks);
      throwFailure();
    },

    abandon: stop,
  };
}
