import { EventEmitter, setMaxListeners } from 'node:events';
import {
  collectGarbage,
  countLiveInstances,
  expectAllCollected,
  expectInstanceCount,
  LeakTracker,
  measureRetention,
  type Track,
} from '@siphon/leakcheck';
import { attach, Foo } from '@siphon/naive';
import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import type { AsyncPullIterator } from '../consume/pull-iterator.js';
import { map } from '../filters/map.js';
import { PushSink } from '../internal/push/push-sink.js';
import { lines } from '../text/lines.js';
import { settle, untilFinalized } from '../test-support.js';
import { consumerCount } from './consumer-count.js';
import { fromEvent } from './from-event.js';

// Leak tests for the push side's new path (issue 12): consumers whose pipeline runs at emission time on
// the hub's side, read with drain() (the incident's Foo, leak-free) or in batches, then dropped without
// being closed. Each is checked against the naive callback design on the same kind of hub, which the same
// check must see leak.

const N = 1000;
const CHUNKS = ['alpha', 'beta'];

/** The incident's consumer written with Siphon: outputs wait in its iterator until allData() asks. */
class SiphonFoo {
  readonly lines: AsyncPullIterator<string>;

  constructor(hub: EventEmitter) {
    this.lines = pull(
      fromEvent<string>(hub, 'data'),
      map((s: string) => s + '\n'),
    );
  }

  allData(): string {
    return this.lines.drain().join('');
  }
}

/** A consumer that reads one batch of lines at a time (the batch has arrived: no read is left waiting). */
class BatchReader {
  readonly received: string[] = [];
  readonly batches: AsyncPullIterator<readonly string[]>;

  constructor(hub: EventEmitter) {
    this.batches = pullBatches(fromEvent<string>(hub, 'data'), lines());
  }

  async readBatch(): Promise<void> {
    const result = await this.batches.next();
    if (result.done !== true) this.received.push(...result.value);
  }
}

function longLivedHub(): EventEmitter {
  const hub = new EventEmitter();
  setMaxListeners(0, hub); // the naive design's thousand listeners are the point, not a mistake
  return hub;
}

function feed(hub: EventEmitter, chunks: readonly string[]): void {
  for (const chunk of chunks) hub.emit('data', chunk);
}

// Tracked objects are made in these helpers, never in a test's own frame, which would keep the last one.
function naiveFoos(hub: EventEmitter, track: Track): void {
  const foos: Foo[] = [];
  for (let i = 0; i < N; i++) {
    const foo = track(new Foo(), `naive ${i}`);
    attach(foo, hub);
    foos.push(foo);
  }
  feed(hub, CHUNKS);
  expect(foos[N - 1]!.allData()).toBe('alpha\nbeta\n');
}

function siphonFoos(hub: EventEmitter, track: Track): void {
  const before = consumerCount(hub, 'data');
  const foos: SiphonFoo[] = [];
  for (let i = 0; i < N; i++) {
    const foo = track(new SiphonFoo(hub), `siphon Foo ${i}`);
    track(foo.lines, `siphon Foo ${i}'s iterator`);
    foos.push(foo);
  }
  expect(consumerCount(hub, 'data')).toBe(before + N);
  expect(hub.listenerCount('data')).toBe(1); // one shared listener, however many consumers
  feed(hub, CHUNKS);
  for (const foo of foos) expect(foo.allData()).toBe('alpha\nbeta\n');
  feed(hub, ['gamma']); // left unread in every buffer when they are dropped
}

async function batchReaders(hub: EventEmitter, track: Track): Promise<void> {
  const readers: BatchReader[] = [];
  for (let i = 0; i < N; i++) {
    const reader = track(new BatchReader(hub), `batch reader ${i}`);
    track(reader.batches, `batch reader ${i}'s iterator`);
    readers.push(reader);
  }
  feed(hub, ['a\nb', '\nc\n']);
  await Promise.all(readers.map((reader) => reader.readBatch()));
  expect(readers[N - 1]!.received).toEqual(['a', 'b', 'c']);
  feed(hub, ['unread\n', 'partial']);
}

