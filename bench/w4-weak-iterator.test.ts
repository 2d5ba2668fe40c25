import { EventEmitter } from 'node:events';
import { AddLF } from '@siphon/naive';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from './harness/memory.js';
import { WeakMapIterator } from './w4-weak-iterator.js';

const appendLF = (s: string): string => s + '\n';

// Made in functions of their own, so that no frame of the test keeps them.
function droppedIterators(hub: EventEmitter, count: number): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < count; i++) refs.push(new WeakRef(new WeakMapIterator(hub, 'msg', appendLF, 4)));
  return refs;
}

function naiveConsumers(hub: EventEmitter, count: number): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < count; i++) {
    const seen: string[] = [];
    const filter = new AddLF((data) => seen.push(data));
    hub.on('msg', filter.update.bind(filter));
    refs.push(new WeakRef(filter));
  }
  return refs;
}

function waitingLoop(hub: EventEmitter, into: string[]): WeakRef<object> {
  const iterator = new WeakMapIterator(hub, 'msg', appendLF);
  void (async () => {
    for await (const s of iterator) into.push(s);
  })();
  return new WeakRef(iterator);
}

const alive = (refs: readonly WeakRef<object>[]): number => refs.filter((ref) => ref.deref() !== undefined).length;

describe('W4 bound row: the hand-written weakly-held async iterator', () => {
  it('maps every value at emission, in order, and return() removes the shared listener', async () => {
    const hub = new EventEmitter();
    const a = new WeakMapIterator(hub, 'msg', appendLF);
    const b = new WeakMapIterator(hub, 'msg', appendLF);
    expect(hub.listenerCount('msg')).toBe(1);
    const waiting = a.next();
    hub.emit('msg', 'x');
    hub.emit('msg', 'y');
    expect(await waiting).toEqual({ value: 'x\n', done: false });
    expect(await a.next()).toEqual({ value: 'y\n', done: false });
    expect(await b.next()).toEqual({ value: 'x\n', done: false });
    expect(await b.next()).toEqual({ value: 'y\n', done: false });
    await a.return();
    expect(hub.listenerCount('msg')).toBe(1);
    const pending = b.next();
    await b.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(hub.listenerCount('msg')).toBe(0);
  });

  it('ends with a RangeError after the buffered values when highWaterMark values wait', async () => {
    const hub = new EventEmitter();
    const it = new WeakMapIterator(hub, 'msg', appendLF, 2);
    for (const s of ['a', 'b', 'c']) hub.emit('msg', s);
    expect(hub.listenerCount('msg')).toBe(0);
    expect(await it.next()).toEqual({ value: 'a\n', done: false });
    expect(await it.next()).toEqual({ value: 'b\n', done: false });
    await expect(it.next()).rejects.toThrow(RangeError);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('dropped idle iterators are collected, and their queues go when full; naive consumers stay (positive control)', async () => {
    const hub = new EventEmitter();
    hub.setMaxListeners(0);
    const dropped = droppedIterators(hub, 200);
    await collectGarbage();
    expect(alive(dropped)).toBe(0);
    for (let i = 0; i < 4; i++) hub.emit('msg', 'unread');
    expect(hub.listenerCount('msg')).toBe(1);
    hub.emit('msg', 'one too many'); // a full queue whose iterator is gone is dropped, not failed
    expect(hub.listenerCount('msg')).toBe(0);

    const naive = naiveConsumers(hub, 200);
    await collectGarbage();
    expect(alive(naive)).toBe(200);
    expect(hub.listenerCount('msg')).toBe(200);
  });

  it('a loop waiting in next() is kept, and gets the next value', async () => {
    const hub = new EventEmitter();
    const into: string[] = [];
    const loop = waitingLoop(hub, into);
    await collectGarbage();
    expect(loop.deref()).toBeDefined();
    hub.emit('msg', 'still here');
    await new Promise((resolve) => setImmediate(resolve));
    expect(into).toEqual(['still here\n']);
  });
});
