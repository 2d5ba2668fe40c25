import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AsyncPullIterator } from '../consume/pull-iterator.js';
import { pull } from '../consume/pull.js';
import { map } from '../filters/map.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { tap } from '../filters/tap.js';
import { untilFinalized } from '../test-support.js';
import { consumerCount } from './consumer-count.js';
import { fromEvent } from './from-event.js';

// All consumers of one hub share one listener and sit in one array; a consumer leaving takes the last
// one's place. These pin down what that must not change: each consumer gets each emission exactly once,
// whoever leaves or joins while an emission is being delivered, and the places stay right for the
// consumers that remain.

const tagged = (hub: EventEmitter, tag: string): AsyncPullIterator<string> =>
  pull(
    fromEvent<string>(hub, 'msg'),
    map((s: string) => `${tag}:${s}`),
  );

// Made here, never in a test's own frame (which would keep the last one alive): consumers, every other
// one of which the caller drops without closing.
function attachHalfKept(hub: EventEmitter, count: number): AsyncPullIterator<string>[] {
  const kept: AsyncPullIterator<string>[] = [];
  for (let i = 0; i < count; i++) {
    const consumer = tagged(hub, String(i));
    if (i % 2 === 1) kept.push(consumer);
  }
  return kept;
}

const drainAll = (consumers: readonly AsyncPullIterator<string>[]): string[][] => consumers.map((c) => [...c.drain()]);

