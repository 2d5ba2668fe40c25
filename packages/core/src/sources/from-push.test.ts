import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import { lines } from '../text/lines.js';
import { manualSource, settle } from '../test-support.js';
import { fromPush } from './from-push.js';

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of it) out.push(value);
  return out;
}

describe('fromPush', () => {
  it('subscribes at once and hands out pushed values in order', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe);
    expect(state.subscribed).toBe(1);
    emit(1, 2);
    expect(it.buffered).toBe(2);
    expect(await it.next()).toEqual({ value: 1, done: false });
    expect(it.buffered).toBe(1);
    expect(await it.next()).toEqual({ value: 2, done: false });
  });

  it('a pending next() resolves when a value arrives', async () => {
    const { subscribe, emit } = manualSource<string>();
    const it = fromPush(subscribe);
    const pending = it.next();
    await settle();
    emit('late');
    expect(await pending).toEqual({ value: 'late', done: false });
  });

  it("overflow 'error' (the default): buffered values first, then a RangeError; unsubscribes at the overflow", async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 2 });
    emit(1, 2, 3, 4);
    expect(state.tornDown).toBe(1);
    expect(await it.next()).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    await expect(it.next()).rejects.toThrow(RangeError);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it("overflow 'error' message names fromPush and the highWaterMark", async () => {
    const { subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 1 });
    emit(1, 2);
    await it.next();
    await expect(it.next()).rejects.toThrow(/fromPush\(\): buffer overflow.*highWaterMark 1/);
  });

  it("overflow 'drop-oldest' keeps the newest values and counts the dropped ones", async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 2, overflow: 'drop-oldest' });
    emit(1, 2, 3, 4, 5);
    expect(it.buffered).toBe(2);
    expect(it.dropped).toBe(3);
    state.observer!.complete();
    expect(await drain(it)).toEqual([4, 5]);
  });

  it("overflow 'drop-newest' keeps the oldest values and counts the dropped ones", async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 2, overflow: 'drop-newest' });
    emit(1, 2, 3, 4, 5);
    expect(it.dropped).toBe(3);
    state.observer!.complete();
    expect(await drain(it)).toEqual([1, 2]);
  });

  it('the buffer bound counts only values not yet pulled', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 2 });
    for (let i = 0; i < 10; i++) {
      emit(i, i);
      await it.next();
      await it.next();
    }
    expect(state.tornDown).toBe(0);
  });

  it('return() unsubscribes at once, drops the buffer and ends a pending next()', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe);
    emit(1);
    await it.next();
    const pending = it.next();
    await it.return();
    expect(state.tornDown).toBe(1);
    expect(await pending).toEqual({ value: undefined, done: true });
    emit(2);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    await it.return();
    expect(state.tornDown).toBe(1);
  });

  it('Symbol.asyncDispose and break unsubscribe too', async () => {
    const a = manualSource<number>();
    const it = fromPush(a.subscribe);
    await it[Symbol.asyncDispose]();
    expect(a.state.tornDown).toBe(1);

    const b = manualSource<number>();
    const loop = (async () => {
      for await (const value of fromPush(b.subscribe)) if (value === 2) break;
    })();
    b.emit(1);
    await settle();
    b.emit(2);
    await loop;
    expect(b.state.tornDown).toBe(1);
  });

  it('an abort unsubscribes at once and rejects a pending next() with the reason', async () => {
    const { state, subscribe } = manualSource<number>();
    const controller = new AbortController();
    const it = fromPush(subscribe, { signal: controller.signal });
    const pending = it.next();
    const reason = new Error('stop');
    controller.abort(reason);
    expect(state.tornDown).toBe(1);
    await expect(pending).rejects.toBe(reason);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('an already aborted signal never subscribes', async () => {
    const { state, subscribe } = manualSource<number>();
    const it = fromPush(subscribe, { signal: AbortSignal.abort(new Error('early')) });
    expect(state.subscribed).toBe(0);
    await expect(it.next()).rejects.toThrow('early');
  });

  it('an error from the source unsubscribes at once; buffered values come first, then the error', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe);
    emit(1);
    const failure = new Error('source broke');
    state.observer!.error(failure);
    expect(state.tornDown).toBe(1);
    emit(2);
    state.observer!.complete();
    expect(await it.next()).toEqual({ value: 1, done: false });
    await expect(it.next()).rejects.toBe(failure);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('complete unsubscribes at once; buffered values come first, then done', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe);
    emit(1, 2);
    state.observer!.complete();
    expect(state.tornDown).toBe(1);
    expect(await drain(it)).toEqual([1, 2]);
  });

  it('a source that completes while subscribing is unsubscribed as soon as it returns its teardown', async () => {
    let unsubscribed = 0;
    const it = fromPush<number>((observer) => {
      observer.next(1);
      observer.complete();
      return () => void unsubscribed++;
    });
    expect(unsubscribed).toBe(1);
    expect(await drain(it)).toEqual([1]);
  });

  it('accepts a teardown object with unsubscribe(), or none', async () => {
    let unsubscribed = 0;
    const it = fromPush<number>(() => ({ unsubscribe: () => void unsubscribed++ }));
    await it.return();
    expect(unsubscribed).toBe(1);
    const silent = fromPush<number>((observer) => observer.complete());
    expect(await drain(silent)).toEqual([]);
  });

  it('feeds pull a whole buffer per read; break unsubscribes', async () => {
    const { state, subscribe, emit } = manualSource<string>();
    const batches = pullBatches(fromPush(subscribe), lines());
    emit('a\nb', '\nc\n', 'd');
    expect(await batches.next()).toEqual({ value: ['a', 'b', 'c'], done: false });
    await batches.return();
    expect(state.tornDown).toBe(1);

    const second = manualSource<string>();
    const out: string[] = [];
    const loop = (async () => {
      for await (const line of pull(fromPush(second.subscribe), lines())) {
        out.push(line);
        if (line === 'quit') break;
      }
    })();
    second.emit('hello\nqu', 'it\nnever\n');
    await loop;
    expect(out).toEqual(['hello', 'quit']);
    expect(second.state.tornDown).toBe(1);
  });

  it('rejects bad arguments, naming fromPush and the argument', () => {
    const noop = () => undefined;
    expect(() => fromPush(42 as never)).toThrow(new TypeError('fromPush(): subscribe must be a function, got number'));
    expect(() => fromPush(noop, { highWaterMark: 0 })).toThrow(RangeError);
    expect(() => fromPush(noop, { highWaterMark: 0 })).toThrow(/fromPush\(\): options.highWaterMark/);
    expect(() => fromPush(noop, { overflow: 'drop' as never })).toThrow(/fromPush\(\): options.overflow must be/);
    expect(() => fromPush(noop, { signal: {} as never })).toThrow(
      /fromPush\(\): options.signal must be an AbortSignal/,
    );
    expect(() => fromPush(noop, null as never)).toThrow(/fromPush\(\): options must be an object/);
    expect(() => fromPush(() => 'nope' as never)).toThrow(/subscribe must return a function/);
  });

  it('a subscribe that throws fails fromPush itself', () => {
    expect(() =>
      fromPush(() => {
        throw new Error('cannot subscribe');
      }),
    ).toThrow('cannot subscribe');
  });
});
