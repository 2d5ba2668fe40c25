import { EventEmitter, on } from 'node:events';
import {
  collectGarbage,
  countLiveInstances,
  expectInstanceCount,
  LeakError,
  measureRetention,
  type Track,
} from '@siphon/leakcheck';
import { Foo, type Filter as NaiveFilter } from '@siphon/naive';
import { describe, expect, it } from 'vitest';
import { fromPush, lines, map, pipe, pull, type Filter } from '../index.js';
import { Feed } from '../test-support.js';

// Leak scenario 2: a consumer abandons an unfinished `pull` over a source that never ends, without
// closing it. Its buffered data must be collected. Positive control: a naive consumer of the same kind
// of source stays reachable.

const N = 1000;
const CHUNKS = ['alpha\nbe', 'ta\ngamma\n'];
const numbered: Filter<string, string> = pipe(
  lines(),
  map((line: string) => `> ${line}`),
);

/** A Siphon consumer: it keeps the lines it read and the run it read them from, and nothing else. */
class Reader {
  readonly received: string[] = [];

  constructor(private readonly output: AsyncIterator<string>) {}

  /** Reads `count` outputs, which must be available: a reader left waiting is, rightly, kept alive. */
  async read(count: number): Promise<this> {
    for (let i = 0; i < count; i++) {
      const result = await this.output.next();
      if (result.done === true) throw new Error('the source was meant never to end');
      this.received.push(result.value);
    }
    return this;
  }
}

/** Tracks a reader and, apart, the data it buffered. */
function trackReader(reader: Reader, i: number, track: Track): Reader {
  track(reader.received, `siphon data ${i}`);
  return track(reader, `siphon consumer ${i}`);
}

// ---- An async generator that never ends: the chunks a long-lived hub emits, for ever. ----

async function* chunksOf(hub: EventEmitter): AsyncGenerator<string, never, undefined> {
  for await (const [chunk] of on(hub, 'data')) yield chunk as string;
  throw new Error('unreachable: events.on() without close events never ends');
}

/** How the callback design is fed from an async iterable: a pump that calls `update()` for each chunk. */
async function pump(source: AsyncIterable<string>, filter: NaiveFilter): Promise<void> {
  for await (const chunk of source) filter.update(chunk);
}

function naiveGeneratorConsumers(hub: EventEmitter, track: Track): void {
  for (let i = 0; i < N; i++) void pump(chunksOf(hub), track(new Foo(), `naive consumer ${i}`).filter);
}

function generatorReaders(hub: EventEmitter, track: Track): Reader[] {
  const readers: Reader[] = [];
  for (let i = 0; i < N; i++) readers.push(trackReader(new Reader(pull(chunksOf(hub), numbered)), i, track));
  return readers;
}

// ---- A fromPush source that is never done: a long-lived feed that never completes. ----

/** The callback design on the same feed: it subscribes the consumer's filter. */
function naiveFeedConsumers(feed: Feed, track: Track): void {
  for (let i = 0; i < N; i++) {
    const filter = track(new Foo({ dosMode: true }), `naive consumer ${i}`).filter;
    feed.subscribe({ next: (chunk) => filter.update(chunk), error: () => {}, complete: () => {} });
  }
}

function feedReaders(feed: Feed, track: Track): Reader[] {
  const readers: Reader[] = [];
  for (let i = 0; i < N; i++) {
    const source = fromPush<string>((observer) => feed.subscribe(observer));
    readers.push(trackReader(new Reader(pull(source, numbered)), i, track));
  }
  return readers;
}

async function readSome(readers: readonly Reader[]): Promise<void> {
  await Promise.all(readers.map((reader) => reader.read(3)));
  expect(readers[0]!.received).toEqual(['> alpha', '> beta', '> gamma']);
}

describe('leak: a consumer that abandons an unfinished pull', () => {
  it('over an async generator that never ends: naive retained, Siphon collected with its data', async () => {
    const hub = new EventEmitter();
    hub.setMaxListeners(0);
    // Besides the WeakRef tracking, count the instances (v8.queryObjects): it sees every Foo and Reader,
    // tracked or not.
    const foos = await countLiveInstances(Foo);
    const readers = await countLiveInstances(Reader);

    const naive = await measureRetention(async (track) => {
      naiveGeneratorConsumers(hub, track);
      for (const chunk of CHUNKS) hub.emit('data', chunk);
      await collectGarbage({ rounds: 1 }); // let the pumps take the chunks and wait for more
    });
    expect(naive.tracked).toBe(N);
    expect(naive.retained).toBe(N); // proof that the check sees a leak
    await expect(expectInstanceCount(Foo, foos, { rounds: 2 })).rejects.toThrow(LeakError); // and the count does
    hub.removeAllListeners();

    const siphon = await measureRetention(async (track) => {
      // pull() reads nothing before the first next(): the generator subscribes when the reads start.
      const reading = readSome(generatorReaders(hub, track));
      for (const chunk of CHUNKS) hub.emit('data', chunk);
      await reading;
    });
    expect(siphon.tracked).toBe(2 * N);
    expect(siphon.retained).toBe(0);
    await expectInstanceCount(Reader, readers);
    // events.on() itself leaves its listener on the hub (fromEvent is the bridge that does not): that
    // listener holds the chunks it queued, never the consumer.
    hub.removeAllListeners();
  });

  it('over a fromPush source that is never done: naive retained, Siphon collected and unsubscribed', async () => {
    const feed = new Feed();
    const naive = await measureRetention((track) => {
      naiveFeedConsumers(feed, track);
      for (const chunk of CHUNKS) feed.write(chunk);
    });
    expect(naive.tracked).toBe(N);
    expect(naive.retained).toBe(N); // proof that the check sees a leak

    const siphonFeed = new Feed();
    const siphon = await measureRetention(async (track) => {
      const readers = feedReaders(siphonFeed, track);
      for (const chunk of CHUNKS) siphonFeed.write(chunk);
      await readSome(readers);
    });
    expect(siphon.tracked).toBe(2 * N);
    expect(siphon.retained).toBe(0);
    for (let round = 0; round < 10 && siphonFeed.size > 0; round++) await collectGarbage({ rounds: 1 });
    expect(siphonFeed.size).toBe(0);
  });

  it('after reading a single line of a source that never ends (the run is suspended mid-chunk)', async () => {
    const feed = new Feed();
    const siphon = await measureRetention(async (track) => {
      const readers = feedReaders(feed, track);
      feed.write('one\ntwo\nthree\nfour');
      await Promise.all(readers.map((reader) => reader.read(1)));
    });
    expect(siphon.retained).toBe(0);

    const naive = await measureRetention((track) => {
      naiveFeedConsumers(feed, track);
      feed.write('one\ntwo\nthree\nfour');
    });
    expect(naive.retained).toBe(N); // proof that the check sees a leak
  });
});
