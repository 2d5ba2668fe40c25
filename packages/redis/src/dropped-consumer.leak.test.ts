// A consumer dropped without being closed is collected, its blocking connection goes with it, and its
// entries stay pending for another consumer to claim. The positive control is the usual hand-written
// consumer: it listens on the long-lived client (so it is never collected) and acknowledges on
// receipt (so what it had not processed yet is lost).
import { map, pull } from '@siphon/core';
import { collectGarbage, measureRetention, type Track } from '@siphon/leakcheck';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisStreamEntry } from './entry.js';
import { fromRedisStream } from './from-redis-stream.js';
import { connect, skipRedis, startRedisServer, type TestClient, type TestServer } from './test-redis-server.js';
import { createGroup, pendingIds, seed } from './test-streams.js';

const CONSUMERS = 20;
const READ = 5;
const STREAM = 'jobs';
const GROUP = 'workers';

/** The hand-written design: a callback on the shared client, and XACK as soon as entries arrive. */
class NaiveStreamConsumer {
  readonly processed: string[] = [];
  error: unknown;
  private readonly onError = (error: unknown): void => {
    this.error = error;
  };

  constructor(
    private readonly client: TestClient,
    private readonly name: string,
  ) {
    client.on('error', this.onError);
  }

  async processOne(): Promise<void> {
    const reply = (await this.client.sendCommand([
      'XREADGROUP',
      'GROUP',
      GROUP,
      this.name,
      'COUNT',
      String(READ),
      'STREAMS',
      STREAM,
      '>',
    ])) as Record<string, [string, string[]][]>;
    const ids = Object.values(reply)
      .flat()
      .map(([id]) => id);
    await this.client.sendCommand(['XACK', STREAM, GROUP, ...ids]);
    this.processed.push(ids[0]!); // then the process moves on, or dies, before the rest
  }
}

async function connectedClients(client: TestClient): Promise<number> {
  const info = String(await client.sendCommand(['INFO', 'clients']));
  return Number(/connected_clients:(\d+)/.exec(info)![1]);
}

// Each consumer is made in a function of its own, so no test frame keeps the last one alive.

async function dropSiphon(client: TestClient, track: Track, i: number): Promise<void> {
  const iterator = pull(
    fromRedisStream(client, {
      stream: STREAM,
      group: GROUP,
      consumer: `siphon-${i}`,
      count: READ,
      blockMs: 20,
      claimIdleMs: Infinity,
    }),
    map((entry: RedisStreamEntry) => entry.id),
  );
  await iterator.next();
  track(iterator, `siphon ${i}`);
}

async function dropNaive(client: TestClient, track: Track, i: number): Promise<void> {
  const consumer = new NaiveStreamConsumer(client, `naive-${i}`);
  await consumer.processOne();
  track(consumer, `naive ${i}`);
}

describe.skipIf(skipRedis)('a consumer dropped without closing', () => {
  let server: TestServer;
  let client: TestClient;
  let ids: string[];
  beforeAll(async () => {
    server = await startRedisServer();
    client = await connect(server);
    await createGroup(client, STREAM, GROUP);
    ids = await seed(
      client,
      STREAM,
      Array.from({ length: 2 * CONSUMERS * READ }, (_, i) => ({ n: String(i) })),
    );
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('naive: retained by the client it listens on, and its unprocessed entries are lost', async () => {
    const listeners = client.listeners('error');
    client.setMaxListeners(CONSUMERS + 10); // the naive design adds one per consumer, by design
    const naive = await measureRetention(async (track) => {
      for (let i = 0; i < CONSUMERS; i++) await dropNaive(client, track, i);
    });
    expect(naive.retained).toBe(CONSUMERS);
    for (let i = 0; i < CONSUMERS; i++) expect(await pendingIds(client, STREAM, GROUP, `naive-${i}`)).toEqual([]);
    // READ entries each were delivered, one processed, none left to redeliver: READ − 1 lost per consumer.
    for (const listener of client.listeners('error')) {
      if (!listeners.includes(listener)) client.off('error', listener as (error: Error) => void);
    }
  });

  it('siphon: collected, its connection closed, its entries left pending', async () => {
    const before = await connectedClients(client);
    const siphon = await measureRetention(async (track) => {
      for (let i = 0; i < CONSUMERS; i++) await dropSiphon(client, track, i);
    });
    expect(siphon.retained).toBe(0);
    // Finalizers run after the collection: give them turns of the event loop.
    let after = await connectedClients(client);
    for (let round = 0; round < 50 && after > before; round++) {
      await collectGarbage({ rounds: 1 });
      after = await connectedClients(client);
    }
    expect(after).toBe(before);
    const stillPending = [];
    for (let i = 0; i < CONSUMERS; i++) stillPending.push(...(await pendingIds(client, STREAM, GROUP, `siphon-${i}`)));
    expect(stillPending).toHaveLength(CONSUMERS * READ); // the processed first entry of each included
    expect(new Set(stillPending).size).toBe(CONSUMERS * READ);
    expect(stillPending.every((id) => ids.includes(id))).toBe(true);
  });
});
