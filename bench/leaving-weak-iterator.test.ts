import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from './harness/memory.js';
import { LeavingWeakIterator } from './leaving-weak-iterator.js';
import { WeakMapIterator } from './w4-weak-iterator.js';

const appendLF = (s: string): string => s + '\n';

// Made in functions of their own, so that no frame of the test keeps them.
function dropped(make: () => object, count: number): WeakRef<object>[] {
  const refs: WeakRef<object>[] = [];
  for (let i = 0; i < count; i++) refs.push(new WeakRef(make()));
  return refs;
}

function waitingLoop(hub: EventEmitter, into: string[]): WeakRef<object> {
  const iterator = new LeavingWeakIterator(hub, 'msg', appendLF);
  void (async () => {
    for await (const s of iterator) into.push(s);
  })();
  return new WeakRef(iterator);
}

/** A hub with a waiting loop on it, both dropped at once. */
function droppedHubWithWaitingLoop(): [WeakRef<object>, WeakRef<object>] {
  const hub = new EventEmitter();
  return [new WeakRef(hub), waitingLoop(hub, [])];
}

const alive = (refs: readonly WeakRef<object>[]): number => refs.filter((ref) => ref.deref() !== undefined).length;

const untilLeft = async (hub: EventEmitter): Promise<void> => {
  for (let round = 0; round < 20 && hub.listenerCount('msg') > 0; round++) await collectGarbage(4);
};

describe('bound row: the hand-written weakly-held async iterator that leaves when collected', () => {
  it('maps every value at emission, in order, and return() removes the shared listener', async () => {
    const hub = new EventEmitter();
    const a = new LeavingWeakIterator(hub, 'msg', appendLF);
    const b = new LeavingWeakIterator(hub, 'msg', appendLF);
    expect(hub.listenerCount('msg')).toBe(1);
    const waiting = a.next();
    hub.emit('msg', 'x');
    hub.emit('msg', 'y');
    expect(await waiting).toEqual({ value: 'x\n', done: false });
    expect(await a.next()).toEqual({ value: 'y\n', done: false });
    await a.return();
    expect(hub.listenerCount('msg')).toBe(1);
    expect(await b.next()).toEqual({ value: 'x\n', done: false });
    const pending = (await b.next(), b.next());
    await b.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(hub.listenerCount('msg')).toBe(0);
  });

  it('ends with a RangeError after the buffered values; the others keep theirs', async () => {
    const hub = new EventEmitter();
    const small = new LeavingWeakIterator(hub, 'msg', appendLF, 2);
    const large = new LeavingWeakIterator(hub, 'msg', appendLF, 10);
    for (const s of ['a', 'b', 'c']) hub.emit('msg', s);
    expect(await small.next()).toEqual({ value: 'a\n', done: false });
    expect(await small.next()).toEqual({ value: 'b\n', done: false });
    await expect(small.next()).rejects.toThrow(RangeError);
    for (const s of ['a', 'b', 'c']) expect(await large.next()).toEqual({ value: `${s}\n`, done: false });
  });

  it('dropped iterators leave the emitter once collected; the W4 bound row stays until it overflows (positive control)', async () => {
    const hub = new EventEmitter();
    const leaving = dropped(() => new LeavingWeakIterator(hub, 'msg', appendLF), 200);
    hub.emit('msg', 'unread');
    await untilLeft(hub);
    expect(alive(leaving)).toBe(0);
    expect(hub.listenerCount('msg')).toBe(0);

    const staying = dropped(() => new WeakMapIterator(hub, 'msg', appendLF), 200);
    await collectGarbage();
    expect(alive(staying)).toBe(0);
    expect(hub.listenerCount('msg')).toBe(1);
  });

  it('a loop waiting in next() is kept while its emitter lives, and goes with it', async () => {
    const hub = new EventEmitter();
    const into: string[] = [];
    const loop = waitingLoop(hub, into);
    await collectGarbage();
    expect(loop.deref()).toBeDefined();
    hub.emit('msg', 'still here');
    await new Promise((resolve) => setImmediate(resolve));
    expect(into).toEqual(['still here\n']);

    const [droppedHub, droppedLoop] = droppedHubWithWaitingLoop();
    await collectGarbage();
    expect(droppedHub.deref()).toBeUndefined();
    expect(droppedLoop.deref()).toBeUndefined();
  });
});