describe('leak: 1,000 drain() consumers (the incident Foo) on one long-lived hub, dropped without closing', () => {
  it('naive: every Foo is retained with N listeners; Siphon: all collected, consumerCount 0, no listener', async () => {
    const naiveHub = longLivedHub();
    const naive = await measureRetention((track) => naiveFoos(naiveHub, track));
    expect(naive.tracked).toBe(N);
    expect(naive.retained).toBe(N); // proof that the check sees a leak
    expect(naiveHub.listenerCount('data')).toBe(N);

    const hub = longLivedHub();
    const sinksBefore = await countLiveInstances(PushSink);
    const siphon = await measureRetention((track) => siphonFoos(hub, track));
    expect(siphon.tracked).toBe(2 * N);
    expect(siphon.retained).toBe(0);
    expect(siphon.retainedLabels).toEqual([]);
    // Each collected consumer's finalizer takes its sink off the hub; with the last one the listeners go.
    await untilFinalized(() => consumerCount(hub, 'data') === 0);
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
    expect(hub.listenerCount('error')).toBe(0);
    // The source-side halves (and the outputs they buffered) are gone too.
    await expectInstanceCount(PushSink, sinksBefore);
  });

  it('the hub keeps broadcasting to live consumers while dropped ones are collected around them', async () => {
    const hub = longLivedHub();
    const keeper = new SiphonFoo(hub);
    await expectAllCollected((track) => siphonFoos(hub, track));
    await untilFinalized(() => consumerCount(hub, 'data') === 1);
    expect(consumerCount(hub, 'data')).toBe(1);
    expect(hub.listenerCount('data')).toBe(1);
    hub.emit('data', 'still here');
    expect(keeper.allData()).toBe('alpha\nbeta\ngamma\nstill here\n');
    await keeper.lines.return();
    expect(hub.listenerCount('data')).toBe(0);
  });
});

describe('leak: 1,000 pullBatches consumers on one long-lived hub, dropped without closing', () => {
  it('naive: all retained, N listeners; Siphon: all collected, consumerCount 0, no listener', async () => {
    const naiveHub = longLivedHub();
    const naive = await measureRetention((track) => naiveFoos(naiveHub, track));
    expect(naive.retained).toBe(N);
    expect(naiveHub.listenerCount('data')).toBe(N);

    const hub = longLivedHub();
    const siphon = await measureRetention((track) => batchReaders(hub, track));
    expect(siphon.tracked).toBe(2 * N);
    expect(siphon.retained).toBe(0);
    await untilFinalized(() => consumerCount(hub, 'data') === 0);
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
    expect(hub.listenerCount('error')).toBe(0);
  });
});

/** A consumer whose for await loop waits on the hub; nothing but that waiting read refers to it. */
function startWaitingLoop(hub: EventEmitter, track: Track, got: string[]): void {
  const consumer = track(pull(fromEvent<string>(hub, 'data', { close: 'end' }), lines()), 'waiting consumer');
  void (async () => {
    for await (const line of consumer) got.push(line);
  })();
}

describe('leak: a consumer whose for await loop is waiting is held, correctly, until the loop ends', () => {
  it('not collected while its next() waits (and still fed); collected, and detached, once the loop ends', async () => {
    const hub = longLivedHub();
    const tracker = new LeakTracker();
    const got: string[] = [];
    startWaitingLoop(hub, tracker.track, got);
    await settle();
    // The check must see this one retained: its loop is live, and dropping it would lose data.
    expect(await tracker.retained()).toEqual(['waiting consumer']);
    expect(consumerCount(hub, 'data')).toBe(1);
    hub.emit('data', 'one\ntwo\n');
    await settle();
    expect(got).toEqual(['one', 'two']);
    expect(await tracker.retained()).toEqual(['waiting consumer']);

    hub.emit('end');
    await settle();
    expect(await tracker.retained()).toEqual([]);
    expect(await tracker.collected()).toEqual(['waiting consumer']);
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
    await collectGarbage({ rounds: 1 });
  });
});
