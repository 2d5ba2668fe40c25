import {
  batch,
  collect,
  filter,
  flatMap,
  lines,
  map,
  mapAsync,
  pipe,
  pull,
  pullBatches,
  take,
  type Filter,
} from '@siphon/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisStreamEntry } from './entry.js';
import { fromRedisStream } from './from-redis-stream.js';
import { connect, skipRedis, startRedisServer, type TestClient, type TestServer } from './test-redis-server.js';
import { acknowledged, commandCalls, createGroup, pending, pendingIds, seed } from './test-streams.js';
import { toRedisStream } from './to-redis-stream.js';

const options = { stream: 's', group: 'g', consumer: 'c' };

describe('fromRedisStream() options', () => {
  const client = { sendCommand: async () => null, duplicate: () => ({}) } as never;
  it.each([
    [null, TypeError, 'fromRedisStream(): options must be an object, got null'],
    [[], TypeError, 'fromRedisStream(): options must be an object, got Array'],
    [
      { ...options, stream: '' },
      TypeError,
      'fromRedisStream(): options.stream must be a non-empty string, got an empty string',
    ],
    [{ ...options, group: 1 }, TypeError, 'fromRedisStream(): options.group must be a non-empty string, got number'],
    [
      { stream: 's', group: 'g' },
      TypeError,
      'fromRedisStream(): options.consumer must be a non-empty string, got undefined',
    ],
    [{ ...options, count: 0 }, RangeError, 'fromRedisStream(): options.count must be a whole number ≥ 1, got 0'],
    [{ ...options, count: '5' }, TypeError, 'fromRedisStream(): options.count must be a number, got string'],
    [{ ...options, blockMs: -1 }, RangeError, 'fromRedisStream(): options.blockMs must be a whole number ≥ 0, got -1'],
    [
      { ...options, maxInFlight: 1.5 },
      RangeError,
      'fromRedisStream(): options.maxInFlight must be a whole number ≥ 1, got 1.5',
    ],
    [
      { ...options, claimIdleMs: 0 },
      RangeError,
      'fromRedisStream(): options.claimIdleMs must be a whole number ≥ 1 or Infinity, got 0',
    ],
    [
      { ...options, maxDeliveries: 3 },
      TypeError,
      'fromRedisStream(): options.deadLetter is required with options.maxDeliveries',
    ],
    [
      { ...options, deadLetter: 'd' },
      TypeError,
      'fromRedisStream(): options.deadLetter needs a finite options.maxDeliveries',
    ],
    [
      { ...options, maxDeliveries: 3, deadLetter: 's' },
      RangeError,
      'fromRedisStream(): options.deadLetter must differ from options.stream, both are "s"',
    ],
    [
      { ...options, createGroup: 'yes' },
      TypeError,
      'fromRedisStream(): options.createGroup must be a boolean, got string',
    ],
    [{ ...options, signal: {} }, TypeError, 'fromRedisStream(): options.signal must be an AbortSignal, got Object'],
  ])('%j → %o', (bad, type, message) => {
    expect(() => fromRedisStream(client, bad as never)).toThrow(type);
    expect(() => fromRedisStream(client, bad as never)).toThrow(message);
  });

  it('rejects what is not a client', () => {
    expect(() => fromRedisStream({} as never, options)).toThrow(
      new TypeError('fromRedisStream(): client must be a node-redis client, got Object'),
    );
  });
});

describe('toRedisStream() options', () => {
  const client = { sendCommand: async () => '1-0' };
  it.each([
    [null, TypeError, 'toRedisStream(): options must be an object, got null'],
    [[], TypeError, 'toRedisStream(): options must be an object, got Array'],
    [{ maxLen: '5' }, TypeError, 'toRedisStream(): options.maxLen must be a number, got string'],
    [{ concurrency: 0 }, RangeError, 'toRedisStream(): options.concurrency must be a whole number ≥ 1, got 0'],
    [
      { concurrency: Infinity },
      RangeError,
      'toRedisStream(): options.concurrency must be a whole number ≥ 1, got Infinity',
    ],
  ])('%j → %o', (bad, type, message) => {
    expect(() => toRedisStream(client, 's', bad as never)).toThrow(type);
    expect(() => toRedisStream(client, 's', bad as never)).toThrow(message);
  });

  it('takes no options, or Infinity for maxLen', () => {
    expect(() => toRedisStream(client, 's')).not.toThrow();
    expect(() => toRedisStream(client, 's', { maxLen: Infinity, concurrency: 4 })).not.toThrow();
  });
});

