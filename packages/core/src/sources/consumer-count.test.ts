import { EventEmitter } from 'node:events';
import { collectGarbage } from '@siphon/leakcheck';
import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import { map } from '../filters/map.js';
import { take } from '../filters/take.js';
import { lines } from '../text/lines.js';
import { settle, untilFinalized } from '../test-support.js';
import { consumerCount } from './consumer-count.js';
import { fromEvent } from './from-event.js';

// consumerCount(target, name?) — issue 12, item 4: the live Siphon consumers of a target, which its own
// listener count cannot show (they share one listener per event name).

const addLF = map((s: string) => s + '\n');

// Consumers to drop are made here, never in a test's own frame (which would keep the last one alive).
function attachAndDrop(hub: EventEmitter, count: number, name = 'data'): void {
  for (let i = 0; i < count; i++) {
    const consumer =
      i % 2 === 0 ? pull(fromEvent<string>(hub, name), addLF) : pullBatches(fromEvent<string>(hub, name), lines());
    consumer.drain();
  }
}

describe('consumerCount', () => {
  it('goes up with consumers and back to 0 as they are closed with return()', async () => {
    const hub = new EventEmitter();
    expect(consumerCount(hub)).toBe(0);
    const a = pull(fromEvent<string>(hub, 'data'), addLF);
    const b = fromEvent<string>(hub, 'data');
    const c = pullBatches(fromEvent<string>(hub, 'data'), lines());
    expect(consumerCount(hub, 'data')).toBe(3);
    expect(hub.listenerCount('data')).toBe(1); // what the target shows: one shared listener
    await a.return();
    expect(consumerCount(hub, 'data')).toBe(2);
    await b.return();
    await c.return();
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
    await a.return(); // closing again changes nothing
    expect(consumerCount(hub, 'data')).toBe(0);
  });

  it('counts per event name, and over all names without one', async () => {
    const hub = new EventEmitter();
    const data = [fromEvent(hub, 'data'), fromEvent(hub, 'data', { close: 'end' })];
    const msg = fromEvent(hub, 'msg');
    expect(consumerCount(hub, 'data')).toBe(2);
    expect(consumerCount(hub, 'msg')).toBe(1);
    expect(consumerCount(hub, 'other')).toBe(0);
    expect(consumerCount(hub)).toBe(3);
    expect(consumerCount(new EventEmitter())).toBe(0);
    await msg.return();
    expect(consumerCount(hub, 'msg')).toBe(0);
    expect(consumerCount(hub)).toBe(2);
    for (const consumer of data) await consumer.return();
    expect(consumerCount(hub)).toBe(0);
  });

  it('an aborted consumer is not counted', () => {
    const hub = new EventEmitter();
    const controller = new AbortController();
    const consumer = pull(fromEvent<string>(hub, 'data', { signal: controller.signal }), addLF);
    expect(consumerCount(hub, 'data')).toBe(1);
    controller.abort();
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
    void consumer.next().catch(() => undefined);
    // Made with an already-aborted signal: never counted.
    fromEvent(hub, 'data', { signal: AbortSignal.abort() });
    expect(consumerCount(hub, 'data')).toBe(0);
  });

  it('consumers ended by the source (a close event, a take finishing) are not counted, even with outputs left', () => {
    const hub = new EventEmitter();
    const ended = pull(fromEvent<string>(hub, 'data', { close: 'end' }), addLF);
    const taken = pull(fromEvent<string>(hub, 'data'), take(1));
    expect(consumerCount(hub, 'data')).toBe(2);
    hub.emit('data', 'x');
    expect(consumerCount(hub, 'data')).toBe(1); // take(1) finished at once
    hub.emit('end');
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(ended.drain()).toEqual(['x\n']); // ended, not lost
    expect(taken.drain()).toEqual(['x']);
  });

  it('failed consumers (error event, filter error, overflow) are not counted', async () => {
    const hub = new EventEmitter();
    const byError = fromEvent(hub, 'data');
    const byFilter = pull(
      fromEvent<string>(hub, 'data', { error: [] }),
      map((s: string) => {
        if (s === 'bad') throw new Error('bad');
        return s;
      }),
    );
    const byOverflow = fromEvent(hub, 'data', { error: [], highWaterMark: 1 });
    const survivor = fromEvent(hub, 'data', { error: [], highWaterMark: 5 });
    expect(consumerCount(hub, 'data')).toBe(4);
    hub.emit('data', 'ok');
    hub.emit('data', 'bad'); // byFilter fails, byOverflow overflows
    expect(consumerCount(hub, 'data')).toBe(2);
    hub.emit('error', new Error('reset'));
    expect(consumerCount(hub, 'data')).toBe(1);
    await expect(byError.next()).resolves.toEqual({ value: 'ok', done: false });
    await expect(byFilter.next()).resolves.toEqual({ value: 'ok', done: false });
    await expect(byFilter.next()).rejects.toThrow('bad');
    await expect(byOverflow.next()).resolves.toEqual({ value: 'ok', done: false });
    await expect(byOverflow.next()).rejects.toThrow(/^fromEvent\(\): buffer overflow/);
    await survivor.return();
    expect(consumerCount(hub)).toBe(0);
  });

  it('consumers dropped without closing read 0 once collected and finalized, and leave the hub', async () => {
    const hub = new EventEmitter();
    attachAndDrop(hub, 100);
    hub.emit('data', 'a\n');
    expect(consumerCount(hub, 'data')).toBe(100); // alive until collected
    await untilFinalized(() => consumerCount(hub, 'data') === 0);
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
    expect(hub.listenerCount('error')).toBe(0);
  });

  it('a dropped consumer on one name and a live one on another: only the live one is left', async () => {
    const hub = new EventEmitter();
    attachAndDrop(hub, 10, 'a');
    const live = fromEvent(hub, 'b');
    await untilFinalized(() => consumerCount(hub, 'a') === 0);
    expect(consumerCount(hub)).toBe(1);
    expect(consumerCount(hub, 'a')).toBe(0);
    expect(consumerCount(hub, 'b')).toBe(1);
    expect(hub.listenerCount('a')).toBe(0);
    await live.return();
  });

  it('a waiting for await consumer counts, even with nobody holding it, until its loop ends', async () => {
    const hub = new EventEmitter();
    const got: string[] = [];
    const loop = startLoop(hub, got);
    await settle();
    await collectGarbage({ rounds: 2 });
    expect(consumerCount(hub, 'data')).toBe(1); // its waiting next() holds it: correctly alive
    hub.emit('data', 'one');
    await settle();
    expect(got).toEqual(['one\n']);
    expect(consumerCount(hub, 'data')).toBe(1);
    hub.emit('end');
    await loop;
    expect(consumerCount(hub, 'data')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
  });

  it('rejects bad arguments, naming consumerCount()', () => {
    expect(() => consumerCount(null as never)).toThrow(/^consumerCount\(\): target must be an object/);
    expect(() => consumerCount('hub' as never)).toThrow(TypeError);
    expect(() => consumerCount(new EventEmitter(), 5 as never)).toThrow(/^consumerCount\(\): name must be a string/);
  });
});

function startLoop(hub: EventEmitter, got: string[]): Promise<void> {
  return (async () => {
    for await (const line of pull(fromEvent<string>(hub, 'data', { close: 'end' }), addLF)) got.push(line);
  })();
}
