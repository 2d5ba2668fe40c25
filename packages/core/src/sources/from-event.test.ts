import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { map } from '../filters/map.js';
import { lines } from '../text/lines.js';
import { settle } from '../test-support.js';
import { fromEvent } from './from-event.js';

/** An EventTarget that counts its listeners. */
class CountingTarget extends EventTarget {
  listeners = 0;
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.listeners++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.listeners--;
    super.removeEventListener(...args);
  }
}

const totalListeners = (emitter: EventEmitter) =>
  emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);

describe('fromEvent with an EventEmitter', () => {
  it('yields the first argument of each emission and completes on a close event', async () => {
    const hub = new EventEmitter();
    const it = fromEvent<string>(hub, 'data', { close: ['end'] });
    hub.emit('data', 'a\nb', 'ignored second argument');
    hub.emit('data', '\n');
    hub.emit('end');
    expect(totalListeners(hub)).toBe(0);
    expect(await collect(it, lines())).toEqual(['a', 'b']);
  });

  it("fails on 'error' by default", async () => {
    const hub = new EventEmitter();
    const it = fromEvent(hub, 'data');
    hub.emit('error', new Error('hub failed'));
    await expect(it.next()).rejects.toThrow('hub failed');
    expect(totalListeners(hub)).toBe(0);
  });

  it('removes every listener on break', async () => {
    const hub = new EventEmitter();
    const loop = (async () => {
      for await (const line of pull(fromEvent<string>(hub, 'data', { close: ['end', 'close'] }), lines())) {
        if (line === 'stop') break;
      }
    })();
    expect(totalListeners(hub)).toBe(4); // data, end, close, error
    hub.emit('data', 'go\nstop\n');
    await loop;
    expect(totalListeners(hub)).toBe(0);
  });

  it('works with the addListener/removeListener shape', async () => {
    const hub = new EventEmitter();
    const shape = {
      addListener: hub.addListener.bind(hub),
      removeListener: hub.removeListener.bind(hub),
    };
    const it = fromEvent<number>(shape, 'n', { error: [] });
    hub.emit('n', 7);
    expect(await it.next()).toEqual({ value: 7, done: false });
    await it.return();
    expect(totalListeners(hub)).toBe(0);
  });

  it('applies the overflow policy to events', async () => {
    const hub = new EventEmitter();
    const it = fromEvent<number>(hub, 'n', { highWaterMark: 1, overflow: 'drop-oldest', close: ['end'] });
    hub.emit('n', 1);
    hub.emit('n', 2);
    hub.emit('end');
    expect(it.dropped).toBe(1);
    expect(
      await collect(
        it,
        map((n: number) => n),
      ),
    ).toEqual([2]);
  });
});

describe('fromEvent with an EventTarget', () => {
  it('yields the Event objects and removes its listener on return()', async () => {
    const target = new CountingTarget();
    const it = fromEvent<Event>(target, 'ping');
    expect(target.listeners).toBe(1);
    const first = new Event('ping');
    target.dispatchEvent(first);
    expect(await it.next()).toEqual({ value: first, done: false });
    const pending = it.next();
    await settle();
    target.dispatchEvent(new Event('ping'));
    expect((await pending).value).toBeInstanceOf(Event);
    await it.return();
    expect(target.listeners).toBe(0);
  });

  it('listens to no error event by default, and to close events when asked', async () => {
    const target = new CountingTarget();
    const it = fromEvent(target, 'message', { close: ['close'] });
    expect(target.listeners).toBe(2);
    target.dispatchEvent(new Event('close'));
    expect(target.listeners).toBe(0);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('unsubscribes on abort', async () => {
    const target = new CountingTarget();
    const controller = new AbortController();
    const it = fromEvent(target, 'message', { signal: controller.signal });
    controller.abort();
    expect(target.listeners).toBe(0);
    await expect(it.next()).rejects.toBeDefined();
  });
});

describe('fromEvent consumers sharing a target', () => {
  it('share one listener per event, each receiving every event in order', async () => {
    const hub = new EventEmitter();
    const consumers = [0, 1, 2].map(() => fromEvent<number>(hub, 'n', { close: ['end'] }));
    expect(hub.listenerCount('n')).toBe(1);
    expect(hub.listenerCount('error')).toBe(1);
    hub.emit('n', 1);
    hub.emit('n', 2);
    hub.emit('end');
    expect(totalListeners(hub)).toBe(0);
    for (const it of consumers)
      expect(
        await collect(
          it,
          map((n: number) => n),
        ),
      ).toEqual([1, 2]);
  });

  it('keep the listener until the last consumer closes, in any order', async () => {
    const hub = new EventEmitter();
    const [a, b, c] = [0, 1, 2].map(() => fromEvent<number>(hub, 'n'));
    await b!.return();
    hub.emit('n', 1);
    await a!.return();
    expect(hub.listenerCount('n')).toBe(1);
    hub.emit('n', 2);
    await c!.return();
    expect(totalListeners(hub)).toBe(0);
    expect(b!.buffered + a!.buffered).toBe(0);
  });

  it('remove each listener from an emitter once, however many consumers dropped it', async () => {
    // Removing N listeners one by one from an emitter's array is quadratic: the reason they are shared.
    const hub = new EventEmitter();
    let removals = 0;
    const off = hub.off.bind(hub);
    hub.off = (name, listener) => {
      removals++;
      return off(name, listener);
    };
    const consumers = Array.from({ length: 100 }, () => fromEvent<number>(hub, 'n'));
    for (const it of consumers.reverse()) await it.return();
    expect(removals).toBe(2); // 'n' and 'error'
    expect(totalListeners(hub)).toBe(0);
  });

  it('keep delivering to the others when one consumer leaves during a dispatch', async () => {
    const hub = new EventEmitter();
    const before = fromEvent<number>(hub, 'n', { close: ['end'] });
    const full = fromEvent<number>(hub, 'n', { highWaterMark: 1 }); // fails on its second event
    const after = fromEvent<number>(hub, 'n', { close: ['end'] });
    hub.emit('n', 1);
    hub.emit('n', 2); // `full` overflows and unsubscribes while the shared listener is iterating
    hub.emit('n', 3);
    hub.emit('end');
    expect(totalListeners(hub)).toBe(0);
    expect(
      await collect(
        before,
        map((n: number) => n),
      ),
    ).toEqual([1, 2, 3]);
    expect(
      await collect(
        after,
        map((n: number) => n),
      ),
    ).toEqual([1, 2, 3]);
    expect(await full.next()).toEqual({ value: 1, done: false });
    await expect(full.next()).rejects.toThrow(/highWaterMark/);
  });
});

describe('fromEvent bad input', () => {
  it('rejects a target without a listener API and a non-string name', () => {
    expect(() => fromEvent({} as never, 'x')).toThrow(/fromEvent\(\): target must be an EventTarget/);
    expect(() => fromEvent(new EventEmitter(), 3 as never)).toThrow(
      new TypeError('fromEvent(): name must be a string, got number'),
    );
    expect(() => fromEvent(new EventEmitter(), 'x', { highWaterMark: -1 })).toThrow(
      /fromEvent\(\): options.highWaterMark/,
    );
  });
});
