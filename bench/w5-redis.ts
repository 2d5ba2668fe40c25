/**
 * W5 redis: entries read from a Redis stream through a consumer group, through map → filter →
 * batch(100), and acknowledged. Siphon's `pullBatches(fromRedisStream(...))` against the loop a user
 * writes by hand: `xReadGroup` with the same `COUNT`, the same work inline, `await xAck` per read. Same
 * client, same server (a redis-server of the bench's own on a unix socket, no persistence), same entries:
 * every run reads the whole stream through a consumer group of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { batch, filter, map, pipe, pullBatches } from '@siphon/core';
import { fromRedisStream, type RedisStreamEntry } from '@siphon/redis';
import { createClient } from 'redis';
import { Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { speedAtLeast } from './harness/targets.js';

export interface W5Input {
  readonly entries: number;
}

export const names = {
  hand: 'hand loop: xReadGroup, work inline, await xAck',
  handRaw: 'bound: hand loop, reads on a connection of their own, XACK not awaited',
  siphon: 'Siphon pullBatches(fromRedisStream) map → filter → batch(100)',
} as const;

const STREAM = 'w5';
const COUNT = 100;
const BATCH = 100;

const value = (n: string): number => Number(n) * 3;
const keep = (v: number): boolean => v % 2 === 0;
const sum = (values: readonly number[]): number => {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
};

// One server per process, started on first use and killed when the process exits.
let server: { child: ChildProcess; dir: string } | undefined;
let connected: Promise<Client> | undefined;
let seeded = 0;
let groups = 0;
type Client = Awaited<ReturnType<typeof open>>;

async function open(socket: string) {
  const client = createClient({ socket: { path: socket, reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function clientFor(entries: number): Promise<Client> {
  connected ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siphon-w5-'));
    const socket = join(dir, 'redis.sock');
    const child = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: 'ignore',
      },
    );
    child.unref();
    server = { child, dir };
    for (let i = 0; i < 500 && !existsSync(socket); i++) await sleep(10);
    return open(socket);
  })();
  const client = await connected;
  // Entries n = 0, 1, 2, … with a small body; appended in pipelined chunks, before the first timed run.
  while (seeded < entries) {
    const chunk: Promise<unknown>[] = [];
    for (let k = 0; k < 1000 && seeded < entries; k++, seeded++) {
      chunk.push(client.sendCommand(['XADD', STREAM, '*', 'n', String(seeded), 'body', 'order-line']));
    }
    await Promise.all(chunk);
  }
  return client;
}

/** Stops the server, if one was started; also run when the process exits. */
export function stopServer(): void {
  server?.child.kill('SIGKILL');
  if (server !== undefined) rmSync(server.dir, { recursive: true, force: true });
  server = undefined;
}
process.on('exit', stopServer);

/** A consumer group of the run's own, reading the stream from its start; destroyed after the run. */
async function withGroup(entries: number, run: (client: Client, group: string) => Promise<number>): Promise<number> {
  const client = await clientFor(entries);
  client.ref();
  const group = `run-${++groups}`;
  await client.sendCommand(['XGROUP', 'CREATE', STREAM, group, '0']);
  try {
    return await run(client, group);
  } finally {
    await client.sendCommand(['XGROUP', 'DESTROY', STREAM, group]);
    // Between runs the client keeps nothing alive: the process exits when the bench is done, and its
    // exit handler stops the server.
    client.unref();
  }
}

async function handLoop(client: Client, group: string, entries: number): Promise<number> {
  let seen = 0;
  let total = 0;
  let held: number[] = [];
  while (seen < entries) {
    const reply = await client.xReadGroup(group, 'hand', { key: STREAM, id: '>' }, { COUNT, BLOCK: 1000 });
    if (reply === null) continue;
    const ids: string[] = [];
    for (const stream of reply as { messages: { id: string; message: Record<string, string> }[] }[]) {
      for (const { id, message } of stream.messages) {
        ids.push(id);
        seen++;
        const v = value(message['n']!);
        if (!keep(v)) continue;
        held.push(v);
        if (held.length === BATCH) {
          total += sum(held);
          held = [];
        }
      }
    }
    await client.xAck(STREAM, group, ids);
  }
  return total;
}

/**
 * The fastest loop a user could write with the same design as `fromRedisStream`: raw commands, reads on a
 * dedicated connection (as blocking reads need), acknowledgements sent on the shared client and not
 * awaited, so that an ack's round trip overlaps the next read.
 */
async function handLoopRaw(client: Client, group: string, entries: number): Promise<number> {
  const reader = client.duplicate();
  reader.on('error', () => {});
  await reader.connect();
  let seen = 0;
  let total = 0;
  let held: number[] = [];
  const read = ['XREADGROUP', 'GROUP', group, 'raw', 'COUNT', String(COUNT), 'BLOCK', '1000', 'STREAMS', STREAM, '>'];
  const acks: Promise<unknown>[] = [];
  while (seen < entries) {
    const reply = (await reader.sendCommand(read)) as Record<string, [string, string[]][]> | null;
    if (reply === null) continue;
    const ids: string[] = [];
    for (const list of Object.values(reply)) {
      for (const [id, fields] of list) {
        ids.push(id);
        seen++;
        const v = value(fields[1]!);
        if (!keep(v)) continue;
        held.push(v);
        if (held.length === BATCH) {
          total += sum(held);
          held = [];
        }
      }
    }
    acks.push(client.sendCommand(['XACK', STREAM, group, ...ids]));
  }
  await Promise.all(acks);
  reader.destroy();
  return total;
}

const pipeline = pipe(
  map((entry: RedisStreamEntry) => value(entry.message['n']!)),
  filter(keep),
  batch<number>(BATCH),
);

async function siphon(client: Client, group: string, entries: number): Promise<number> {
  const source = fromRedisStream(client, { stream: STREAM, group, consumer: 'siphon', count: COUNT, blockMs: 1000 });
  const iterator = pullBatches(source, pipeline);
  // Half the entries pass the filter, in whole batches: stop after the last one.
  let batches = entries / 2 / BATCH;
  let total = 0;
  while (batches > 0) {
    const result = await iterator.next();
    if (result.done === true) break;
    for (const values of result.value) {
      total += sum(values);
      batches--;
    }
  }
  await iterator.return();
  return total;
}

async function variants(): Promise<Registry<W5Input, number>> {
  const r = new Registry<W5Input, number>();
  r.add(names.hand, ({ entries }) => withGroup(entries, (client, group) => handLoop(client, group, entries)));
  r.add(names.handRaw, ({ entries }) => withGroup(entries, (client, group) => handLoopRaw(client, group, entries)));
  r.add(names.siphon, ({ entries }) => withGroup(entries, (client, group) => siphon(client, group, entries)));
  return r;
}

export const scenario = defineScenario<W5Input, number>({
  id: 'W5',
  title: 'redis: a consumer group read through map → filter → batch(100), acknowledged',
  url: import.meta.url,
  // Multiples of 2 × BATCH, so that the kept entries fill whole batches.
  sizes: { full: 100_000, quick: 20_000, test: 400 },
  sizeUnit: 'entries',
  prepare: (entries) => ({ entries }),
  chunksOf: (input) => input.entries,
  reference: ({ entries }) => {
    let total = 0;
    for (let n = 0; n < entries; n++) if (keep(n * 3)) total += n * 3;
    return total;
  },
  variants,
  floor: names.hand,
  targets: [
    speedAtLeast('W5 Siphon over a Redis consumer group / hand XREADGROUP+XACK loop', names.siphon, names.hand, 0.9),
  ],
});

await runIfMain(scenario);