describe('fromEvent: consumers of one hub', () => {
  it('each gets every emission once, in the order they were attached', () => {
    const hub = new EventEmitter();
    const seen: string[] = [];
    const consumers = ['a', 'b', 'c'].map((tag) =>
      pull(
        fromEvent<string>(hub, 'msg'),
        tap((s: string) => seen.push(`${tag}:${s}`)),
      ),
    );
    hub.emit('msg', '1');
    hub.emit('msg', '2');
    expect(seen).toEqual(['a:1', 'b:1', 'c:1', 'a:2', 'b:2', 'c:2']);
    expect(drainAll(consumers)).toEqual([
      ['1', '2'],
      ['1', '2'],
      ['1', '2'],
    ]);
  });

  it('closing consumers out of order leaves the others receiving, once each', async () => {
    const hub = new EventEmitter();
    const consumers = Array.from({ length: 6 }, (_, i) => tagged(hub, String(i)));
    await consumers[1]!.return();
    await consumers[4]!.return();
    await consumers[0]!.return();
    hub.emit('msg', 'x');
    expect(consumerCount(hub, 'msg')).toBe(3);
    expect(drainAll(consumers)).toEqual([[], [], ['2:x'], ['3:x'], [], ['5:x']]);
    // Those that moved into the freed places still leave cleanly.
    for (const consumer of consumers) await consumer.return();
    expect(consumerCount(hub, 'msg')).toBe(0);
    expect(hub.listenerCount('msg')).toBe(0);
  });

  it('a consumer closed by another one during a delivery gets nothing more; the rest get it once', async () => {
    const hub = new EventEmitter();
    const consumers: AsyncPullIterator<string>[] = [];
    // The first consumer closes the third while the emission is on its way to them all.
    consumers.push(
      pull(
        fromEvent<string>(hub, 'msg'),
        tap((_: string) => void consumers[2]!.return()),
      ),
    );
    for (let i = 1; i < 5; i++) consumers.push(tagged(hub, String(i)));
    hub.emit('msg', 'x');
    hub.emit('msg', 'y');
    expect(drainAll(consumers)).toEqual([['x', 'y'], ['1:x', '1:y'], [], ['3:x', '3:y'], ['4:x', '4:y']]);
    expect(consumerCount(hub, 'msg')).toBe(4);
  });

  it('consumers that finish during a delivery leave once it is over; those after them still get it', () => {
    const hub = new EventEmitter();
    const once = Array.from({ length: 3 }, () => pull(fromEvent<string>(hub, 'msg'), take<string>(1)));
    const always = Array.from({ length: 3 }, (_, i) => tagged(hub, String(i)));
    hub.emit('msg', 'x');
    expect(consumerCount(hub, 'msg')).toBe(3);
    hub.emit('msg', 'y');
    expect(drainAll(once)).toEqual([['x'], ['x'], ['x']]);
    expect(drainAll(always)).toEqual([
      ['0:x', '0:y'],
      ['1:x', '1:y'],
      ['2:x', '2:y'],
    ]);
  });

  it('every consumer finishing during one delivery leaves the hub with no listener', () => {
    const hub = new EventEmitter();
    const consumers = Array.from({ length: 4 }, () => pull(fromEvent<string>(hub, 'msg'), take<string>(1)));
    hub.emit('msg', 'x');
    expect(consumerCount(hub, 'msg')).toBe(0);
    expect(hub.listenerCount('msg')).toBe(0);
    expect(hub.listenerCount('error')).toBe(0);
    expect(drainAll(consumers)).toEqual([['x'], ['x'], ['x'], ['x']]);
  });

  it('a consumer attached during a delivery gets the next emission, not the current one', () => {
    const hub = new EventEmitter();
    const late: AsyncPullIterator<string>[] = [];
    const first = pull(
      fromEvent<string>(hub, 'msg'),
      pipe(
        tap((s: string) => {
          if (s === 'x') late.push(tagged(hub, 'late'));
        }),
        map((s: string) => s),
      ),
    );
    const second = tagged(hub, 'second');
    hub.emit('msg', 'x');
    hub.emit('msg', 'y');
    expect(first.drain()).toEqual(['x', 'y']);
    expect(second.drain()).toEqual(['second:x', 'second:y']);
    expect(late[0]!.drain()).toEqual(['late:y']);
  });

  it('dropped consumers are found and released after others left and took new places', async () => {
    const hub = new EventEmitter();
    const kept = attachHalfKept(hub, 40);
    // Close some kept ones first: the last consumers, some of them dropped, move into their places.
    for (const consumer of kept.splice(0, 5)) await consumer.return();
    expect(consumerCount(hub, 'msg')).toBe(35);
    await untilFinalized(() => consumerCount(hub, 'msg') === kept.length);
    expect(consumerCount(hub, 'msg')).toBe(15);
    hub.emit('msg', 'x');
    expect(drainAll(kept)).toEqual(kept.map((_, i) => [`${2 * (i + 5) + 1}:x`]));
    for (const consumer of kept) await consumer.return();
    expect(hub.listenerCount('msg')).toBe(0);
  });

  it('consumers of many event names share one listener per close or error event, and it goes with the last', async () => {
    const hub = new EventEmitter();
    const consumers = Array.from({ length: 50 }, (_, i) => fromEvent<string>(hub, `client-${i}`, { close: 'end' }));
    expect(hub.listenerCount('error')).toBe(1);
    expect(hub.listenerCount('end')).toBe(1);
    for (const consumer of consumers.slice(0, 10)) await consumer.return();
    expect(hub.listenerCount('error')).toBe(1);
    const failure = new Error('reset');
    hub.emit('client-20', 'x');
    hub.emit('error', failure);
    // Every consumer still open ends with the error, after what it had buffered.
    expect(await consumers[20]!.next()).toEqual({ value: 'x', done: false });
    await expect(consumers[20]!.next()).rejects.toBe(failure);
    await expect(consumers[30]!.next()).rejects.toBe(failure);
    expect(consumerCount(hub)).toBe(0);
    expect(hub.listenerCount('error')).toBe(0);
    expect(hub.listenerCount('end')).toBe(0);
    expect(hub.eventNames()).toEqual([]);
  });

  it('a close or error event ends only the hubs that end on it', async () => {
    const hub = new EventEmitter();
    const closing = fromEvent<string>(hub, 'msg', { close: 'end' });
    const plain = fromEvent<string>(hub, 'msg');
    const lasting = fromEvent<string>(hub, 'other', { error: [] });
    hub.emit('end');
    expect(await closing.next()).toEqual({ value: undefined, done: true });
    hub.emit('msg', 'x');
    expect(plain.drain()).toEqual(['x']);
    const failure = new Error('reset');
    hub.emit('error', failure);
    await expect(plain.next()).rejects.toBe(failure);
    hub.emit('other', 'y');
    expect(lasting.drain()).toEqual(['y']);
    expect(consumerCount(hub)).toBe(1);
    expect(hub.eventNames()).toEqual(['other']);
    await lasting.return();
    expect(hub.eventNames()).toEqual([]);
  });

  it('a close event ends every consumer once, and the hub lets go of the target', async () => {
    const hub = new EventEmitter();
    const consumers = Array.from({ length: 5 }, () => fromEvent<string>(hub, 'msg', { close: 'end' }));
    hub.emit('msg', 'x');
    hub.emit('end');
    expect(hub.listenerCount('msg')).toBe(0);
    expect(hub.listenerCount('end')).toBe(0);
    for (const consumer of consumers) {
      expect(await consumer.next()).toEqual({ value: 'x', done: false });
      expect(await consumer.next()).toEqual({ value: undefined, done: true });
    }
    // A new consumer starts a new hub on the same target.
    const again = tagged(hub, 'again');
    hub.emit('msg', 'z');
    expect(again.drain()).toEqual(['again:z']);
  });
});