describe.skipIf(skipRedis)('fromRedisStream() against redis-server', () => {
  let server: TestServer;
  let client: TestClient;
  let streams = 0;
  /** A fresh stream and group per test. */
  const fresh = () => ({ stream: `stream-${++streams}`, group: 'group', consumer: 'me', blockMs: 20 });

  beforeAll(async () => {
    server = await startRedisServer();
    client = await connect(server);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  /** The acknowledged count after each `next()` of a pull over `messages` through `filter`. */
  async function acksPerNext<Out>(
    messages: Record<string, string>[],
    through: Filter<RedisStreamEntry, Out>,
    steps: number,
    more: Record<string, string>[] = [],
  ) {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, messages);
    const iterator = pull(fromRedisStream(client, o), through);
    const seen: { value: unknown; acked: number }[] = [];
    for (let i = 0; i < steps; i++) {
      if (i === steps - more.length) await seed(client, o.stream, more.splice(0, more.length));
      const result = await iterator.next();
      seen.push({ value: result.value, acked: await acknowledged(client, o.stream, o.group) });
    }
    await iterator.return();
    return {
      seen,
      afterReturn: await acknowledged(client, o.stream, o.group),
      pending: await pending(client, o.stream, o.group),
    };
  }

  const text = (entry: RedisStreamEntry) => entry.message['text']!;
  const texts = (...values: string[]) => values.map((value) => ({ text: value }));

  it('map: an entry is acknowledged when the consumer asks past its output; return() leaves the last pending', async () => {
    expect(await acksPerNext(texts('a', 'b', 'c'), map(text), 3)).toEqual({
      seen: [
        { value: 'a', acked: 0 },
        { value: 'b', acked: 1 },
        { value: 'c', acked: 2 },
      ],
      afterReturn: 2,
      pending: 1,
    });
  });

  it('filter: a dropped entry is acknowledged once the outputs before it are consumed', async () => {
    const odd = pipe(
      map(text),
      filter((value: string) => Number(value) % 2 === 0),
    );
    expect(await acksPerNext(texts('1', '2', '3', '4', '5', '6'), odd, 3)).toEqual({
      seen: [
        { value: '2', acked: 1 },
        { value: '4', acked: 3 },
        { value: '6', acked: 5 },
      ],
      afterReturn: 5,
      pending: 1,
    });
  });

  it('flatMap: an entry is acknowledged after the last of its outputs', async () => {
    const words = pipe(
      map(text),
      flatMap((value: string) => value.split(' ')),
    );
    expect(await acksPerNext(texts('a b', 'c'), words, 3)).toEqual({
      seen: [
        { value: 'a', acked: 0 },
        { value: 'b', acked: 0 },
        { value: 'c', acked: 1 },
      ],
      afterReturn: 1,
      pending: 1,
    });
  });

  it('batch(4): entries in a partial batch wait for it', async () => {
    const fours = pipe(map(text), batch<string>(4));
    expect(await acksPerNext(texts('1', '2', '3', '4', '5', '6'), fours, 2, texts('7', '8'))).toEqual({
      seen: [
        { value: ['1', '2', '3', '4'], acked: 0 },
        { value: ['5', '6', '7', '8'], acked: 4 },
      ],
      afterReturn: 4,
      pending: 4,
    });
  });

  it('lines(): an entry whose partial line is held waits for the line', async () => {
    expect(await acksPerNext(texts('a\nb', 'c\nd\n', 'e'), pipe(map(text), lines()), 4, texts('f\n'))).toEqual({
      seen: [
        { value: 'a', acked: 0 },
        { value: 'bc', acked: 0 },
        { value: 'd', acked: 0 },
        { value: 'ef', acked: 2 },
      ],
      afterReturn: 2,
      pending: 2,
    });
  });

  it('iterated directly, without a host: an entry is acknowledged when the next is asked for', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, texts('a', 'b', 'c'));
    const seen: [string, number][] = [];
    for await (const entry of fromRedisStream(client, o)) {
      seen.push([text(entry), await acknowledged(client, o.stream, o.group)]);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(await acknowledged(client, o.stream, o.group)).toBe(2);
  });

  // The default client (RESP3, maps as plain objects) is every other test's; these are the other replies.
  it.each([
    ['RESP2 (arrays)', { RESP: 2 } as const, false],
    ['RESP3 with maps as Map', { RESP: 3 } as const, true],
  ])('reads, claims and acknowledges with a %s client', async (_, protocol, asMap) => {
    const base = createClient({ socket: { path: server.socket, reconnectStrategy: false }, ...protocol });
    base.on('error', () => {});
    await base.connect();
    const other = asMap ? base.withTypeMapping({ [RESP_TYPES.MAP]: Map }) : base;
    try {
      const o = fresh();
      await createGroup(client, o.stream, o.group);
      await seed(client, o.stream, texts('a', 'b'));
      // Another consumer read 'a' and died: it is claimed back, with its delivery count.
      await client.sendCommand(['XREADGROUP', 'GROUP', o.group, 'dead', 'COUNT', '1', 'STREAMS', o.stream, '>']);
      await sleep(5); // idle longer than claimIdleMs
      const seen = await collect(
        fromRedisStream(other, { ...o, claimIdleMs: 1 }),
        pipe(
          map((entry: RedisStreamEntry) => [text(entry), entry.deliveries] as const),
          take(2),
        ),
      );
      expect(seen).toEqual([
        ['a', 2],
        ['b', 1],
      ]);
      expect(await acknowledged(client, o.stream, o.group)).toBe(2);
      expect(await pending(client, o.stream, o.group)).toBe(0);
    } finally {
      await base.close();
    }
  });

  it('pullBatches: one XACK with many IDs per next()', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, texts(...Array.from({ length: 100 }, (_, i) => String(i))));
    const before = await commandCalls(client, 'XACK');
    const iterator = pullBatches(fromRedisStream(client, { ...o, count: 100 }), pipe(map(text), batch<string>(10)));
    const first = await iterator.next();
    expect(first.value).toHaveLength(10); // ten batches of ten, from one read
    expect(await acknowledged(client, o.stream, o.group)).toBe(0);
    await seed(client, o.stream, texts(...Array.from({ length: 10 }, (_, i) => `more ${i}`)));
    await iterator.next();
    expect(await acknowledged(client, o.stream, o.group)).toBe(100);
    expect((await commandCalls(client, 'XACK')) - before).toBe(1);
    await iterator.return();
  });

  it('collect with take: what take consumed is acknowledged, the rest of the read stays pending', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, texts('a', 'b', 'c', 'd', 'e'));
    expect(await collect(fromRedisStream(client, o), pipe(map(text), take(2)))).toEqual(['a', 'b']);
    expect(await acknowledged(client, o.stream, o.group)).toBe(2);
    expect(await pending(client, o.stream, o.group)).toBe(3);
  });

  it('mapAsync: entries are acknowledged once their results are consumed', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, texts('a', 'b', 'c', 'd'));
    const iterator = pullBatches(
      fromRedisStream(client, { ...o, count: 2 }),
      pipe(
        map(text),
        mapAsync(async (value: string) => value.toUpperCase(), { concurrency: 2 }),
      ),
    );
    let consumed = 0;
    for (let i = 0; consumed < 4; i++) {
      const before = consumed;
      const result = await iterator.next();
      const acked = await acknowledged(client, o.stream, o.group);
      expect(acked).toBeLessThanOrEqual(before); // never ahead of what was consumed
      expect(acked).toBeGreaterThanOrEqual(before - 2); // and at most one read behind
      consumed += result.value!.length;
    }
    await iterator.return();
    expect(await acknowledged(client, o.stream, o.group)).toBeGreaterThanOrEqual(2);
  });

  it('createGroup makes the group and the stream, and leaves an existing group as it is', async () => {
    const o = fresh();
    const reading = pull(fromRedisStream(client, { ...o, createGroup: true }), map(text));
    const first = reading.next();
    await sleep(50);
    await seed(client, o.stream, texts('x'));
    expect((await first).value).toBe('x');
    await reading.return();
    const again = pull(fromRedisStream(client, { ...o, createGroup: true }), map(text));
    await seed(client, o.stream, texts('y'));
    expect((await again.next()).value).toBe('y'); // not 'x' again: the group kept its place
    await again.return();
  });

  it('maxInFlight bounds the pending list', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, texts(...Array.from({ length: 40 }, (_, i) => String(i))));
    const seen: string[] = [];
    let most = 0;
    const iterator = pull(
      fromRedisStream(client, { ...o, count: 100, maxInFlight: 5 }),
      pipe(map(text), batch<string>(2)),
    );
    while (seen.length < 40) {
      const result = await iterator.next();
      seen.push(...result.value!);
      most = Math.max(most, await pending(client, o.stream, o.group));
    }
    await iterator.return();
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(most).toBeLessThanOrEqual(5);
    expect(most).toBeGreaterThan(1);
    // The same bound with calls in flight: a read waits for acknowledgements that come later.
    const p = fresh();
    await createGroup(client, p.stream, p.group);
    await seed(client, p.stream, texts(...Array.from({ length: 30 }, (_, i) => String(i))));
    let highest = 0;
    const slow = pull(
      fromRedisStream(client, { ...p, maxInFlight: 4 }),
      pipe(
        map(text),
        mapAsync(
          async (value: string) => {
            highest = Math.max(highest, await pending(client, p.stream, p.group));
            return value;
          },
          { concurrency: 3 },
        ),
      ),
    );
    const out: string[] = [];
    while (out.length < 30) out.push((await slow.next()).value!);
    await slow.return();
    expect(out).toHaveLength(30);
    expect(highest).toBeLessThanOrEqual(4);
  });

  it('several consumers in one group share the stream, each entry to one of them', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    const all = Array.from({ length: 60 }, (_, i) => String(i));
    await seed(client, o.stream, texts(...all));
    const got: string[][] = [[], [], []];
    const controller = new AbortController();
    const consumers = got.map(async (into, n) => {
      const source = fromRedisStream(client, { ...o, consumer: `c${n}`, count: 5, signal: controller.signal });
      for await (const value of pull(source, map(text))) {
        into.push(value);
        await sleep(1);
        if (got.flat().length === all.length) controller.abort();
      }
    });
    await Promise.all(consumers);
    expect(got.flat().sort((a, b) => Number(a) - Number(b))).toEqual(all);
    for (const share of got) expect(share.length).toBeGreaterThan(0);
    expect(await pending(client, o.stream, o.group)).toBe(0);
  });

  it('past maxDeliveries an entry goes to the dead-letter stream and is acknowledged', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    const [poison] = await seed(client, o.stream, texts('poison'));
    const claiming = { ...o, claimIdleMs: 30, maxDeliveries: 2, deadLetter: `${o.stream}:dead` };
    // Delivery 1: a consumer that dies with it.
    await client.sendCommand(['XREADGROUP', 'GROUP', o.group, 'crashed', 'COUNT', '10', 'STREAMS', o.stream, '>']);
    await sleep(50);
    // Delivery 2: claimed, handed out, and dropped unconsumed.
    const second = pull(
      fromRedisStream(client, { ...claiming, consumer: 'second' }),
      map((entry) => entry),
    );
    const claimed = await second.next();
    expect(claimed.value).toEqual({ id: poison, message: { text: 'poison' }, deliveries: 2 });
    await second.return();
    await sleep(50);
    // Delivery 3 would be past the limit.
    await seed(client, o.stream, texts('fine'));
    const third = pull(fromRedisStream(client, { ...claiming, consumer: 'third' }), map(text));
    expect((await third.next()).value).toBe('fine');
    await third.return();
    const dead = (await client.sendCommand(['XRANGE', claiming.deadLetter, '-', '+'])) as [string, string[]][];
    expect(dead.map(([, fields]) => fields)).toEqual([['text', 'poison']]);
    expect(await pendingIds(client, o.stream, o.group)).not.toContain(poison);
  });

  it('toRedisStream: an input entry is acknowledged only after its output is written', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    await seed(client, o.stream, texts('a', 'b', 'c'));
    const out = `${o.stream}:out`;
    const iterator = pull(
      fromRedisStream(client, o),
      pipe(
        map((entry: RedisStreamEntry) => ({ text: text(entry).toUpperCase(), n: 1 })),
        toRedisStream(client, out, { maxLen: 1000 }),
      ),
    );
    for (let i = 0; i < 3; i++) {
      expect(String((await iterator.next()).value)).toMatch(/^\d+-\d+$/);
      // An async stage is tracked per batch: acknowledgements may lag, never lead, what was written.
      expect(await acknowledged(client, o.stream, o.group)).toBeLessThanOrEqual(i);
    }
    await seed(client, o.stream, texts('d'));
    await iterator.next();
    expect(await acknowledged(client, o.stream, o.group)).toBe(3);
    await iterator.return();
    const written = (await client.sendCommand(['XRANGE', out, '-', '+'])) as [string, string[]][];
    expect(written.map(([, fields]) => fields)).toEqual(
      ['A', 'B', 'C', 'D'].map((letter) => ['text', letter, 'n', '1']),
    );
    expect(() => toRedisStream(client, '')).toThrow(
      new TypeError('toRedisStream(): stream must be a non-empty string, got an empty string'),
    );
    expect(() => toRedisStream(client, 'x', { maxLen: 0 })).toThrow(
      new RangeError('toRedisStream(): options.maxLen must be a whole number ≥ 1 or Infinity, got 0'),
    );
  });

  it('an abort ends the iteration, even during a blocking read', async () => {
    const o = fresh();
    await createGroup(client, o.stream, o.group);
    const controller = new AbortController();
    const iterator = pull(fromRedisStream(client, { ...o, blockMs: 0, signal: controller.signal }), map(text));
    const waiting = iterator.next();
    await sleep(30);
    controller.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });

  it('a connection error reaches the consumer as an error, and the run is closed once', async () => {
    const own = await startRedisServer();
    const ownClient = await connect(own);
    const o = fresh();
    await createGroup(ownClient, o.stream, o.group);
    await seed(ownClient, o.stream, texts('a'));
    const iterator = pull(fromRedisStream(ownClient, { ...o, blockMs: 0, claimIdleMs: Infinity }), map(text));
    expect((await iterator.next()).value).toBe('a');
    const waiting = iterator.next();
    await sleep(30);
    own.process.kill('SIGKILL');
    await expect(waiting).rejects.toThrow();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await iterator.return();
    ownClient.destroy();
    await own.stop();
  });
});
