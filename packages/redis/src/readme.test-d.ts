// The README's examples, type-checked.
import { batch, map, mapAsync, pipe, pull } from '@siphon/core';
import { createClient } from 'redis';
import { test } from 'vitest';
import { fromRedisStream, toRedisStream, type RedisStreamEntry } from './index.js';

interface Order {
  readonly id: string;
}
declare function saveAll(orders: Order[]): Promise<number>;
declare function report(saved: number): void;

test('the README example', async () => {
  const client = await createClient({ url: 'redis://localhost:6379' }).on('error', console.error).connect();
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());

  const entries = fromRedisStream(client, {
    stream: 'orders', group: 'billing', consumer: `billing-${process.pid}`,
    count: 100, blockMs: 5_000, maxInFlight: 1_000, claimIdleMs: 60_000,
    maxDeliveries: 5, deadLetter: 'orders:dead',
    createGroup: true, signal: controller.signal,
  });
  const billing = pipe(
    map((entry: RedisStreamEntry) => JSON.parse(entry.message['body'] ?? '{}') as Order),
    batch<Order>(100),
    mapAsync(saveAll),
  );
  for await (const saved of pull(entries, billing)) report(saved);

  const forward = pipe(
    map((entry: RedisStreamEntry) => ({ body: entry.message['body']!.toUpperCase() })),
    toRedisStream(client, 'orders:upper', { maxLen: 100_000 }),
  );
  for await (const id of pull(fromRedisStream(client, { stream: 'orders', group: 'upper', consumer: 'u1' }), forward)) {
    report(id.length);
  }
  await client.close();
});
