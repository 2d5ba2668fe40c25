// A consumer in a process of its own, for the crash test: it prints each entry it processes and is
// killed with SIGKILL after the first. `siphon` mode pulls through fromRedisStream; `naive` mode is the
// usual hand-written loop that acknowledges on receipt (the positive control: it loses entries).
import { map, pull } from '@siphon/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import type { RedisStreamEntry } from './entry.js';
import { fromRedisStream } from './from-redis-stream.js';

const [mode, socket, stream, group, consumer] = process.argv.slice(2) as [string, string, string, string, string];
const client = createClient({ socket: { path: socket, reconnectStrategy: false } });
client.on('error', () => {});
await client.connect();

if (mode === 'siphon') {
  const entries = fromRedisStream(client, { stream, group, consumer, count: 10, blockMs: 50, claimIdleMs: Infinity });
  for await (const id of pull(
    entries,
    map((entry: RedisStreamEntry) => entry.id),
  )) {
    process.stdout.write(`processed ${id}\n`);
    await sleep(10_000); // killed here
  }
} else {
  for (;;) {
    const reply = (await client.sendCommand([
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      '10',
      'STREAMS',
      stream,
      '>',
    ])) as Record<string, [string, string[]][]> | null;
    const read = reply === null ? [] : Object.values(reply).flat();
    if (read.length === 0) continue;
    await client.sendCommand(['XACK', stream, group, ...read.map(([id]) => id)]); // on receipt
    for (const [id] of read) {
      process.stdout.write(`processed ${id}\n`);
      await sleep(10_000); // killed here
    }
  }
}
